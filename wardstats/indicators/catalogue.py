"""The indicators of domain.md §5, with the provincial targets the demo data uses.

Indicators are loaded by a data migration (every installation has them, all editable);
the targets, being Quảng Ninh's, by `seed_demo`. Thresholds are illustrative defaults.
"""

import datetime

# code, short_vi, short_en, name_vi, name_en, unit, numerator, denominator
INDICATORS = [
    (
        "staff_within_quota",
        "CBCC/số được giao",
        "Staff/quota",
        "Cán bộ, công chức so với số lượng được giao",
        "Cadres and civil servants against quota",
        "percent",
        "staff",
        "quota_staff",
    ),
    (
        "ward_part_time_within_quota",
        "KCT cấp xã/số được giao",
        "Part-time/quota",
        "Người hoạt động không chuyên trách cấp xã so với số lượng được giao",
        "Ward part-time workers against quota",
        "percent",
        "ward_part_time",
        "quota_ward_part_time",
    ),
    (
        "neighbourhoods_over_quota",
        "Thôn, TDP vượt KCT",
        "Areas over quota",
        "Số thôn, tổ dân phố có người hoạt động không chuyên trách vượt số lượng được giao",
        "Neighbourhoods with part-time positions above quota",
        "count",
        "neighbourhoods_over_quota",
        "",
    ),
    (
        "staff_meeting_standard",
        "CBCC đạt chuẩn",
        "Staff at standard",
        "Cán bộ, công chức đạt chuẩn, trên chuẩn",
        "Cadres and civil servants meeting the standard",
        "percent",
        "staff_meeting_standard",
        "staff",
    ),
    (
        "pool_university",
        "QH đại học+",
        "Pool: degree",
        "Cán bộ quy hoạch có trình độ đại học trở lên",
        "Planning pool with a university degree or higher",
        "percent",
        "pool_university",
        "pool",
    ),
    (
        "pool_theory",
        "QH trung cấp LLCT+",
        "Pool: theory",
        "Cán bộ quy hoạch có trình độ lý luận chính trị trung cấp trở lên",
        "Planning pool with intermediate political theory or higher",
        "percent",
        "pool_theory",
        "pool",
    ),
    (
        "pool_women",
        "QH nữ",
        "Pool: women",
        "Tỷ lệ nữ trong quy hoạch",
        "Women in the planning pool",
        "percent",
        "pool_women",
        "pool",
    ),
    (
        "pool_young",
        "QH trẻ",
        "Pool: young",
        "Tỷ lệ cán bộ trẻ trong quy hoạch",
        "Young cadres in the planning pool",
        "percent",
        "pool_young",
        "pool",
    ),
    (
        "secretary_is_head",
        "BT kiêm trưởng thôn, TDP",
        "Secretary = head",
        "Thôn, tổ dân phố có bí thư chi bộ kiêm trưởng thôn, tổ dân phố",
        "Neighbourhoods whose cell secretary is also head",
        "percent",
        "secretary_is_head",
        "residential_cells",
    ),
    (
        "standing_member_in_charge",
        "Có UV BTV phụ trách",
        "Standing member",
        "Chi bộ có Ủy viên Ban Thường vụ phụ trách",
        "Cells with a standing-committee member in charge",
        "percent",
        "with_standing_member",
        "cells",
    ),
    (
        "admissions",
        "Kết nạp",
        "Admissions",
        "Kết nạp đảng viên mới trong kỳ",
        "New members admitted this period",
        "count",
        "admitted",
        "",
    ),
    (
        "cells_good_or_better",
        "Chi bộ HTT trở lên",
        "Cells good+",
        "Chi bộ xếp loại hoàn thành tốt nhiệm vụ trở lên",
        "Cells rated “well completed” or better",
        "percent",
        "good_or_better",
        "rated_cells",
    ),
    (
        "review_held",
        "Kiểm điểm",
        "Review held",
        "Chi bộ đã kiểm điểm tự phê bình và phê bình",
        "Cells that held the self-criticism review",
        "percent",
        "reviewed",
        "cells",
    ),
]

