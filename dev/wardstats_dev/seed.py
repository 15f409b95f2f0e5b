"""Write the demo plan (builders.build) and the reference data into the database.

Idempotent: every row is matched on its natural key, so a second run changes nothing (same
primary keys, same figures). The seed owns the rows flagged `is_sample` and the reference rows
it names; it deletes only those of its own rows that the plan no longer contains.
"""

import datetime

from django.db import transaction

from wardstats.core import changes
from wardstats.core.audit import BASELINE_REASON
from wardstats.hierarchy import ancestry
from wardstats.hierarchy.models import (
    LEVEL_OF_KIND,
    Cell,
    Level,
    Lineage,
    Unit,
    UnitClass,
    UnitKind,
    UnitLink,
    UnitNaming,
)
from wardstats.indicators import summaries
from wardstats.indicators.catalogue import DEFAULT_TARGETS, load_indicators
from wardstats.indicators.models import Indicator, Target
from wardstats.periods.models import Period, PeriodKind
from wardstats.reports.models import (
    CELL_COUNT_FIELDS,
    CellFigures,
    MembershipCount,
    Report,
    ReportStatus,
)
from wardstats.staffing.models import (
    AgeBand,
    Cadre,
    PlanningTerm,
    QuotaNorm,
    QuotaRuleSet,
    WardQuota,
)

from . import builders, users
from . import reference as ref
from .sync import Syncer

# --- Reference data (versioned rules; domain.md §4) ----------------------------------------

