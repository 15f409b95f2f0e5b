"""The official lists of Quảng Ninh's units before and after 1 Jul 2025, read from the CSVs that
ship with the hierarchy app (wardstats/hierarchy/data/, never from outside the installed
packages)."""

import csv
import datetime
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import wardstats.hierarchy
from wardstats.hierarchy.models import LineageKind, UnitKind

DATA_DIR = Path(wardstats.hierarchy.__file__).resolve().parent / "data"
PROVINCE_CODE = "22"
PROVINCE_NAME = "Tỉnh Quảng Ninh"
DONG_TRIEU_CODE = "205"
MAO_KHE_CODE = "07069"

# The old three-tier hierarchy. Official lists do not say when each unit was created, so the demo
# starts every old unit on one early date, well before the first reporting year (2018).
PROVINCE_FROM = datetime.date(1900, 1, 1)
OLD_FROM = datetime.date(2000, 1, 1)
OLD_TO = datetime.date(2025, 6, 30)
REFORM = datetime.date(2025, 7, 1)

DISTRICT_KINDS = {
    "Thành phố": UnitKind.CITY,
    "Thị xã": UnitKind.TOWN,
    "Huyện": UnitKind.RURAL_DISTRICT,
    "Quận": UnitKind.URBAN_DISTRICT,
}
COMMUNE_KINDS = {
    "phường": UnitKind.WARD,
    "xã": UnitKind.COMMUNE,
    "thị trấn": UnitKind.TOWNSHIP,
    "đặc khu": UnitKind.SPECIAL_ZONE,
}
KEPT_UNCHANGED = "Giữ nguyên"


@dataclass(frozen=True)
class District:
    code: str
    name: str
    kind: str
    valid_to: datetime.date = OLD_TO


@dataclass(frozen=True)
class Commune:
    code: str
    name: str
    kind: str
    district_code: str = ""
    # Set for a unit that ended before 2025: its last day.
    valid_to: datetime.date | None = None
    # Earlier parents: (district code, last day under it), oldest first.
    earlier_districts: tuple[tuple[str, datetime.date], ...] = ()


@dataclass(frozen=True)
class Conversion:
    new_code: str
    old_code: str
    how: str

    @property
    def kind(self) -> str | None:
        """The lineage kind, or None for a unit that simply continues (giữ nguyên)."""
        return lineage_kind(self.how)


def lineage_kind(how: str) -> str | None:
    how = how.strip()
    if how == KEPT_UNCHANGED:
        return None
    if how == "Nhập toàn bộ":
        return LineageKind.WHOLE
    # "Nhập một phần", "Nhập một phần diện tích", "… diện tích, toàn bộ dân số": all partial.
    if how.startswith("Nhập một phần"):
        return LineageKind.PART
    if how.startswith("Đổi tên"):
        return LineageKind.RENAMED
    if how.startswith("Đổi loại hình"):
        return LineageKind.RETYPED
    raise ValueError(f"Unknown conversion in the official list: {how!r}")


