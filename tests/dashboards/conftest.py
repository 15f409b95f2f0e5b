"""An area whose four wards differ on every count the dashboards sort, filter and total.

    Huyện Thử (district, the tiny hierarchy's), in 2024:
        ward         class  report     members  planning pool          women in pool
        Phường A     II     submitted  1.234    1 woman, 1 man         50,0 %  met
        Phường B     II     draft      20       1 woman                100,0 % met
        Phường C     I      approved   45       1 woman, 7 men         12,5 %  missed
        Phường D     III    none       —        nobody                 —       no data
    Target: women in the planning pool ≥ 40 %, at risk from 30 % (the province's).

Persona oscar: area officer of another district of the same province.
"""

from types import SimpleNamespace

import pytest

from tests import factories
from wardstats.accounts.models import RoleKind
from wardstats.hierarchy.models import CellKind, UnitClass
from wardstats.indicators import summaries
from wardstats.reports.models import ReportStatus
from wardstats.staffing.models import Gender


@pytest.fixture
def other_district(province):
    return factories.make_district(province=province, name="Huyện Khác")


@pytest.fixture
def oscar(other_district):
    user = factories.make_user(username="oscar", is_staff=True)
    factories.make_role(user=user, unit=other_district, kind=RoleKind.AREA_OFFICER)
    return user


def _pool(ward, term, *, women: int, men: int):
    for i in range(women):
        factories.make_cadre(
            ward=ward, full_name=f"Nữ {i}", gender=Gender.FEMALE, planning_terms=[term]
        )
    for i in range(men):
        factories.make_cadre(
            ward=ward, full_name=f"Nam {i}", gender=Gender.MALE, planning_terms=[term]
        )


@pytest.fixture
def area(hierarchy):
    with factories.bulk():  # built as a bulk load is, then refreshed once
        area = _build_area(hierarchy)
    summaries.refresh_all()
    return area


def _build_area(h):
    period = h.period_2024
    rule_set = factories.make_rule_set()
    for unit_class in UnitClass.values:
        factories.make_norm(rule_set=rule_set, unit_class=unit_class, cadres_civil_servants=4)
    term = factories.make_planning_term(start_year=2020, end_year=2025)
    ward_c = factories.make_ward(parent=h.district, name="Phường C", unit_class=UnitClass.I)
    ward_d = factories.make_ward(parent=h.district, name="Phường D", unit_class=UnitClass.III)
    cell_c = factories.make_cell(ward=ward_c, name="Chi bộ Công an", kind=CellKind.POLICE)

    report_a = factories.make_report(
        ward=h.ward_a, period=period, declared_members=1234, status=ReportStatus.SUBMITTED
    )
    factories.make_cell_figures(report=report_a, cell=h.cell_a, members=1234, women=600)
    report_b = factories.make_report(ward=h.ward_b, period=period, declared_members=20)
    factories.make_cell_figures(report=report_b, cell=h.cell_b, members=20, women=8)
    report_c = factories.make_report(
        ward=ward_c, period=period, declared_members=45, status=ReportStatus.APPROVED
    )
    factories.make_cell_figures(report=report_c, cell=cell_c, members=45, women=3)

    _pool(h.ward_a, term, women=1, men=1)
    _pool(h.ward_b, term, women=1, men=0)
    _pool(ward_c, term, women=1, men=7)
    target = factories.make_target(
        indicator="pool_women", area=h.province, threshold=40, warning_band=10
    )
    return SimpleNamespace(
        h=h,
        district=h.district,
        period=period,
        ward_a=h.ward_a,
        ward_b=h.ward_b,
        ward_c=ward_c,
        ward_d=ward_d,
        report_a=report_a,
        target=target,
    )