# Each rule set with its dates and sources, as checked against the decrees and reports of them
# (docs/rules.md). `norms`: cadres and civil servants per kind of unit for class I / II / III
# (None: no national norm); `part_time`: part-time workers at commune level (None: no such
# posts); `neighbourhood`: the most part-time titles per thôn, tổ dân phố (None: no limit);
# `police`: the kinds that count one post fewer where a regular police officer heads the
# commune police; `population_step`: one more post for each full 1/N of the population
# standard beyond it (the standards themselves are entered by the province).
COMMUNE_KINDS = (UnitKind.WARD, UnitKind.COMMUNE, UnitKind.TOWNSHIP, UnitKind.SPECIAL_ZONE)
RULE_SETS = [
    {
        "legal_source": "Luật Cán bộ, công chức 80/2025/QH15; Nghị định 170/2025/NĐ-CP; "
        "Công văn 09/CV-BCĐ",
        "name": "Biên chế cấp xã sau sắp xếp đơn vị hành chính (từ 01/07/2025)",
        "effective_from": datetime.date(2025, 7, 1),
        "effective_to": None,
        "verified": True,
        "note": "Luật 80/2025/QH15 (hiệu lực 01/07/2025) bỏ phạm trù cán bộ, công chức cấp xã; "
        "Nghị định 170/2025/NĐ-CP (hiệu lực 01/07/2025) bãi bỏ các quy định về công chức cấp xã "
        "của Nghị định 33/2023/NĐ-CP. Không còn định mức chung: số lượng cán bộ, công chức của "
        "từng xã, phường, đặc khu do tỉnh giao theo Công văn 09/CV-BCĐ (30/05/2025). Người hoạt "
        "động không chuyên trách cấp xã không còn chức danh (Luật Tổ chức chính quyền địa "
        "phương 2025; Nghị định 154/2025/NĐ-CP, khoản 4 Điều 2); Kết luận 163-KL/TW và Công văn "
        "12/CV-BCĐ cho bố trí tiếp đến trước 31/05/2026 theo số tỉnh giao. Quy định của Nghị "
        "định 33/2023/NĐ-CP về người hoạt động không chuyên trách ở thôn, tổ dân phố (tối đa 3 "
        "chức danh, Điều 33) vẫn áp dụng.",
        "norms": dict.fromkeys(COMMUNE_KINDS, (None, None, None)),
        "part_time": (None, None, None),
        "neighbourhood": 3,
    },
    {
        "legal_source": "Nghị định 33/2023/NĐ-CP",
        "name": "Định mức cán bộ, công chức, người hoạt động không chuyên trách cấp xã "
        "(Nghị định 33/2023/NĐ-CP)",
        "effective_from": datetime.date(2023, 8, 1),
        "effective_to": datetime.date(2025, 6, 30),
        "verified": True,
        "note": "Điều 6: phường 23/21/19; xã, thị trấn 22/20/18 cán bộ, công chức cho loại "
        "I/II/III, tăng thêm 01 công chức cho mỗi 1/2 mức quy mô dân số (1/3 với phường thuộc "
        "quận) và mỗi 100% mức diện tích tự nhiên vượt chuẩn (Nghị quyết 1211/2016/UBTVQH13, "
        "sửa đổi bởi Nghị quyết 27/2022/UBTVQH15: tỉnh nhập mức chuẩn). Điều 33: không chuyên "
        "trách cấp xã 14/12/10; tối đa 3 chức danh ở mỗi thôn, tổ dân phố. Đặc khu: dùng định "
        "mức của phường. Phần cán bộ, công chức hết hiệu lực từ 01/07/2025 (Nghị định "
        "170/2025/NĐ-CP).",
        "norms": {
            UnitKind.WARD: (23, 21, 19),
            UnitKind.SPECIAL_ZONE: (23, 21, 19),
            UnitKind.COMMUNE: (22, 20, 18),
            UnitKind.TOWNSHIP: (22, 20, 18),
        },
        "part_time": (14, 12, 10),
        "neighbourhood": 3,
        "population_step": 2,
    },
    {
        "legal_source": "Nghị định 34/2019/NĐ-CP",
        "name": "Định mức cán bộ, công chức, người hoạt động không chuyên trách cấp xã "
        "(Nghị định 34/2019/NĐ-CP)",
        "effective_from": datetime.date(2019, 6, 25),
        "effective_to": datetime.date(2023, 7, 31),
        "verified": True,
        "note": "Ban hành 24/04/2019, hiệu lực 25/06/2019: cán bộ, công chức 23/21/19 cho loại "
        "I/II/III (xã, thị trấn bố trí Trưởng Công an xã là công an chính quy: giảm 01 người); "
        "không chuyên trách cấp xã 14/12/10; tối đa 3 chức danh ở mỗi thôn, tổ dân phố.",
        "norms": {
            UnitKind.WARD: (23, 21, 19),
            UnitKind.COMMUNE: (23, 21, 19),
            UnitKind.TOWNSHIP: (23, 21, 19),
        },
        "part_time": (14, 12, 10),
        "neighbourhood": 3,
        "police": (UnitKind.COMMUNE, UnitKind.TOWNSHIP),
    },
    {
        "legal_source": "Nghị định 92/2009/NĐ-CP",
        "name": "Định mức cán bộ, công chức, người hoạt động không chuyên trách cấp xã "
        "(Nghị định 92/2009/NĐ-CP)",
        "effective_from": datetime.date(2010, 1, 1),
        "effective_to": datetime.date(2019, 6, 24),
        "verified": True,
        "note": "Cán bộ, công chức 25/23/21 cho loại I/II/III; không chuyên trách cấp xã "
        "22/20/19 (theo mức giảm Nghị định 34/2019/NĐ-CP công bố). Chưa giới hạn số chức danh "
        "ở mỗi thôn, tổ dân phố.",
        "norms": {
            UnitKind.WARD: (25, 23, 21),
            UnitKind.COMMUNE: (25, 23, 21),
            UnitKind.TOWNSHIP: (25, 23, 21),
        },
        "part_time": (22, 20, 19),
        "neighbourhood": None,
    },
]
RULE_SET_FIELDS = ("legal_source", "name", "effective_from", "effective_to", "verified", "note")
# Commune-level age bands are set by each province (unverified); young = up to 35.
AGE_BANDS = [
    ("Dưới 30", 18, 29, True),
    ("30–35", 30, 35, True),
    ("36–45", 36, 45, False),
    ("46–55", 46, 55, False),
    ("Trên 55", 56, 70, False),
]
CLASSES = (UnitClass.I, UnitClass.II, UnitClass.III)


