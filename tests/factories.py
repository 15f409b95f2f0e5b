"""Plain functions that build rows with sensible defaults, for tests that need more than the
tiny hierarchy of conftest.py. Each takes keyword arguments only and saves with the ORM,
without full_clean, so a test can also build the bad rows the database must refuse.

The app's services keep the derived data (the units' ancestry, the summaries) and the audit
trail; set-up that skips them says what it changed as they do: `ancestry.rebuild` after a unit
or link, `changes.wards_changed` after a ward's figures, `changes.rules_changed` after a rule.
`bulk()` holds that back for a block and recomputes everything once at its end.
"""

import contextlib
import datetime
import itertools

from django.contrib.auth import get_user_model
from django.db.models.functions import Coalesce

from wardstats.accounts.models import Role, RoleKind
from wardstats.core import changes
from wardstats.hierarchy import ancestry
from wardstats.hierarchy.models import (
    Cell,
    CellKind,
    Level,
    Lineage,
    LineageKind,
    Unit,
    UnitClass,
    UnitFacts,
    UnitKind,
    UnitLink,
)
from wardstats.periods.models import Period, PeriodKind
from wardstats.reports import ratings, stock, structure
from wardstats.reports.models import (
    EDITABLE_STATUSES,
    CellFigures,
    MembershipCount,
    Report,
    ReportStatus,
)
from wardstats.staffing.models import (
    AgeBand,
    Cadre,
    Category,
    Education,
    Gender,
    PlanningTerm,
    PoliticalTheory,
    QuotaNorm,
    QuotaRuleSet,
    WardQuota,
)

# Before every period the tests use, so that units and records exist when they report.
LONG_AGO = datetime.date(2020, 1, 1)

_codes = itertools.count(90001)
_bulk = {"depth": 0}


@contextlib.contextmanager
def bulk():
    """Rows built inside the block are followed by one rebuild of the ancestry and one
    recomputation of every summary at its end, as a bulk load does."""
    _bulk["depth"] += 1
    try:
        yield
    finally:
        _bulk["depth"] -= 1
    if not _bulk["depth"]:
        from wardstats.indicators import summaries

        ancestry.rebuild()
        summaries.refresh_all()
        changes.names_changed()


# Inside `deferred()`: what the rows built so far changed, recomputed once at its end.
_deferred = {"depth": 0, "units": set(), "wards": set(), "rules": False}


@contextlib.contextmanager
def deferred():
    """What rows built inside the block change is recomputed once at its end, for what they
    changed: the moved units' ancestry, then everything after a rule or a period, else the
    changed wards' summaries. A test's fixtures each build their rows this way (conftest.py):
    a third of the suite's time went to summaries the next row made stale again."""
    _deferred["depth"] += 1
    try:
        yield
    finally:
        _deferred["depth"] -= 1
        if not _deferred["depth"]:  # taken, so a fixture that failed leaves nothing behind
            pending = (_deferred["units"], _deferred["wards"], _deferred["rules"])
            _deferred.update(units=set(), wards=set(), rules=False)
    if not _deferred["depth"]:
        _catch_up(*pending)


def _catch_up(units: set[int], wards: set[int], rules: bool) -> None:
    if units:
        ancestry.rebuild(units)
        wards |= _wards_among(units)
    if rules:
        changes.rules_changed(reason="tests")
    elif wards:
        changes.wards_changed(ward_ids=wards)


def _wards_among(unit_ids) -> set[int]:
    return set(
        Unit.objects.filter(pk__in=unit_ids, level=Level.COMMUNE).values_list("pk", flat=True)
    )


def _units_moved(*unit_ids):
    if _bulk["depth"]:
        return
    if _deferred["depth"]:
        _deferred["units"].update(unit_ids)
        return
    ancestry.rebuild(unit_ids)
    changes.wards_changed(ward_ids=_wards_among(unit_ids))


def _wards_changed(**kwargs):
    if _bulk["depth"]:
        return
    if _deferred["depth"]:
        _deferred["wards"].update(kwargs["ward_ids"])
        return
    changes.wards_changed(**kwargs)


