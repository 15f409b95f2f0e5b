"""A national-size data set for dashboards and benchmarks (`python manage.py generate_scale`).

By default: the 34 provinces and 3,321 commune-level units of the official list from 1 Jul 2025
(wardstats/hierarchy/data/units-2025-07.csv) under a country root, Việt Nam; per ward 35 cells (60 %
residential, each with its own neighbourhood), 30 staff records on duty, and a report for each
of the 5 yearly periods 2021–2025 — about 116,000 cells, 580,000 rows of cell figures and
110,000 cadre records — with the reference data, every province's default targets and three
users. The units' names, codes and kinds are real; everything else is invented and flagged
`is_sample`. The people, cells and figures come from the demo's own generators (builders.py).

Dating: the post-reform units really exist from 1 Jul 2025. The scale data back-date them to
1 Jan 2021 (SCALE_FROM), directly under their province, so that five yearly periods apply to
one stable set of units: a convenience for load, not history (no district level, no lineage).
Cadres start on 1 Jan 2020, a year before their ward, except those of a neighbourhood, who start
with it. Units are matched on (level, code, valid_from), so they never collide with seed_demo's
Quảng Ninh, whose units start on other dates. But keep the two in separate databases:
seed_demo takes every `is_sample` cell, report, cadre and neighbourhood for its own, so a
seed_demo run after this one fails (it finds two provinces coded 22) or, when Quảng Ninh is not
among the scale provinces, deletes the scale wards' cells, reports and cadres as stale.

Fast: rows are built in memory per chunk of wards and written with bulk_create (the cell figures
with COPY on PostgreSQL), not through the services: the units' ancestry and the summaries are
rebuilt once at the end, per period. Each phase is one transaction. The audit trail records
nothing for bulk rows.

Idempotent: a second run with the same options creates nothing. Units are matched on their key;
a ward that already has cells, cadres, or its report for a period keeps them ("reused"), so a
second run with other sizes only adds what is missing. `--fresh` deletes the earlier scale data
(every sample unit starting on SCALE_FROM, and all that hangs on it) first.

Deterministic: each ward draws from its own random.Random seeded with (seed, purpose, ward code),
so the same options and seed give the same rows whatever was reused. The profile of a ward (how
well it does against the targets) is the demo's, which depends on the ward code only.
"""

import csv
import datetime
import io
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache

from django.contrib.auth import get_user_model
from django.db import connection, models, transaction
from django.db.models import Q

from wardstats.accounts.models import Role, RoleKind
from wardstats.hierarchy import ancestry
from wardstats.hierarchy.models import (
    LEVEL_OF_KIND,
    Cell,
    CellKind,
    Level,
    Lineage,
    Unit,
    UnitClass,
    UnitKind,
    UnitLink,
)
from wardstats.indicators import summaries
from wardstats.indicators.catalogue import load_indicators
from wardstats.indicators.models import Indicator, IndicatorValue, Target, WardPeriodFigures
from wardstats.periods.models import Period, PeriodKind
from wardstats.reports.models import (
    CELL_COUNT_FIELDS,
    CELL_ENTRY_FIELDS,
    CellFigures,
    Report,
    ReportStatus,
)
from wardstats.staffing.models import (
    AgeBand,
    Cadre,
    Category,
    PlanningTerm,
    QuotaRuleSet,
    WardQuota,
)

from . import builders, names, seed
from . import reference as ref
from .sync import Syncer
from .users import DemoUser, RoleSpec

SCALE_FROM = datetime.date(2021, 1, 1)
CADRES_FROM = datetime.date(2020, 1, 1)
LAST_YEAR = 2025
MAX_PERIODS = LAST_YEAR - SCALE_FROM.year + 1
COUNTRY_CODE = "VN"
COUNTRY_NAME = "Việt Nam"
DEFAULT_SEED = 2025
RESIDENTIAL_SHARE = 0.6
NOTE = "Dữ liệu minh họa quy mô toàn quốc (national-size sample data)."

BATCH = 2000  # rows per INSERT (Django lowers it where the database needs: SQLite)
CHUNK = 100  # wards built in memory at a time

PROVINCE_KINDS = {"tỉnh": UnitKind.PROVINCE, "thành phố trung ương": UnitKind.CENTRAL_CITY}
# Class of a commune-level unit (not in the official lists): weights of I / II / III.
CLASS_WEIGHTS = {
    UnitKind.WARD: [50, 35, 15],
    UnitKind.SPECIAL_ZONE: [60, 40, 0],
    UnitKind.COMMUNE: [25, 45, 30],
    UnitKind.TOWNSHIP: [30, 45, 25],
}
# The latest year's reports as the dashboards find them in January: mostly in, some still
# being written or sent back, a few missing (None). Shares in percent, per province.
LATEST_MIX = (
    (None, 3),
    (ReportStatus.DRAFT, 7),
    (ReportStatus.RETURNED, 4),
    (ReportStatus.SUBMITTED, 26),
    (ReportStatus.APPROVED, 60),
)
# The year before: a few approvals still pending; earlier years are all approved.
PREVIOUS_MIX = ((ReportStatus.SUBMITTED, 2), (ReportStatus.APPROVED, 98))
DECLARED_OFF_SHARE = 0.02  # reports whose own total differs a little from their cells' sum
STAFF = (Category.CADRE, Category.CIVIL_SERVANT)


# --- Options and result ----------------------------------------------------------------------


