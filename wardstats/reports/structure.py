"""The structure of a ward's membership at the period's end, as the Party's statistics forms
break it down: age, when admitted, general education, professional qualification, political
theory, ethnicity, religion, occupation. Entered once per ward and period; each breakdown adds
up to the ward's closing stock (checked on submit). Gender is not entered: the cells' women
give it.

The categories are data with the form and guidance they come from, each version with the
periods it governs (by the period's last day). Sources and confidence in
docs/forms-research.md §3: the rows below are those of the two published sets of the forms
("TCTW" of Hướng dẫn 12-HD/BTCTW, 17/5/2012; "BTCTW" of the later guidance). Where a form
lists only those who have something (a qualification, a religion), the rest is a category of
our own, marked `form_row=False`, so that the breakdown still adds up; the 54 ethnic groups are
kept as the stock form's line "Dân tộc thiểu số" (and Kinh, the rest).
"""

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Category:
    code: str
    label: str  # the form's own words
    form_row: bool = True  # False: the rest, ours, so that the breakdown adds up


@dataclass(frozen=True)
class Dimension:
    code: str
    label: str
    categories: tuple[Category, ...]
    # False: some of the members, not a breakdown of all (the badges due): each category at
    # most the members, the whole need not add up to them.
    whole: bool = True
    source: str = ""  # where the categories come from, when not the forms of the version


def breakdowns(version) -> tuple[Dimension, ...]:
    """The version's dimensions that break the whole membership down (each adds up)."""
    return tuple(d for d in version.dimensions if d.whole)


@dataclass(frozen=True)
class StructureVersion:
    forms: str
    guidance: str
    valid_from: datetime.date
    dimensions: tuple[Dimension, ...]

    def dimension(self, code: str) -> Dimension:
        return next(d for d in self.dimensions if d.code == code)


ADMITTED_TCTW = Dimension("admitted_in", _("when admitted to the Party"), (
    Category("before_1945", "Trước tháng 8/1945"),
    Category("1945_1954", "Từ 8/1945 đến 20/7/1954"),
    Category("1954_1975", "Từ 21/7/1954 đến 30/4/1975"),
    Category("since_1975", "Từ 1/5/1975 đến nay"),
))  # fmt: skip
ADMITTED_BTCTW = Dimension("admitted_in", _("when admitted to the Party"), (
    Category("before_1945", "Trước 19/8/1945"),
    Category("1945_1954", "Từ 19/8/1945 đến 20/7/1954"),
    Category("1954_1975", "Từ 21/7/1954 đến 30/4/1975"),
    Category("since_1975", "Từ 01/5/1975 đến nay"),
))  # fmt: skip
THEORY = Dimension("theory", _("political theory"), (
    Category("elementary", "Sơ cấp"),
    Category("intermediate", "Trung cấp"),
    Category("advanced", "Cao cấp, cử nhân"),
    Category("none", "Chưa qua đào tạo lý luận chính trị", form_row=False),
))  # fmt: skip
ETHNICITY = Dimension("ethnicity", _("ethnicity"), (
    Category("kinh", "Dân tộc Kinh", form_row=False),
    Category("minority", "Dân tộc thiểu số"),
))  # fmt: skip
RELIGION = Dimension("religion", _("religion"), (
    Category("religious", "Người theo tôn giáo"),
    Category("none", "Không theo tôn giáo", form_row=False),
))  # fmt: skip

# Members reaching 30 … 90 years of Party membership this year: the badges due (Huy hiệu Đảng).
BADGES = Dimension(
    "badges",
    _("Party badges due this year (years of Party membership)"),
    tuple(
        Category(str(years), f"Huy hiệu {years} năm tuổi Đảng")
        for years in (30, 40, 45, 50, 55, 60, 65, 70, 75, 80, 85, 90)
    ),
    whole=False,
    source="Hướng dẫn số 01-HD/TW ngày 28/9/2021 của Ban Chấp hành Trung ương, mục 18",
)