def _rules_changed():
    if _bulk["depth"]:
        return
    if _deferred["depth"]:
        _deferred["rules"] = True
        return
    changes.rules_changed(reason="tests")


def next_code() -> str:
    """A fresh five-digit unit code, so that units never collide on the unique code."""
    return str(next(_codes))


# --- The hierarchy -----------------------------------------------------------------------


def make_unit(
    *,
    name: str,
    kind: str,
    parent: Unit | None = None,
    code: str | None = None,
    unit_class: str = "",
    valid_from: datetime.date = LONG_AGO,
    valid_to: datetime.date | None = None,
    **fields,
) -> Unit:
    """A unit, linked to `parent` over the unit's own validity when a parent is given."""
    unit = Unit.objects.create(
        name=name,
        kind=kind,
        code=code or next_code(),
        unit_class=unit_class,
        valid_from=valid_from,
        valid_to=valid_to,
        **fields,
    )
    if parent is not None:
        make_link(child=unit, parent=parent, valid_from=valid_from, valid_to=valid_to)
    else:
        _units_moved(unit.pk)
    return unit


def make_link(
    *,
    child: Unit,
    parent: Unit,
    valid_from: datetime.date = LONG_AGO,
    valid_to: datetime.date | None = None,
) -> UnitLink:
    link = UnitLink.objects.create(
        child=child, parent=parent, valid_from=valid_from, valid_to=valid_to
    )
    _units_moved(child.pk)
    return link


def make_province(*, name: str = "Tỉnh Thử", **fields) -> Unit:
    return make_unit(name=name, kind=UnitKind.PROVINCE, **fields)


def make_district(*, province: Unit | None, name: str = "Huyện Thử", **fields) -> Unit:
    return make_unit(name=name, kind=UnitKind.RURAL_DISTRICT, parent=province, **fields)


def make_ward(
    *,
    parent: Unit | None,
    name: str = "Phường Thử",
    kind: str = UnitKind.WARD,
    unit_class: str = UnitClass.II,
    **fields,
) -> Unit:
    return make_unit(name=name, kind=kind, unit_class=unit_class, parent=parent, **fields)


def make_neighbourhood(
    *, ward: Unit, name: str = "Khu phố 1", kind: str = UnitKind.RESIDENTIAL_AREA, **fields
) -> Unit:
    return make_unit(name=name, kind=kind, parent=ward, **fields)


def make_unit_facts(
    *,
    unit: Unit,
    valid_from: datetime.date = LONG_AGO,
    population: int | None = None,
    area_km2=None,
    **fields,
) -> UnitFacts:
    facts = UnitFacts.objects.create(
        unit=unit, valid_from=valid_from, population=population, area_km2=area_km2, **fields
    )
    _rules_changed()
    return facts


def make_lineage(
    *,
    predecessor: Unit,
    successor: Unit,
    kind: str = LineageKind.WHOLE,
    effective: datetime.date = datetime.date(2025, 7, 1),
    **fields,
) -> Lineage:
    lineage = Lineage.objects.create(
        predecessor=predecessor, successor=successor, kind=kind, effective=effective, **fields
    )
    changes.names_changed()
    return lineage


def make_cell(
    *,
    ward: Unit,
    name: str = "Chi bộ Khu phố 1",
    kind: str = CellKind.RESIDENTIAL,
    neighbourhood: Unit | None = None,
    valid_from: datetime.date = LONG_AGO,
    valid_to: datetime.date | None = None,
    **fields,
) -> Cell:
    cell = Cell.objects.create(
        ward=ward,
        name=name,
        kind=kind,
        neighbourhood=neighbourhood,
        valid_from=valid_from,
        valid_to=valid_to,
        **fields,
    )
    _wards_changed(ward_ids=[ward.pk])
    return cell


# --- Periods and reports -----------------------------------------------------------------

_PERIOD_MONTHS = {
    PeriodKind.YEAR: 12,
    PeriodKind.HALF: 6,
    PeriodKind.QUARTER: 3,
}