@dataclass(frozen=True)
class Options:
    provinces: int | None = None  # the first N of the official list; None: all 34
    wards_per_province: int | None = None  # the first N of each; None: all the list gives
    cells_per_ward: int = 35
    periods: int = MAX_PERIODS
    staff_per_ward: int = 30
    seed: int = DEFAULT_SEED
    fresh: bool = False

    def check(self) -> None:
        """Raise ValueError naming the first option out of range."""
        count = len(official_list())
        if self.provinces is not None and not 1 <= self.provinces <= count:
            raise ValueError(f"--provinces must be between 1 and {count}.")
        if self.wards_per_province is not None and self.wards_per_province < 1:
            raise ValueError("--wards-per-province must be at least 1.")
        if self.cells_per_ward < 1:
            raise ValueError("--cells-per-ward must be at least 1.")
        if not 1 <= self.periods <= MAX_PERIODS:
            raise ValueError(
                f"--periods must be between 1 and {MAX_PERIODS}: the scale units exist from "
                f"{SCALE_FROM:%d/%m/%Y}."
            )
        if self.staff_per_ward < 0:
            raise ValueError("--staff-per-ward cannot be negative.")

    @property
    def years(self) -> list[int]:
        return list(range(LAST_YEAR - self.periods + 1, LAST_YEAR + 1))


@dataclass
class Tally:
    created: int = 0
    total: int = 0

    @property
    def reused(self) -> int:
        return self.total - self.created


COUNTED = (
    "provinces",
    "wards",
    "neighbourhoods",
    "cells",
    "periods",
    "reports",
    "cell figures",
    "cadres",
    "planning pool entries",
    "targets",
    "users",
)


@dataclass
class Result:
    counts: dict[str, Tally] = field(default_factory=lambda: {k: Tally() for k in COUNTED})
    timings: list[tuple[str, float]] = field(default_factory=list)
    deleted: dict[str, int] = field(default_factory=dict)
    users: tuple[DemoUser, ...] = ()


# --- Progress ------------------------------------------------------------------------------


class Progress:
    """A one-line progress bar, redrawn in place with a carriage return: the phase, a bar, the
    percentage and the counts. Draws only when the percentage changes (cheap in tight loops).
    `stream`: anything with write(str) and flush(); None draws nothing."""

    WIDTH = 30

    def __init__(self, stream=None):
        self.stream = stream
        self.phase = ""  # e.g. "[3/7] ", set by the generator for each phase
        self.label, self.unit, self.total, self.done = "", "", 0, 0
        self._percent: int | None = None
        self._length = 0

    def start(self, label: str, total: int, unit: str) -> None:
        self.label, self.total, self.unit, self.done = label, total, unit, 0
        self._percent = None
        self._draw()

    def advance(self, count: int = 1) -> None:
        self.done += count
        self._draw()

    def finish(self) -> None:
        self.done = self.total
        self._draw(force=self._percent != 100)
        if self.stream is not None:
            self.stream.write("\n")
            self.stream.flush()
        self._length = 0

    def _draw(self, force: bool = False) -> None:
        if self.stream is None:
            return
        share = min(1.0, self.done / self.total) if self.total else 1.0
        percent = int(share * 100)
        if percent == self._percent and not force:
            return
        self._percent = percent
        filled = round(share * self.WIDTH)
        bar = "#" * filled + "-" * (self.WIDTH - filled)
        line = (
            f"{self.phase + self.label:<32} [{bar}] {percent:3d}%  "
            f"{min(self.done, self.total):,}/{self.total:,} {self.unit}"
        )
        self.stream.write("\r" + line.ljust(self._length))
        self.stream.flush()
        self._length = len(line)


# --- The official list ---------------------------------------------------------------------


@dataclass(frozen=True)
class WardSpec:
    code: str
    name: str
    kind: str
    synthetic: bool = False


@dataclass(frozen=True)
class ProvinceSpec:
    code: str
    name: str
    kind: str
    wards: tuple[WardSpec, ...]