def seed() -> dict:
    """Seed everything in one transaction; returns the Syncer's counts per model."""
    # A bulk load: the ancestry and the summaries are rebuilt once, at the end.
    with transaction.atomic():
        plan = builders.build()
        syncer = Syncer()
        periods = seed_reference(syncer)
        units = seed_units(syncer, plan)
        seed_namings(syncer)
        cells = seed_cells(syncer, plan, units)
        seed_reports(syncer, plan, units, cells, periods)
        seed_cadres(syncer, plan, units)
        seed_quotas(syncer, plan, units, periods)
        seed_targets()
        syncer.delete_stale()
        users.seed_users()
        ancestry.rebuild()
        summaries.refresh_all()
        record_initial_history()
        changes.names_changed()
    return syncer.counts


def seed_namings(syncer: Syncer) -> None:
    """What Quảng Ninh's units were called before a change that kept their code (thị xã Đông
    Triều until 31/10/2024, four xã until they became phường …), from the dated lists."""
    rows = []
    for earlier in ref.earlier_names():
        level = Level.DISTRICT if earlier.district else Level.COMMUNE
        unit = Unit.objects.filter(level=level, code=earlier.code).valid_on(earlier.until).first()
        if unit is None:
            continue
        rows.append(
            UnitNaming(
                unit_id=unit.pk, name=earlier.name, kind=earlier.kind,
                valid_from=unit.valid_from, valid_to=earlier.until, source=earlier.source,
            )
        )  # fmt: skip
    syncer.sync(
        UnitNaming,
        rows,
        key=["unit_id", "valid_from"],
        existing=UnitNaming.objects.filter(unit__is_sample=False),
        label="earlier names",
    )


def record_initial_history() -> None:
    """Bulk writes leave no audit trail: give every audited row without one its first entry,
    so a later change shows old and new values."""
    for model in (Report, CellFigures, Cadre, WardQuota, QuotaRuleSet, QuotaNorm, Target):
        missing = list(model.objects.exclude(pk__in=model.history.values("id")))
        if missing:
            model.history.bulk_history_create(missing, default_change_reason=BASELINE_REASON)


def seed_targets() -> None:
    """Quảng Ninh's targets for every indicator, in their versions by period (illustrative
    defaults, domain.md §5); a version no longer in the catalogue goes."""
    province = Unit.objects.get(level=Level.PROVINCE, code=ref.PROVINCE_CODE)
    load_indicators(Indicator)  # normally there already, from the data migration
    indicators = {i.code: i for i in Indicator.objects.all()}
    kept = []
    for code, defaults in default_targets():
        target, _created = Target.objects.update_or_create(
            indicator=indicators[code],
            area=province,
            unit_class="",
            ward=None,
            valid_from=defaults["valid_from"],
            defaults=defaults,
        )
        kept.append(target.pk)
    Target.objects.filter(area=province, unit_class="", ward=None).exclude(pk__in=kept).delete()


def default_targets() -> list[tuple[str, dict]]:
    """(indicator code, Target fields) of the catalogue's default targets, for any area
    (seed_demo's province, generate_scale's provinces)."""
    return [
        (
            code,
            {
                "comparison": comparison,
                "threshold": threshold,
                "warning_band": band,
                "use_ward_assigned": assigned,
                "source_document": source,
                "valid_from": valid_from,
                "valid_to": valid_to,
            },
        )
        for code, comparison, threshold, band, assigned, source, valid_from, valid_to in (
            DEFAULT_TARGETS
        )
    ]