def _rows(filename: str) -> list[dict]:
    with open(DATA_DIR / filename, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _district_kind(name: str) -> str:
    for prefix, kind in DISTRICT_KINDS.items():
        if name.startswith(prefix + " "):
            return kind
    raise ValueError(f"Unknown kind of district-level unit: {name!r}")


def short_name(name: str) -> str:
    """The name without its prefix: Phường Mạo Khê → Mạo Khê."""
    for prefix in ("Thị trấn ", "Phường ", "Xã ", "Đặc khu "):
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


@cache
def old_units() -> tuple[tuple[District, ...], tuple[Commune, ...]]:
    """Quảng Ninh's district- and commune-level units on 4 Jan 2025, in file order."""
    districts: dict[str, District] = {}
    communes = []
    for row in _rows("units-2025-01-quang-ninh.csv"):
        if row["province_code"] != PROVINCE_CODE:
            continue
        code = row["district_code"]
        if code not in districts:
            name = row["district_name"]
            districts[code] = District(code=code, name=name, kind=_district_kind(name))
        communes.append(
            Commune(
                code=row["commune_code"],
                name=row["commune_name"],
                kind=COMMUNE_KINDS[row["commune_type"].lower()],
                district_code=code,
            )
        )
    return tuple(districts.values()), tuple(communes)


@cache
def new_units() -> tuple[Commune, ...]:
    """Quảng Ninh's commune-level units from 1 Jul 2025, in file order."""
    return tuple(
        Commune(
            code=row["commune_code"],
            name=row["commune_name"],
            kind=COMMUNE_KINDS[row["commune_type"].lower()],
        )
        for row in _rows("units-2025-07.csv")
        if row["province_code"] == PROVINCE_CODE
    )


@cache
def conversions() -> tuple[Conversion, ...]:
    return tuple(
        Conversion(new_code=row["new_code"], old_code=row["old_code"], how=row["how"].strip())
        for row in _rows("units-conversion-2025-07-quang-ninh.csv")
        if row["new_province_code"] == PROVINCE_CODE
    )


def continuing_codes() -> set[str]:
    """Codes of old units kept unchanged by the reform: the same unit goes on."""
    return {c.old_code for c in conversions() if c.kind is None and c.old_code == c.new_code}


def predecessors_of(new_code: str) -> list[Conversion]:
    return [c for c in conversions() if c.new_code == new_code and c.kind is not None]


@dataclass(frozen=True)
class EarlierName:
    """A unit's name and kind until `until`, the day before a change that kept its code."""

    district: bool
    code: str
    name: str
    kind: str
    until: datetime.date
    source: str


# The resolutions behind the lists of units-2019-2024-quang-ninh.csv, by the day they took effect.
CHANGES = {
    datetime.date(2020, 1, 1): "Nghị quyết 837/NQ-UBTVQH14 (17/12/2019)",
    datetime.date(2024, 11, 1): "Nghị quyết 1199/NQ-UBTVQH15 (28/09/2024)",
}


@cache
def earlier_names() -> tuple[EarlierName, ...]:
    """Every district- or commune-level unit of Quảng Ninh whose name or kind changed between
    two of the dated lists while its code stayed: what it was called until the change."""
    lists: dict[str, dict[tuple[bool, str], tuple[str, str]]] = {}
    for row in _rows("units-2019-2024-quang-ninh.csv"):
        units = lists.setdefault(row["as_of"], {})
        units[(True, row["district_code"])] = (
            row["district_name"],
            DISTRICT_KINDS[row["district_type"]],
        )
        units[(False, row["commune_code"])] = (
            row["commune_name"],
            COMMUNE_KINDS[row["commune_type"].lower()],
        )
    dates = sorted(lists)
    found = []
    for before, after in zip(dates, dates[1:], strict=False):
        day = datetime.date.fromisoformat(after)
        for key, (name, kind) in lists[before].items():
            if key in lists[after] and lists[after][key] != (name, kind):
                found.append(
                    EarlierName(
                        district=key[0], code=key[1], name=name, kind=kind,
                        until=day - datetime.timedelta(days=1), source=CHANGES.get(day, ""),
                    )
                )  # fmt: skip
    return tuple(found)


def _dated_lists() -> dict[str, dict[str, dict]]:
    """Each dated list of units-2019-2024-quang-ninh.csv as {date: {commune code: row}}."""
    lists: dict[str, dict[str, dict]] = {}
    for row in _rows("units-2019-2024-quang-ninh.csv"):
        lists.setdefault(row["as_of"], {})[row["commune_code"]] = row
    return lists


def _day_before(iso: str) -> datetime.date:
    return datetime.date.fromisoformat(iso) - datetime.timedelta(days=1)


@cache
def ended_units() -> tuple[tuple[District, ...], tuple[Commune, ...]]:
    """The district- and commune-level units of the dated lists that are gone by 4 Jan 2025
    (Huyện Hoành Bồ; Phường Đông Triều, Xã Tân Việt …), each as its last list gives it, ending
    the day before the first list without it."""
    lists = _dated_lists()
    dates = sorted(lists)
    current_districts = {d.code for d in old_units()[0]}
    current_communes = {c.code for c in old_units()[1]}
    districts: dict[str, District] = {}
    communes: dict[str, Commune] = {}
    for before, after in zip(dates, dates[1:], strict=False):
        for code, row in lists[before].items():
            district = row["district_code"]
            if district not in current_districts and district not in districts:
                gone = {r["district_code"] for r in lists[after].values()}
                if district not in gone:
                    districts[district] = District(
                        code=district, name=row["district_name"],
                        kind=DISTRICT_KINDS[row["district_type"]], valid_to=_day_before(after),
                    )  # fmt: skip
            if code not in lists[after] and code not in current_communes:
                communes[code] = Commune(
                    code=code, name=row["commune_name"],
                    kind=COMMUNE_KINDS[row["commune_type"].lower()],
                    district_code=district, valid_to=_day_before(after),
                )  # fmt: skip
    return tuple(districts.values()), tuple(communes.values())


@cache
def earlier_districts() -> dict[str, tuple[tuple[str, datetime.date], ...]]:
    """Communes that moved to another district-level unit while keeping their code (Hoành Bồ's
    into Hạ Long on 01/01/2020): code → ((earlier district, last day under it), …)."""
    lists = _dated_lists()
    dates = sorted(lists)
    moves: dict[str, list[tuple[str, datetime.date]]] = {}
    for before, after in zip(dates, dates[1:], strict=False):
        for code, row in lists[before].items():
            later = lists[after].get(code)
            if later is not None and later["district_code"] != row["district_code"]:
                moves.setdefault(code, []).append((row["district_code"], _day_before(after)))
    return {code: tuple(found) for code, found in moves.items()}


@dataclass(frozen=True)
class Change:
    """A merge before 2025 whose successor the deciding resolution names."""

    effective: datetime.date
    district: bool
    old_code: str
    new_code: str
    how: str
    source: str

    @property
    def kind(self) -> str | None:
        return lineage_kind(self.how)


@cache
def changes() -> tuple[Change, ...]:
    return tuple(
        Change(
            effective=datetime.date.fromisoformat(row["effective"]),
            district=row["level"] == "district",
            old_code=row["old_code"],
            new_code=row["new_code"],
            how=row["how"],
            source=row["source"],
        )
        for row in _rows("units-changes-2019-2024-quang-ninh.csv")
    )