def period_bounds(kind: str, year: int, number: int) -> tuple[datetime.date, datetime.date]:
    months = _PERIOD_MONTHS[kind]
    first_month = (number - 1) * months + 1
    start = datetime.date(year, first_month, 1)
    after = (
        datetime.date(year + 1, 1, 1)
        if first_month + months > 12
        else datetime.date(year, first_month + months, 1)
    )
    return start, after - datetime.timedelta(days=1)


def make_period(
    *, year: int = 2025, kind: str = PeriodKind.YEAR, number: int = 1, **fields
) -> Period:
    """A period with its calendar start and end and a deadline 20 days after the end."""
    if "start" not in fields or "end" not in fields:
        start, end = period_bounds(kind, year, number)
        fields.setdefault("start", start)
        fields.setdefault("end", end)
    fields.setdefault("deadline", fields["end"] + datetime.timedelta(days=20))
    period = Period.objects.create(kind=kind, year=year, number=number, **fields)
    _rules_changed()
    return period


def make_report(*, ward: Unit, period: Period, declared_members: int = 0, **fields) -> Report:
    """A report; its opening stock (0 here) grows with each cell's made by make_cell_figures,
    so that the ward's stock adds up unless a test says otherwise."""
    fields.setdefault("opening_members", 0)
    report = Report.objects.create(
        ward=ward, period=period, declared_members=declared_members, **fields
    )
    _wards_changed(ward_ids=[ward.pk], period_ids=[period.pk])
    return report


def _add_to_structure(report: Report, members: int) -> None:
    """The cell's members into the first category of each breakdown of the report's year, so
    that the structure adds up unless a test says otherwise (three queries)."""
    version = structure.structure_for(report.period)
    first = {d.code: d.categories[0].code for d in structure.breakdowns(version)}
    stored = {
        row.dimension: row
        for row in MembershipCount.objects.filter(report=report, dimension__in=list(first))
        if row.category == first[row.dimension]
    }
    new = []
    for dimension, category in first.items():
        if dimension in stored:
            stored[dimension].count += members
        else:
            new.append(MembershipCount(report=report, dimension=dimension, category=category,
                                       count=members))  # fmt: skip
    MembershipCount.objects.bulk_update(stored.values(), ["count"])
    MembershipCount.objects.bulk_create(new)


def fit_structure(report: Report) -> None:
    """The report's membership structure refitted to its cells' members as they are now (for a
    test that changed them behind the factories' back): all in each breakdown's first."""
    report = Report.objects.select_related("period").get(pk=report.pk)
    MembershipCount.objects.filter(report=report).delete()
    members = sum(report.cell_figures.values_list("members", flat=True))
    version = structure.structure_for(report.period)
    MembershipCount.objects.bulk_create(
        MembershipCount(report=report, dimension=d.code, category=d.categories[0].code,
                        count=members)
        for d in structure.breakdowns(version)
    )  # fmt: skip


def make_cell_figures(*, report: Report, cell: Cell, members: int = 20, **fields) -> CellFigures:
    """Figures of a cell; test set-up may add them to a submitted or approved report, which
    the app itself refuses, so the report is a draft for the moment of the insert. Unless
    given, the opening stock is the one that makes the cell's year add up (reports.stock), and
    it is added to the report's."""
    if "opening" not in fields:
        flows = {"members": members, **fields}
        fields["opening"] = max(
            0,
            members
            - sum(flows.get(f, 0) for f in stock.INCREASES)
            + sum(flows.get(f, 0) for f in stock.DECREASES),
        )
    if not any(name in fields for name in ratings.RATING_FIELDS):
        fields["rated_good"] = members  # everyone rated, none above the cap
    if fields.get("unrated_exempt") and "exempt" not in fields:
        fields["exempt"] = fields["unrated_exempt"]  # not rated as exempt: exempt
    _add_to_structure(report, members)
    if fields["opening"] is not None:
        Report.objects.filter(pk=report.pk).update(
            opening_members=Coalesce("opening_members", 0) + fields["opening"]
        )
        report.opening_members = (report.opening_members or 0) + fields["opening"]
    status = Report.objects.filter(pk=report.pk).values_list("status", flat=True).get()
    if status in EDITABLE_STATUSES:
        figures = CellFigures.objects.create(report=report, cell=cell, members=members, **fields)
    else:
        Report.objects.filter(pk=report.pk).update(status=ReportStatus.DRAFT)
        figures = CellFigures.objects.create(report=report, cell=cell, members=members, **fields)
        Report.objects.filter(pk=report.pk).update(status=status)
    _wards_changed(ward_ids=[report.ward_id], period_ids=[report.period_id])
    return figures


