"""The report entry form: the ward's own figures, then one row per Party cell.

Light by design — a ward of 107 cells posts about 1.500 values — so the cells' values are read
straight from the POST under short names (`<cell id><code>`: `1234m` is cell 1234's members)
rather than through a Django form per cell; each row is then checked by the model's own rules
(`CellFigures.clean`, `reports.rules`), so the screen refuses exactly what the admin, the
imports and the database refuse.
"""

import functools
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from wardstats.hierarchy.models import CellKind
from wardstats.reports.models import (
    CELL_COUNT_FIELDS,
    REPORT_FIELDS,
    CellFigures,
    Report,
)
from wardstats.reports.rules import MAX_COUNT, negative_message, too_large_message

# The short name of each field in the form (a row of 14 fields, 107 rows).
CODES = {
    "members": "m",
    "probationary": "p",
    "women": "w",
    "opening": "b",
    "admitted": "a",
    "transferred_in": "i",
    "reinstated": "n",
    "deaths": "d",
    "expelled": "x",
    "struck_off": "r",
    "resigned": "l",
    "transferred_out": "o",
    "recognised_full": "f",
    "rated_excellent": "ge",
    "rated_good": "gg",
    "rated_completed": "gc",
    "rated_not_completed": "gn",
    "unrated_new": "un",
    "unrated_exempt": "ux",
    "unrated_other": "uo",
    "exempt": "e",
    "has_committee": "cu",
    "thematic_meetings": "t",
    "secretary_is_head": "h",
    "standing_member_in_charge": "s",
    "quality_level": "q",
    "quality_score": "k",
    "review_held": "v",
    "comment": "c",
}
BOOLEANS = ("has_committee", "secretary_is_head", "review_held")
# Counts beside the cell's members and flows (a number of meetings).
OTHER_COUNTS = ("thematic_meetings",)
# The counts the screen's script reads and checks, by their short name.
COUNT_CODES = {CODES[name]: name for name in (*CELL_COUNT_FIELDS, *OTHER_COUNTS)}
# Counts that stay blank when not typed (the others are 0): the opening stock is carried from
# the last period, and a blank one is asked for on submit, not taken for 0.
OPTIONAL_COUNTS = ("opening",)
TEXTS = ("standing_member_in_charge", "comment")


# The ward's own counts (typed as numbers, on a phone's number pad).
WARD_COUNTS = ("declared_members", "opening_members", "training_attendances", "propagandists",
               "mass_mobilisation_models")  # fmt: skip


class WardFiguresForm(forms.ModelForm):
    """The ward's own figures (what the ward declares, beside what its cells add up to)."""

    class Meta:
        model = Report
        fields = list(REPORT_FIELDS)
        widgets = {
            name: forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"})
            for name in WARD_COUNTS
        } | {
            "organisation_score": forms.TextInput(
                attrs={"inputmode": "decimal", "autocomplete": "off"}
            ),
            "note": forms.Textarea(attrs={"rows": 2}),
        }

    def clean(self):
        cleaned = super().clean()
        for name, value in cleaned.items():
            if isinstance(value, int) and value < 0:
                self.add_error(name, negative_message())
        return cleaned


@functools.cache
def ward_form_for(fields: tuple[str, ...]) -> type[WardFiguresForm]:
    """The ward's figures of one part of the screen (the others stay as stored)."""
    return forms.modelform_factory(Report, form=WardFiguresForm, fields=list(fields))


def read_count(raw: str):
    """A count as typed: blank → None; 1.493 or 1 493 read as 1493; else a ValidationError."""
    text = raw.strip().replace(".", "").replace(" ", "").replace("\u00a0", "")
    if not text:
        return None
    if text.startswith("-") and text[1:].isdigit():
        raise ValidationError(negative_message())
    if not text.isdigit() or len(text) > 9:
        raise ValidationError(_("Enter a whole number."))
    value = int(text)
    if value > MAX_COUNT:
        raise ValidationError(too_large_message())
    return value


def read_score(raw: str):
    text = raw.strip().replace(",", ".")
    if not text:
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        raise ValidationError(_("Enter a number from 0 to 100.")) from None