@cache
def official_list() -> tuple[ProvinceSpec, ...]:
    """The 34 provinces and their 3,321 commune-level units from 1 Jul 2025, in file order."""
    provinces: dict[str, dict] = {}
    with open(ref.DATA_DIR / "units-2025-07.csv", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            code = row["province_code"]
            if code not in provinces:
                kind = PROVINCE_KINDS[row["province_type"].lower()]
                name = row["province_name"]
                if kind == UnitKind.PROVINCE and not name.startswith("Tỉnh "):
                    name = f"Tỉnh {name}"  # as seed_demo names Quảng Ninh
                provinces[code] = {"code": code, "name": name, "kind": kind, "wards": []}
            provinces[code]["wards"].append(
                WardSpec(
                    code=row["commune_code"],
                    name=row["commune_name"],
                    kind=ref.COMMUNE_KINDS[row["commune_type"].lower()],
                )
            )
    return tuple(
        ProvinceSpec(p["code"], p["name"], p["kind"], tuple(p["wards"])) for p in provinces.values()
    )


def plan_provinces(options: Options) -> list[ProvinceSpec]:
    """The provinces and wards the options ask for; beyond the official list, synthetic wards
    with codes that no official unit has (S + province code + number)."""
    chosen = official_list()[: options.provinces]
    wanted = options.wards_per_province
    if wanted is None:
        return list(chosen)
    result = []
    for province in chosen:
        wards = list(province.wards[:wanted])
        for number in range(len(wards) + 1, wanted + 1):
            rng = builders.rng_for(options.seed, "synthetic", province.code, number)
            kind = UnitKind.WARD if rng.random() < 0.25 else UnitKind.COMMUNE
            prefix = "Phường" if kind == UnitKind.WARD else "Xã"
            wards.append(
                WardSpec(
                    code=f"S{province.code}{number:04d}",
                    name=f"{prefix} Mẫu {number}",
                    kind=kind,
                    synthetic=True,
                )
            )
        result.append(ProvinceSpec(province.code, province.name, province.kind, tuple(wards)))
    return result


def unit_class_for(seed_value: int, ward: WardSpec) -> str:
    rng = builders.rng_for(seed_value, "class", ward.code)
    return (UnitClass.I, UnitClass.II, UnitClass.III)[builders.pick(rng, CLASS_WEIGHTS[ward.kind])]


def allot(codes: Sequence[str], mix, rng) -> dict[str, str | None]:
    """Each code's status: the codes shuffled, then cut in the mix's shares (exact counts)."""
    order = sorted(codes)
    rng.shuffle(order)
    result, start, cumulative = {}, 0, 0
    for status, percent in mix:
        cumulative += percent
        end = round(len(order) * cumulative / 100)
        for code in order[start:end]:
            result[code] = status
        start = end
    return result


def status_plan(seed_value: int, provinces: Iterable[ProvinceSpec], years) -> dict:
    """(ward code, year) → the report's status, or None for no report; shares per province,
    so that each province's completeness page has its own gaps."""
    plan = {}
    for province in provinces:
        codes = [w.code for w in province.wards]
        for year in years:
            if year == LAST_YEAR:
                mix = LATEST_MIX
            elif year == LAST_YEAR - 1:
                mix = PREVIOUS_MIX
            else:
                mix = ((ReportStatus.APPROVED, 100),)
            rng = builders.rng_for(seed_value, "status", province.code, year)
            for code, status in allot(codes, mix, rng).items():
                plan[code, year] = status
    return plan


# --- Helpers -------------------------------------------------------------------------------


def _plan_ward(spec: WardSpec, unit: Unit) -> builders.Ward:
    """The demo generator's view of a ward (its titles, names and profile come from it)."""
    ward = builders.Ward(
        code=spec.code,
        name=spec.name,
        kind=spec.kind,
        unit_class=unit.unit_class,
        valid_from=SCALE_FROM,
        valid_to=None,
    )
    ward.profile = builders.profile_for(ward)
    return ward


def _cell_plans(ward: builders.Ward, cells: list[dict], rng) -> list[tuple[int, builders.CellPlan]]:
    """(pk, the demo generator's view) of each of the ward's saved cells, with its first-year
    members drawn."""
    plans = []
    for row in cells:
        plan = builders.CellPlan(
            ward=ward,
            name=row["name"],
            kind=row["kind"],
            valid_from=row["valid_from"],
            valid_to=row["valid_to"],
        )
        builders.give_members(plan, rng)
        plans.append((row["pk"], plan))
    return plans


def _standing_titles(ward: builders.Ward) -> list[str]:
    """The positions whose holders sit on the standing committee, as in the demo."""
    titles = [builders.staff_titles(ward)[i][1] for i in builders.STANDING]
    titles.append(builders.MILITARY_CHIEF.format(u=ward.unit_word))
    return titles


def _holders_on(holders: list[dict], day: datetime.date, titles: list[str]) -> list[str]:
    """The names of those who hold `titles` on `day`, each once, in the titles' order."""
    on_duty = {
        h["position"]: h["full_name"]
        for h in holders
        if h["valid_from"] <= day and (h["valid_to"] is None or day <= h["valid_to"])
    }
    return list(dict.fromkeys(on_duty[t] for t in titles if t in on_duty))


def _figure_rows(ward, period: Period, cells, standing: list[str], previous: dict, rng):
    """The figure rows (FIGURE_FIELDS without report_id) of the cells on the period's last
    day; `previous` (cell pk → last year's figures) moves on to this period's."""
    profile = ward.profile
    current = [(pk, plan) for pk, plan in cells if plan.valid_on(period.end)]
    unassigned = set()
    if profile.standing_gaps and period.year in (2022, 2025) and current:
        picked = rng.sample(current, min(profile.standing_gaps, len(current)))
        unassigned = {pk for pk, _ in picked}
    rows = []
    for index, (pk, plan) in enumerate(current):
        fixed = plan.base if pk not in previous else None
        f = builders.one_year(rng, plan, previous.get(pk), fixed)
        previous[pk] = f
        level, score = builders.quality(rng, profile.good_share, period.uses_quality_score)
        head = None
        if plan.kind == CellKind.RESIDENTIAL:
            head = rng.random() < profile.head_share
        in_charge = ""
        if standing and pk not in unassigned:
            in_charge = standing[index % len(standing)]
        review = rng.random() < profile.review_share
        rows.append(
            (pk, *f.counts(), f.has_committee, f.thematic_meetings, head, in_charge, level, score,
             review, "")
        )  # fmt: skip
    return rows


def _chunks(items: Sequence, size: int = CHUNK):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _delete(queryset: models.QuerySet) -> int:
    """DELETE … WHERE id IN (the queryset): one statement, no signals, no audit rows and no
    cascade (the caller deletes dependants first). Django's delete() would load every row to
    send its signals — hundreds of thousands here."""
    model = queryset.model
    sql, params = queryset.values("pk").query.sql_with_params()
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {quote(model._meta.db_table)} "
            f"WHERE {quote(model._meta.pk.column)} IN ({sql})",
            params,
        )
        return cursor.rowcount


def scale_units() -> models.QuerySet:
    """Every unit the scale data created (with any options)."""
    return Unit.objects.filter(
        is_sample=True,
        valid_from=SCALE_FROM,
        level__in=[Level.PROVINCE, Level.COMMUNE, Level.NEIGHBOURHOOD],
    )


FIGURE_FIELDS = ("report_id", "cell_id", *CELL_ENTRY_FIELDS)


def _copy_value(value) -> str:
    if value is None:
        return r"\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    text = str(value)
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")