# The breakdowns of the "BTCTW" forms (since Công văn 3296-CV/BTCTW, 2017).
BTCTW_DIMENSIONS = (
    Dimension("age", _("age"), (
        Category("18_30", "Từ 18 - 30 tuổi"),
        Category("31_35", "31 - 35 tuổi"),
        Category("36_40", "36 - 40 tuổi"),
        Category("41_45", "41 - 45 tuổi"),
        Category("46_50", "46 - 50 tuổi"),
        Category("51_55", "51 - 55 tuổi"),
        Category("56_60", "56 - 60 tuổi"),
        Category("61_up", "Trên 60 tuổi"),
    )),
    ADMITTED_BTCTW,
    Dimension("education", _("general education"), (
        Category("literate", "Biết đọc, biết viết chữ quốc ngữ"),
        Category("primary", "Tiểu học"),
        Category("lower_secondary", "Trung học cơ sở"),
        Category("upper_secondary", "Trung học phổ thông"),
    )),
    Dimension("professional", _("professional qualification"), (
        Category("worker", "Công nhân kỹ thuật, nhân viên nghiệp vụ, sơ cấp"),
        Category("vocational", "Trung cấp"),
        Category("college", "Cao đẳng"),
        Category("university", "Đại học"),
        Category("master", "Thạc sỹ"),
        Category("doctor", "Tiến sỹ"),
        Category("none", "Chưa qua đào tạo chuyên môn", form_row=False),
    )),
    THEORY,
    ETHNICITY,
    RELIGION,
    Dimension("occupation", _("occupation"), (
        Category("state", "Cán bộ, công chức cơ quan Nhà nước tính từ cấp huyện trở lên"),
        Category("party", "Cán bộ, công chức cơ quan Đảng, Mặt trận Tổ quốc, đoàn thể "
                          "chính trị - xã hội tính từ cấp huyện trở lên"),
        Category("commune", "Cán bộ, công chức; người hoạt động không chuyên trách ở xã, "
                            "phường, thị trấn"),
        Category("neighbourhood", "Người hoạt động không chuyên trách thôn, tổ dân phố, "
                                  "bản (ấp, khóm)"),
        Category("public_service", "Viên chức trong các đơn vị sự nghiệp công lập"),
        Category("private_service", "Người lao động trong các đơn vị sự nghiệp ngoài "
                                    "công lập"),
        Category("business", "Lãnh đạo, quản lý và lao động trong các doanh nghiệp"),
        Category("farmer", "Người làm nông, lâm, ngư nghiệp"),
        Category("armed_forces", "Sỹ quan, chiến sỹ quân đội và công an (lực lượng vũ "
                                 "trang)"),
        Category("university_student", "Sinh viên"),
        Category("school_student", "Học sinh"),
        Category("other", "Khác (lao động hợp đồng, tự do…)"),
        Category("retired", "Đảng viên đã nghỉ hưu và nghỉ công tác"),
    )),
)  # fmt: skip