def seed_reference(syncer: Syncer) -> dict[int, Period]:
    seed_rules(syncer)
    periods = syncer.sync(
        Period,
        [year_period(year) for year in builders.YEARS],
        key=["kind", "year", "number"],
        existing=Period.objects.filter(kind=PeriodKind.YEAR, year__in=builders.YEARS),
        delete_stale=False,
    )
    return {period.year: period for period in periods}


def year_period(year: int) -> Period:
    """The yearly reporting period (unsaved): the stock at 31/12, due by 15/01."""
    return Period(
        kind=PeriodKind.YEAR,
        year=year,
        number=1,
        start=datetime.date(year, 1, 1),
        end=datetime.date(year, 12, 31),
        deadline=datetime.date(year + 1, 1, 15),
        # Quy định 366-QĐ/TW (30/08/2025) scores cells on 100 points from 2025.
        uses_quality_score=year >= 2025,
    )


def seed_rules(syncer: Syncer) -> None:
    """The versioned rules (domain.md §4): quota rule sets and their norms, age bands, planning
    terms. Matched on their natural keys, so shared by seed_demo and generate_scale."""
    rule_sets = syncer.sync(
        QuotaRuleSet,
        [
            QuotaRuleSet(**{k: v for k, v in spec.items() if k in RULE_SET_FIELDS})
            for spec in RULE_SETS
        ],
        key=["legal_source"],
        existing=QuotaRuleSet.objects.filter(
            legal_source__in=[s["legal_source"] for s in RULE_SETS]
        ),
        delete_stale=False,
    )
    syncer.sync(
        QuotaNorm,
        [
            norm
            for rule_set, spec in zip(rule_sets, RULE_SETS, strict=True)
            for norm in norms(rule_set, spec)
        ],
        key=["rule_set_id", "unit_kind", "unit_class"],
        existing=QuotaNorm.objects.filter(rule_set__in=[r.pk for r in rule_sets]),
    )
    syncer.sync(
        AgeBand,
        [
            AgeBand(label=label, min_age=low, max_age=high, is_young=young)
            for label, low, high, young in AGE_BANDS
        ],
        key=["label"],
        existing=AgeBand.objects.all(),
        delete_stale=False,
    )
    syncer.sync(
        PlanningTerm,
        [PlanningTerm(start_year=a, end_year=b) for a, b in builders.TERMS],
        key=["start_year", "end_year"],
        existing=PlanningTerm.objects.all(),
        delete_stale=False,
    )


def norms(rule_set: QuotaRuleSet, spec: dict) -> list[QuotaNorm]:
    """A rule set's norms: one per kind of unit and class."""
    return [
        QuotaNorm(
            rule_set_id=rule_set.pk,
            unit_kind=kind,
            unit_class=unit_class,
            cadres_civil_servants=cadres,
            ward_part_time=part_time,
            neighbourhood_part_time=spec["neighbourhood"],
            population_step=spec.get("population_step"),
            police_chief_takes_a_post=kind in spec.get("police", ()),
        )
        for kind, staff in spec["norms"].items()
        for unit_class, cadres, part_time in zip(CLASSES, staff, spec["part_time"], strict=True)
    ]


def _unit(code, name, kind, valid_from, valid_to, unit_class="", is_sample=False) -> Unit:
    return Unit(
        code=code,
        name=name,
        kind=kind,
        level=LEVEL_OF_KIND[kind],  # bulk_create skips Unit.save, which sets it
        unit_class=unit_class,
        valid_from=valid_from,
        valid_to=valid_to,
        is_sample=is_sample,
    )


class Units:
    """The saved units, by plan object (wards, neighbourhoods) or code (province, districts)."""

    def __init__(self):
        self.province: Unit | None = None
        self.districts: dict[str, Unit] = {}
        self.wards: dict[int, Unit] = {}
        self.hoods: dict[int, Unit] = {}

    def ward(self, ward: builders.Ward) -> Unit:
        return self.wards[id(ward)]

    def hood(self, hood: builders.Hood | None) -> Unit | None:
        return None if hood is None else self.hoods[id(hood)]

    def all(self) -> list[Unit]:
        return [self.province, *self.districts.values(), *self.wards.values(), *self.hoods.values()]