def insert_figures(rows: list[tuple]) -> None:
    """Rows of FIGURE_FIELDS into reports_cellfigures: COPY on PostgreSQL (several times
    faster than INSERT for the largest table), bulk_create elsewhere."""
    if not rows:
        return
    if connection.vendor == "postgresql":
        # COPY writes no Django default: every NOT NULL column without a value in the rows is
        # given its default here (a figure approved with no name kept: "").
        defaults = {"approved_cell_name": ""}
        buffer = io.StringIO()
        for row in rows:
            buffer.write("\t".join(_copy_value(v) for v in (*row, *defaults.values())))
            buffer.write("\n")
        buffer.seek(0)
        quote = connection.ops.quote_name
        fields = (*FIGURE_FIELDS, *defaults)
        columns = ", ".join(quote(CellFigures._meta.get_field(f).column) for f in fields)
        with connection.cursor() as cursor:
            cursor.cursor.copy_expert(
                f"COPY {quote(CellFigures._meta.db_table)} ({columns}) FROM STDIN", buffer
            )
        return
    CellFigures.objects.bulk_create(
        [CellFigures(**dict(zip(FIGURE_FIELDS, row, strict=True))) for row in rows],
        batch_size=BATCH,
    )


# --- The generator -------------------------------------------------------------------------