STRUCTURE_VERSIONS = (
    StructureVersion(
        "Biểu số 2, 3, 4-TCTW",
        "Hướng dẫn số 12-HD/BTCTW ngày 17/5/2012 của Ban Tổ chức Trung ương",
        datetime.date(2012, 5, 17),
        (
            Dimension("age", _("age"), (
                Category("18_30", "18 đến 30 tuổi"),
                Category("31_40", "31 đến 40 tuổi"),
                Category("41_50", "41 đến 50 tuổi"),
                Category("51_60", "51 đến 60 tuổi"),
                Category("61_up", "61 tuổi trở lên"),
            )),
            ADMITTED_TCTW,
            Dimension("education", _("general education"), (
                Category("illiterate", "Chưa biết chữ Quốc ngữ"),
                Category("literate", "Biết đọc, biết viết chữ Quốc ngữ"),
                Category("primary", "Tiểu học"),
                Category("lower_secondary", "Trung học cơ sở"),
                Category("upper_secondary", "Trung học phổ thông"),
            )),
            Dimension("professional", _("professional qualification"), (
                Category("worker", "CN kỹ thuật, nhân viên nghiệp vụ"),
                Category("vocational", "Trung học chuyên nghiệp"),
                Category("college", "Cao đẳng"),
                Category("university", "Đại học"),
                Category("master", "Thạc sĩ"),
                Category("doctor", "Tiến sĩ"),
                Category("doctor_science", "Tiến sĩ khoa học"),
                Category("none", "Chưa qua đào tạo chuyên môn", form_row=False),
            )),
            THEORY,
            ETHNICITY,
            RELIGION,
            Dimension("occupation", _("occupation"), (
                Category("party", "Cán bộ đảng chuyên trách"),
                Category("mass_org", "Cán bộ đoàn thể chuyên trách"),
                Category("elected", "Cán bộ dân cử (bầu cử)"),
                Category("civil_servant", "Cán bộ công chức cơ quan nhà nước"),
                Category("public_service", "Viên chức hoạt động sự nghiệp"),
                Category("business_staff", "Viên chức kinh doanh"),
                Category("worker", "Công nhân, lao động các thành phần kinh tế"),
                Category("service", "Công nhân, nhân viên phục vụ cơ quan"),
                Category("farmer", "Lao động nông, lâm, ngư nghiệp, thuỷ lợi"),
                Category("trades", "Lao động trong các hội ngành nghề"),
                Category("army", "Sĩ quan, chiến sĩ quân đội"),
                Category("police", "Sĩ quan, chiến sĩ công an"),
                Category("commune", "Cán bộ xã, phường, thị trấn"),
                Category("student", "Học sinh, sinh viên chuyên nghiệp"),
                Category("other", "Lao động trong các nghề khác"),
                Category("retired", "Nghỉ hưu, mất sức theo chế độ"),
                Category("exempt", "Được miễn công tác, sinh hoạt đảng"),
                Category("not_working", "Nghỉ làm việc, công tác"),
            )),
        ),
    ),
    StructureVersion(
        "Biểu số 2, 3, 4-BTCTW",
        "Công văn số 3296-CV/BTCTW ngày 26/7/2017 của Ban Tổ chức Trung ương",
        datetime.date(2017, 7, 26),
        BTCTW_DIMENSIONS,
    ),
    StructureVersion(
        "Biểu số 2, 3, 4-BTCTW",
        "Hướng dẫn số 11-HD/BTCTW ngày 13/12/2021 của Ban Tổ chức Trung ương",
        datetime.date(2021, 12, 13),
        (*BTCTW_DIMENSIONS[:2], BADGES, *BTCTW_DIMENSIONS[2:]),
    ),
)  # fmt: skip


def structure_for(period) -> StructureVersion:
    """The forms' breakdowns in force on the period's last day."""
    versions = [v for v in STRUCTURE_VERSIONS if v.valid_from <= period.end]
    return versions[-1] if versions else STRUCTURE_VERSIONS[0]


def field_name(dimension: str, category: str) -> str:
    """The entry screen's input for one category."""
    return f"s-{dimension}-{category}"


def tables(counts: dict, members: int, period) -> dict:
    """The printout's tables: each breakdown's categories with their members and share of the
    ward's `members`, and whether it adds up. `counts`: {(breakdown, category): members}."""
    from decimal import Decimal

    version = structure_for(period)
    shown = []
    for dimension in version.dimensions:
        rows = [
            {"label": c.label, "count": counts.get((dimension.code, c.code), 0),
             "form_row": c.form_row}
            for c in dimension.categories
        ]  # fmt: skip
        for row in rows:
            row["share"] = (
                (Decimal(row["count"]) * 100 / members).quantize(Decimal("0.1"))
                if members
                else None
            )
        total = sum(row["count"] for row in rows)
        adds_up = total == members if dimension.whole else total <= members
        shown.append({"dimension": dimension, "rows": rows, "total": total,
                      "adds_up": adds_up})  # fmt: skip
    return {"version": version, "dimensions": shown}
