"""generate_scale: exactly the rows the options ask for, every rule of the schema and the models
kept, the summaries filled, the users in place, and a second run that creates nothing.

The small data set is generated once for the module, inside a transaction that is rolled back at
the end, so no other test module ever sees it; each test runs in a savepoint inside it.
"""

import datetime
import random
from collections import Counter
from io import StringIO

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.db.models import F, Q, Sum
from django.test import override_settings

from wardstats.accounts import scope
from wardstats.accounts.models import Role, RoleKind
from wardstats.hierarchy.models import Cell, CellKind, Level, Unit, UnitKind, UnitLink
from wardstats.indicators.models import Indicator, IndicatorValue, Target, WardPeriodFigures
from wardstats.periods.models import Period
from wardstats.reports.figures import report_totals
from wardstats.reports.models import CellFigures, Report, ReportStatus
from wardstats.staffing.models import Cadre, Category
from wardstats_dev import reference, scale

PROVINCES, WARDS, CELLS, PERIODS, STAFF = 2, 3, 4, 2, 6
SMALL = [
    f"--provinces={PROVINCES}",
    f"--wards-per-province={WARDS}",
    f"--cells-per-ward={CELLS}",
    f"--periods={PERIODS}",
    f"--staff-per-ward={STAFF}",
]
RESIDENTIAL = 2  # 60 % of 4 cells, rounded
YEARS = [2024, 2025]
FIRST_PROVINCE, FIRST_WARD = "01", "00070"  # Hà Nội and Phường Hoàn Kiếm, first in the list

pytestmark = pytest.mark.django_db


