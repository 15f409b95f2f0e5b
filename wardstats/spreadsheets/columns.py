"""The three sheets of a ward's workbook — the report, its cells' figures, the cadre records —
column by column: the heading (Vietnamese in a Vietnamese interface, English in an English
one; both are read back), how a value is written out, and how one is read in.

A reader raises `CellError` with a message for the user; the importer adds the sheet, row and
column. Nothing here touches the database.
"""

import datetime
import functools
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from wardstats.core.numbers import grouped
from wardstats.hierarchy.models import CellKind
from wardstats.reports.models import QualityLevel
from wardstats.staffing.models import Category, Education, Gender, PoliticalTheory

LANGUAGES = ("vi", "en")


class CellError(ValueError):
    """A value that cannot be read: its message is shown at its row and column."""


def normalise(text) -> str:
    """For comparing headings, names and labels: NFC, trimmed, single spaces, case-folded."""
    text = unicodedata.normalize("NFC", str(text))
    return re.sub(r"\s+", " ", text).strip().casefold()


def in_every_language(text) -> set[str]:
    """The normalised forms of a lazy string in Vietnamese and in English."""
    forms = set()
    for language in LANGUAGES:
        with translation.override(language):
            forms.add(normalise(text))
    return forms


def is_blank(raw) -> bool:
    return raw is None or (isinstance(raw, str) and not raw.strip())


# --- Readers: raw spreadsheet value → Python value ----------------------------------------

_GROUPED = re.compile(r"^\d{1,3}([.,  ]\d{3})+$")


MAX_DIGITS = 15


def read_count(raw, *, required=False):
    """A non-negative whole number. 1.493 and 1,493 (thousands grouped) read as 1493."""
    if is_blank(raw):
        if required:
            raise CellError(_("This value is required."))
        return 0
    if isinstance(raw, bool):
        raise CellError(_("“%(value)s” is not a whole number.") % {"value": raw})
    if isinstance(raw, float):
        if not raw.is_integer():
            raise CellError(_("“%(value)s” is not a whole number.") % {"value": raw})
        raw = int(raw)
    if isinstance(raw, str):
        text = raw.strip()
        if _GROUPED.match(text):
            text = re.sub(r"[.,  ]", "", text)
        if not re.fullmatch(r"-?\d+", text):
            raise CellError(_("“%(value)s” is not a whole number.") % {"value": raw})
        if len(text.lstrip("-")) > MAX_DIGITS:  # never a count, and int() would refuse 4.300
            raise CellError(
                _("A number of %(n)s digits is too large to be a count.")
                % {"n": grouped(len(text))}
            )
        raw = int(text)
    if raw < 0:
        raise CellError(_("A count cannot be negative (%(value)s).") % {"value": raw})
    return raw


def read_required_count(raw):
    return read_count(raw, required=True)


def read_optional_count(raw):
    """A count where a blank cell means "not given" (None), not 0."""
    return None if is_blank(raw) else read_count(raw)


def read_year(raw):
    if is_blank(raw):
        raise CellError(_("This value is required."))
    year = read_count(raw)
    if not 1900 <= year <= 2100:
        raise CellError(_("“%(value)s” is not a plausible year.") % {"value": raw})
    return year


def read_text(raw, *, max_length: int, required=False) -> str:
    if is_blank(raw):
        if required:
            raise CellError(_("This value is required."))
        return ""
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    text = re.sub(r"\s+", " ", unicodedata.normalize("NFC", str(raw))).strip()
    if len(text) > max_length:
        raise CellError(
            _("At most %(max)s characters (this has %(n)s).") % {"max": max_length, "n": len(text)}
        )
    return text


def text(max_length: int, required=False) -> Callable:
    return lambda raw: read_text(raw, max_length=max_length, required=required)


def read_long_text(raw) -> str:
    """A note: kept as written, line breaks included."""
    return "" if is_blank(raw) else unicodedata.normalize("NFC", str(raw)).strip()


def read_score(raw):
    """A score 0–100 with up to two decimals; 85,5 and 85.5 both read."""
    if is_blank(raw):
        return None
    if isinstance(raw, bool):
        raise CellError(_("“%(value)s” is not a number.") % {"value": raw})
    try:
        value = Decimal(str(raw).strip().replace(",", "."))
    except InvalidOperation:
        raise CellError(_("“%(value)s” is not a number.") % {"value": raw}) from None
    if not value.is_finite() or not Decimal(0) <= value <= Decimal(100):
        raise CellError(_("The score is between 0 and 100."))
    if value != value.quantize(Decimal("0.01")):
        raise CellError(_("At most two decimals."))
    return value.quantize(Decimal("0.01"))


