"""The demo data, generated in memory without touching the database.

Everything is deterministic: each ward, cell and roster draws from its own `random.Random`
seeded with a string such as "cells-07069-2000", so a re-run builds exactly the same rows and a
change to one ward's generator does not reshuffle every other ward. Within one generator the
order of the draws is part of the data: reorder them and every later row changes.

What is real: the official units, codes and conversions (wardstats/hierarchy/data), and Mạo
Khê's totals for 2018 from Báo Quảng Ninh (2 Aug 2018). Everything else — cells, per-cell
figures, people, later years — is invented, plausibly, and flagged `is_sample`.

`build()` is the whole plan, step by step; the sections below follow its order.
"""

import datetime
import math
import random
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import cycle, islice

from wardstats.hierarchy.models import CellKind, UnitClass, UnitKind
from wardstats.periods.models import Period
from wardstats.reports import ratings
from wardstats.reports.models import CELL_COUNT_FIELDS, QualityLevel
from wardstats.staffing.models import Category, Education, Gender, PoliticalTheory

from . import names
from . import reference as ref

YEARS = tuple(range(2018, 2026))
OLD_YEARS = tuple(range(2018, 2025))
NEW_YEAR = 2025
# Rosters start two years before the first report, so that 2018's staff have a history.
ROSTER_FIRST_YEAR = 2016
STAFF = (Category.CADRE, Category.CIVIL_SERVANT)
TERMS = ((2015, 2020), (2020, 2025), (2025, 2030))


@dataclass(frozen=True)
class Article:
    """Mạo Khê, 2018, as Báo Quảng Ninh reported it (2 Aug 2018). These must hold exactly."""

    year: int = 2018
    members: int = 1493
    cells: int = 41
    residential_cells: int = 24
    staff: int = 33
    ward_part_time: int = 14
    per_neighbourhood: int = 8
    secretary: str = names.SAMPLE_SECRETARY  # not the article's: a real person (names.py)
    secretary_position: str = "Bí thư Đảng ủy phường"
    neighbourhood: str = names.ARTICLE_NEIGHBOURHOOD
    training_attendances: int = 36  # "hàng chục lượt": dozens
    source: str = "Báo Quảng Ninh, 02/08/2018"


ARTICLE = Article()


# --- The whole plan -------------------------------------------------------------------------


def build() -> "Plan":
    """Every row of the demo, in memory: the official units, then for the reporting wards
    (Đông Triều's old ones, every new one) their cells, figures, staff, reports and quotas."""
    plan = build_units()
    plan_cells(plan)
    plan_figures(plan)
    plan_staff(plan)
    plan_reports(plan)
    plan_quotas(plan)
    return plan


def plan_cells(plan: "Plan") -> None:
    """Đông Triều's old wards invent their neighbourhoods and cells; a new unit formed only from
    them takes theirs over, any other new unit invents its own."""
    pool = names.NamePool("hoods-dong-trieu")
    for ward in plan.reporting_old:
        plan_old_cells(ward, pool)
    for old, into, day in merged_before_reform(plan):
        absorb_cells(old, into, day)
    dong_trieu = {ward.code for ward in plan.reporting_old}
    for ward in plan.reporting_new:
        ward.from_dong_trieu = formed_only_from(ward, dong_trieu)
        if ward.from_dong_trieu:
            take_over_cells(ward, plan)
        else:
            invent_cells(ward)


def plan_figures(plan: "Plan") -> None:
    """Each cell's stock and flows, year by year; a taken-over cell goes on from its origin's."""
    # A cell taken over in a merge before 2025 goes on from its origin's figures: origins first.
    for taken_over in (False, True):
        for ward in plan.reporting_old:
            for cell in ward.cells:
                if (cell.origin is not None) is taken_over:
                    grow(cell, OLD_YEARS)
    for ward in plan.reporting_new:
        for cell in ward.cells:
            grow(cell, (NEW_YEAR,))


def plan_staff(plan: "Plan") -> None:
    """Rosters and planning pools: Đông Triều's old wards from 2016, then the new units (from
    their predecessors' people, or invented)."""
    people = People()  # one namespace: Đông Triều's people may meet again in a merged unit
    for ward in plan.reporting_old:
        plan_old_roster(ward, people)
        plan_old_pools(ward)
    for _old, into, day in merged_before_reform(plan):
        absorb_neighbourhood_posts(into, day)
    for ward in plan.reporting_new:
        if ward.from_dong_trieu:
            take_over_roster(ward, plan)
        else:
            invent_roster(ward)


# --- Random draws -----------------------------------------------------------------------------


def rng_for(*parts) -> random.Random:
    # A string seed is hashed with SHA-512 by `random`, independent of PYTHONHASHSEED.
    return random.Random("-".join(str(part) for part in parts))


def year_end(year: int) -> datetime.date:
    return datetime.date(year, 12, 31)


def day_in(rng: random.Random, year: int, first_month: int = 2, last_month: int = 11):
    return datetime.date(year, rng.randint(first_month, last_month), rng.randint(1, 28))


def day_between(rng: random.Random, first: datetime.date, last: datetime.date) -> datetime.date:
    return first + datetime.timedelta(days=rng.randint(0, (last - first).days))


def pick(rng: random.Random, weights: list[int]) -> int:
    """0, 1, 2 … with the given weights."""
    return rng.choices(range(len(weights)), weights=weights)[0]


# --- The plan's objects -----------------------------------------------------------------------


class Dated:
    """Valid from `valid_from` to `valid_to`, both days included; no `valid_to`: still valid."""

    valid_from: datetime.date
    valid_to: datetime.date | None

    def valid_on(self, on: datetime.date) -> bool:
        return self.valid_from <= on and (self.valid_to is None or on <= self.valid_to)


@dataclass
class Profile:
    """How well a ward does against the provincial targets (domain.md §5); varies by ward so
    that dashboards have both green and red to show."""

    good_share: float = 0.9
    head_share: float = 1.0
    review_share: float = 1.0
    standing_gaps: int = 0
    staff_excess: int = 0
    pool_women: float = 0.3
    pool_young: float = 0.2
    pool_qualified: bool = True
    unmet_standard: float = 0.0
    hood_excess: bool = False


@dataclass(eq=False)
class Ward(Dated):
    code: str
    name: str
    kind: str
    unit_class: str
    valid_from: datetime.date
    valid_to: datetime.date | None
    district_code: str = ""
    # Earlier parents: (district code, last day under it), oldest first (Hoành Bồ's communes).
    earlier_districts: tuple[tuple[str, datetime.date], ...] = ()
    is_new: bool = False
    # A new unit formed only from old units of Đông Triều: it takes over their cells and staff.
    from_dong_trieu: bool = False
    hoods: list["Hood"] = field(default_factory=list)
    cells: list["CellPlan"] = field(default_factory=list)
    posts: list["Post"] = field(default_factory=list)
    profile: Profile = field(default_factory=Profile)

    @property
    def short(self) -> str:
        return ref.short_name(self.name)

    @property
    def unit_word(self) -> str:
        return {
            UnitKind.WARD: "phường",
            UnitKind.COMMUNE: "xã",
            UnitKind.TOWNSHIP: "thị trấn",
            UnitKind.SPECIAL_ZONE: "đặc khu",
        }[self.kind]

    @property
    def hood_kind(self) -> str:
        return UnitKind.RESIDENTIAL_AREA if self.kind == UnitKind.WARD else UnitKind.VILLAGE

    @property
    def ends_before_reform(self) -> bool:
        """Merged into another unit before 2025 (Phường Đông Triều on 01/11/2024)."""
        return self.valid_to is not None and self.valid_to < ref.OLD_TO

    def __repr__(self):
        return f"<Ward {self.code} {self.name} from {self.valid_from}>"


@dataclass(eq=False)
class Hood:
    """A neighbourhood (khu phố in a ward, thôn elsewhere)."""

    ward: Ward
    number: int
    base: str
    origin: "Hood | None" = None
    # Taken over from a unit merged into `ward` before 2025: the day it came.
    since: datetime.date | None = None

    @property
    def valid_from(self) -> datetime.date:
        return self.since or self.ward.valid_from

    @property
    def kind(self) -> str:
        return self.ward.hood_kind

    @property
    def name(self) -> str:
        prefix = "Khu phố" if self.kind == UnitKind.RESIDENTIAL_AREA else "Thôn"
        return f"{prefix} {self.base}"

    @property
    def code(self) -> str:
        return f"{self.ward.code}-{self.number:02d}"


@dataclass
class Figures:
    """A cell's year, as the members form counts it (reports.stock): the stock at the start,
    the year's increases and decreases, and the stock at the end."""

    members: int
    probationary: int
    women: int
    admitted: int
    transferred_in: int
    transferred_out: int
    deaths: int
    struck_off: int
    opening: int = 0
    reinstated: int = 0
    expelled: int = 0
    resigned: int = 0
    recognised_full: int = 0
    rated_excellent: int = 0
    rated_good: int = 0
    rated_completed: int = 0
    rated_not_completed: int = 0
    unrated_new: int = 0
    unrated_exempt: int = 0
    unrated_other: int = 0
    exempt: int = 0
    has_committee: bool = False
    thematic_meetings: int = 0

    def counts(self) -> tuple:
        """The counts in the order of reports.models.CELL_COUNT_FIELDS."""
        return tuple(getattr(self, name) for name in CELL_COUNT_FIELDS)


@dataclass(eq=False)
class CellPlan(Dated):
    ward: Ward
    name: str
    kind: str
    valid_from: datetime.date
    valid_to: datetime.date | None
    hood: Hood | None = None
    origin: "CellPlan | None" = None
    base: int = 0  # members in the cell's first year
    women_share: float = 0.35
    stock: dict[int, Figures] = field(default_factory=dict)