class Generator:
    def __init__(self, options: Options, progress: Progress):
        options.check()
        self.options = options
        self.progress = progress
        self.result = Result()
        self.plan = plan_provinces(options)
        self.country: Unit | None = None
        self.provinces: dict[str, Unit] = {}
        # (spec, unit, province code) in file order
        self.wards: list[tuple[WardSpec, Unit, str]] = []
        self.periods: list[Period] = []
        self.statuses: dict[tuple[str, int], str | None] = {}

    @property
    def ward_ids(self) -> list[int]:
        return [unit.pk for _, unit, _ in self.wards]

    def run(self) -> Result:
        phases: list[tuple[str, Callable[[], None]]] = []
        if self.options.fresh:
            phases.append(("deleting earlier scale data", self.delete_previous))
        phases += [
            ("reference data", self.reference),
            ("units", self.units),
            ("neighbourhoods and cells", self.cells),
            ("cadres", self.cadres),
            ("reports and cell figures", self.reports),
            ("targets and users", self.targets_and_users),
        ]
        # A bulk load: nothing is derived on the way, the ancestry and summaries at the end.
        for number, (name, run) in enumerate(phases, start=1):
            self._timed(f"[{number}/{len(phases) + 1}] {name}", run, atomic=True)
        # refresh() is atomic per period: a dashboard never sees half a period refreshed.
        self._timed(f"[{len(phases) + 1}/{len(phases) + 1}] summaries", self.refresh)
        self.count_totals()
        return self.result

    def _timed(self, label: str, run: Callable[[], None], atomic: bool = False) -> None:
        started = time.monotonic()
        self.progress.phase = label.split("] ", 1)[0] + "] "
        if atomic:
            with transaction.atomic():
                run()
        else:
            run()
        self.progress.finish()
        name = label.split("] ", 1)[1]
        self.result.timings.append((name, time.monotonic() - started))

    def tally(self, key: str, created: int) -> None:
        self.result.counts[key].created += created

    # --- 0. --fresh ----------------------------------------------------------------------

    def delete_previous(self) -> None:
        units = scale_units()
        wards = units.filter(level=Level.COMMUNE)
        targets = Target.objects.filter(Q(area__in=units) | Q(ward__in=units))
        steps = [
            ("indicator values", IndicatorValue.objects.filter(ward__in=wards)),
            ("ward summaries", WardPeriodFigures.objects.filter(ward__in=wards)),
            ("cell figures", CellFigures.objects.filter(report__ward__in=wards)),
            ("ward quotas", WardQuota.objects.filter(ward__in=wards)),
            ("reports", Report.objects.filter(ward__in=wards)),
            (
                "planning pool entries",
                Cadre.planning_terms.through.objects.filter(cadre__ward__in=wards),
            ),
            ("cadres", Cadre.objects.filter(ward__in=wards)),
            ("cells", Cell.objects.filter(ward__in=wards)),
            ("target periods", Target.periods.through.objects.filter(target__in=targets)),
            ("targets", targets),
            ("roles", Role.objects.filter(unit__in=units)),
            ("lineage", Lineage.objects.filter(Q(predecessor__in=units) | Q(successor__in=units))),
            ("unit links", UnitLink.objects.filter(Q(child__in=units) | Q(parent__in=units))),
            ("units", units),
        ]
        self.progress.start("deleting earlier scale data", len(steps), "tables")
        # Other wards' values that named a scale province's target keep their row, without it.
        IndicatorValue.objects.filter(target__in=targets).update(target=None)
        for name, queryset in steps:
            self.result.deleted[name] = _delete(queryset)
            self.progress.advance()

    # --- 1. Reference data -----------------------------------------------------------------

    def reference(self) -> None:
        self.progress.start("reference data", 3, "steps")
        # The demo's rules (seed.seed_rules), only where some are missing: rules an
        # administrator edited since stay as they are.
        have_rules = (
            QuotaRuleSet.objects.filter(
                legal_source__in=[s["legal_source"] for s in seed.RULE_SETS]
            )
            .values("legal_source")
            .distinct()
            .count()
            == len(seed.RULE_SETS)
            and AgeBand.objects.exists()
            and all(
                PlanningTerm.objects.filter(start_year=a, end_year=b).exists()
                for a, b in builders.TERMS
            )
        )
        if not have_rules:
            seed.seed_rules(Syncer())
        self.progress.advance()
        load_indicators(Indicator)  # normally there already, from the data migration
        self.progress.advance()
        years = self.options.years
        existing = {
            p.year: p for p in Period.objects.filter(kind=PeriodKind.YEAR, number=1, year__in=years)
        }
        missing = [seed.year_period(year) for year in years if year not in existing]
        Period.objects.bulk_create(missing)
        self.tally("periods", len(missing))
        self.periods = sorted([*existing.values(), *missing], key=lambda p: p.year)
        self.progress.advance()

    # --- 2. Units ----------------------------------------------------------------------------

    def units(self) -> None:
        total = len(self.plan) + sum(len(p.wards) for p in self.plan)
        self.progress.start("units", total, "units")
        self.country = (
            Unit.objects.filter(level=Level.COUNTRY, code=COUNTRY_CODE)
            .order_by("valid_from")
            .first()
        )
        if self.country is None:
            self.country = Unit.objects.create(
                code=COUNTRY_CODE,
                name=COUNTRY_NAME,
                kind=UnitKind.COUNTRY,
                valid_from=ref.PROVINCE_FROM,
            )
        provinces = [
            Unit(
                code=p.code,
                name=p.name,
                kind=p.kind,
                level=LEVEL_OF_KIND[p.kind],  # bulk_create skips Unit.save, which sets it
                valid_from=SCALE_FROM,
                is_sample=True,
            )
            for p in self.plan
        ]
        self.provinces = self._get_or_create_units(Level.PROVINCE, provinces, "provinces")
        self._link([u.pk for u in self.provinces.values()], lambda pk: self.country.pk)
        self.progress.advance(len(provinces))

        parent_of: dict[int, int] = {}
        for province in self.plan:
            rows = [
                Unit(
                    code=w.code,
                    name=w.name,
                    kind=w.kind,
                    level=LEVEL_OF_KIND[w.kind],
                    unit_class=unit_class_for(self.options.seed, w),
                    valid_from=SCALE_FROM,
                    is_sample=True,
                )
                for w in province.wards
            ]
            saved = self._get_or_create_units(Level.COMMUNE, rows, "wards")
            parent = self.provinces[province.code]
            for spec in province.wards:
                unit = saved[spec.code]
                self.wards.append((spec, unit, province.code))
                parent_of[unit.pk] = parent.pk
            self.progress.advance(len(rows))
        self._link(list(parent_of), parent_of.__getitem__)

    def _get_or_create_units(self, level: int, rows: list[Unit], key: str) -> dict[str, Unit]:
        """The units by code: those already there (matched on level, code and SCALE_FROM) and
        the missing ones, created."""
        codes = [u.code for u in rows]
        existing = {
            u.code: u
            for u in Unit.objects.filter(level=level, valid_from=SCALE_FROM, code__in=codes)
        }
        missing = [u for u in rows if u.code not in existing]
        Unit.objects.bulk_create(missing, batch_size=BATCH)
        self.tally(key, len(missing))
        return {**existing, **{u.code: u for u in missing}}

    def _link(self, child_ids: list[int], parent_of: Callable[[int], int]) -> None:
        linked = set(
            UnitLink.objects.filter(child__in=child_ids, valid_from=SCALE_FROM).values_list(
                "child_id", flat=True
            )
        )
        UnitLink.objects.bulk_create(
            [
                UnitLink(child_id=pk, parent_id=parent_of(pk), valid_from=SCALE_FROM)
                for pk in child_ids
                if pk not in linked
            ],
            batch_size=BATCH,
        )

    # --- 3. Neighbourhoods and cells -------------------------------------------------------

    def cells(self) -> None:
        self.progress.start("neighbourhoods and cells", len(self.wards), "wards")
        with_cells = set(
            Cell.objects.filter(ward__in=self.ward_ids).values_list("ward_id", flat=True).distinct()
        )
        for chunk in _chunks(self.wards):
            todo = [(spec, unit) for spec, unit, _ in chunk if unit.pk not in with_cells]
            if todo:
                self._cells_of(todo)
            self.progress.advance(len(chunk))

    def _cells_of(self, wards: list[tuple[WardSpec, Unit]]) -> None:
        n = self.options.cells_per_ward
        residential = max(1, round(n * RESIDENTIAL_SHARE))
        plans = []  # (ward unit, plan ward, hoods)
        for spec, unit in wards:
            ward = _plan_ward(spec, unit)
            rng = builders.rng_for(self.options.seed, "cells", spec.code)
            bases = rng.sample(
                names.NEIGHBOURHOOD_BASES, min(residential, len(names.NEIGHBOURHOOD_BASES))
            )
            bases += [f"Số {i}" for i in range(len(bases) + 1, residential + 1)]
            hoods = [builders.Hood(ward, number, base) for number, base in enumerate(bases, 1)]
            plans.append((unit, ward, hoods))
        hood_rows = [
            Unit(
                code=h.code,
                name=h.name,
                kind=h.kind,
                level=Level.NEIGHBOURHOOD,
                valid_from=SCALE_FROM,
                is_sample=True,
            )
            for _, _, hoods in plans
            for h in hoods
        ]
        saved = self._get_or_create_units(Level.NEIGHBOURHOOD, hood_rows, "neighbourhoods")
        parent_of = {saved[h.code].pk: unit.pk for unit, _, hoods in plans for h in hoods}
        self._link(list(parent_of), parent_of.__getitem__)
        cells = []
        for unit, ward, hoods in plans:
            for hood in hoods:
                cells.append(
                    Cell(
                        ward_id=unit.pk,
                        name=f"Chi bộ {hood.name}",
                        kind=CellKind.RESIDENTIAL,
                        neighbourhood_id=saved[hood.code].pk,
                        valid_from=SCALE_FROM,
                        is_sample=True,
                    )
                )
            for index in range(n - len(hoods)):
                if index < len(builders.INSTITUTIONAL_ORDER):
                    kind, number = builders.INSTITUTIONAL_ORDER[index]
                    name = builders.institutional_name(ward, kind, number)
                else:  # beyond the demo's twenty institutional cells: the ward's offices
                    kind, name = CellKind.OTHER, f"Chi bộ Cơ quan số {index + 1} {ward.short}"
                cells.append(
                    Cell(
                        ward_id=unit.pk,
                        name=name,
                        kind=kind,
                        valid_from=SCALE_FROM,
                        is_sample=True,
                    )
                )
        Cell.objects.bulk_create(cells, batch_size=BATCH)
        self.tally("cells", len(cells))

    # --- 4. Cadres ---------------------------------------------------------------------------

    def cadres(self) -> None:
        self.progress.start("cadres", len(self.wards), "wards")
        with_cadres = set(
            Cadre.objects.filter(ward__in=self.ward_ids)
            .values_list("ward_id", flat=True)
            .distinct()
        )
        terms = {(t.start_year, t.end_year): t.pk for t in PlanningTerm.objects.all()}
        for chunk in _chunks(self.wards):
            todo = [(spec, unit) for spec, unit, _ in chunk if unit.pk not in with_cadres]
            if todo and self.options.staff_per_ward:
                self._cadres_of(todo, terms)
            self.progress.advance(len(chunk))

    def _cadres_of(self, wards: list[tuple[WardSpec, Unit]], terms: dict) -> None:
        hoods_of = defaultdict(list)
        for link in (
            UnitLink.objects.filter(
                parent__in=[u.pk for _, u in wards], child__level=Level.NEIGHBOURHOOD
            )
            .order_by("child__code")
            .values("parent_id", "child_id")
        ):
            hoods_of[link["parent_id"]].append(link["child_id"])
        rows, posts = [], []
        for spec, unit in wards:
            ward = _plan_ward(spec, unit)
            hoods = {}
            for number, pk in enumerate(hoods_of[unit.pk], 1):
                hoods[pk] = builders.Hood(ward, number, "")
            self._roster(ward, list(hoods.values()))
            hood_pk = {id(h): pk for pk, h in hoods.items()}
            for post in ward.posts:
                posts.append(post)
                rows.append(
                    Cadre(
                        ward_id=unit.pk,
                        full_name=post.person.full_name,
                        position=post.position,
                        category=post.category,
                        neighbourhood_id=hood_pk[id(post.hood)] if post.hood else None,
                        gender=post.person.gender,
                        birth_year=post.person.birth_year,
                        education=post.person.education,
                        political_theory=post.person.political_theory,
                        meets_standard=post.person.meets_standard,
                        valid_from=post.valid_from,
                        valid_to=post.valid_to,
                        is_sample=True,
                    )
                )
        Cadre.objects.bulk_create(rows, batch_size=BATCH)
        through = Cadre.planning_terms.through
        pool = [
            through(cadre_id=row.pk, planningterm_id=terms[term])
            for post, row in zip(posts, rows, strict=True)
            for term in sorted(post.terms)
        ]
        through.objects.bulk_create(pool, batch_size=BATCH)
        self.tally("cadres", len(rows))
        self.tally("planning pool entries", len(pool))

    def _roster(self, ward: builders.Ward, hoods: list[builders.Hood]) -> None:
        """`staff_per_ward` posts on duty at any time: cadres and civil servants (about 70 %),
        ward part-time workers, a few neighbourhood part-time workers; some leave and are
        replaced during the periods; about 40 % of the staff in the planning pools."""
        rng = builders.rng_for(self.options.seed, "roster", ward.code)
        size = self.options.staff_per_ward
        ward_part_time = rng.randint(round(size * 0.13), round(size * 0.23))
        hood_part_time = rng.randint(round(size * 0.07), round(size * 0.17)) if hoods else 0
        staff_count = size - ward_part_time - hood_part_time
        if staff_count < 1:  # tiny rosters: at least the secretary
            staff_count, ward_part_time, hood_part_time = 1, max(0, size - 1), 0
        people = builders.People()
        staff = builders.Roster(ward, rng, people, builders.staff_titles(ward))
        for category, position in staff.titles[:staff_count]:
            staff.hire(category, position, CADRES_FROM)
        part_time = builders.Roster(ward, rng, people, builders.part_time_titles(ward))
        for category, position in part_time.titles[:ward_part_time]:
            part_time.hire(category, position, CADRES_FROM)
        in_hoods = builders.Roster(ward, rng, people, [])
        # At most 3 titles per neighbourhood (Nghị định 33/2023); a ward with the "excess"
        # profile keeps a fourth somewhere, for the indicator to find.
        per_hood = 4 if ward.profile.hood_excess else 3
        remaining = hood_part_time
        for hood in rng.sample(hoods, len(hoods)):
            if remaining <= 0:
                break
            take = min(per_hood, remaining)
            for position in builders.hood_titles(hood)[:take]:
                in_hoods.hire(Category.NEIGHBOURHOOD_PART_TIME, position, SCALE_FROM, hood)
            remaining -= take
        secretary = staff.titles[0][1]
        for year in range(SCALE_FROM.year, LAST_YEAR + 1):
            leaving = [p for p in staff.active if p.position != secretary]
            if leaving and rng.random() < 0.4:
                staff.replace(rng.choice(leaving), builders.day_in(rng, year))
            if part_time.active and rng.random() < 0.1:
                part_time.replace(rng.choice(part_time.active), builders.day_in(rng, year))
            if in_hoods.active and rng.random() < 0.05:
                in_hoods.replace(rng.choice(in_hoods.active), builders.day_in(rng, year))
        builders.choose_pool(ward, rng, builders.TERMS[1], SCALE_FROM, share=0.3)
        builders.choose_pool(ward, rng, builders.TERMS[2], builders.year_end(2024), share=0.3)

    # --- 5. Reports and cell figures -------------------------------------------------------

    def reports(self) -> None:
        self.progress.start("reports and cell figures", len(self.wards), "wards")
        self.statuses = status_plan(self.options.seed, self.plan, self.options.years)
        for chunk in _chunks(self.wards):
            self._reports_of([(spec, unit) for spec, unit, _ in chunk])
            self.progress.advance(len(chunk))

    def _reports_of(self, wards: list[tuple[WardSpec, Unit]]) -> None:
        ids = [unit.pk for _, unit in wards]
        existing = set(
            Report.objects.filter(ward__in=ids, period__in=self.periods).values_list(
                "ward_id", "period_id"
            )
        )
        cells_of = defaultdict(list)
        for cell in (
            Cell.objects.filter(ward__in=ids)
            .order_by("name")
            .values("pk", "ward_id", "name", "kind", "valid_from", "valid_to")
        ):
            cells_of[cell["ward_id"]].append(cell)
        holders = defaultdict(list)
        for row in Cadre.objects.filter(ward__in=ids, category__in=STAFF).values(
            "ward_id", "position", "full_name", "valid_from", "valid_to"
        ):
            holders[row["ward_id"]].append(row)

        reports, lines = [], []  # lines: per report, its figure rows (without report_id)
        for spec, unit in wards:
            wanted = [
                p
                for p in self.periods
                if (unit.pk, p.pk) not in existing and self._status(spec.code, p.year) is not None
            ]
            if not wanted:
                continue  # nothing to add: skip drawing the ward's figures
            ward = _plan_ward(spec, unit)
            for report, rows in self._ward_reports(ward, unit, cells_of, holders):
                if (unit.pk, report.period_id) in existing or report.status is None:
                    continue
                reports.append(report)
                lines.append(rows)
        Report.objects.bulk_create(reports, batch_size=BATCH)
        figures = [
            (report.pk, *row) for report, rows in zip(reports, lines, strict=True) for row in rows
        ]
        insert_figures(figures)
        self.tally("reports", len(reports))
        self.tally("cell figures", len(figures))

    def _ward_reports(self, ward: builders.Ward, unit: Unit, cells_of, holders):
        """(unsaved report, its figure rows) for every period, drawn in a fixed order so that
        a ward's figures do not depend on which of its reports were there already. A report
        whose status is None is one the ward has not sent."""
        rng = builders.rng_for(self.options.seed, "figures", ward.code)
        cells = _cell_plans(ward, cells_of[unit.pk], rng)
        titles = _standing_titles(ward)
        previous: dict[int, builders.Figures] = {}  # each cell's figures of the year before
        for period in self.periods:
            standing = _holders_on(holders[unit.pk], period.end, titles)
            rows = _figure_rows(ward, period, cells, standing, previous, rng)
            total = sum(row[1] for row in rows)  # members
            opening = sum(row[1 + CELL_COUNT_FIELDS.index("opening")] for row in rows)
            declared = total
            if rng.random() < DECLARED_OFF_SHARE:
                declared = max(0, total + rng.choice([-3, -2, -1, 1, 2, 3]))
            report = Report(
                ward_id=unit.pk,
                period_id=period.pk,
                status=self._status(ward.code, period.year),
                declared_members=declared,
                opening_members=opening,
                **dict(
                    zip(
                        ("organisation_level", "organisation_level_given", "organisation_score"),
                        builders.organisation_rating(
                            ward.code, period.year, period.uses_quality_score
                        ),
                        strict=True,
                    )
                ),
                training_attendances=rng.randint(18, 60),
                propagandists=rng.randint(5, 15),
                mass_mobilisation_models=rng.randint(3, 14),
                note=NOTE,
                is_sample=True,
            )
            yield report, rows

    def _status(self, code: str, year: int) -> str | None:
        return self.statuses.get((code, year), ReportStatus.APPROVED)

    # --- 6. Targets and users --------------------------------------------------------------

    def targets_and_users(self) -> None:
        provinces = list(self.provinces.values())
        self.progress.start("targets and users", len(provinces) + 1, "provinces + users")
        indicators = {i.code: i for i in Indicator.objects.all()}
        have = set(
            Target.objects.filter(area__in=provinces, unit_class="", ward=None).values_list(
                "area_id", "indicator_id", "valid_from"
            )
        )
        missing = []
        for province in provinces:
            for code, values in seed.default_targets():
                indicator = indicators[code]
                if (province.pk, indicator.pk, values["valid_from"]) not in have:
                    missing.append(Target(indicator=indicator, area=province, **values))
            self.progress.advance()
        Target.objects.bulk_create(missing, batch_size=BATCH)
        self.tally("targets", len(missing))
        self.result.users = scale_users(self.country, self.plan)
        self.tally("users", save_users(self.result.users))
        self.progress.advance()

    # --- 7. Summaries ------------------------------------------------------------------------

    def refresh(self) -> None:
        # Fresh statistics first: after a bulk load PostgreSQL's planner still believes the
        # tables small (it picked sequential scans of 116,000 cells for one ward's page).
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        ancestry.rebuild()
        self.progress.start("summaries", len(self.periods), "periods")
        for period in self.periods:
            summaries.refresh(period=period)
            self.progress.advance()
        if connection.vendor == "postgresql":
            # VACUUM too, as after any bulk load: the visibility map lets an area's counts be
            # read from an index alone (it cannot run inside a transaction: ANALYZE there).
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")

    # --- Totals ------------------------------------------------------------------------------

    def count_totals(self) -> None:
        counts = self.result.counts
        ids = self.ward_ids
        counts["provinces"].total = len(self.provinces)
        counts["wards"].total = len(ids)
        counts["periods"].total = len(self.periods)
        counts["cells"].total = Cell.objects.filter(ward__in=ids).count()
        counts["neighbourhoods"].total = (
            Cell.objects.filter(ward__in=ids, neighbourhood__isnull=False)
            .values("neighbourhood")
            .distinct()
            .count()
        )
        reports = Report.objects.filter(ward__in=ids, period__in=self.periods)
        counts["reports"].total = reports.count()
        counts["cell figures"].total = CellFigures.objects.filter(report__in=reports).count()
        cadres = Cadre.objects.filter(ward__in=ids)
        counts["cadres"].total = cadres.count()
        counts["planning pool entries"].total = Cadre.planning_terms.through.objects.filter(
            cadre__in=cadres
        ).count()
        counts["targets"].total = Target.objects.filter(
            area__in=list(self.provinces.values()), unit_class="", ward=None
        ).count()
        counts["users"].total = len(self.result.users)