# --- Staffing ----------------------------------------------------------------------------


def make_cadre(
    *,
    ward: Unit,
    full_name: str = "Nguyễn Văn An",
    position: str = "Công chức Văn phòng - Thống kê",
    category: str = Category.CIVIL_SERVANT,
    gender: str = Gender.MALE,
    birth_year: int = 1985,
    education: int = Education.UNIVERSITY,
    political_theory: int = PoliticalTheory.INTERMEDIATE,
    neighbourhood: Unit | None = None,
    valid_from: datetime.date = LONG_AGO,
    valid_to: datetime.date | None = None,
    planning_terms=(),
    **fields,
) -> Cadre:
    cadre = Cadre.objects.create(
        ward=ward,
        full_name=full_name,
        position=position,
        category=category,
        gender=gender,
        birth_year=birth_year,
        education=education,
        political_theory=political_theory,
        neighbourhood=neighbourhood,
        valid_from=valid_from,
        valid_to=valid_to,
        **fields,
    )
    if planning_terms:
        cadre.planning_terms.set(planning_terms)
    _wards_changed(ward_ids=[ward.pk], since=valid_from)
    return cadre


def make_rule_set(
    *,
    name: str = "Nghị định 33/2023/NĐ-CP",
    legal_source: str = "Nghị định 33/2023/NĐ-CP",
    effective_from: datetime.date = datetime.date(2023, 8, 1),
    effective_to: datetime.date | None = None,
    **fields,
) -> QuotaRuleSet:
    rule_set = QuotaRuleSet.objects.create(
        name=name,
        legal_source=legal_source,
        effective_from=effective_from,
        effective_to=effective_to,
        **fields,
    )
    _rules_changed()
    return rule_set


def make_norm(
    *,
    rule_set: QuotaRuleSet,
    unit_kind: str = UnitKind.WARD,
    unit_class: str = UnitClass.II,
    cadres_civil_servants: int = 21,
    ward_part_time: int = 12,
    neighbourhood_part_time: int = 3,
) -> QuotaNorm:
    norm = QuotaNorm.objects.create(
        rule_set=rule_set,
        unit_kind=unit_kind,
        unit_class=unit_class,
        cadres_civil_servants=cadres_civil_servants,
        ward_part_time=ward_part_time,
        neighbourhood_part_time=neighbourhood_part_time,
    )
    _rules_changed()
    return norm


def make_ward_quota(*, ward: Unit, period: Period, **fields) -> WardQuota:
    quota = WardQuota.objects.create(ward=ward, period=period, **fields)
    _wards_changed(ward_ids=[ward.pk], period_ids=[period.pk])
    return quota


def make_age_band(*, label: str, min_age: int, max_age: int, is_young: bool = False) -> AgeBand:
    band = AgeBand.objects.create(label=label, min_age=min_age, max_age=max_age, is_young=is_young)
    _rules_changed()
    return band


def make_planning_term(*, start_year: int = 2020, end_year: int = 2025) -> PlanningTerm:
    term = PlanningTerm.objects.create(start_year=start_year, end_year=end_year)
    _rules_changed()
    return term


# --- People ------------------------------------------------------------------------------


def make_user(*, username: str, password: str = "pw", **fields):
    return get_user_model().objects.create_user(username=username, password=password, **fields)


def make_role(*, user, unit: Unit, kind: str = RoleKind.WARD_EDITOR) -> Role:
    role = Role.objects.create(user=user, unit=unit, kind=kind)
    changes.names_changed()
    return role


# --- Indicators and targets --------------------------------------------------------------