@dataclass(eq=False)
class Person:
    full_name: str
    gender: str
    birth_year: int
    education: int
    political_theory: int
    meets_standard: bool


@dataclass(eq=False)
class Post(Dated):
    """One person in one position of a ward: one Cadre row."""

    ward: Ward
    person: Person
    category: str
    position: str
    valid_from: datetime.date
    valid_to: datetime.date | None = None
    hood: Hood | None = None
    terms: set[tuple[int, int]] = field(default_factory=set)


@dataclass(eq=False)
class FigureRow:
    cell: CellPlan
    figures: Figures
    secretary_is_head: bool | None
    standing_member_in_charge: str
    quality_level: str
    quality_score: Decimal | None
    review_held: bool
    comment: str = ""


@dataclass(eq=False)
class ReportPlan:
    ward: Ward
    year: int
    declared_members: int
    opening_members: int
    organisation_level: str
    organisation_level_given: str
    organisation_score: Decimal | None
    training_attendances: int
    propagandists: int
    mass_mobilisation_models: int
    note: str
    rows: list[FigureRow] = field(default_factory=list)
    # {(breakdown, category): members} (reports.structure), adding up to the members.
    membership: dict = field(default_factory=dict)


@dataclass(eq=False)
class QuotaPlan:
    ward: Ward
    year: int
    cadres_civil_servants: int | None = None
    ward_part_time: int | None = None
    neighbourhood_part_time: int | None = None
    admissions_target: int | None = None
    legal_source: str = ""


def each_once(wards) -> list[Ward]:
    """The wards in order, a unit that goes on unchanged (old and new at once) only once."""
    return list({id(ward): ward for ward in wards}.values())


@dataclass
class Plan:
    districts: tuple[ref.District, ...]
    old_wards: dict[str, Ward]
    new_wards: dict[str, Ward]
    reporting_old: list[Ward]
    reports: list[ReportPlan] = field(default_factory=list)
    quotas: list[QuotaPlan] = field(default_factory=list)

    @property
    def reporting_new(self) -> list[Ward]:
        return list(self.new_wards.values())

    @property
    def reporting(self) -> list[Ward]:
        return each_once([*self.reporting_old, *self.reporting_new])

    def all_wards(self) -> list[Ward]:
        return each_once([*self.old_wards.values(), *self.new_wards.values()])


# --- Units --------------------------------------------------------------------------------


def build_units() -> Plan:
    """Quảng Ninh's official units before and after the reform, with those that ended earlier
    (merged in 2020 or 2024). Đông Triều's old wards report until 2024 (a ward merged on
    01/11/2024 until 2023), every new unit in 2025."""
    districts, communes = ref.old_units()
    ended_districts, ended = ref.ended_units()
    continuing = ref.continuing_codes()
    old_wards = {commune.code: old_ward(commune, continuing) for commune in (*communes, *ended)}
    new_wards = {
        # Giữ nguyên: the same unit goes on, with a second parent link from the reform.
        commune.code: old_wards[commune.code] if commune.code in continuing else new_ward(commune)
        for commune in ref.new_units()
    }
    return Plan(
        districts=(*districts, *ended_districts),
        old_wards=old_wards,
        new_wards=new_wards,
        # The wards that ended before 2025 come last: the shared name pools and rosters then
        # draw for the others exactly as before.
        reporting_old=[w for w in old_wards.values() if w.district_code == ref.DONG_TRIEU_CODE],
    )


def old_ward(commune: ref.Commune, continuing: set[str]) -> Ward:
    ward = Ward(
        code=commune.code,
        name=commune.name,
        kind=commune.kind,
        unit_class=unit_class_for(commune.code, commune.kind, is_new=False),
        valid_from=ref.OLD_FROM,
        valid_to=commune.valid_to or (None if commune.code in continuing else ref.OLD_TO),
        district_code=commune.district_code,
        earlier_districts=ref.earlier_districts().get(commune.code, ()),
    )
    ward.profile = profile_for(ward)
    return ward


def new_ward(commune: ref.Commune) -> Ward:
    ward = Ward(
        code=commune.code,
        name=commune.name,
        kind=commune.kind,
        unit_class=unit_class_for(commune.code, commune.kind, is_new=True),
        valid_from=ref.REFORM,
        valid_to=None,
        is_new=True,
    )
    ward.profile = profile_for(ward)
    return ward


def unit_class_for(code: str, kind: str, is_new: bool) -> str:
    if code == ref.MAO_KHE_CODE:
        return UnitClass.I  # the demo ward: a large coal-town ward
    rng = rng_for("class", code, "new" if is_new else "old")
    urban = kind in (UnitKind.WARD, UnitKind.SPECIAL_ZONE)
    if is_new:
        # Merged units are large: mostly class I.
        weights = [80, 20, 0] if urban else [40, 50, 10]
    else:
        weights = [55, 35, 10] if urban else [15, 50, 35]
    return [UnitClass.I, UnitClass.II, UnitClass.III][pick(rng, weights)]


def profile_for(ward: Ward) -> Profile:
    if ward.code == ref.MAO_KHE_CODE:
        return Profile()  # the article's ward meets every target
    rng = rng_for("profile", ward.code, ward.valid_from.year)
    return Profile(
        good_share=rng.choice([0.7, 0.75, 0.82, 0.88, 0.92]),
        head_share=rng.choice([1.0, 1.0, 1.0, 0.85, 0.92]),
        review_share=rng.choice([1.0, 1.0, 0.9, 0.95]),
        standing_gaps=rng.choice([0, 0, 0, 1, 2]),
        staff_excess=rng.choice([-2, -1, 0, 0, 1, 2, 3]),
        pool_women=rng.choice([0.12, 0.2, 0.28, 0.33, 0.4]),
        pool_young=rng.choice([0.1, 0.16, 0.2, 0.25]),
        pool_qualified=rng.random() < 0.7,
        unmet_standard=rng.choice([0.0, 0.0, 0.0, 0.05, 0.1]),
        hood_excess=rng.random() < 0.2,
    )


def formed_only_from(new: Ward, old_codes: set[str]) -> bool:
    """Whether a new unit was formed from old units, all of them among `old_codes`."""
    predecessors = ref.predecessors_of(new.code)
    return new.is_new and bool(predecessors) and all(c.old_code in old_codes for c in predecessors)


def successor_codes(old_code: str) -> list[str]:
    """The new units an old one went into, in the official list's order."""
    return [c.new_code for c in ref.conversions() if c.old_code == old_code]


# --- Cells and neighbourhoods ---------------------------------------------------------------

# First-year members of a cell, and its share of women, by kind of cell.
MEMBERS = {
    CellKind.RESIDENTIAL: (28, 70),
    CellKind.SCHOOL: (10, 30),
    CellKind.ENTERPRISE: (12, 40),
    CellKind.POLICE: (8, 22),
    CellKind.MILITARY: (5, 12),
    CellKind.RETIREES: (35, 80),
    CellKind.OTHER: (8, 25),
}
VILLAGE_MEMBERS = (18, 45)  # villages have fewer members than urban neighbourhoods
WOMEN = {
    CellKind.RESIDENTIAL: (0.30, 0.45),
    CellKind.SCHOOL: (0.60, 0.85),
    CellKind.ENTERPRISE: (0.15, 0.35),
    CellKind.POLICE: (0.08, 0.20),
    CellKind.MILITARY: (0.0, 0.10),
    CellKind.RETIREES: (0.25, 0.40),
    CellKind.OTHER: (0.40, 0.65),
}
# The order in which a ward gets institutional cells: every ward has police, military and its
# own office; bigger wards add schools, retirees, enterprises.
INSTITUTIONAL_ORDER = [
    ("police", 0), ("military", 0), ("other", 0), ("school", 0), ("school", 1),
    ("retirees", 0), ("school", 2), ("other", 1), ("enterprise", 0), ("school", 3),
    ("enterprise", 1), ("retirees", 1), ("other", 2), ("enterprise", 2), ("school", 4),
    ("other", 3), ("enterprise", 3), ("school", 5), ("enterprise", 4), ("enterprise", 5),
]  # fmt: skip
# Mạo Khê's 17 institutional cells in 2018 (the article gives only the total of 41); a sixth
# enterprise cell is founded in 2021, so the ward's cell count moves like a real one.
MAO_KHE_INSTITUTIONAL = [
    ("police", 0), ("military", 0), ("other", 0), ("other", 1),
    ("school", 0), ("school", 1), ("school", 2), ("school", 3), ("school", 4), ("school", 5),
    ("enterprise", 0), ("enterprise", 1), ("enterprise", 2), ("enterprise", 3), ("enterprise", 4),
    ("retirees", 0), ("retirees", 1),
]  # fmt: skip
MAO_KHE_NEW_CELL = (CellKind.ENTERPRISE, 5, datetime.date(2021, 3, 15))
# The old units' cells were founded on days in this range (the official lists say nothing).
OLD_CELLS_FOUNDED = (datetime.date(2000, 1, 1), datetime.date(2015, 12, 31))


def institutional_name(ward: Ward, kind: str, index: int) -> str:
    return names.INSTITUTIONAL[kind][index].format(place=ward.short, unit=ward.unit_word)


def residential_cell(ward: Ward, hood: Hood, valid_from, valid_to) -> CellPlan:
    return CellPlan(
        ward=ward,
        name=f"Chi bộ {hood.name}",
        kind=CellKind.RESIDENTIAL,
        valid_from=valid_from,
        valid_to=valid_to,
        hood=hood,
    )


