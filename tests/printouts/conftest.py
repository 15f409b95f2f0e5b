"""A ward whose printed report has something in every section, and a helper to build wards
of any number of cells.

    Phường Mạo Khê (class II, under the tiny hierarchy's Huyện Thử), year 2024, report submitted:
        cell                           kind        members prob. women adm. in out died removed
        Chi bộ Khu phố Vĩnh Phú        residential   1.000    12   400   10  5   3    2       1
        Chi bộ Trường Mầm non Hoa Sen  school          200     3   150    4  1   2    0       0
        Chi bộ Công an phường          police           34     1     6    2  0   1    1       0
        total                                        1.234    16   556   16  6   6    3       1
        men 678 (54,9%), women 556 (45,1%); net change +12 (16 + 6 − 6 − 3 − 1)
    Staff on 31/12/2024 (age in 2024, bands 25–35, 36–50, 51–60):
        Lê Thị Hoa      cadre          female 1994 (30)  university    intermediate theory
        Trần Văn Bình   civil servant  male   1980 (44)  master        advanced theory
        Phạm Văn Cường  civil servant  male   1970 (54)  college       elementary theory
        Đỗ Thị Dung     civil servant  female 1990 (34)  university    no theory
        Vũ Thị Em       civil servant  female 2002 (22)  intermediate  no theory, outside the bands
    plus 1 part-time worker at ward level and 2 part-time positions in Khu phố Vĩnh Phú.
    Quota: 23 cadres and civil servants (the province's Quyết định 1234/QĐ-UBND); part-time
    12 at ward level and 3 per neighbourhood (Nghị định 33/2023/NĐ-CP, class II norm).
    Targets: staff within quota ≤ 100 % (5/23 = 21,7 %: met); admissions ≥ 20 (16: missed).

Persona quan: editor of Phường Mạo Khê.
"""

import datetime
from types import SimpleNamespace

import pytest

from tests import factories
from wardstats.accounts.models import RoleKind
from wardstats.hierarchy.models import CellKind, UnitClass
from wardstats.indicators import summaries
from wardstats.reports.models import ReportStatus
from wardstats.staffing.models import Category, Education, Gender, PoliticalTheory

WARD_NAME = "Phường Mạo Khê"
CELLS = [
    # name, kind, members, probationary, women, admitted, in, out, deaths, struck_off
    ("Chi bộ Khu phố Vĩnh Phú", CellKind.RESIDENTIAL, 1000, 12, 400, 10, 5, 3, 2, 1),
    ("Chi bộ Trường Mầm non Hoa Sen", CellKind.SCHOOL, 200, 3, 150, 4, 1, 2, 0, 0),
    ("Chi bộ Công an phường", CellKind.POLICE, 34, 1, 6, 2, 0, 1, 1, 0),
]
STAFF = [
    # name, category, gender, birth year, education, political theory
    ("Lê Thị Hoa", Category.CADRE, Gender.FEMALE, 1994, Education.UNIVERSITY,
     PoliticalTheory.INTERMEDIATE),
    ("Trần Văn Bình", Category.CIVIL_SERVANT, Gender.MALE, 1980, Education.MASTER,
     PoliticalTheory.ADVANCED),
    ("Phạm Văn Cường", Category.CIVIL_SERVANT, Gender.MALE, 1970, Education.COLLEGE,
     PoliticalTheory.ELEMENTARY),
    ("Đỗ Thị Dung", Category.CIVIL_SERVANT, Gender.FEMALE, 1990, Education.UNIVERSITY,
     PoliticalTheory.NONE),
    ("Vũ Thị Em", Category.CIVIL_SERVANT, Gender.FEMALE, 2002, Education.INTERMEDIATE,
     PoliticalTheory.NONE),
]  # fmt: skip


@pytest.fixture
def mao_khe(hierarchy):
    with factories.bulk():  # built as a bulk load is, then refreshed once
        built = _build(hierarchy)
    summaries.refresh_all()
    return built


def _build(h):
    period = h.period_2024
    ward = factories.make_ward(
        parent=h.district, name=WARD_NAME, code="07069", unit_class=UnitClass.II
    )
    neighbourhood = factories.make_neighbourhood(ward=ward, name="Khu phố Vĩnh Phú")
    report = factories.make_report(
        ward=ward, period=period, declared_members=1234, status=ReportStatus.SUBMITTED
    )
    for name, kind, members, prob, women, admitted, t_in, t_out, deaths, struck_off in CELLS:
        cell = factories.make_cell(
            ward=ward,
            name=name,
            kind=kind,
            neighbourhood=neighbourhood if kind == CellKind.RESIDENTIAL else None,
        )
        factories.make_cell_figures(
            report=report,
            cell=cell,
            members=members,
            probationary=prob,
            women=women,
            admitted=admitted,
            transferred_in=t_in,
            transferred_out=t_out,
            deaths=deaths,
            struck_off=struck_off,
        )
    for band in [("25–35", 25, 35, True), ("36–50", 36, 50, False), ("51–60", 51, 60, False)]:
        label, low, high, young = band
        factories.make_age_band(label=label, min_age=low, max_age=high, is_young=young)
    for name, category, gender, born, education, theory in STAFF:
        factories.make_cadre(
            ward=ward,
            full_name=name,
            category=category,
            gender=gender,
            birth_year=born,
            education=education,
            political_theory=theory,
        )
    factories.make_cadre(ward=ward, full_name="Ngô Văn Phúc", category=Category.WARD_PART_TIME)
    for name in ("Hoàng Văn Giang", "Bùi Thị Hạnh"):
        factories.make_cadre(
            ward=ward,
            full_name=name,
            category=Category.NEIGHBOURHOOD_PART_TIME,
            neighbourhood=neighbourhood,
        )
    rule_set = factories.make_rule_set()
    factories.make_norm(rule_set=rule_set, unit_class=UnitClass.II)  # 21, 12, 3
    factories.make_ward_quota(
        ward=ward, period=period, cadres_civil_servants=23, legal_source="Quyết định 1234/QĐ-UBND"
    )
    factories.make_target(
        indicator="staff_within_quota",
        area=h.province,
        comparison="lte",
        threshold=100,
        source_document="Nghị định 33/2023/NĐ-CP",
    )
    factories.make_target(
        indicator="admissions",
        area=h.province,
        comparison="gte",
        threshold=20,
        source_document="Chỉ tiêu kết nạp tỉnh giao",
    )
    quan = factories.make_user(username="quan")
    factories.make_role(user=quan, unit=ward, kind=RoleKind.WARD_EDITOR)
    return SimpleNamespace(h=h, ward=ward, period=period, report=report, quan=quan)


@pytest.fixture
def ward_with_cells(hierarchy):
    """`ward_with_cells(n)`: a new ward under the district with n cells' figures in 2024."""

    def build(count: int):
        h = hierarchy
        with factories.bulk():
            ward = factories.make_ward(parent=h.district, name=f"Phường {count} Chi bộ")
            report = factories.make_report(
                ward=ward, period=h.period_2024, declared_members=10 * count
            )
            for i in range(count):
                cell = factories.make_cell(
                    ward=ward, name=f"Chi bộ số {i + 1:02d}", kind=CellKind.OTHER
                )
                factories.make_cell_figures(report=report, cell=cell, members=10, women=4)
            factories.make_cadre(ward=ward, valid_from=datetime.date(2020, 1, 1))
        summaries.refresh_all()
        return ward

    return build