def make_target(
    *,
    indicator,
    area: Unit,
    comparison: str = "gte",
    threshold=0,
    threshold_upper=None,
    warning_band=None,
    use_ward_assigned: bool = False,
    unit_class: str = "",
    ward: Unit | None = None,
    periods=(),
    source_document: str = "Quy định thử",
    **fields,
):
    """A target on `indicator` (an Indicator or its code) for the wards under `area`."""
    from wardstats.indicators.models import Indicator, Target

    if isinstance(indicator, str):
        indicator = Indicator.objects.get(code=indicator)
    target = Target.objects.create(
        indicator=indicator,
        area=area,
        comparison=comparison,
        threshold=threshold,
        threshold_upper=threshold_upper,
        warning_band=warning_band,
        use_ward_assigned=use_ward_assigned,
        unit_class=unit_class,
        ward=ward,
        source_document=source_document,
        **fields,
    )
    if periods:
        target.periods.set(periods)
    _rules_changed()
    return target


def make_default_targets(*, area: Unit) -> list:
    """The catalogue's default target for every indicator, on `area` (as seed_demo sets them)."""
    from wardstats.indicators.catalogue import DEFAULT_TARGETS

    with bulk():
        return [
            make_target(
                indicator=code,
                area=area,
                comparison=comparison,
                threshold=threshold,
                warning_band=band,
                use_ward_assigned=assigned,
                source_document=source,
                valid_from=valid_from,
                valid_to=valid_to,
            )
            for code, comparison, threshold, band, assigned, source, valid_from, valid_to in (
                DEFAULT_TARGETS
            )
        ]


def make_busy_wards(*, parent: Unit, periods, count: int, term: PlanningTerm | None = None):
    """`count` wards under `parent`, each with what every figure family reads.

    Per ward: a neighbourhood with a residential cell and a school cell, a submitted report with
    both cells' figures in every period, a quota, three staff (one in the planning pool), a
    ward-level and a neighbourhood part-time worker. Built in bulk: everything is recomputed
    once at the end.
    """
    from wardstats.reports.models import QualityLevel, ReportStatus

    wards = []
    with bulk():
        for i in range(count):
            ward = make_ward(
                parent=parent,
                name=f"Phường Số {i + 1:02d}",
                unit_class=(UnitClass.I, UnitClass.II, UnitClass.III)[i % 3],
            )
            neighbourhood = make_neighbourhood(ward=ward, name=f"Khu phố {i + 1:02d}")
            residential = make_cell(ward=ward, name="Chi bộ khu phố", neighbourhood=neighbourhood)
            school = make_cell(ward=ward, name="Chi bộ trường học", kind=CellKind.SCHOOL)
            for period in periods:
                report = make_report(
                    ward=ward,
                    period=period,
                    declared_members=30 + i,
                    status=ReportStatus.SUBMITTED if i % 2 else ReportStatus.DRAFT,
                )
                make_cell_figures(
                    report=report,
                    cell=residential,
                    members=20 + i,
                    women=5,
                    admitted=i % 4,
                    secretary_is_head=bool(i % 2),
                    standing_member_in_charge="Ông Trần Văn Ba" if i % 3 else "",
                    quality_level=QualityLevel.GOOD,
                    review_held=True,
                )
                make_cell_figures(
                    report=report,
                    cell=school,
                    members=10,
                    women=4,
                    quality_level=QualityLevel.COMPLETED,
                )
                make_ward_quota(ward=ward, period=period, admissions_target=2)
            for n in range(3):
                cadre = make_cadre(
                    ward=ward,
                    full_name=f"Cán bộ {n + 1}",
                    gender=Gender.FEMALE if n % 2 else Gender.MALE,
                    birth_year=1990 - 10 * n,
                    meets_standard=n != 2,
                )
                if n == 0 and term is not None:
                    cadre.planning_terms.set([term])
            make_cadre(ward=ward, full_name="Người KCT", category=Category.WARD_PART_TIME)
            make_cadre(
                ward=ward,
                full_name="Người KCT khu phố",
                category=Category.NEIGHBOURHOOD_PART_TIME,
                neighbourhood=neighbourhood,
            )
            wards.append(ward)
    return wards