def institutional_cell(ward: Ward, kind: str, index: int, valid_from, valid_to) -> CellPlan:
    return CellPlan(
        ward=ward,
        name=institutional_name(ward, kind, index),
        kind=kind,
        valid_from=valid_from,
        valid_to=valid_to,
    )


def give_members(cell: CellPlan, rng: random.Random) -> None:
    """Draw the cell's first-year members and its share of women."""
    low, high = MEMBERS[cell.kind]
    if cell.kind == CellKind.RESIDENTIAL and cell.ward.kind != UnitKind.WARD:
        low, high = VILLAGE_MEMBERS
    cell.base = rng.randint(low, high)
    cell.women_share = rng.uniform(*WOMEN[cell.kind])


def found_cells(ward: Ward, rng, bases: list[str], institutional, founded, valid_to) -> None:
    """A neighbourhood with its residential cell for each name in `bases`, then the
    institutional cells, each founded on a day drawn in `founded` (first, last)."""
    for number, base in enumerate(bases, start=1):
        hood = Hood(ward=ward, number=number, base=base)
        ward.hoods.append(hood)
        ward.cells.append(residential_cell(ward, hood, day_between(rng, *founded), valid_to))
    for kind, index in institutional:
        ward.cells.append(
            institutional_cell(ward, kind, index, day_between(rng, *founded), valid_to)
        )


def plan_old_cells(ward: Ward, pool: names.NamePool) -> None:
    """Neighbourhoods and cells of a reporting ward of Đông Triều, before the reform."""
    rng = rng_for("cells", ward.code, ward.valid_from.year)
    if ward.code == ref.MAO_KHE_CODE:
        plan_mao_khe_cells(ward, rng, pool)
    else:
        invent_old_cells(ward, rng, pool)


def plan_mao_khe_cells(ward: Ward, rng: random.Random, pool: names.NamePool) -> None:
    """The article's ward: 24 neighbourhoods (Vĩnh Phú among them) and 17 institutional cells
    with 1,493 members in 2018; one cell more from 2021."""
    bases = pool.take(ARTICLE.residential_cells - 1)
    bases.insert(6, ARTICLE.neighbourhood)
    found_cells(ward, rng, bases, MAO_KHE_INSTITUTIONAL, OLD_CELLS_FOUNDED, ward.valid_to)
    kind, index, founded = MAO_KHE_NEW_CELL
    ward.cells.append(institutional_cell(ward, kind, index, founded, ward.valid_to))
    for cell in ward.cells:
        give_members(cell, rng)
    in_2018 = [c for c in ward.cells if c.valid_on(year_end(ARTICLE.year))]
    fit_to_total(in_2018, ARTICLE.members)


def invent_old_cells(ward: Ward, rng: random.Random, pool: names.NamePool) -> None:
    """6–18 neighbourhoods with their cells and 5–16 institutional cells, about 20–35 cells in
    all; some come and go between 2019 and 2023."""
    residential = rng.randint(6, 18)
    count = rng.randint(max(5, 11 - residential), min(16, 36 - residential))
    bases = pool.take(residential)
    found_cells(ward, rng, bases, INSTITUTIONAL_ORDER[:count], OLD_CELLS_FOUNDED, ward.valid_to)
    close_and_open_cells(ward, rng, institutional=count)
    for cell in ward.cells:
        give_members(cell, rng)


def close_and_open_cells(ward: Ward, rng: random.Random, institutional: int) -> None:
    """Maybe a school or enterprise cell closes, maybe the ward's next institutional cell opens:
    between 2019 and 2023, never in 2018 (whose Mạo Khê figures are the article's)."""
    if rng.random() < 0.35:
        closing = [c for c in ward.cells if c.kind in (CellKind.SCHOOL, CellKind.ENTERPRISE)]
        if closing:
            # The day is drawn before the cell (an assignment evaluates its value first).
            rng.choice(closing).valid_to = day_in(rng, rng.randint(2019, 2023))
    if rng.random() < 0.35 and institutional < len(INSTITUTIONAL_ORDER):
        kind, index = INSTITUTIONAL_ORDER[institutional]
        opened = day_in(rng, rng.randint(2019, 2023))
        ward.cells.append(institutional_cell(ward, kind, index, opened, ward.valid_to))


def fit_to_total(cells: list[CellPlan], total: int) -> None:
    """Scale the cells' first-year members so that they sum to `total` exactly."""
    raw = sum(c.base for c in cells)
    for cell in cells:
        cell.base = max(5, round(cell.base * total / raw))
    difference = total - sum(c.base for c in cells)
    ordered = sorted(cells, key=lambda c: -c.base)
    step = 1 if difference > 0 else -1
    for cell in islice(cycle(ordered), abs(difference)):
        cell.base += step
    assert sum(c.base for c in cells) == total


def merged_before_reform(plan: Plan) -> list[tuple[Ward, Ward, datetime.date]]:
    """(ward, the ward it was merged into, the day) for each merge between two reporting wards
    before 2025, as the resolution decided it (Phường Đông Triều into Đức Chính, 01/11/2024)."""
    reporting = {ward.code for ward in plan.reporting_old}
    return [
        (plan.old_wards[change.old_code], plan.old_wards[change.new_code], change.effective)
        for change in ref.changes()
        if not change.district and {change.old_code, change.new_code} <= reporting
    ]


# A merged unit's own bodies end with it: its police, military and office cells close.
UNIT_CELLS = (CellKind.POLICE, CellKind.MILITARY)


def absorb_cells(old: Ward, into: Ward, day: datetime.date) -> None:
    """The merged ward's neighbourhoods, each with its cell, and its schools', enterprises' and
    retirees' cells go on under `into` from `day`, with the same names."""
    last = day - datetime.timedelta(days=1)
    take_over_neighbourhoods(into, old, old.hoods, day)
    own = f"{old.unit_word} {old.short}"
    for origin in old.cells:
        if origin.hood is not None or not origin.valid_on(last) or origin.kind in UNIT_CELLS:
            continue
        if own not in origin.name:  # not its own office or health station, which close
            into.cells.append(carried_cell(into, origin, day))


def take_over_cells(new: Ward, plan: Plan) -> None:
    """A new unit formed from old units of Đông Triều: their neighbourhoods and cells are
    re-created under it from 1 Jul 2025, with the same names."""
    for conversion in ref.predecessors_of(new.code):
        old = plan.old_wards[conversion.old_code]
        hoods, institutional = share_taken_over(old, new)
        take_over_neighbourhoods(new, old, hoods)
        new.cells += [carried_cell(new, origin) for origin in institutional]


def share_taken_over(old: Ward, new: Ward) -> tuple[list[Hood], list[CellPlan]]:
    """The neighbourhoods and institutional cells of `old` that `new` takes over: all of them,
    unless `old` was split between new units (Đức Chính): then the first takes the first third
    of the neighbourhoods, the last the rest and every institution (the town centre)."""
    successors = successor_codes(old.code)
    share = successors.index(new.code)
    hoods = list(old.hoods)
    institutional = [c for c in old.cells if c.hood is None and c.valid_on(ref.OLD_TO)]
    if len(successors) == 1:
        return hoods, institutional
    cut = math.ceil(len(hoods) / 3)
    if share == 0:
        return hoods[:cut], []
    return hoods[cut:], institutional


def take_over_neighbourhoods(new: Ward, old: Ward, hoods: list[Hood], day=ref.REFORM) -> None:
    """The neighbourhoods, numbered on from the new unit's last, each with its old cell, from
    `day` (the reform, or a merge into a unit that goes on: then the neighbourhood's own
    start)."""
    last = day - datetime.timedelta(days=1)
    cells = {id(c.hood): c for c in old.cells if c.hood is not None and c.valid_on(last)}
    for old_hood in hoods:
        hood = Hood(ward=new, number=len(new.hoods) + 1, base=old_hood.base, origin=old_hood)
        if day != new.valid_from:
            hood.since = day
        new.hoods.append(hood)
        origin = cells.get(id(old_hood))
        if origin is not None:
            cell = residential_cell(new, hood, day, new.valid_to)
            cell.origin, cell.women_share = origin, origin.women_share
            new.cells.append(cell)


def carried_cell(new: Ward, origin: CellPlan, day=ref.REFORM) -> CellPlan:
    return CellPlan(
        ward=new,
        name=origin.name,
        kind=origin.kind,
        valid_from=day,
        valid_to=new.valid_to,
        origin=origin,
        women_share=origin.women_share,
    )


def invent_cells(ward: Ward) -> None:
    """A reporting unit outside Đông Triều: 15–60 cells, more for bigger mergers."""
    rng = rng_for("cells", ward.code, ward.valid_from.year)
    predecessors = max(1, len(ref.predecessors_of(ward.code)))
    total = min(60, max(15, predecessors * rng.randint(9, 15)))
    residential = round(total * rng.uniform(0.6, 0.72))
    bases = names.NamePool(f"hoods-{ward.code}").take(residential)
    founded = (ward.valid_from, ward.valid_from) if ward.is_new else OLD_CELLS_FOUNDED
    found_cells(ward, rng, bases, INSTITUTIONAL_ORDER[: total - residential], founded, None)
    for cell in ward.cells:
        give_members(cell, rng)


# --- Figures ------------------------------------------------------------------------------