def seed_units(syncer: Syncer, plan: builders.Plan) -> Units:
    """The official units and the sample neighbourhoods, their dated parent links, and the
    lineage of the 2025 reform."""
    units = Units()
    seed_official_units(syncer, plan, units)
    seed_neighbourhoods(syncer, plan, units)
    syncer.sync(
        UnitLink,
        unit_links(plan, units),
        key=["child_id", "valid_from"],
        existing=UnitLink.objects.filter(child__in=[u.pk for u in units.all()]),
    )
    successors = [u.pk for u in (*units.wards.values(), *units.districts.values())]
    syncer.sync(
        Lineage,
        [*earlier_lineage(plan, units), *reform_lineage(plan, units)],
        key=["predecessor_id", "successor_id"],
        existing=Lineage.objects.filter(successor__in=successors),
    )
    return units


def seed_official_units(syncer: Syncer, plan: builders.Plan, units: Units) -> None:
    """The province, its districts until the reform, and every ward, old and new. Never
    deleted: a user's own rows may hang on them."""
    province = _unit(
        ref.PROVINCE_CODE, ref.PROVINCE_NAME, UnitKind.PROVINCE, ref.PROVINCE_FROM, None
    )
    districts = [_unit(d.code, d.name, d.kind, ref.OLD_FROM, d.valid_to) for d in plan.districts]
    wards = plan.all_wards()
    ward_rows = [
        _unit(w.code, w.name, w.kind, w.valid_from, w.valid_to, w.unit_class) for w in wards
    ]
    official = [province, *districts, *ward_rows]
    syncer.sync(
        Unit,
        official,
        key=["level", "code", "valid_from"],
        existing=Unit.objects.filter(
            level__in=[Level.PROVINCE, Level.DISTRICT, Level.COMMUNE],
            code__in={u.code for u in official},
        ),
        delete_stale=False,
        label="official units",
    )
    units.province = province
    units.districts = {d.code: d for d in districts}
    units.wards = {id(w): row for w, row in zip(wards, ward_rows, strict=True)}


def planned_hoods(plan: builders.Plan) -> list[builders.Hood]:
    return [h for w in plan.reporting for h in w.hoods]


def seed_neighbourhoods(syncer: Syncer, plan: builders.Plan, units: Units) -> None:
    """The reporting wards' neighbourhoods, which exist as long as their ward."""
    hoods = planned_hoods(plan)
    rows = [
        _unit(h.code, h.name, h.kind, h.valid_from, h.ward.valid_to, is_sample=True) for h in hoods
    ]
    syncer.sync(
        Unit,
        rows,
        key=["level", "code", "valid_from"],
        existing=Unit.objects.filter(level=Level.NEIGHBOURHOOD, is_sample=True),
        label="neighbourhoods",
    )
    units.hoods = {id(h): row for h, row in zip(hoods, rows, strict=True)}


def unit_links(plan: builders.Plan, units: Units) -> list[UnitLink]:
    """Districts under the province; each ward under its district until the reform and under
    the province from it; each neighbourhood under its ward."""
    province = units.province
    links = [
        UnitLink(child_id=d.pk, parent_id=province.pk, valid_from=d.valid_from, valid_to=d.valid_to)
        for d in units.districts.values()
    ]
    for ward in plan.all_wards():
        links += ward_links(ward, units)
    for hood in planned_hoods(plan):
        links.append(
            UnitLink(
                child_id=units.hood(hood).pk,
                parent_id=units.ward(hood.ward).pk,
                valid_from=hood.valid_from,
                valid_to=hood.ward.valid_to,
            )
        )
    return links