def generate(options: Options, *, progress: Progress | None = None) -> Result:
    """Create (or complete) the scale data the options describe; see the module docstring."""
    return Generator(options, progress or Progress()).run()


# --- Users ---------------------------------------------------------------------------------


def password_for(username: str) -> str:
    return f"{username}-wardstats-2025"


def scale_users(country: Unit, plan: list[ProvinceSpec]) -> tuple[DemoUser, ...]:
    """A national officer, an officer of the first province, an editor of its first ward."""
    province, ward = plan[0], plan[0].wards[0]
    specs = [
        (
            "scale-national",
            "Ban Tổ chức",
            "Trung ương",
            RoleSpec(RoleKind.AREA_OFFICER, Level.COUNTRY, country.code, country.valid_from),
            "area officer of the country: sees every province and ward, read-only",
        ),
        (
            "scale-province",
            "Ban Tổ chức",
            province.name,
            RoleSpec(RoleKind.AREA_OFFICER, Level.PROVINCE, province.code, SCALE_FROM),
            f"area officer of {province.name}: sees its wards, approves or returns reports",
        ),
        (
            "scale-ward",
            "Văn phòng Đảng ủy",
            ward.name,
            RoleSpec(RoleKind.WARD_EDITOR, Level.COMMUNE, ward.code, SCALE_FROM),
            f"ward editor of {ward.name} ({province.name}): enters and edits its figures",
        ),
    ]
    return tuple(
        DemoUser(
            username=username,
            password=password_for(username),
            first_name=first,
            last_name=last,
            roles=(role,),
            can_do=can_do,
        )
        for username, first, last, role, can_do in specs
    )