# Weights of 0, 1, 2 … people a year, by kind of cell.
ADMITTED = {
    CellKind.RESIDENTIAL: [50, 34, 12, 4],
    CellKind.SCHOOL: [45, 35, 15, 5],
    CellKind.ENTERPRISE: [45, 35, 15, 5],
    CellKind.POLICE: [45, 40, 15],
    CellKind.MILITARY: [55, 35, 10],
    CellKind.RETIREES: [100],
    CellKind.OTHER: [55, 35, 10],
}
DEATHS = {
    CellKind.RESIDENTIAL: [60, 28, 10, 2],
    CellKind.RETIREES: [20, 30, 30, 15, 5],
}
TRANSFERS_IN = {CellKind.RETIREES: [25, 35, 25, 15]}
FEWEST_MEMBERS = 3


def grow(cell: CellPlan, years) -> None:
    """The cell's figures for each of `years` it exists at the year's end."""
    rng = rng_for("figures", cell.ward.code, cell.ward.valid_from.year, cell.name)
    previous = cell.origin.stock.get(cell.valid_from.year - 1) if cell.origin else None
    for year in years:
        if not cell.valid_on(year_end(year)):
            continue
        fixed = cell.base if previous is None else None
        previous = cell.stock[year] = one_year(rng, cell, previous, fixed)


def one_year(rng, cell: CellPlan, previous: Figures | None, fixed: int | None) -> Figures:
    """A year's figures. With `previous`, members are last year's stock plus the year's flows;
    `fixed` gives the stock outright (a cell's first year, or the article's)."""
    admitted = pick(rng, ADMITTED[cell.kind])
    transferred_in = pick(rng, TRANSFERS_IN.get(cell.kind, [55, 30, 12, 3]))
    transferred_out = pick(rng, [55, 30, 12, 3])
    deaths = pick(rng, DEATHS.get(cell.kind, [92, 8]))
    removals = 1 if rng.random() < 0.02 else 0  # of which kind: split_removal
    if fixed is not None:
        members = fixed
    else:
        members, transferred_out, deaths, removals = keep_a_few_members(
            previous.members + admitted + transferred_in, transferred_out, deaths, removals
        )
    # Probation lasts 12 months: this year's admissions, and some of last year's; the rest
    # of last year's probationary members became full members during the year.
    carried = rng.randint(0, previous.admitted) if previous else 0
    probationary = min(members, admitted + carried)
    share = min(1.0, max(0.0, cell.women_share + rng.uniform(-0.01, 0.01)))
    figures = Figures(
        members=members,
        probationary=probationary,
        women=min(members, round(members * share)),
        admitted=admitted,
        transferred_in=transferred_in,
        transferred_out=transferred_out,
        deaths=deaths,
        struck_off=removals,
        recognised_full=max(0, previous.probationary - carried) if previous else 0,
    )
    split_removal(figures, cell)
    set_opening(figures, previous)
    rate_members(figures, cell)
    organise_cell(figures, cell)
    return figures


def rate_members(figures: Figures, cell: CellPlan) -> None:
    """The year-end ratings of the cell's members (a separate draw, so that the figures above
    stay as they were): this year's admissions not rated yet, a few exempt (more among
    retirees), the rest mostly "tốt", "xuất sắc" kept well under a fifth of "tốt" (the cap of
    Hướng dẫn 21-HD/BTCTW), now and then one who did not complete their tasks."""
    rng = rng_for("ratings", cell.ward.code, cell.name, figures.members, figures.admitted)
    members = figures.members
    figures.unrated_new = min(members, figures.admitted)
    exempt_share = 0.08 if cell.kind == CellKind.RETIREES else 0.01
    figures.unrated_exempt = min(members - figures.unrated_new, round(members * exempt_share))
    left = members - figures.unrated_new - figures.unrated_exempt
    figures.unrated_other = 1 if left > 20 and rng.random() < 0.3 else 0
    left -= figures.unrated_other
    figures.rated_not_completed = 1 if left > 10 and rng.random() < 0.1 else 0
    left -= figures.rated_not_completed
    figures.rated_completed = round(left * rng.uniform(0.05, 0.2))
    good_or_better = left - figures.rated_completed
    figures.rated_excellent = int(good_or_better * rng.uniform(0.0, 0.13))
    figures.rated_good = good_or_better - figures.rated_excellent


def organise_cell(figures: Figures, cell: CellPlan) -> None:
    """Who is exempt from Party work (those not rated as exempt, now and then one more who
    asked to be rated), whether the cell has a committee (9 full members or more elect one:
    Party Statute, Art. 24) and its thematic meetings (one a quarter, now and then one missed)."""
    rng = rng_for("organisation", cell.ward.code, cell.name, figures.members, figures.admitted)
    spare = figures.members - figures.unrated_exempt
    figures.exempt = figures.unrated_exempt + (1 if spare > 30 and rng.random() < 0.2 else 0)
    figures.has_committee = figures.members - figures.probationary >= 9
    figures.thematic_meetings = 3 if rng.random() < 0.08 else 4


# The ward's Party organisation: its own assessment, and the level the committee above gave
# (now and then one lower); with a 100-point score where the period scores (Quy định 366).
ORGANISATION_LEVELS = [(QualityLevel.EXCELLENT, 20), (QualityLevel.GOOD, 65),
                       (QualityLevel.COMPLETED, 13), (QualityLevel.NOT_COMPLETED, 2)]  # fmt: skip


# Weights of each category, in each breakdown's order (reports.structure): a ward of retirees
# and residents, mostly Kinh, a few believers — sample data.
STRUCTURE_WEIGHTS = {
    "badges": {"30": 40, "40": 22, "45": 12, "50": 10, "55": 6, "60": 4, "65": 3, "70": 2,
               "75": 1, "80": 0, "85": 0, "90": 0},
    "age": {"18_30": 8, "31_40": 14, "31_35": 7, "36_40": 7, "41_50": 16, "41_45": 8, "46_50": 8,
            "51_60": 20, "51_55": 10, "56_60": 10, "61_up": 42},
    "admitted_in": {"before_1945": 0, "1945_1954": 1, "1954_1975": 12, "since_1975": 87},
    "education": {"illiterate": 0, "literate": 1, "primary": 4, "lower_secondary": 20,
                  "upper_secondary": 75},
    "professional": {"worker": 10, "vocational": 15, "college": 8, "university": 35, "master": 4,
                     "doctor": 1, "doctor_science": 0, "none": 27},
    "theory": {"elementary": 45, "intermediate": 25, "advanced": 8, "none": 22},
    "ethnicity": {"kinh": 95, "minority": 5},
    "religion": {"religious": 4, "none": 96},
    "occupation": {"retired": 45, "commune": 8, "neighbourhood": 10, "public_service": 10,
                   "state": 3, "party": 2, "business": 6, "farmer": 4, "armed_forces": 3,
                   "other": 9, "mass_org": 0},
}  # fmt: skip


# Of a ward's members, those reaching a badge's years of membership in a year (sample data).
BADGE_SHARE = 0.03


def membership_structure(ward_code: str, year: int, members: int) -> dict:
    """The ward's membership by each breakdown of the year's forms, adding up to `members`: the
    weights above, spread by largest remainders (a separate draw for each ward and year)."""
    from wardstats.reports.structure import structure_for

    rng = rng_for("structure", ward_code, year)
    counts = {}
    for dimension in structure_for(Period(end=year_end(year))).dimensions:
        codes = [c.code for c in dimension.categories]
        # A breakdown of all the members, or (the badges due) a few of them.
        spread = members if dimension.whole else round(members * BADGE_SHARE)
        weights = [STRUCTURE_WEIGHTS[dimension.code].get(code, 1) * rng.uniform(0.8, 1.2)
                   for code in codes]  # fmt: skip
        total = sum(weights) or 1
        shares = [spread * w / total for w in weights]
        whole = [int(x) for x in shares]
        order = sorted(range(len(codes)), key=lambda i: shares[i] - whole[i], reverse=True)
        for i in order[: spread - sum(whole)]:
            whole[i] += 1
        counts.update({(dimension.code, code): n for code, n in zip(codes, whole, strict=True)})
    return counts


def organisation_rating(ward_code: str, year: int, scored: bool) -> tuple:
    """(own level, level given by the committee above, score or None)."""
    rng = rng_for("organisation-rating", ward_code, year)
    levels, weights = zip(*ORGANISATION_LEVELS, strict=True)
    own = rng.choices(levels, weights)[0]
    given = own
    if own != QualityLevel.NOT_COMPLETED and rng.random() < 0.15:
        given = levels[levels.index(own) + 1]
    if not scored:
        return own, given, None
    low, high = SCORE_RANGES[own]
    return own, given, Decimal(round(rng.uniform(low, high) * 2)) / 2


# Of a year's removals from the Party, the kind (a separate draw: the figures above stay as
# they were before removals were split).
REMOVAL_KINDS = (("struck_off", 60), ("expelled", 25), ("resigned", 15))


def split_removal(figures: Figures, cell: CellPlan) -> None:
    if not figures.struck_off:
        return
    rng = rng_for("removal", cell.ward.code, cell.name, figures.members)
    kind = rng.choices([k for k, _w in REMOVAL_KINDS], [w for _k, w in REMOVAL_KINDS])[0]
    count, figures.struck_off = figures.struck_off, 0
    setattr(figures, kind, count)


def set_opening(figures: Figures, previous: Figures | None) -> None:
    """The stock at the start: last year's closing stock; in a cell's first year (no year
    before it here) the stock that makes the year add up — sample data, chosen to reconcile —
    with the year's transfers in trimmed where it would go below nothing."""
    if previous is not None:
        figures.opening = previous.members
        return
    decreases = figures.deaths + figures.expelled + figures.struck_off + figures.resigned
    decreases += figures.transferred_out
    opening = figures.members - figures.admitted - figures.transferred_in + decreases
    while opening < 0 and figures.transferred_in:
        figures.transferred_in -= 1
        opening += 1
    while opening < 0 and figures.admitted:
        figures.admitted -= 1
        opening += 1
    figures.opening = opening