def ward_links(ward: builders.Ward, units: Units) -> list[UnitLink]:
    """Under each district it belonged to, in turn (Hoành Bồ's communes: Hoành Bồ until
    31/12/2019, then Hạ Long), until it ended or the reform."""
    row, links = units.ward(ward), []
    start = ward.valid_from
    for code, last_day in ward.earlier_districts:
        links.append(
            UnitLink(
                child_id=row.pk,
                parent_id=units.districts[code].pk,
                valid_from=start,
                valid_to=last_day,
            )
        )
        start = last_day + datetime.timedelta(days=1)
    if ward.district_code:
        district = units.districts[ward.district_code]
        links.append(
            UnitLink(
                child_id=row.pk,
                parent_id=district.pk,
                valid_from=start,
                valid_to=ward.valid_to if ward.ends_before_reform else ref.OLD_TO,
            )
        )
    if ward.valid_to is None:
        # Every unit of the two-tier province, new or continuing, is under it from 1/7/2025.
        links.append(
            UnitLink(
                child_id=row.pk, parent_id=units.province.pk, valid_from=ref.REFORM, valid_to=None
            )
        )
    return links


def earlier_lineage(plan: builders.Plan, units: Units) -> list[Lineage]:
    """The merges of 2020 and 2024 whose successor the resolution names (Hoành Bồ into Hạ Long,
    Phường Đông Triều into Đức Chính …), each with its resolution."""

    def unit(change, code):
        if change.district:
            return units.districts[code]
        return units.ward(plan.old_wards[code])

    return [
        Lineage(
            predecessor_id=unit(change, change.old_code).pk,
            successor_id=unit(change, change.new_code).pk,
            kind=change.kind,
            effective=change.effective,
            note=f"{change.how} ({change.source})"[:200],
        )
        for change in ref.changes()
    ]


def reform_lineage(plan: builders.Plan, units: Units) -> list[Lineage]:
    """Which old units became which new ones, as the official conversion list says; a unit
    kept unchanged (giữ nguyên) is the same unit, with no lineage."""
    return [
        Lineage(
            predecessor_id=units.ward(plan.old_wards[conversion.old_code]).pk,
            successor_id=units.ward(plan.new_wards[conversion.new_code]).pk,
            kind=conversion.kind,
            effective=ref.REFORM,
            note=conversion.how,
        )
        for conversion in ref.conversions()
        if conversion.kind is not None
    ]


def seed_cells(syncer: Syncer, plan: builders.Plan, units: Units) -> dict[int, Cell]:
    plans = [c for w in plan.reporting for c in w.cells]
    rows = [
        Cell(
            ward_id=units.ward(c.ward).pk,
            name=c.name,
            kind=c.kind,
            neighbourhood_id=units.hood(c.hood).pk if c.hood else None,
            valid_from=c.valid_from,
            valid_to=c.valid_to,
            is_sample=True,
        )
        for c in plans
    ]
    syncer.sync(
        Cell,
        rows,
        key=["ward_id", "name", "valid_from"],
        existing=Cell.objects.filter(is_sample=True),
    )
    return {id(c): row for c, row in zip(plans, rows, strict=True)}