YES_NO = {True: pgettext_lazy("spreadsheet", "yes"), False: pgettext_lazy("spreadsheet", "no")}


@functools.cache
def _boolean_words() -> tuple[set[str], set[str]]:
    """Built on first use: translations are not ready while modules load."""
    true = {"x", "1", "true", "yes", "có", "co"} | in_every_language(YES_NO[True])
    false = {"0", "false", "no", "không", "khong"} | in_every_language(YES_NO[False])
    return true, false


def read_boolean(raw, *, blank=False):
    if isinstance(raw, bool):
        return raw
    if is_blank(raw):
        return False if blank is False else None
    key = normalise(raw)
    true, false = _boolean_words()
    if key in true:
        return True
    if key in false:
        return False
    raise CellError(
        _("Write “%(yes)s” or “%(no)s”, not “%(value)s”.")
        % {"yes": YES_NO[True], "no": YES_NO[False], "value": raw}
    )


def read_optional_boolean(raw):
    return read_boolean(raw, blank=None)


def read_date(raw):
    if isinstance(raw, datetime.datetime):
        return raw.date()
    if isinstance(raw, datetime.date):
        return raw
    if is_blank(raw):
        return None
    text = str(raw).strip()
    for pattern in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise CellError(_("“%(value)s” is not a date (write dd/mm/yyyy).") % {"value": raw})


def read_required_date(raw):
    value = read_date(raw)
    if value is None:
        raise CellError(_("This value is required."))
    return value


# Headings of files written before the Party's own words replaced them (issue [periods]): a
# workbook downloaded then still imports.
FORMER_HEADINGS = {
    "training_attendances": ("Lượt cán bộ đi tập huấn",),
    "neighbourhood": ("Khu phố, thôn",),
    "struck_off": ("Xóa tên, khai trừ", "Đưa ra khỏi Đảng", "removals"),
    "secretary_is_head": ("Bí thư kiêm trưởng khu",),
}
# Words of files written before cao cấp and cử nhân became one level, and before "none" read
# "chưa qua đào tạo".
THEORY_ALIASES = {
    "cao cấp": PoliticalTheory.ADVANCED,
    "cử nhân": PoliticalTheory.ADVANCED,
    "bachelor (cử nhân)": PoliticalTheory.ADVANCED,
    "advanced (cao cấp)": PoliticalTheory.ADVANCED,
    "40": PoliticalTheory.ADVANCED,
    "chưa có": PoliticalTheory.NONE,
}


def choice_reader(choices, *, required=True, aliases=None) -> Callable:
    """A choice by its label in either language, or by its stored value; `aliases`: other
    words for a value (the labels of files written before a label changed)."""

    @functools.cache
    def lookup() -> dict:
        forms = {normalise(word): value for word, value in (aliases or {}).items()}
        for value, label in choices.choices:
            forms[normalise(value)] = value
            for form in in_every_language(label):
                forms[form] = value
        return forms

    def read(raw):
        if is_blank(raw):
            if required:
                raise CellError(_("This value is required."))
            return ""
        if isinstance(raw, float) and raw.is_integer():
            raw = int(raw)
        key = normalise(raw)
        if key not in lookup():
            raise CellError(
                _("“%(value)s” is not one of: %(choices)s.")
                % {"value": raw, "choices": "; ".join(str(label) for label in choices.labels)}
            )
        return lookup()[key]

    return read


# --- Writers: Python value → spreadsheet value --------------------------------------------


def write_choice(choices) -> Callable:
    labels = dict(choices.choices)
    return lambda value: str(labels.get(value, value)) if value not in (None, "") else ""


def write_boolean(value):
    return "" if value is None else str(YES_NO[bool(value)])


def write_plain(value):
    return "" if value is None else value


# --- Columns and sheets -------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """One column: `field` names the model field (or a key the importer knows)."""

    field: str
    heading: object  # a lazy string
    read: Callable | None = None  # None: shown for people, not read back
    write: Callable = write_plain
    width: int = 14
    # A column added after files were downloaded: a file without it still imports, and its
    # rows keep the model's default for the field.
    optional: bool = False

    def headings(self) -> set[str]:
        return in_every_language(self.heading) | {
            normalise(former) for former in FORMER_HEADINGS.get(self.field, ())
        }


@dataclass(frozen=True)
class Sheet:
    key: str
    title: object  # a lazy string
    columns: tuple[Column, ...]

    def titles(self) -> set[str]:
        return in_every_language(self.title)

    def column(self, field: str) -> Column:
        return next(c for c in self.columns if c.field == field)