def keep_a_few_members(before_losses: int, transferred_out: int, deaths: int, removals: int):
    """(members, transferred_out, deaths, removals) after the year's losses: a cell keeps a
    few members, so the losses are trimmed (transfers first) rather than go below 3."""
    members = before_losses - transferred_out - deaths - removals
    while members < FEWEST_MEMBERS and (transferred_out or deaths or removals):
        if transferred_out:
            transferred_out -= 1
        elif deaths:
            deaths -= 1
        else:
            removals -= 1
        members += 1
    return members, transferred_out, deaths, removals


# --- Quality ------------------------------------------------------------------------------

# Quy định 366-QĐ/TW (2025): the bands of the rules themselves (reports.ratings).
SCORE_BANDS = ratings.RATING_RULES[-1].score_bands
SCORE_RANGES = {
    QualityLevel.EXCELLENT: (90, 98),
    QualityLevel.GOOD: (70, 89.5),
    QualityLevel.COMPLETED: (50, 69.5),
    QualityLevel.NOT_COMPLETED: (38, 49.5),
}


def level_for_score(score: Decimal) -> str:
    for floor, level in SCORE_BANDS:
        if score >= floor:
            return level
    raise ValueError(score)


def quality(rng: random.Random, good_share: float, scored: bool) -> tuple[str, Decimal | None]:
    """A cell's quality level; with `scored`, its score too, and the level the score gives."""
    draw = rng.random()
    if draw < good_share * 0.25:
        level = QualityLevel.EXCELLENT
    elif draw < good_share:
        level = QualityLevel.GOOD
    elif draw < good_share + (1 - good_share) * 0.85:
        level = QualityLevel.COMPLETED
    else:
        level = QualityLevel.NOT_COMPLETED
    if not scored:
        return level, None
    low, high = SCORE_RANGES[level]
    score = Decimal(round(rng.uniform(low, high) * 2)) / 2  # half points, as cells are scored
    return level_for_score(score), score


# --- Titles and people ----------------------------------------------------------------------

LEADING = (
    "Bí thư Đảng ủy {u}",
    "Phó Bí thư Thường trực Đảng ủy {u}",
    "Phó Bí thư Đảng ủy, Chủ tịch UBND {u}",
    "Chủ tịch Ủy ban MTTQ Việt Nam {u}",
    "Chủ tịch HĐND {u}",
    "Phó Chủ tịch HĐND {u}",
    "Phó Chủ tịch UBND {u}",
    "Phó Chủ tịch UBND {u}",
    "Bí thư Đoàn Thanh niên {u}",
    "Chủ tịch Hội Liên hiệp Phụ nữ {u}",
    "Chủ tịch Hội Cựu chiến binh {u}",
)
MILITARY_CHIEF = "Chỉ huy trưởng Quân sự {u}"
CIVIL_SERVANTS = (
    "Công chức Văn phòng – Thống kê",
    "Công chức Địa chính – Xây dựng – Đô thị và Môi trường",
    "Công chức Tài chính – Kế toán",
    "Công chức Tư pháp – Hộ tịch",
    "Công chức Văn hóa – Xã hội",
)
WARD_PART_TIME = (
    "Phó Chỉ huy trưởng Quân sự",
    "Phó Chủ tịch Ủy ban MTTQ",
    "Văn phòng Đảng ủy",
    "Phó Bí thư Đoàn Thanh niên",
    "Phó Chủ tịch Hội Liên hiệp Phụ nữ",
    "Phó Chủ tịch Hội Cựu chiến binh",
    "Chủ tịch Hội Người cao tuổi",
    "Chủ tịch Hội Chữ thập đỏ",
    "Cán bộ Văn thư – Lưu trữ – Thủ quỹ",
    "Cán bộ Lao động – Thương binh và Xã hội",
    "Cán bộ Kế hoạch – Giao thông – Thủy lợi",
    "Nhân viên Đài truyền thanh",
    "Cán bộ Tuyên giáo Đảng ủy",
    "Cán bộ Kiểm tra Đảng ủy",
    "Cán bộ Tổ chức Đảng ủy",
    "Cán bộ Dân vận",
)
# The standing committee (Ban Thường vụ): its members are put in charge of the cells.
STANDING = (0, 1, 2, 3)


def staff_titles(ward: Ward) -> list[tuple[str, str]]:
    """(category, position) in the order a ward fills them: cadres first, then civil servants."""
    u = ward.unit_word
    leading = [t.format(u=u) for t in LEADING]
    if ward.kind != UnitKind.WARD:
        leading.append(f"Chủ tịch Hội Nông dân {u}")
    titles = [(Category.CADRE, t) for t in leading]
    titles.append((Category.CIVIL_SERVANT, MILITARY_CHIEF.format(u=u)))
    titles += [(Category.CIVIL_SERVANT, t) for t in islice(cycle(CIVIL_SERVANTS), 60)]
    return titles


def part_time_titles(ward: Ward) -> list[tuple[str, str]]:
    return [(Category.WARD_PART_TIME, t) for t in islice(cycle(WARD_PART_TIME), 30)]


def hood_titles(hood: Hood) -> list[str]:
    head = "Trưởng khu" if hood.kind == UnitKind.RESIDENTIAL_AREA else "Trưởng thôn"
    return [
        f"Bí thư Chi bộ kiêm {head}",
        "Trưởng Ban công tác Mặt trận",
        f"Phó {head.lower()}",
        "Chi hội trưởng Phụ nữ",
        "Chi hội trưởng Cựu chiến binh",
        "Bí thư Chi đoàn",
        "Tổ trưởng Tổ bảo vệ an ninh trật tự",
        "Chi hội trưởng Người cao tuổi",
    ]


@dataclass(frozen=True)
class Background:
    """How the holders of a group of posts are drawn: their age range, and their education and
    political theory, each as levels with weights."""

    ages: tuple[int, int]
    education: tuple[int, ...]
    education_weights: tuple[int, ...]
    theory: tuple[int, ...]
    theory_weights: tuple[int, ...]


# Cao cấp and cử nhân are one level (30): their weights are added (the same draws as when
# cử nhân was a level of its own, 40).
LEADING_CADRE = Background((35, 55), (20, 30, 40, 50), (0, 0, 80, 20), (0, 10, 20, 30),
                           (0, 0, 70, 30))  # fmt: skip
CIVIL_SERVANT = Background((24, 52), (20, 30, 40, 50), (5, 12, 68, 15), (0, 10, 20, 30),
                           (6, 26, 55, 13))  # fmt: skip
WARD_PART_TIMER = Background((24, 58), (10, 20, 30, 40), (10, 40, 25, 25), (0, 10, 20),
                             (30, 60, 10))  # fmt: skip
NEIGHBOURHOOD_PART_TIMER = Background((28, 58), (0, 10, 20, 30, 40), (15, 35, 35, 10, 5),
                                      (0, 10, 20), (50, 45, 5))  # fmt: skip


def background_of(category: str) -> Background:
    if category == Category.CADRE:
        return LEADING_CADRE
    if category in STAFF:
        return CIVIL_SERVANT
    if category == Category.WARD_PART_TIME:
        return WARD_PART_TIMER
    return NEIGHBOURHOOD_PART_TIMER


def draws_a_woman(rng: random.Random, category: str, position: str) -> bool:
    """Women's Union posts are women's; military and security posts rarely are, the ward's
    secretary and chairs one in five, other staff posts half, part-time posts 38 %."""
    lowered = position.lower()
    if "phụ nữ" in lowered:
        return True
    if any(w in lowered for w in ("quân sự", "an ninh", "cựu chiến binh")):
        return rng.random() < 0.05
    if category in STAFF and ("bí thư đảng ủy" in lowered or "chủ tịch" in lowered):
        return rng.random() < 0.2
    return rng.random() < (0.5 if category in STAFF else 0.38)


class People:
    """Invents people; a name is used once per namespace, so that a person carried over into a
    merged ward is never confused with another of the same name."""

    def __init__(self):
        self.used: set[str] = {names.ARTICLE_SECRETARY}

    def new(self, rng, ward: Ward, category: str, position: str, year: int) -> Person:
        """Someone who takes up `position` in `year`."""
        female = draws_a_woman(rng, category, position)
        full_name = self._unused_name(rng, female)
        background = background_of(category)
        age = rng.randint(*background.ages)
        education = rng.choices(background.education, weights=background.education_weights)[0]
        theory = rng.choices(background.theory, weights=background.theory_weights)[0]
        return Person(
            full_name=full_name,
            gender=Gender.FEMALE if female else Gender.MALE,
            birth_year=year - age,
            education=Education(education),
            political_theory=PoliticalTheory(theory),
            meets_standard=category not in STAFF or rng.random() >= ward.profile.unmet_standard,
        )

    def _unused_name(self, rng: random.Random, female: bool) -> str:
        while True:
            full_name = names.person_name(rng, female)
            if full_name not in self.used:
                self.used.add(full_name)
                return full_name


# --- Rosters ------------------------------------------------------------------------------