def save_users(specs: Iterable[DemoUser]) -> int:
    """The users and exactly their roles; returns how many were created. Like the demo's
    users, passwords are known: for a developer's or benchmark machine only."""
    User = get_user_model()
    created = 0
    for spec in specs:
        user = User.objects.filter(username=spec.username).first()
        if user is None:
            user, created = User(username=spec.username), created + 1
        user.first_name, user.last_name = spec.first_name, spec.last_name[:150]
        user.is_staff, user.is_active, user.is_superuser = True, True, False
        # Setting a password salts it afresh; leave a matching one alone so a re-run is a no-op.
        if not user.pk or not user.check_password(spec.password):
            user.set_password(spec.password)
        user.save()
        kept = []
        for role in spec.roles:
            unit = Unit.objects.get(level=role.level, code=role.code, valid_from=role.valid_from)
            kept.append(Role.objects.get_or_create(user=user, unit=unit, kind=role.kind)[0].pk)
        Role.objects.filter(user=user).exclude(pk__in=kept).delete()
    return created


# --- The summary -----------------------------------------------------------------------------


def summary_lines(result: Result) -> list[str]:
    lines = []
    if result.deleted:
        deleted = ", ".join(f"{name} {n:,}" for name, n in result.deleted.items() if n)
        lines += [f"Deleted earlier scale data: {deleted or 'nothing'}", ""]
    lines.append(f"{'':<24}{'total':>10}{'created':>10}{'reused':>10}")
    for key in COUNTED:
        tally = result.counts[key]
        lines.append(f"{key:<24}{tally.total:>10,}{tally.created:>10,}{tally.reused:>10,}")
    lines += ["", "Elapsed per phase:"]
    for name, seconds in result.timings:
        lines.append(f"  {name:<32}{seconds:>8.1f} s")
    lines.append(f"  {'total':<32}{sum(s for _, s in result.timings):>8.1f} s")
    lines += ["", "Users (development and benchmark machines only):"]
    for user in result.users:
        lines += [
            f"  username: {user.username}",
            f"  password: {user.password}",
            f"  can do:   {user.can_do}",
            "",
        ]
    return lines


def holds_scale_data() -> bool:
    """Whether generate_scale has written to this database (its provinces start on SCALE_FROM)."""
    return Unit.objects.filter(level=Level.PROVINCE, valid_from=SCALE_FROM, is_sample=True).exists()


def holds_demo_data() -> bool:
    """Whether seed_demo has written to this database (its Quảng Ninh starts in 1900)."""
    return Unit.objects.filter(
        level=Level.PROVINCE, code=ref.PROVINCE_CODE, valid_from=ref.PROVINCE_FROM
    ).exists()
