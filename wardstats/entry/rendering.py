"""The cells' grid of the report entry screen, written in one piece.

107 cells × 14 fields through the template engine cost tens of milliseconds and, written the
usual way, 1,4 MB in the admin; here each row is a few lines of plain HTML (unquoted attribute
values where HTML allows them, short field names): about 1 KB a cell. Every input is named by
its column header and its cell (`aria-labelledby`); the phone layout shows the column's name
above each input from a stylesheet of the period's columns (`views.labels_css`).
"""

import functools
from dataclasses import dataclass

from django.utils.html import conditional_escape, escape
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from wardstats.periods.models import PeriodKind
from wardstats.reports.models import QualityLevel
from wardstats.reports.ratings import LEVEL_SHORT
from wardstats.reports.rules import CELL_RULES

from .forms import BOOLEANS, CODES, TEXTS, CellRow


@dataclass(frozen=True)
class Column:
    field: str
    label: str  # the column heading (short, as the Party's forms abbreviate)
    title: str  # its full name

    @property
    def code(self) -> str:
        return CODES[self.field]


COLUMNS = (
    Column("members", _("Members"), _("Party members (full and probationary)")),
    Column("probationary", _("Probationary"), _("of which probationary members")),
    Column("women", _("Women"), _("of which women")),
    Column("opening", _("Opening"), _("members at the start of the period")),
    Column("admitted", _("Admitted"), _("new members admitted")),
    Column("transferred_in", _("Moved in"), _("members transferred in")),
    Column("reinstated", _("Reinstated"), _("membership reinstated")),
    Column("deaths", _("Died"), _("members who died")),
    Column("expelled", _("Expelled"), _("members expelled")),
    Column("struck_off", _("Struck off"), _("members struck off the rolls")),
    Column("resigned", _("Resigned"), _("members who left at their own request")),
    Column("transferred_out", _("Moved out"), _("members transferred out")),
    Column("recognised_full", _("Made full"), _("probationary members made full members")),
    Column("rated_excellent", "HTXSNV", _("members rated “excellently completed tasks”")),
    Column("rated_good", "HTTNV", _("members rated “well completed tasks”")),
    Column("rated_completed", "HTNV", _("members rated “completed tasks”")),
    Column("rated_not_completed", "KHTNV", _("members rated “did not complete tasks”")),
    Column("unrated_new", _("Not rated: new"), _("members not rated: admitted recently")),
    Column(
        "unrated_exempt",
        _("Not rated: exempt"),
        _("members not rated: exempt from Party work and activities"),
    ),
    Column("unrated_other", _("Not rated: other"), _("members not rated: ill or other reasons")),
    Column("exempt", _("Exempt"), _("members exempt from Party work and activities")),
    Column("has_committee", _("Committee"), _("the cell has a cell committee (chi ủy)")),
    Column("thematic_meetings", _("Thematic"), _("thematic meetings held in the period")),
    Column(
        "secretary_is_head",
        _("Secretary is head"),
        _("cell secretary also heads the village or residential group"),
    ),  # noqa: E501
    Column(
        "standing_member_in_charge", _("Standing member"), _("standing-committee member in charge")
    ),  # noqa: E501
    Column("quality_level", _("Rating"), _("quality rating of the cell")),
    Column("quality_score", _("Score"), _("quality score (0–100)")),
    Column("review_held", _("Review"), _("self-criticism review held")),
    Column("comment", _("Comment"), _("comment")),
)


def columns_for(period, part=None) -> list[Column]:
    """The period's columns (of one part of the screen): the score only where the period scores
    cells on 100 points."""
    return [
        c for c in COLUMNS
        if (c.field != "quality_score" or period.uses_quality_score)
        and (part is None or c.field in part.fields)
    ]  # fmt: skip


@dataclass(frozen=True)
class Part:
    """One part of the report screen, as the Party's forms part the year's statistics: the
    members and their movement (the members form), the organisation and its ratings, the
    structure of the membership. A part is a page of its own and a save of its own: 107 cells
    × 29 figures on one page would be 270 KB, too heavy for a phone."""

    slug: str
    label: str
    fields: tuple[str, ...]  # the cells' figures it shows
    ward_fields: tuple[str, ...]  # the ward's own figures it shows
    structure: bool = False  # the membership's structure (a year's report only)


PARTS = (
    Part(
        "members",
        _("Members and their movement"),
        ("members", "probationary", "women", "exempt", "opening", "admitted", "transferred_in",
         "reinstated", "deaths", "expelled", "struck_off", "resigned", "transferred_out",
         "recognised_full", "comment"),
        ("declared_members", "opening_members", "note"),
    ),
    Part(
        "organisation",
        _("Organisation and ratings"),
        ("has_committee", "thematic_meetings", "secretary_is_head", "standing_member_in_charge",
         "rated_excellent", "rated_good", "rated_completed", "rated_not_completed",
         "unrated_new", "unrated_exempt", "unrated_other", "quality_level", "quality_score",
         "review_held"),
        ("organisation_level", "organisation_level_given", "organisation_score",
         "training_attendances", "propagandists", "mass_mobilisation_models"),
    ),
    Part("structure", _("The structure of the membership"), (), (), structure=True),
)  # fmt: skip