class Roster:
    """The posts of one ward and category group, year by year: people leave and join on days
    inside a year, so each year-end count equals that year's target."""

    def __init__(self, ward, rng, people: People, titles, frozen_years=()):
        self.ward, self.rng, self.people, self.titles = ward, rng, people, titles
        self.frozen_years = set(frozen_years)
        self.active: list[Post] = []

    @property
    def secretary_title(self) -> str:
        return self.titles[0][1]

    def hire(self, category, position, valid_from, hood=None) -> Post:
        person = self.people.new(self.rng, self.ward, category, position, valid_from.year)
        return self._appoint(Post(self.ward, person, category, position, valid_from, None, hood))

    def leave(self, post: Post, day: datetime.date) -> datetime.date:
        """The post ends the day before `day` (moved on, if need be, past the post's first day,
        since one post can change hands twice in a year); returns the day it is free."""
        day = max(day, post.valid_from + datetime.timedelta(days=1))
        post.valid_to = day - datetime.timedelta(days=1)
        self.active.remove(post)
        return day

    def replace(self, post: Post, day: datetime.date) -> Post:
        day = self.leave(post, day)
        return self.hire(post.category, post.position, day, post.hood)

    def close(self, on: datetime.date | None) -> None:
        for post in self.active:
            post.valid_to = on
        self.active = []

    def run(
        self,
        targets: dict[int, int],
        first_day: datetime.date,
        churn=(0, 2),
        congress: tuple[int, bool] | None = None,
        named: dict[str, tuple[Person, datetime.date]] | None = None,
    ) -> None:
        """`targets`: the count at each year's end, the first year being the starting state;
        `congress`: (year, certain) — the secretary may change at the Party congress;
        `named`: position → (person, start) for real people who must hold a post."""
        years = sorted(targets)
        self._fill(targets[years[0]], first_day, years[0], dict(named or {}))
        for year in years[1:]:
            if year in self.frozen_years:
                continue
            if congress and year == congress[0] and (congress[1] or self.rng.random() < 0.5):
                secretary = next(p for p in self.active if p.position == self.secretary_title)
                self.replace(secretary, datetime.date(year, 10, 1))
            self._churn(year, churn)
            self._meet_target(year, targets[year])

    def _appoint(self, post: Post) -> Post:
        self.ward.posts.append(post)
        self.active.append(post)
        return post

    def _fill(self, count: int, first_day: datetime.date, year: int, named: dict) -> None:
        """The first `count` titles at the end of `year`: the named people in their posts, the
        others hired on days from `first_day`."""
        for category, position in self.titles[:count]:
            if position in named:
                person, start = named.pop(position)
                self._appoint(Post(self.ward, person, category, position, start))
                continue
            day = day_between(self.rng, first_day, datetime.date(year, 11, 28))
            self.hire(category, position, day)

    def _churn(self, year: int, churn: tuple[int, int]) -> None:
        """A few people (never the secretary) leave during the year, each replaced at once."""
        for _ in range(self.rng.randint(*churn)):
            candidates = [p for p in self.active if p.position != self.secretary_title]
            self.replace(self.rng.choice(candidates), day_in(self.rng, year))

    def _meet_target(self, year: int, target: int) -> None:
        """Posts end or are filled during the year until those held are the first `target`
        titles."""
        wanted = Counter(self.titles[:target])
        have = Counter((p.category, p.position) for p in self.active)
        for (_category, position), extra in (have - wanted).items():
            holders = [p for p in self.active if p.position == position]
            for post in self.rng.sample(holders, extra):
                self.leave(post, day_in(self.rng, year))
        for (category, position), missing in (wanted - have).items():
            for _ in range(missing):
                self.hire(category, position, day_in(self.rng, year))


# --- Old wards' staff -----------------------------------------------------------------------

# Neighbourhoods had up to 8 part-time titles until 2019 (the article's "8 chức danh"), then the
# 3 titles of Nghị định 34/2019: the first three holders carry on.
HOOD_CUTOVER = datetime.date(2020, 1, 1)


def staff_targets(ward: Ward, rng: random.Random) -> dict[int, int]:
    """Cadres and civil servants at each year's end: many before Đề án 25 (streamlining), then
    down towards the norm, ending a little above or below it (staff_excess)."""
    if ward.code == ref.MAO_KHE_CODE:
        # 33 in 2018 (the article), within the province's quota; down to the norm (23) by 2024.
        return {2016: 35, 2017: 33, 2018: 33, 2019: 31, 2020: 29, 2021: 27, 2022: 25,
                2023: 24, 2024: 23}  # fmt: skip
    norm = {UnitClass.I: 23, UnitClass.II: 21, UnitClass.III: 19}[ward.unit_class]
    if ward.kind != UnitKind.WARD:
        norm -= 1
    first = norm + rng.randint(7, 13)
    last = norm + ward.profile.staff_excess
    targets, value = {}, first
    for year in range(ROSTER_FIRST_YEAR, 2025):
        share = (year - ROSTER_FIRST_YEAR) / (2024 - ROSTER_FIRST_YEAR)
        ideal = round(first + (last - first) * share) + rng.choice([0, 0, 1])
        value = min(value, ideal) if year > ROSTER_FIRST_YEAR else first
        targets[year] = value
    targets[2024] = last
    return targets


def part_time_targets(ward: Ward, rng: random.Random) -> dict[int, int]:
    if ward.code == ref.MAO_KHE_CODE:
        return {y: ARTICLE.ward_part_time if y <= 2021 else 12 for y in range(2016, 2025)}
    norm = {UnitClass.I: 14, UnitClass.II: 12, UnitClass.III: 10}[ward.unit_class]
    early = rng.randint(13, 17)
    late = norm + rng.choice([-1, 0, 0, 1, 2])
    return {y: early if y < 2020 else late for y in range(2016, 2025)}


def article_secretary() -> dict[str, tuple[Person, datetime.date]]:
    """The ward secretary's post over the 2015–2020 Party term: a sample record of invented
    name and details, not the real secretary the article names (names.SAMPLE_SECRETARY)."""
    secretary = Person(
        full_name=ARTICLE.secretary,
        gender=Gender.MALE,
        birth_year=1968,
        education=Education.UNIVERSITY,
        political_theory=PoliticalTheory.ADVANCED,
        meets_standard=True,
    )
    return {ARTICLE.secretary_position: (secretary, datetime.date(2015, 10, 1))}


def while_it_exists(ward: Ward, targets: dict[int, int]) -> dict[int, int]:
    """The year-end targets of the years the ward still exists at the year's end."""
    return {year: count for year, count in targets.items() if ward.valid_on(year_end(year))}


def plan_old_roster(ward: Ward, people: People) -> None:
    """Staff of a reporting ward of Đông Triều from 2016 to the reform."""
    rng = rng_for("roster", ward.code, ward.valid_from.year)
    mao_khe = ward.code == ref.MAO_KHE_CODE
    # Mạo Khê's 2018 staff are the article's: nobody joins or leaves during 2018.
    frozen = {ARTICLE.year} if mao_khe else set()
    staff = Roster(ward, rng, people, staff_titles(ward), frozen)
    staff.run(
        while_it_exists(ward, staff_targets(ward, rng)),
        datetime.date(2008, 1, 1),
        congress=(2020, mao_khe),
        named=article_secretary() if mao_khe else {},
    )
    staff.close(ward.valid_to)
    part_time = Roster(ward, rng, people, part_time_titles(ward), frozen)
    part_time.run(
        while_it_exists(ward, part_time_targets(ward, rng)), datetime.date(2010, 1, 1), churn=(0, 1)
    )
    part_time.close(ward.valid_to)
    for hood in ward.hoods:
        if hood.since is None:  # a neighbourhood taken over later brings its own people
            plan_old_neighbourhood_posts(hood, rng, people)


def plan_old_neighbourhood_posts(hood: Hood, rng: random.Random, people: People) -> None:
    """6–8 part-time titles (the article's ward: 8) until 2019, 3 (now and then 4) after."""
    ward = hood.ward
    roster = Roster(ward, rng, people, [])
    titles = hood_titles(hood)
    early = ARTICLE.per_neighbourhood if ward.code == ref.MAO_KHE_CODE else rng.choice([6, 7, 8, 8])
    late = 4 if ward.profile.hood_excess and rng.random() < 0.3 else 3
    for position in titles[:early]:
        start = day_between(rng, datetime.date(2009, 1, 1), datetime.date(2016, 11, 28))
        roster.hire(Category.NEIGHBOURHOOD_PART_TIME, position, start, hood)
    for post in list(roster.active):
        if titles.index(post.position) >= late:
            roster.leave(post, HOOD_CUTOVER)
    for year in (2021, 2022, 2023, 2024):
        if not ward.valid_on(year_end(year)):
            break
        if rng.random() < 0.12:
            roster.replace(rng.choice(roster.active), day_in(rng, year))
    roster.close(ward.valid_to)


def absorb_neighbourhood_posts(into: Ward, day: datetime.date) -> None:
    """Each neighbourhood taken over on `day` keeps its part-time workers in the same titles."""
    last = day - datetime.timedelta(days=1)
    for hood in into.hoods:
        if hood.since != day:
            continue
        old_titles = hood_titles(hood.origin)
        for old_post in hood.origin.ward.posts:
            if old_post.hood is hood.origin and old_post.valid_on(last):
                position = hood_titles(hood)[old_titles.index(old_post.position)]
                person, category = old_post.person, old_post.category
                into.posts.append(Post(into, person, category, position, day, into.valid_to, hood))


# --- Planning pools -----------------------------------------------------------------------


def is_young(person: Person, year: int) -> bool:
    # Matches the seeded age bands: young = 18–35 (AgeBand "Dưới 30" and "30–35").
    return 18 <= year - person.birth_year <= 35


def pool_candidates(ward: Ward, on: datetime.date) -> list[Post]:
    """The ward's staff on duty on `on`, but its secretary."""
    secretary = staff_titles(ward)[0][1]
    return [
        p for p in ward.posts if p.category in STAFF and p.valid_on(on) and p.position != secretary
    ]