UNIT_CODE = Column(
    "unit_code",
    pgettext_lazy("spreadsheet column", "unit code"),
    read=text(20, required=True),
    width=10,
)

REPORT_SHEET = Sheet(
    "report",
    pgettext_lazy("spreadsheet", "Report"),
    (
        UNIT_CODE,
        Column("unit_name", pgettext_lazy("spreadsheet column", "unit"), width=28),
        Column(
            "period",
            pgettext_lazy("spreadsheet column", "period"),
            read=text(40, required=True),
            width=14,
        ),
        Column(
            "declared_members",
            pgettext_lazy("spreadsheet column", "party members declared"),
            read_required_count,
        ),
        Column(
            "opening_members",
            pgettext_lazy("spreadsheet column", "members at the start of the period"),
            read_optional_count,
            optional=True,
        ),
        Column(
            "organisation_level",
            pgettext_lazy("spreadsheet column", "the Party organisation's own assessment"),
            choice_reader(QualityLevel, required=False),
            write_choice(QualityLevel),
            width=24,
            optional=True,
        ),
        Column(
            "organisation_level_given",
            pgettext_lazy("spreadsheet column", "rated by the committee above"),
            choice_reader(QualityLevel, required=False),
            write_choice(QualityLevel),
            width=24,
            optional=True,
        ),
        Column(
            "organisation_score",
            pgettext_lazy("spreadsheet column", "the Party organisation's score"),
            read_score,
            optional=True,
        ),
        Column(
            "training_attendances",
            pgettext_lazy("spreadsheet column", "training attendances"),
            read_count,
        ),
        Column("propagandists", pgettext_lazy("spreadsheet column", "propagandists"), read_count),
        Column(
            "mass_mobilisation_models",
            pgettext_lazy("spreadsheet column", "mass mobilisation models"),
            read_count,
        ),
        Column("note", pgettext_lazy("spreadsheet column", "note"), read_long_text, width=40),
    ),
)

CELL_SHEET = Sheet(
    "cells",
    pgettext_lazy("spreadsheet", "Cells"),
    (
        UNIT_CODE,
        Column(
            "cell",
            pgettext_lazy("spreadsheet column", "cell"),
            read=text(120, required=True),
            width=30,
        ),
        Column(
            "kind",
            pgettext_lazy("spreadsheet column", "kind of cell"),
            choice_reader(CellKind, required=False),
            write_choice(CellKind),
            width=16,
        ),
        Column(
            "neighbourhood",
            pgettext_lazy("spreadsheet column", "neighbourhood"),
            read=text(120),
            width=20,
        ),
        Column("members", pgettext_lazy("spreadsheet column", "members"), read_required_count),
        Column(
            "probationary", pgettext_lazy("spreadsheet column", "of which probationary"), read_count
        ),
        Column("women", pgettext_lazy("spreadsheet column", "of which women"), read_count),
        Column(
            "opening",
            pgettext_lazy("spreadsheet column", "members at the start of the period"),
            read_optional_count,
            optional=True,
        ),
        Column("admitted", pgettext_lazy("spreadsheet column", "admitted"), read_count),
        Column("transferred_in", pgettext_lazy("spreadsheet column", "transferred in"), read_count),
        Column(
            "reinstated",
            pgettext_lazy("spreadsheet column", "membership reinstated"),
            read_count,
            optional=True,
        ),
        Column("deaths", pgettext_lazy("spreadsheet column", "deaths"), read_count),
        Column(
            "expelled", pgettext_lazy("spreadsheet column", "expelled"), read_count, optional=True
        ),
        Column("struck_off", pgettext_lazy("spreadsheet column", "struck off"), read_count),
        Column(
            "resigned",
            pgettext_lazy("spreadsheet column", "left at their own request"),
            read_count,
            optional=True,
        ),
        Column(
            "transferred_out", pgettext_lazy("spreadsheet column", "transferred out"), read_count
        ),
        Column(
            "recognised_full",
            pgettext_lazy("spreadsheet column", "probationary members made full members"),
            read_count,
            optional=True,
        ),
        *[
            Column(name, heading, read_count, optional=True)
            for name, heading in (
                ("rated_excellent", pgettext_lazy("spreadsheet column", "rated HTXSNV")),
                ("rated_good", pgettext_lazy("spreadsheet column", "rated HTTNV")),
                ("rated_completed", pgettext_lazy("spreadsheet column", "rated HTNV")),
                ("rated_not_completed", pgettext_lazy("spreadsheet column", "rated KHTNV")),
                ("unrated_new", pgettext_lazy("spreadsheet column", "not rated: new")),
                ("unrated_exempt", pgettext_lazy("spreadsheet column", "not rated: exempt")),
                ("unrated_other", pgettext_lazy("spreadsheet column", "not rated: other")),
                ("exempt", pgettext_lazy("spreadsheet column", "exempt from Party work")),
                ("thematic_meetings", pgettext_lazy("spreadsheet column", "thematic meetings")),
            )
        ],
        Column(
            "has_committee",
            pgettext_lazy("spreadsheet column", "has a cell committee"),
            read_boolean,
            write_boolean,
            optional=True,
        ),
        Column(
            "secretary_is_head",
            pgettext_lazy("spreadsheet column", "secretary is also neighbourhood head"),
            read_optional_boolean,
            write_boolean,
        ),
        Column(
            "standing_member_in_charge",
            pgettext_lazy("spreadsheet column", "standing-committee member in charge"),
            text(120),
            width=24,
        ),
        Column(
            "quality_level",
            pgettext_lazy("spreadsheet column", "quality rating"),
            choice_reader(QualityLevel, required=False),
            write_choice(QualityLevel),
            width=24,
        ),
        Column("quality_score", pgettext_lazy("spreadsheet column", "quality score"), read_score),
        Column(
            "review_held",
            pgettext_lazy("spreadsheet column", "self-criticism review held"),
            read_boolean,
            write_boolean,
        ),
        Column("comment", pgettext_lazy("spreadsheet column", "comment"), text(300), width=30),
    ),
)