def generate(*args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    with override_settings(DEBUG=True):
        call_command("generate_scale", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def generated(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        yield generate(*SMALL)
        transaction.set_rollback(True)


def count_rows(out: str) -> dict[str, list[str]]:
    """The summary table: name → [total, created, reused]."""
    rows, inside = {}, False
    for line in out.splitlines():
        if line.split() == ["total", "created", "reused"]:
            inside = True
        elif inside and not line.strip():
            break
        elif inside:
            rows[line[:24].strip()] = line[24:].split()
    return rows


def wards():
    return Unit.objects.filter(level=Level.COMMUNE, is_sample=True, valid_from=scale.SCALE_FROM)


def year_end(year):
    return datetime.date(year, 12, 31)


def snapshot() -> dict:
    """Row counts of every model but the audit trail, and the figures by natural key."""
    counts = {
        model._meta.label: model.objects.count()
        for label in ("hierarchy", "reports", "staffing", "indicators", "accounts", "auth")
        for model in apps.get_app_config(label).get_models()
        if not model._meta.label.split(".")[1].startswith("Historical")
    }
    figures = sorted(
        CellFigures.objects.values_list(
            "report__ward__code", "report__period__year", "cell__name", "members", "women",
            "admitted", "secretary_is_head", "standing_member_in_charge", "quality_level",
            "quality_score", "review_held", "report__status", "report__declared_members",
        ),
        key=repr,
    )  # fmt: skip
    cadres = sorted(
        Cadre.objects.values_list(
            "ward__code", "full_name", "position", "category", "birth_year", "valid_from",
            "valid_to",
        ),
        key=repr,
    )  # fmt: skip
    return {"counts": counts, "figures": figures, "cadres": cadres}


# --- What is created ------------------------------------------------------------------------


def test_creates_exactly_the_units_the_options_ask_for(generated):
    provinces = Unit.objects.filter(level=Level.PROVINCE, valid_from=scale.SCALE_FROM)
    assert list(provinces.order_by("code").values_list("code", "name", "kind")) == [
        ("01", "Thành phố Hà Nội", UnitKind.CENTRAL_CITY),
        ("04", "Tỉnh Cao Bằng", UnitKind.PROVINCE),
    ]
    assert wards().count() == PROVINCES * WARDS
    # The first three units of each province in the official list, with their kinds.
    assert set(wards().filter(code=FIRST_WARD).values_list("name", "kind")) == {
        ("Phường Hoàn Kiếm", UnitKind.WARD)
    }
    assert set(wards().values_list("unit_class", flat=True)) <= {"I", "II", "III"}
    assert not wards().filter(unit_class="").exists()
    hoods = Unit.objects.filter(level=Level.NEIGHBOURHOOD, valid_from=scale.SCALE_FROM)
    assert hoods.count() == PROVINCES * WARDS * RESIDENTIAL
    assert not hoods.filter(is_sample=False).exists()
    # country → province, province → ward, ward → neighbourhood, all from 1 Jan 2021
    assert UnitLink.objects.count() == PROVINCES + PROVINCES * WARDS * (1 + RESIDENTIAL)
    assert not UnitLink.objects.exclude(valid_from=scale.SCALE_FROM).exists()


def test_each_ward_has_its_cells_and_each_residential_cell_its_own_neighbourhood(generated):
    for ward in wards():
        cells = Cell.objects.of_ward(ward)
        assert cells.count() == CELLS
        residential = cells.filter(kind=CellKind.RESIDENTIAL)
        assert residential.count() == RESIDENTIAL
        hoods = Unit.objects.neighbourhoods().children_of(ward, year_end(2025))
        assert set(residential.values_list("neighbourhood", flat=True)) == set(
            hoods.values_list("pk", flat=True)
        )
        assert not cells.exclude(kind=CellKind.RESIDENTIAL).filter(neighbourhood__isnull=False)
    assert not Cell.objects.exclude(valid_from=scale.SCALE_FROM).exists()


def test_every_ward_reports_every_period_with_figures_for_each_cell(generated):
    periods = Period.objects.filter(kind="year")
    assert sorted(periods.values_list("year", flat=True)) == YEARS
    # 3 wards a province: 3 % missing rounds to none.
    assert Report.objects.count() == PROVINCES * WARDS * PERIODS
    assert CellFigures.objects.count() == PROVINCES * WARDS * PERIODS * CELLS
    for report in Report.objects.select_related("period"):
        cells = Cell.objects.of_ward(report.ward_id).valid_on(report.period.end)
        assert set(report.cell_figures.values_list("cell", flat=True)) == set(
            cells.values_list("pk", flat=True)
        )
        assert abs(report.declared_members - report_totals(report)["members"]) <= 3


def test_statuses_are_approved_in_the_past_and_mixed_in_the_latest_year(generated):
    statuses = Counter(Report.objects.values_list("period__year", "status"))
    assert statuses[2024, ReportStatus.APPROVED] == PROVINCES * WARDS
    # Per province of 3 wards: 40 % cumulative share is in by January, rounded → 1 submitted.
    assert statuses[2025, ReportStatus.SUBMITTED] == PROVINCES
    assert statuses[2025, ReportStatus.APPROVED] == PROVINCES * (WARDS - 1)


def test_each_ward_has_its_staff_on_duty_at_every_period_end(generated):
    for ward in wards():
        for year in YEARS:
            assert Cadre.objects.of_ward(ward).on(year_end(year)).count() == STAFF
    # Six posts: leading cadres and a ward part-time worker (the full mix: the test below).
    categories = set(Cadre.objects.values_list("category", flat=True))
    assert {Category.CADRE, Category.WARD_PART_TIME} <= categories
    left = Cadre.objects.filter(valid_to__isnull=False)
    assert left.exists(), "some staff leave and are replaced during the periods"
    assert not left.filter(valid_to__lt=scale.SCALE_FROM).exists()
    assert Cadre.objects.filter(valid_from=scale.CADRES_FROM).exists()
    # The planning pools: cadres and civil servants only, never the ward secretary, some in
    # every ward (the demo's choose_pool: at least four, or all but the secretary).
    pool = Cadre.objects.filter(planning_terms__isnull=False).distinct()
    assert set(pool.values_list("category", flat=True)) <= {Category.CADRE, Category.CIVIL_SERVANT}
    assert not pool.filter(position__startswith="Bí thư Đảng ủy").exists()
    assert set(pool.values_list("ward", flat=True)) == set(wards().values_list("pk", flat=True))


def test_each_neighbourhood_part_timer_works_in_a_neighbourhood_of_their_ward(generated):
    part_timers = Cadre.objects.filter(category=Category.NEIGHBOURHOOD_PART_TIME)
    for cadre in part_timers.select_related("neighbourhood"):
        assert cadre.neighbourhood.parent_on(cadre.valid_from).pk == cadre.ward_id
    assert not Cadre.objects.exclude(category=Category.NEIGHBOURHOOD_PART_TIME).filter(
        neighbourhood__isnull=False
    )


def test_the_country_is_the_parent_of_the_provinces(generated):
    country = Unit.objects.get(level=Level.COUNTRY)
    assert (country.code, country.name, country.kind) == ("VN", "Việt Nam", UnitKind.COUNTRY)
    assert not country.is_sample
    on = year_end(2025)
    provinces = Unit.objects.filter(level=Level.PROVINCE)
    assert provinces.count() == PROVINCES
    for province in provinces:
        assert province.parent_on(scale.SCALE_FROM) == country
    for ward in wards():
        assert ward.parent_on(on).level == Level.PROVINCE
    assert set(Unit.objects.wards().under(country, on)) == set(wards())


def test_every_province_has_the_default_targets(generated):
    """Every version of every default target (a source by the periods it was in force)."""
    from wardstats.indicators.catalogue import DEFAULT_TARGETS

    assert {row[0] for row in DEFAULT_TARGETS} == set(
        Indicator.objects.values_list("code", flat=True)
    )
    for province in Unit.objects.filter(level=Level.PROVINCE):
        targets = Target.objects.filter(area=province, ward=None, unit_class="")
        assert targets.count() == len(DEFAULT_TARGETS)


# --- The rules of the schema and of the models ---------------------------------------------


@pytest.mark.parametrize(
    "broken",
    [
        Q(women__gt=F("members")),
        Q(probationary__gt=F("members")),
        Q(admitted__gt=F("members") + F("transferred_out") + F("deaths") + F("struck_off")),
        Q(members__lt=0) | Q(women__lt=0) | Q(probationary__lt=0) | Q(admitted__lt=0),
        Q(transferred_in__lt=0) | Q(transferred_out__lt=0) | Q(deaths__lt=0) | Q(struck_off__lt=0),
        Q(quality_score__lt=0) | Q(quality_score__gt=100),
        Q(quality_score__isnull=False, report__period__uses_quality_score=False),
        Q(quality_score__isnull=True, report__period__uses_quality_score=True),
        ~Q(cell__ward=F("report__ward")),
        Q(cell__kind=CellKind.RESIDENTIAL, secretary_is_head__isnull=True),
        ~Q(cell__kind=CellKind.RESIDENTIAL) & Q(secretary_is_head__isnull=False),
        Q(quality_level=""),
    ],
    ids=[
        "women",
        "probationary",
        "admitted",
        "negative-stocks",
        "negative-flows",
        "score-range",
        "score-unscored-period",
        "no-score-in-scored-period",
        "cell-of-another-ward",
        "residential-without-head-answer",
        "institutional-with-head-answer",
        "unrated",
    ],
)
def test_no_cell_figures_break_a_rule(generated, broken):
    assert CellFigures.objects.exists()
    assert not CellFigures.objects.filter(broken).exists()


def test_both_answers_occur_where_the_dashboards_count_them(generated):
    residential = CellFigures.objects.filter(cell__kind=CellKind.RESIDENTIAL)
    assert residential.filter(secretary_is_head=True).exists()
    assert CellFigures.objects.exclude(standing_member_in_charge="").exists()
    assert CellFigures.objects.filter(review_held=True).exists()
    # The standing-committee members in charge are the ward's own cadres.
    for figures in CellFigures.objects.exclude(standing_member_in_charge="")[:20]:
        assert Cadre.objects.filter(
            ward=figures.report.ward_id, full_name=figures.standing_member_in_charge
        ).exists()


def _sample(queryset, size=40):
    pks = sorted(queryset.values_list("pk", flat=True))
    return queryset.model.objects.filter(pk__in=random.Random(0).sample(pks, min(size, len(pks))))


@pytest.mark.parametrize(
    "model_path",
    [
        "hierarchy.Unit",
        "hierarchy.UnitLink",
        "hierarchy.Cell",
        "periods.Period",
        "reports.Report",
        "reports.CellFigures",
        "staffing.Cadre",
        "staffing.QuotaRuleSet",
        "staffing.QuotaNorm",
        "staffing.AgeBand",
        "staffing.PlanningTerm",
        "indicators.Target",
        "accounts.Role",
    ],
)
def test_a_sample_of_every_model_passes_full_clean(generated, model_path):
    rows = list(_sample(apps.get_model(model_path).objects.all()))
    assert rows
    for row in rows:
        row.full_clean()


# --- Summaries ------------------------------------------------------------------------------


def test_every_ward_has_its_summary_for_every_period_it_reports(generated):
    for report in Report.objects.all():
        summary = WardPeriodFigures.objects.get(ward=report.ward_id, period=report.period_id)
        assert summary.report_id == report.pk
        assert summary.report_status == report.status
        assert summary.cells == CELLS
        assert summary.members == report_totals(report)["members"] > 0
        assert summary.staff > 0
        # From 1 Jul 2025 no national norm: the province assigns each unit its number, and
        # generate_scale assigns none (docs/rules.md).
        after_reform = report.period.end >= datetime.date(2025, 7, 1)
        assert (summary.quota_staff is None) == after_reform


def test_the_summaries_are_filled(generated):
    periods = Period.objects.count()
    assert WardPeriodFigures.objects.count() == PROVINCES * WARDS * periods
    assert IndicatorValue.objects.count() == PROVINCES * WARDS * periods * Indicator.objects.count()
    assert WardPeriodFigures.objects.aggregate(n=Sum("members"))["n"] > 0
    assert IndicatorValue.objects.filter(target__isnull=False).exclude(status="no_data").exists()


# --- Users ----------------------------------------------------------------------------------


def test_the_users_log_in_with_their_roles(generated):
    User = get_user_model()
    expected = {
        "scale-national": (RoleKind.AREA_OFFICER, Level.COUNTRY, "VN"),
        "scale-province": (RoleKind.AREA_OFFICER, Level.PROVINCE, FIRST_PROVINCE),
        "scale-ward": (RoleKind.WARD_EDITOR, Level.COMMUNE, FIRST_WARD),
    }
    for username, (kind, level, code) in expected.items():
        user = User.objects.get(username=username)
        assert user.check_password(f"{username}-wardstats-2025")
        assert user.is_staff and user.is_active and not user.is_superuser
        role = Role.objects.get(user=user)
        assert (role.kind, role.unit.level, role.unit.code) == (kind, level, code)
        role.full_clean()
    national = User.objects.get(username="scale-national")
    assert set(scope.visible(Unit.objects.wards(), national)) == set(wards())
    province = User.objects.get(username="scale-province")
    assert set(scope.visible(Unit.objects.wards(), province)) == set(
        wards().filter(parent_links__parent__code=FIRST_PROVINCE)
    )
    editor = User.objects.get(username="scale-ward")
    assert list(scope.editable(Unit.objects.wards(), editor).values_list("code", flat=True)) == [
        FIRST_WARD
    ]


# --- The command's output -------------------------------------------------------------------


def test_the_output_names_the_counts_the_phases_and_the_passwords(generated):
    out, err = generated
    rows = count_rows(out)
    assert rows["provinces"] == ["2", "2", "0"]
    assert rows["wards"] == ["6", "6", "0"]
    assert rows["neighbourhoods"] == ["12", "12", "0"]
    assert rows["cells"] == ["24", "24", "0"]
    assert rows["periods"] == ["2", "2", "0"]
    assert rows["reports"] == ["12", "12", "0"]
    assert rows["cell figures"] == ["48", "48", "0"]
    cadres = str(Cadre.objects.count())
    assert rows["cadres"] == [cadres, cadres, "0"]
    assert rows["users"] == ["3", "3", "0"]
    for phase in ("units", "neighbourhoods and cells", "cadres", "reports and cell figures"):
        assert f"  {phase} " in out
    assert "scale-national-wardstats-2025" in out
    # The progress bar: one line redrawn in place, to 100 % in every phase.
    assert "\r" in err and "100%" in err
    assert err.count("\n") == 7


# --- Re-runs --------------------------------------------------------------------------------


def test_a_second_run_creates_nothing(generated):
    before = snapshot()
    out, _ = generate(*SMALL)
    assert snapshot() == before
    rows = count_rows(out)
    assert rows["wards"] == ["6", "0", "6"]
    assert rows["cells"] == ["24", "0", "24"]
    assert rows["reports"] == ["12", "0", "12"]
    assert rows["cell figures"] == ["48", "0", "48"]
    assert rows["users"] == ["3", "0", "3"]
    assert all(created == "0" for _, created, _ in rows.values())


def test_a_run_with_more_wards_adds_only_the_missing_ones(generated):
    before = snapshot()
    generate(*SMALL, f"--wards-per-province={WARDS + 1}")
    assert wards().count() == PROVINCES * (WARDS + 1)
    assert Cell.objects.count() == PROVINCES * (WARDS + 1) * CELLS
    # What was there is untouched; the new wards come with their figures and staff.
    after = snapshot()
    assert set(before["figures"]) < set(after["figures"])
    assert set(before["cadres"]) < set(after["cadres"])
    assert len(after["figures"]) == PROVINCES * (WARDS + 1) * PERIODS * CELLS


def test_fresh_deletes_and_recreates_the_same_data(generated):
    before = snapshot()
    first_cell = Cell.objects.order_by("pk").first().pk
    out, _ = generate(*SMALL, "--fresh")
    assert "Deleted earlier scale data" in out
    assert not Cell.objects.filter(pk__lte=first_cell).exists()  # new rows
    after = snapshot()
    assert after == before  # the same seed gives the same rows


def test_another_seed_gives_other_figures(generated):
    before = snapshot()
    generate(*SMALL, "--fresh", "--seed=7")
    after = snapshot()
    for label in ("hierarchy.Unit", "hierarchy.Cell", "reports.Report", "reports.CellFigures"):
        assert after["counts"][label] == before["counts"][label]
    assert after["figures"] != before["figures"]
    assert after["cadres"] != before["cadres"]


def test_a_full_size_ward_mixes_every_category_of_staff(db):
    generate(
        "--fresh",
        "--provinces=1",
        "--wards-per-province=1",
        "--cells-per-ward=35",
        "--periods=1",
        "--staff-per-ward=30",
    )
    ward = wards().get()
    on_duty = Cadre.objects.of_ward(ward).on(year_end(2025))
    assert on_duty.count() == 30
    by_category = Counter(on_duty.values_list("category", flat=True))
    assert set(by_category) == set(Category.values)
    assert 18 <= by_category[Category.CADRE] + by_category[Category.CIVIL_SERVANT] <= 26
    assert Cell.objects.of_ward(ward).count() == 35
    assert Cell.objects.of_ward(ward).filter(kind=CellKind.RESIDENTIAL).count() == 21
    assert len(set(Cell.objects.of_ward(ward).values_list("kind", flat=True))) >= 5
    # About 40 % of the cadres and civil servants are in a planning pool.
    staff = Cadre.objects.of_ward(ward).staff()
    in_pool = staff.filter(planning_terms__isnull=False).distinct().count()
    assert 0.25 <= in_pool / staff.count() <= 0.6


def test_wards_beyond_the_official_list_are_synthetic_with_unique_codes(db):
    # Relative counts: the module's data may be there too (its first three Hà Nội wards).
    generate(
        "--provinces=1",
        "--wards-per-province=130",  # Hà Nội has 126
        "--cells-per-ward=1",
        "--periods=1",
        "--staff-per-ward=0",
    )
    hanoi = wards().filter(parent_links__parent__code="01")
    assert hanoi.count() == 130
    synthetic = hanoi.filter(code__startswith="S")
    assert set(synthetic.values_list("code", flat=True)) == {f"S01{n:04d}" for n in range(127, 131)}
    assert not synthetic.filter(code__in=[w.code for w in scale.official_list()[0].wards]).exists()
    assert Report.objects.filter(ward__in=synthetic, period__year=2025).count() == 4
    assert Cell.objects.filter(ward__in=synthetic).count() == 4
    assert not Cadre.objects.filter(ward__in=synthetic).exists()


# --- Options and guard ----------------------------------------------------------------------


def test_defaults_are_the_whole_official_list():
    provinces = scale.plan_provinces(scale.Options())
    assert len(provinces) == 34
    codes = [w.code for p in provinces for w in p.wards]
    assert len(codes) == len(set(codes)) == 3321
    assert not any(w.synthetic for p in provinces for w in p.wards)
    assert scale.Options().years == [2021, 2022, 2023, 2024, 2025]


def test_the_latest_year_has_a_realistic_mix_and_a_few_gaps():
    provinces = scale.plan_provinces(scale.Options())
    plan = scale.status_plan(scale.DEFAULT_SEED, provinces, [2023, 2024, 2025])
    latest = Counter(status for (_, year), status in plan.items() if year == 2025)
    assert 0.02 * 3321 <= latest[None] <= 0.04 * 3321
    assert latest[ReportStatus.DRAFT] and latest[ReportStatus.RETURNED]
    assert latest[ReportStatus.APPROVED] + latest[ReportStatus.SUBMITTED] > 0.8 * 3321
    assert {status for (_, year), status in plan.items() if year == 2023} == {ReportStatus.APPROVED}


@pytest.mark.parametrize(
    "option", ["--periods=6", "--periods=0", "--provinces=35", "--cells-per-ward=0"]
)
def test_options_out_of_range_are_refused(db, option):
    before = Unit.objects.count()
    with pytest.raises(CommandError):
        generate(option)
    assert Unit.objects.count() == before


def test_generate_scale_refuses_to_run_without_debug(db, settings):
    settings.DEBUG = False
    before = Unit.objects.count()
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("generate_scale", *SMALL, stdout=StringIO(), stderr=StringIO())
    assert Unit.objects.count() == before


def test_seed_demo_and_generate_scale_refuse_each_others_database(db):
    """Each needs a database of its own: the demo's Quảng Ninh and sample rows would clash
    with the scale's."""
    if not scale.holds_scale_data():
        Unit.objects.create(
            code="01", name="Hà Nội", kind=UnitKind.CENTRAL_CITY, valid_from=scale.SCALE_FROM,
            is_sample=True,
        )  # fmt: skip
    units = Unit.objects.count()
    with override_settings(DEBUG=True), pytest.raises(CommandError, match="generate_scale"):
        call_command("seed_demo")
    assert Unit.objects.count() == units
    Unit.objects.create(
        code=reference.PROVINCE_CODE,
        name="Tỉnh Quảng Ninh",
        kind=UnitKind.PROVINCE,
        valid_from=reference.PROVINCE_FROM,
    )
    with override_settings(DEBUG=True), pytest.raises(CommandError, match="seed_demo's data"):
        call_command("generate_scale", "--provinces", "1", "--wards-per-province", "1")
    assert Unit.objects.count() == units + 1