def choose_pool(
    ward: Ward,
    rng: random.Random,
    term: tuple[int, int],
    on: datetime.date,
    share: float = 0.3,
    candidates: list[Post] | None = None,
) -> list[Post]:
    """Put about `share` of the ward's staff on `on` into the planning pool of `term`, with the
    ward's profile of women and young cadres; qualify them (or not) as the profile says."""
    profile = ward.profile
    if candidates is None:
        candidates = pool_candidates(ward, on)
    size = min(len(candidates), max(4, round(len(candidates) * share)))
    shuffled = list(candidates)
    rng.shuffle(shuffled)
    chosen = pool_with_structure(shuffled, size, profile, on.year)
    for post in chosen:
        post.terms.add(term)
        if profile.pool_qualified:
            qualify(post.person)
    if not profile.pool_qualified and chosen:
        # The usual gap: a young cadre not yet trained in political theory.
        youngest = max(chosen, key=lambda p: p.person.birth_year)
        youngest.person.political_theory = PoliticalTheory.ELEMENTARY
    return chosen


def pool_with_structure(shuffled: list[Post], size: int, profile: Profile, year: int):
    """`size` of the shuffled candidates: the profile's share of young cadres first, then of
    women, then men, then anyone."""
    chosen: list[Post] = []
    young = [p for p in shuffled if is_young(p.person, year)]
    add_to_pool(chosen, young, math.ceil(size * profile.pool_young), size)
    women = [p for p in shuffled if p.person.gender == Gender.FEMALE]
    women_chosen = sum(p.person.gender == Gender.FEMALE for p in chosen)
    add_to_pool(chosen, women, math.ceil(size * profile.pool_women) - women_chosen, size)
    add_to_pool(chosen, [p for p in shuffled if p.person.gender == Gender.MALE], size, size)
    add_to_pool(chosen, shuffled, size, size)
    return chosen


def add_to_pool(chosen: list[Post], posts: list[Post], count: int, size: int) -> None:
    """Add up to `count` of `posts` not chosen yet, while fewer than `size` are."""
    for post in posts:
        if count <= 0 or len(chosen) >= size:
            return
        if post not in chosen:
            chosen.append(post)
            count -= 1


def qualify(person: Person) -> None:
    """At least a university degree and intermediate political theory, as a pool requires."""
    person.education = max(person.education, Education.UNIVERSITY)
    person.political_theory = max(person.political_theory, PoliticalTheory.INTERMEDIATE)


def plan_old_pools(ward: Ward) -> None:
    rng = rng_for("pool", ward.code, ward.valid_from.year)
    if ward.code == ref.MAO_KHE_CODE:
        # The article: planning 2015-2020 reviewed and 2020-2025 built, both in 2018.
        choose_pool(ward, rng, TERMS[0], year_end(2018))
        choose_pool(ward, rng, TERMS[1], year_end(2018))
    else:
        choose_pool(ward, rng, TERMS[0], year_end(2017))
        choose_pool(ward, rng, TERMS[1], year_end(2019))
    # Mid-term supplement (bổ sung quy hoạch): two recent recruits.
    recent = [
        p
        for p in ward.posts
        if p.category in STAFF
        and p.valid_on(year_end(2022))
        and p.valid_from.year >= 2020
        and TERMS[1] not in p.terms
    ]
    if recent:
        choose_pool(ward, rng, TERMS[1], year_end(2022), candidates=recent[:2])
    choose_pool(ward, rng, TERMS[2], year_end(2024))


# --- New units' staff -----------------------------------------------------------------------


def take_over_roster(new: Ward, plan: Plan) -> None:
    """Staff of a new unit formed from old units of Đông Triều: the predecessors' staff on
    30/06/2025, ranked by post (the old secretaries first), about two thirds kept on."""
    rng = rng_for("roster", new.code, new.valid_from.year)
    staff, part_time = predecessors_on_duty(new, plan)
    titles = staff_titles(new)
    # The leading cadres and the military chief all go on; of the others, a share.
    leading = sum(1 for category, _ in titles if category == Category.CADRE) + 1
    keep = max(leading + 8, round(len(staff) * rng.uniform(0.55, 0.7)))
    others = sorted(rng.sample(staff[leading:], keep - leading), key=lambda item: item[:2])
    carry_over(new, titles, staff[:leading] + others)
    kept_parts = sorted(
        rng.sample(part_time, min(len(part_time), rng.randint(10, 14))), key=lambda item: item[:2]
    )
    carry_over(new, part_time_titles(new), kept_parts)
    carry_over_neighbourhood_posts(new)


def predecessors_on_duty(new: Ward, plan: Plan) -> tuple[list, list]:
    """The predecessors' staff and ward part-time posts on their last day, as (rank of the
    title, predecessor, post) in that order; the predecessor whose code the new unit keeps
    first. An old unit split between new ones shares its people out between them."""
    on = ref.OLD_TO
    conversions = sorted(ref.predecessors_of(new.code), key=lambda c: c.old_code != new.code)
    staff, part_time = [], []
    for order, conversion in enumerate(conversions):
        old = plan.old_wards[conversion.old_code]
        successors = successor_codes(old.code)
        rank = first_rank(staff_titles(old))
        part_rank = first_rank(part_time_titles(old))
        posts = sorted(
            (p for p in old.posts if p.category in STAFF and p.valid_on(on)),
            key=lambda p: rank[p.position],
        )
        parts = [p for p in old.posts if p.category == Category.WARD_PART_TIME and p.valid_on(on)]
        if len(successors) > 1:
            share = successors.index(new.code)
            posts = posts[share :: len(successors)]
            parts = parts[share :: len(successors)]
        staff += [(rank[p.position], order, p) for p in posts]
        part_time += [(part_rank[p.position], order, p) for p in parts]
    staff.sort(key=lambda item: item[:2])
    part_time.sort(key=lambda item: item[:2])
    return staff, part_time


def first_rank(titles: list[tuple[str, str]]) -> dict[str, int]:
    """Each position's first place among the titles (a repeated title ranks as its first)."""
    rank: dict[str, int] = {}
    for index, (_category, position) in enumerate(titles):
        rank.setdefault(position, index)
    return rank


def carry_over(new: Ward, titles: list[tuple[str, str]], ranked: list[tuple]) -> None:
    """The ranked people into the new unit's titles, in order, as many as there are of both."""
    for (category, position), (_, _, old_post) in zip(titles, ranked, strict=False):
        new.posts.append(carried_post(new, old_post, category, position))


def carry_over_neighbourhood_posts(new: Ward) -> None:
    """Each taken-over neighbourhood keeps its part-time workers in the same titles."""
    for hood in new.hoods:
        old_titles = hood_titles(hood.origin)
        for old_post in hood.origin.ward.posts:
            if old_post.hood is hood.origin and old_post.valid_on(ref.OLD_TO):
                position = hood_titles(hood)[old_titles.index(old_post.position)]
                post = carried_post(new, old_post, old_post.category, position)
                post.hood = hood
                new.posts.append(post)


def carried_post(new: Ward, old_post: Post, category: str, position: str) -> Post:
    """The old post's holder in a post of the new unit, still in the pools of terms that go
    on after the reform."""
    return Post(
        ward=new,
        person=old_post.person,
        category=category,
        position=position,
        valid_from=new.valid_from,
        terms={term for term in old_post.terms if term[1] >= NEW_YEAR},
    )


def invent_roster(ward: Ward) -> None:
    """Staff of a reporting unit outside Đông Triều, from the reform (or, for a unit that goes
    on unchanged, from earlier), with a few changes in the second half of 2025."""
    rng = rng_for("roster", ward.code, ward.valid_from.year)
    people = People()
    staff = Roster(ward, rng, people, staff_titles(ward))
    part_time = Roster(ward, rng, people, part_time_titles(ward))
    for category, position in staff.titles[: rng.randint(24, 45)]:
        staff.hire(category, position, invented_start(ward, rng))
    for category, position in part_time.titles[: rng.randint(10, 14)]:
        part_time.hire(category, position, invented_start(ward, rng))
    for _ in range(rng.randint(0, 2)):
        leaving = rng.choice([p for p in staff.active if p.position != staff.secretary_title])
        staff.replace(leaving, day_in(rng, NEW_YEAR, 8, 11))
    for hood in ward.hoods:
        invent_neighbourhood_posts(hood, rng, people)
    choose_pool(ward, rng, TERMS[2], year_end(NEW_YEAR))
    # Half the pool of 2025–2030 was already in the pool of 2020–2025.
    for post in ward.posts:
        if TERMS[2] in post.terms and rng.random() < 0.5:
            post.terms.add(TERMS[1])


def invented_start(ward: Ward, rng: random.Random) -> datetime.date:
    """A new unit's people start with it; a unit that goes on has had them for years."""
    if ward.is_new:
        return ward.valid_from
    return day_between(rng, datetime.date(2012, 1, 1), datetime.date(2025, 6, 30))


def invent_neighbourhood_posts(hood: Hood, rng: random.Random, people: People) -> None:
    """The 3 part-time titles of a neighbourhood; now and then 4, or only 2."""
    ward = hood.ward
    roster = Roster(ward, rng, people, [])
    count = 4 if ward.profile.hood_excess and rng.random() < 0.3 else 3
    count = 2 if rng.random() < 0.08 else count
    for position in hood_titles(hood)[:count]:
        roster.hire(Category.NEIGHBOURHOOD_PART_TIME, position, invented_start(ward, rng), hood)


# --- Reports --------------------------------------------------------------------------------