CADRE_SHEET = Sheet(
    "cadres",
    pgettext_lazy("spreadsheet", "Cadres"),
    (
        UNIT_CODE,
        Column(
            "id",
            pgettext_lazy("spreadsheet column", "record number"),
            read=lambda raw: read_count(raw) or None,
            width=10,
        ),
        Column(
            "full_name",
            pgettext_lazy("spreadsheet column", "full name"),
            text(120, required=True),
            width=26,
        ),
        Column(
            "position",
            pgettext_lazy("spreadsheet column", "position"),
            text(120, required=True),
            width=26,
        ),
        Column(
            "category",
            pgettext_lazy("spreadsheet column", "category"),
            choice_reader(Category),
            write_choice(Category),
            width=22,
        ),
        Column(
            "neighbourhood",
            pgettext_lazy("spreadsheet column", "neighbourhood"),
            text(120),
            width=18,
        ),
        Column(
            "gender",
            pgettext_lazy("spreadsheet column", "gender"),
            choice_reader(Gender),
            write_choice(Gender),
            width=8,
        ),
        Column(
            "birth_year", pgettext_lazy("spreadsheet column", "year of birth"), read_year, width=10
        ),
        Column(
            "education",
            pgettext_lazy("spreadsheet column", "professional education"),
            choice_reader(Education, aliases={"chưa có": Education.NONE}),
            write_choice(Education),
            width=22,
        ),
        Column(
            "political_theory",
            pgettext_lazy("spreadsheet column", "political theory"),
            choice_reader(PoliticalTheory, aliases=THEORY_ALIASES),
            write_choice(PoliticalTheory),
            width=22,
        ),
        Column(
            "meets_standard",
            pgettext_lazy("spreadsheet column", "meets the standard for the post"),
            read_boolean,
            write_boolean,
        ),
        Column(
            "planning_terms",
            pgettext_lazy("spreadsheet column", "planning terms"),
            text(200),
            width=20,
        ),
        Column(
            "valid_from",
            pgettext_lazy("spreadsheet column", "in post from"),
            read_required_date,
            width=12,
        ),
        Column(
            "valid_to", pgettext_lazy("spreadsheet column", "in post until"), read_date, width=12
        ),
    ),
)

# The structure of the membership (reports.structure): a row per category of each breakdown of
# the year's forms, named as the forms name them.
STRUCTURE_SHEET = Sheet(
    "structure",
    pgettext_lazy("spreadsheet", "Membership structure"),
    (
        UNIT_CODE,
        Column(
            "dimension",
            pgettext_lazy("spreadsheet column", "breakdown"),
            read=text(120, required=True),
            width=30,
        ),
        Column(
            "category",
            pgettext_lazy("spreadsheet column", "category of the breakdown"),
            read=text(200, required=True),
            width=44,
        ),
        Column("count", pgettext_lazy("spreadsheet column", "members"), read_count),
    ),
)

SHEETS = (REPORT_SHEET, CELL_SHEET, STRUCTURE_SHEET, CADRE_SHEET)
SHEETS_BY_KEY = {sheet.key: sheet for sheet in SHEETS}
# The workbook's first sheet tells people how to fill it; an import passes over it.
INSTRUCTIONS_TITLE = pgettext_lazy("spreadsheet", "Instructions")
