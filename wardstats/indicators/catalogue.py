"""The indicators of domain.md §5, with the provincial targets the demo data uses.

Indicators are loaded by a data migration (every installation has them, all editable);
the targets, being Quảng Ninh's, by `seed_demo`. Thresholds are illustrative defaults.
"""

# code, short_vi, short_en, name_vi, name_en, unit, numerator, denominator
INDICATORS = [
    (
        "staff_within_quota",
        "CBCC/chỉ tiêu",
        "Staff/quota",
        "Cán bộ, công chức so với chỉ tiêu",
        "Cadres and civil servants against quota",
        "percent",
        "staff",
        "quota_staff",
    ),
    (
        "ward_part_time_within_quota",
        "KCT phường/chỉ tiêu",
        "Part-time/quota",
        "Người hoạt động không chuyên trách cấp xã so với chỉ tiêu",
        "Ward part-time workers against quota",
        "percent",
        "ward_part_time",
        "quota_ward_part_time",
    ),
    (
        "neighbourhoods_over_quota",
        "Khu phố vượt KCT",
        "Areas over quota",
        "Số khu phố có người hoạt động không chuyên trách vượt định mức",
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
        "BT kiêm trưởng khu",
        "Secretary = head",
        "Khu phố có bí thư chi bộ kiêm trưởng khu",
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

# code, comparison, threshold, warning band, use ward's assigned number, source document
DEFAULT_TARGETS = [
    ("staff_within_quota", "lte", 100, 5, False, "Nghị định 33/2023/NĐ-CP; chỉ tiêu tỉnh giao"),
    (
        "ward_part_time_within_quota",
        "lte",
        100,
        5,
        False,
        "Nghị định 33/2023/NĐ-CP; chỉ tiêu tỉnh giao",
    ),
    ("neighbourhoods_over_quota", "lte", 0, None, False, "Nghị định 33/2023/NĐ-CP, Điều 33"),
    ("staff_meeting_standard", "eq", 100, 10, False, "Chỉ tiêu tỉnh giao (minh họa)"),
    ("pool_university", "eq", 100, 10, False, "Quy định 50-QĐ/TW (2021); chỉ tiêu minh họa"),
    ("pool_theory", "eq", 100, 10, False, "Quy định 50-QĐ/TW (2021); chỉ tiêu minh họa"),
    ("pool_women", "gte", 25, 5, False, "Quy định 50-QĐ/TW (2021)"),
    ("pool_young", "gte", 15, 5, False, "Quy định 50-QĐ/TW (2021)"),
    ("secretary_is_head", "eq", 100, 10, False, "Chủ trương nhất thể hóa của Tỉnh ủy Quảng Ninh"),
    ("standing_member_in_charge", "eq", 100, 10, False, "Quy chế làm việc của Đảng ủy (minh họa)"),
    ("admissions", "gte", 10, 3, True, "Chỉ tiêu kết nạp đảng viên tỉnh giao (minh họa)"),
    ("cells_good_or_better", "gte", 80, 10, False, "Quy định 124-QĐ/TW (2023); ngưỡng minh họa"),
    ("review_held", "eq", 100, 10, False, "Nghị quyết Trung ương 4 khóa XII; Chỉ thị 05-CT/TW"),
]


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