def seed_reports(syncer, plan: builders.Plan, units: Units, cells, periods) -> None:
    reports = [
        Report(
            ward_id=units.ward(r.ward).pk,
            period_id=periods[r.year].pk,
            status=ReportStatus.DRAFT,
            declared_members=r.declared_members,
            opening_members=r.opening_members,
            organisation_level=r.organisation_level,
            organisation_level_given=r.organisation_level_given,
            organisation_score=r.organisation_score,
            training_attendances=r.training_attendances,
            propagandists=r.propagandists,
            mass_mobilisation_models=r.mass_mobilisation_models,
            note=r.note,
            is_sample=True,
        )
        for r in plan.reports
    ]
    syncer.sync(
        Report,
        reports,
        key=["ward_id", "period_id"],
        existing=Report.objects.filter(is_sample=True),
    )
    syncer.sync(
        CellFigures,
        [
            cell_figures(row.pk, cells[id(line.cell)].pk, line)
            for report, row in zip(plan.reports, reports, strict=True)
            for line in report.rows
        ],
        key=["report_id", "cell_id"],
        # Figures a user added for a cell of their own stay: only the seed's cells' rows.
        existing=CellFigures.objects.filter(report__is_sample=True, cell__is_sample=True),
        label="cell figures",
    )
    syncer.sync(
        MembershipCount,
        [
            MembershipCount(report_id=row.pk, dimension=dimension, category=category, count=n)
            for report, row in zip(plan.reports, reports, strict=True)
            for (dimension, category), n in report.membership.items()
        ],
        key=["report_id", "dimension", "category"],
        existing=MembershipCount.objects.filter(report__is_sample=True),
        label="membership structure",
    )


def cell_figures(report_id: int, cell_id: int, line: builders.FigureRow) -> CellFigures:
    return CellFigures(
        report_id=report_id,
        cell_id=cell_id,
        **dict(zip(CELL_COUNT_FIELDS, line.figures.counts(), strict=True)),
        has_committee=line.figures.has_committee,
        thematic_meetings=line.figures.thematic_meetings,
        secretary_is_head=line.secretary_is_head,
        standing_member_in_charge=line.standing_member_in_charge,
        quality_level=line.quality_level,
        quality_score=line.quality_score,
        review_held=line.review_held,
        comment=line.comment,
    )


def seed_cadres(syncer: Syncer, plan: builders.Plan, units: Units) -> None:
    posts = [p for w in plan.reporting for p in w.posts]
    rows = [
        Cadre(
            ward_id=units.ward(p.ward).pk,
            full_name=p.person.full_name,
            position=p.position,
            category=p.category,
            neighbourhood_id=units.hood(p.hood).pk if p.hood else None,
            gender=p.person.gender,
            birth_year=p.person.birth_year,
            education=p.person.education,
            political_theory=p.person.political_theory,
            meets_standard=p.person.meets_standard,
            valid_from=p.valid_from,
            valid_to=p.valid_to,
            is_sample=True,
        )
        for p in posts
    ]
    syncer.sync(
        Cadre,
        rows,
        # Cadre has no natural key of its own; within a ward a post held by one person from
        # one day is unique (the generator never gives two people one name).
        key=["ward_id", "category", "position", "neighbourhood_id", "full_name", "valid_from"],
        existing=Cadre.objects.filter(is_sample=True),
        label="cadre records",
    )
    terms = {(t.start_year, t.end_year): t.pk for t in PlanningTerm.objects.all()}
    pairs = [
        (row.pk, terms[term]) for post, row in zip(posts, rows, strict=True) for term in post.terms
    ]
    through = Cadre.planning_terms.through
    syncer.sync_pairs(
        through,
        pairs,
        left="cadre_id",
        right="planningterm_id",
        existing=through.objects.filter(cadre__is_sample=True),
        label="planning pool entries",
    )


def seed_quotas(syncer: Syncer, plan: builders.Plan, units: Units, periods) -> None:
    rows = [
        WardQuota(
            ward_id=units.ward(q.ward).pk,
            period_id=periods[q.year].pk,
            cadres_civil_servants=q.cadres_civil_servants,
            ward_part_time=q.ward_part_time,
            neighbourhood_part_time=q.neighbourhood_part_time,
            admissions_target=q.admissions_target,
            legal_source=q.legal_source,
        )
        for q in plan.quotas
    ]
    syncer.sync(
        WardQuota,
        rows,
        key=["ward_id", "period_id"],
        existing=WardQuota.objects.filter(
            ward__in=[units.ward(w).pk for w in plan.reporting],
            period__in=[p.pk for p in periods.values()],
        ),
        label="ward quotas",
    )