ARTICLE_NOTE = (
    f"Tổng số đảng viên (1.493), số chi bộ (41), cán bộ, công chức (33) và người hoạt "
    f"động không chuyên trách (14) theo {ARTICLE.source}; số liệu từng chi bộ là dữ "
    f"liệu minh họa."
)
SAMPLE_NOTE = "Dữ liệu minh họa."
# Years in which a ward whose profile has standing-committee gaps leaves some cells without a
# member in charge.
STANDING_GAP_YEARS = (2019, 2022, 2025)


def plan_reports(plan: Plan) -> None:
    mao_khe_group = {c.old_code for c in ref.predecessors_of(ref.MAO_KHE_CODE)}
    # Gaps in completeness: three old wards miss 2024 and three new units miss 2025 (never
    # the demo ward or its predecessors, whose trend the demo shows).
    old_candidates = sorted(
        w.code
        for w in plan.reporting_old
        if w.code not in mao_khe_group and not w.ends_before_reform
    )
    new_candidates = sorted(c for c in plan.new_wards if c != ref.MAO_KHE_CODE)
    missing = {(code, 2024) for code in rng_for("gaps", 2024).sample(old_candidates, 3)}
    missing |= {(code, NEW_YEAR) for code in rng_for("gaps", NEW_YEAR).sample(new_candidates, 3)}
    for year in OLD_YEARS:
        for ward in plan.reporting_old:
            if (ward.code, year) not in missing and ward.valid_on(year_end(year)):
                plan.reports.append(make_report(ward, year))
    for ward in plan.reporting_new:
        if (ward.code, NEW_YEAR) not in missing:
            plan.reports.append(make_report(ward, NEW_YEAR))
    # A few wards' own totals differ from their cells' sum, for validation to find.
    candidates = [
        r for r in plan.reports if r.ward.code != ref.MAO_KHE_CODE and not r.ward.ends_before_reform
    ]
    rng = rng_for("declared-mismatch")
    for report in rng.sample(candidates, 3):
        report.declared_members += rng.choice([-3, -2, -1, 1, 2, 3])


def is_article(ward: Ward, year: int) -> bool:
    return ward.code == ref.MAO_KHE_CODE and not ward.is_new and year == ARTICLE.year


def make_report(ward: Ward, year: int) -> ReportPlan:
    rng = rng_for("report", ward.code, ward.valid_from.year, year)
    rows = figure_rows(ward, year, rng)
    if is_article(ward, year):
        note, training = ARTICLE_NOTE, ARTICLE.training_attendances
    else:
        note, training = SAMPLE_NOTE, rng.randint(18, 60)
    return ReportPlan(
        ward=ward,
        year=year,
        declared_members=sum(row.figures.members for row in rows),
        opening_members=sum(row.figures.opening for row in rows),
        **dict(
            zip(
                ("organisation_level", "organisation_level_given", "organisation_score"),
                organisation_rating(ward.code, year, scored=(year == NEW_YEAR)),
                strict=True,
            )
        ),
        training_attendances=training,
        membership=membership_structure(ward.code, year, sum(row.figures.members for row in rows)),
        propagandists=rng.randint(5, 15),
        mass_mobilisation_models=rng.randint(3, 14),
        note=note,
        rows=rows,
    )


def figure_rows(ward: Ward, year: int, rng: random.Random) -> list[FigureRow]:
    """A row for each cell on the year's last day, its members from the cell's stock, the rest
    drawn after the ward's profile; the standing committee shares the cells out in turn."""
    on = year_end(year)
    cells = [c for c in ward.cells if c.valid_on(on)]
    standing = standing_committee(ward, on)
    unassigned = set()
    if ward.profile.standing_gaps and year in STANDING_GAP_YEARS:
        unassigned = {id(c) for c in rng.sample(cells, ward.profile.standing_gaps)}
    rows = []
    for index, cell in enumerate(cells):
        level, score = quality(rng, ward.profile.good_share, scored=(year == NEW_YEAR))
        head = secretary_heads(cell, year, rng)
        rows.append(
            FigureRow(
                cell=cell,
                figures=cell.stock[year],
                secretary_is_head=head,
                standing_member_in_charge=(
                    "" if id(cell) in unassigned else standing[index % len(standing)]
                ),
                quality_level=level,
                quality_score=score,
                review_held=rng.random() < ward.profile.review_share,
            )
        )
    return rows


def standing_committee(ward: Ward, on: datetime.date) -> list[str]:
    titles = staff_titles(ward)
    wanted = [titles[i][1] for i in STANDING] + [MILITARY_CHIEF.format(u=ward.unit_word)]
    members = []
    for position in wanted:
        holder = next((p for p in ward.posts if p.position == position and p.valid_on(on)), None)
        if holder and holder.person.full_name not in members:
            members.append(holder.person.full_name)
    return members


def secretary_heads(cell: CellPlan, year: int, rng: random.Random) -> bool | None:
    """Whether a residential cell's secretary also heads its neighbourhood; None for the other
    cells. Quảng Ninh reached 100% by 2021; the new units start from their own practice."""
    if cell.kind != CellKind.RESIDENTIAL:
        return None
    lagging = year <= 2020 or cell.ward.is_new
    return not (lagging and rng.random() >= cell.ward.profile.head_share)


# --- Quotas -------------------------------------------------------------------------------


def plan_quotas(plan: Plan) -> None:
    """The province's own quotas (chỉ tiêu tỉnh giao), where it set any; elsewhere the norms of
    the rule sets apply."""
    mao_khe = plan.old_wards[ref.MAO_KHE_CODE]
    plan.quotas.append(
        QuotaPlan(
            ward=mao_khe,
            year=ARTICLE.year,
            cadres_civil_servants=ARTICLE.staff,
            ward_part_time=ARTICLE.ward_part_time,
            neighbourhood_part_time=ARTICLE.per_neighbourhood,
            legal_source="Biên chế tỉnh giao 2018 (Đề án 25)",
        )
    )
    for ward in plan.reporting_old:
        plan.quotas += old_ward_quotas(ward, is_mao_khe=ward is mao_khe)
    plan.quotas += [new_unit_quota(ward) for ward in plan.reporting_new]


def old_ward_quotas(ward: Ward, is_mao_khe: bool) -> list[QuotaPlan]:
    """An old ward's quotas for 2018–2024: staff and admissions, each in some years."""
    rng = rng_for("quota", ward.code, ward.valid_from.year)
    quotas = []
    for year in OLD_YEARS:
        if not ward.valid_on(year_end(year)):
            continue
        quota = QuotaPlan(ward=ward, year=year)
        set_staff_quota(quota, rng, is_mao_khe)
        set_admissions_target(quota, rng, is_mao_khe)
        if quota.legal_source:
            quotas.append(quota)
    return quotas


def set_staff_quota(quota: QuotaPlan, rng: random.Random, is_mao_khe: bool) -> None:
    """Mạo Khê's streamlining roadmap in 2019–2022; most other wards' staff quota, near their
    count, in 2018 and 2019 (Đề án 25)."""
    ward, year = quota.ward, quota.year
    if is_mao_khe and 2019 <= year <= 2022:
        # The province allowed the streamlining roadmap's numbers until the norm.
        quota.cadres_civil_servants = staff_on(ward, year_end(year))
        quota.legal_source = f"Biên chế tỉnh giao {year} theo lộ trình Đề án 25"
    elif not is_mao_khe and year in (2018, 2019) and rng.random() < 0.7:
        count = staff_on(ward, year_end(year))
        quota.cadres_civil_servants = count + rng.choice([-2, -1, 0, 1, 2, 3])
        quota.neighbourhood_part_time = ARTICLE.per_neighbourhood
        quota.legal_source = f"Biên chế tỉnh giao {year} (Đề án 25)"


def set_admissions_target(quota: QuotaPlan, rng: random.Random, is_mao_khe: bool) -> None:
    """From 2021, Mạo Khê's and half the other wards' targets for admissions, near the year's."""
    ward, year = quota.ward, quota.year
    if year >= 2021 and (is_mao_khe or rng.random() < 0.5):
        admitted = admitted_in(ward, year)
        quota.admissions_target = max(1, admitted + rng.choice([-3, -1, 0, 1, 2, 3]))
        quota.legal_source = quota.legal_source or (
            f"Chỉ tiêu kết nạp đảng viên năm {year} (Nghị quyết Đảng bộ {ward.unit_word})"
        )


def new_unit_quota(ward: Ward) -> QuotaPlan:
    """The staff the province assigns a new unit for 2025: after 1 Jul 2025 there is no national
    norm, and each unit has its number, assigned for the time being under Công văn 09/CV-BCĐ
    (docs/rules.md)."""
    rng = rng_for("quota", ward.code, ward.valid_from.year, NEW_YEAR)
    rng.random()  # the draw that once chose which units had a quota: the numbers stay the same
    count = staff_on(ward, year_end(NEW_YEAR))
    return QuotaPlan(
        ward=ward,
        year=NEW_YEAR,
        cadres_civil_servants=count + rng.choice([-5, -3, -2, 0, 1, 2]),
        admissions_target=max(1, admitted_in(ward, NEW_YEAR) + rng.choice([-4, 0, 2])),
        legal_source="Số lượng cán bộ, công chức tỉnh giao tạm thời (Công văn 09/CV-BCĐ)",
    )


def staff_on(ward: Ward, on: datetime.date) -> int:
    return sum(1 for p in ward.posts if p.category in STAFF and p.valid_on(on))


def admitted_in(ward: Ward, year: int) -> int:
    on = year_end(year)
    return sum(c.stock[year].admitted for c in ward.cells if c.valid_on(on) and year in c.stock)