def parts_for(period) -> list[Part]:
    """The parts of a period's report: the structure in a year's report only."""
    return [p for p in PARTS if not p.structure or period.kind == PeriodKind.YEAR]


def part_of(parts: list[Part], slug: str | None) -> Part:
    """The part asked for (`?part=`), else the first."""
    return next((p for p in parts if p.slug == slug), parts[0])


def _attrs(row: CellRow, column: Column) -> str:
    name = row.name(column.field)
    attrs = f' name={name} aria-labelledby="h{column.code} r{row.cell.pk}"'
    if column.field in row.errors:
        attrs += f" aria-invalid=true aria-describedby=e{name}"
    return attrs


def _value(value: str) -> str:
    """The value attribute: none when empty; bare digits unquoted (HTML allows it)."""
    if value == "":
        return ""
    if value.isdigit():
        return f" value={value}"
    return f' value="{escape(value)}"'


def _input(row: CellRow, column: Column) -> str:
    field, value = column.field, row.shown[column.field]
    attrs = _attrs(row, column)
    if field in BOOLEANS:
        if field == "secretary_is_head" and not row.residential:
            return "–"
        return f"<input type=checkbox{attrs}{' checked' if value else ''}>"
    if field == "quality_level":
        options = "".join(
            f"<option value={level.value}{' selected' if value == level.value else ''}>"
            f"{LEVEL_SHORT[level]}"
            for level in QualityLevel
        )
        return f'<select{attrs}><option value="">–{options}</select>'
    if field in TEXTS:
        return f"<input{attrs}{_value(value)}>"
    mode = "decimal" if field == "quality_score" else "numeric"
    return f"<input{attrs}{_value(value)} inputmode={mode}>"


def _shown(row: CellRow, column: Column, value=None) -> str:
    """A value as text, for a report that can no longer change (or someone else's value)."""
    field = column.field
    value = row.shown[field] if value is None else value
    if field in BOOLEANS:
        if field == "secretary_is_head" and not row.residential:
            return "–"
        return str(_("yes")) if value else "–"
    if field == "quality_level":
        return LEVEL_SHORT.get(value, "–")
    return escape(value) if value != "" else "–"


def _extra(row: CellRow, column: Column) -> str:
    """The field's error, and the other person's value after a clash."""
    out = ""
    if column.field in row.errors:
        name = row.name(column.field)
        out += f"<span class=e id=e{name}>{conditional_escape(row.errors[column.field])}</span>"
    if column.field in row.theirs:
        their = _shown(row, column, row.theirs[column.field])
        out += f"<span class=t>{conditional_escape(_('theirs'))}: {their}</span>"
    return out


BY_FIELD = {c.field: c for c in COLUMNS}


@functools.cache
def _read_elsewhere(shown: frozenset) -> tuple[str, ...]:
    """The counts a part's rules compare its figures with that the part does not show
    (rules.CELL_RULES: the exempt, for those not rated as exempt)."""
    needed = (f for r in CELL_RULES if r.field in shown for f in r.limit if f not in shown)
    return tuple(dict.fromkeys(needed))


def _known(row: CellRow, columns: list[Column]) -> str:
    """Those counts as stored, for the script's live checks (data-e=2; entry.js)."""
    return "".join(
        f" data-{CODES[f]}={row.shown[f]}"
        for f in _read_elsewhere(frozenset(c.field for c in columns))
        if row.shown.get(f, "").isdigit()
    )


def _elsewhere(row: CellRow, columns: list[Column]) -> list[str]:
    """A rule of the whole row, or of a figure this part does not show: said under the cell's
    name (the figure named)."""
    shown = {c.field for c in columns}
    messages = []
    for field, message in row.errors.items():
        if field == "__all__":
            messages.append(message)
        elif field not in shown:
            column = BY_FIELD.get(field)  # a figure's name, never a developer's field name
            messages.append(f"{capfirst(column.title)}: {message}" if column else message)
    return messages


def row_html(row: CellRow, columns: list[Column], *, editable: bool) -> str:
    cell = row.cell
    where = f"<small>{escape(cell.neighbourhood.name)}</small>" if cell.neighbourhood_id else ""
    said = "".join(f"<span class=e>{conditional_escape(m)}</span>"
                   for m in _elsewhere(row, columns))  # fmt: skip
    name = f"<th scope=row id=r{cell.pk}>{escape(cell.name)}{where}{said}"
    parts = [f"<tr{_known(row, columns)}>{name}"]
    for column in columns:
        shown = _input(row, column) if editable else _shown(row, column)
        parts.append(f"<td>{shown}{_extra(row, column)}")
    return "".join(parts)


def rows_html(rows: list[CellRow], columns: list[Column], *, editable: bool) -> str:
    return mark_safe("\n".join(row_html(r, columns, editable=editable) for r in rows))