D = datetime.date
# code, comparison, threshold, warning band, use ward's assigned number, source document, and
# the periods the version judges (by their last day: from, to; None: open). A source is cited
# only for the periods in which it was in force (docs/rules.md); a rule that did not exist
# yet (the limit per neighbourhood before 25/06/2019) has no target then.
DEFAULT_TARGETS = [
    ("staff_within_quota", "lte", 100, 5, False,
     "Định mức của kỳ hoặc số lượng tỉnh giao", None, None),
    ("ward_part_time_within_quota", "lte", 100, 5, False,
     "Định mức của kỳ hoặc số lượng tỉnh giao", None, None),
    ("neighbourhoods_over_quota", "lte", 0, None, False,
     "Nghị định 34/2019/NĐ-CP", D(2019, 6, 25), D(2023, 7, 31)),
    ("neighbourhoods_over_quota", "lte", 0, None, False,
     "Nghị định 33/2023/NĐ-CP, Điều 33", D(2023, 8, 1), None),
    ("staff_meeting_standard", "eq", 100, 10, False, "Chỉ tiêu tỉnh giao (minh họa)", None, None),
    ("pool_university", "eq", 100, 10, False, "Chỉ tiêu của Tỉnh ủy (minh họa)", None,
     D(2021, 12, 31)),
    ("pool_university", "eq", 100, 10, False, "Quy định 50-QĐ/TW (2021); chỉ tiêu minh họa",
     D(2022, 1, 1), None),
    ("pool_theory", "eq", 100, 10, False, "Chỉ tiêu của Tỉnh ủy (minh họa)", None,
     D(2021, 12, 31)),
    ("pool_theory", "eq", 100, 10, False, "Quy định 50-QĐ/TW (2021); chỉ tiêu minh họa",
     D(2022, 1, 1), None),
    ("pool_women", "gte", 25, 5, False, "Chỉ tiêu của Tỉnh ủy (minh họa)", None,
     D(2021, 12, 31)),
    ("pool_women", "gte", 25, 5, False, "Quy định 50-QĐ/TW (2021)", D(2022, 1, 1), None),
    ("pool_young", "gte", 15, 5, False, "Chỉ tiêu của Tỉnh ủy (minh họa)", None,
     D(2021, 12, 31)),
    ("pool_young", "gte", 15, 5, False, "Quy định 50-QĐ/TW (2021)", D(2022, 1, 1), None),
    ("secretary_is_head", "eq", 100, 10, False, "Chủ trương nhất thể hóa của Tỉnh ủy Quảng Ninh",
     None, None),
    ("standing_member_in_charge", "eq", 100, 10, False, "Quy chế làm việc của Đảng ủy (minh họa)",
     None, None),
    ("admissions", "gte", 10, 3, True, "Chỉ tiêu kết nạp đảng viên tỉnh giao (minh họa)",
     None, None),
    ("cells_good_or_better", "gte", 80, 10, False,
     "Quy định 132-QĐ/TW (08/03/2018); ngưỡng minh họa", None, D(2023, 10, 3)),
    ("cells_good_or_better", "gte", 80, 10, False,
     "Quy định 124-QĐ/TW (04/10/2023); ngưỡng minh họa", D(2023, 10, 4), D(2025, 8, 29)),
    ("cells_good_or_better", "gte", 80, 10, False,
     "Quy định 366-QĐ/TW (30/08/2025); ngưỡng minh họa", D(2025, 8, 30), None),
    ("review_held", "eq", 100, 10, False,
     "Nghị quyết Trung ương 4 khóa XII; Chỉ thị 05-CT/TW", None, D(2021, 12, 31)),
    ("review_held", "eq", 100, 10, False, "Kết luận 21-KL/TW (25/10/2021)", D(2022, 1, 1), None),
]  # fmt: skip


def load_indicators(indicator_model) -> None:
    """Create or update the catalogue's indicators (the data migration and seed_demo)."""
    for order, row in enumerate(INDICATORS, start=1):
        code, short, short_en, name, name_en, unit, numerator, denominator = row
        indicator_model.objects.update_or_create(
            code=code,
            defaults={
                "short_name": short,
                "short_name_en": short_en,
                "name": name,
                "name_en": name_en,
                "unit": unit,
                "numerator": numerator,
                "denominator": denominator,
                "order": order * 10,
            },
        )