@dataclass
class CellRow:
    """One cell on the screen: what is shown in its inputs, its stored figures, its errors,
    and (after a clash with someone else's save) their values where both changed a field."""

    cell: object
    stored: CellFigures | None
    shown: dict = field(default_factory=dict)
    errors: dict = field(default_factory=dict)
    theirs: dict = field(default_factory=dict)
    figures: CellFigures | None = None  # what to save (None: nothing, or removed)

    @property
    def residential(self) -> bool:
        return self.cell.kind == CellKind.RESIDENTIAL

    def name(self, field_name: str) -> str:
        return f"{self.cell.pk}{CODES[field_name]}"


def stored_values(figures: CellFigures | None) -> dict:
    """A cell's stored figures as the inputs show them ("" where there are none)."""
    if figures is None:
        return dict.fromkeys(CODES, "") | dict.fromkeys(BOOLEANS, False)
    shown = {}
    for name in CODES:
        value = getattr(figures, name)
        if name in BOOLEANS:
            shown[name] = bool(value)
        else:
            shown[name] = "" if value is None else str(value)
    return shown


def posted_values(data, row: CellRow, fields=CODES) -> dict:
    """What the person sent for one cell (an unticked box is not sent: False): the `fields` of
    the part she saw, the others as the row shows them (stored)."""
    shown = dict(row.shown)
    for name in fields:
        if name in BOOLEANS:
            shown[name] = data.get(row.name(name)) == "on"
        else:
            shown[name] = data.get(row.name(name), "").strip()
    return shown


def _is_blank(row: CellRow, fields) -> bool:
    """Nothing typed in the part's fields (the opening stock alone is carried in, not typed).
    Only the part that takes the members empties a cell: elsewhere a row left blank keeps the
    cell's stored figures."""
    if "members" not in fields and row.stored is not None:
        return False
    shown = row.shown
    typed = (shown[k] for k in fields if k not in BOOLEANS and k != "opening")
    return not any(typed) and not any(shown[k] for k in BOOLEANS if k in fields)


def _parsed(row: CellRow) -> dict | None:
    """The row's values as the model takes them; None (with errors) where one cannot be read."""
    values = {}
    for name in (*CELL_COUNT_FIELDS, *OTHER_COUNTS):
        try:
            values[name] = read_count(row.shown[name])
        except ValidationError as error:
            row.errors[name] = error.messages[0]
    if values.get("members") is None and "members" not in row.errors:
        row.errors["members"] = _("Enter the cell's members.")
    try:
        values["quality_score"] = read_score(row.shown["quality_score"])
    except ValidationError as error:
        row.errors["quality_score"] = error.messages[0]
    if row.errors:
        return None
    for name in (*CELL_COUNT_FIELDS[1:], *OTHER_COUNTS):
        if name not in OPTIONAL_COUNTS:
            values[name] = values[name] or 0
    values["secretary_is_head"] = row.shown["secretary_is_head"] if row.residential else None
    values["review_held"] = row.shown["review_held"]
    values["has_committee"] = row.shown["has_committee"]
    values["quality_level"] = row.shown["quality_level"]
    values.update({name: row.shown[name] for name in TEXTS})
    return values


def check_row(row: CellRow, report: Report, fields=CODES) -> None:
    """Builds the cell's figures from what was sent (`fields`: those of the part she saw) and
    checks them by the model's rules: `row.figures` is what to save (None when the row is
    blank), `row.errors` what is wrong."""
    if _is_blank(row, fields):
        row.figures = None
        return
    values = _parsed(row)
    if values is None:
        return
    figures = CellFigures(pk=row.stored.pk if row.stored else None, report=report, cell=row.cell)
    for name, value in values.items():
        setattr(figures, name, value)
    try:
        figures.clean_fields(exclude=["report", "cell"])
        figures.clean()
    except ValidationError as error:
        row.errors.update({k: v[0] for k, v in error.message_dict.items()})
        return
    row.figures = figures


def changed(row: CellRow) -> bool:
    """Whether saving the row changes anything stored."""
    return stored_values(row.stored) != stored_values(row.figures)
