"""A ward's workbook read against the database: what each row would do (new, changed,
unchanged) and every error by sheet, row and column — then, only if there is no error, all
of it saved in one transaction.

`plan_import` reads and never writes; `apply_plan` writes what a plan holds. The confirm step
re-plans inside the transaction, with the report's row locked, and saves only if the plan is
the one the user saw (same fingerprint): what was previewed is what is saved, or nothing.
"""

import copy
import hashlib
import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from wardstats.core.numbers import grouped
from wardstats.core.versioning import StaleVersion
from wardstats.hierarchy.models import Cell, Unit
from wardstats.periods.models import PeriodKind
from wardstats.reports.models import (
    CELL_ENTRY_FIELDS,
    EDITABLE_STATUSES,
    REPORT_FIELDS,
    CellFigures,
    Report,
    ReportStatus,
)
from wardstats.reports.rules import MAX_WARD_COUNT, too_large_message
from wardstats.reports.services import report_create, report_save
from wardstats.reports.structure import structure_for
from wardstats.staffing.models import Cadre, PlanningTerm
from wardstats.staffing.services import cadre_change, cadre_create

from .columns import (
    CADRE_SHEET,
    CELL_SHEET,
    REPORT_SHEET,
    SHEETS_BY_KEY,
    STRUCTURE_SHEET,
    CellError,
    Column,
    Sheet,
    in_every_language,
    normalise,
)
from .reader import RawSheet

NEW, CHANGED, UNCHANGED = "new", "changed", "unchanged"

CADRE_FIELDS = (
    "full_name", "position", "category", "neighbourhood", "gender", "birth_year", "education",
    "political_theory", "meets_standard", "valid_from", "valid_to",
)  # fmt: skip


@dataclass
class Issue:
    sheet: str
    row: int | None
    column: str
    message: str


@dataclass
class Outcome:
    sheet: str
    row: int
    label: str
    kind: str
    changes: list[tuple[str, str, str]] = field(default_factory=list)


@dataclass
class Plan:
    ward: Unit
    period: object
    report: Report | None
    issues: list[Issue] = field(default_factory=list)
    outcomes: list[Outcome] = field(default_factory=list)
    new_report: Report | None = None  # the report to save (new or changed), if any
    cells: list[CellFigures] = field(default_factory=list)  # to save
    cadres: list[tuple[Cadre, list[int] | None]] = field(default_factory=list)  # to save
    # The membership's structure to save: {(breakdown, category): members}, new or changed.
    membership: dict = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.issues

    @property
    def has_changes(self) -> bool:
        return any(o.kind != UNCHANGED for o in self.outcomes)

    def counts(self) -> list[dict]:
        """Per sheet: its title and how many rows are new, changed, unchanged."""
        by_sheet = defaultdict(lambda: {NEW: 0, CHANGED: 0, UNCHANGED: 0})
        for outcome in self.outcomes:
            by_sheet[outcome.sheet][outcome.kind] += 1
        return [{"sheet": sheet, **counts} for sheet, counts in by_sheet.items()]

    def fingerprint(self) -> str:
        """Identifies what the plan would do: the same file against the same data, the same."""
        data = [(o.sheet, o.row, o.kind, o.changes) for o in self.outcomes]
        return hashlib.sha256(json.dumps(data, default=str).encode()).hexdigest()


def _display(column: Column, value) -> str:
    if value is None or value == "":
        return "—"
    if column.field == "neighbourhood" and isinstance(value, Unit):
        return value.name
    written = column.write(value)
    if hasattr(written, "strftime"):
        return date_format(written, "SHORT_DATE_FORMAT")
    if isinstance(written, int | Decimal) and not isinstance(written, bool):
        return grouped(written)
    return str(written)


class _Sheet:
    """Reading one sheet: its headings checked, its rows parsed, its issues gathered."""

    def __init__(self, plan: Plan, raw: RawSheet):
        self.plan = plan
        self.sheet: Sheet = SHEETS_BY_KEY[raw.key]
        self.raw = raw
        self.title = raw.title
        self.positions: dict[str, int] = {}

    def issue(self, row, column: Column | None, message: str):
        heading = str(column.heading) if column is not None else ""
        self.plan.issues.append(Issue(self.title, row, heading, str(message)))

    def check_headings(self) -> bool:
        known = {}
        for column in self.sheet.columns:
            for form in column.headings():
                known[form] = column
        good = True
        for index, heading in enumerate(self.raw.headings):
            if not heading.strip():
                continue
            column = known.get(normalise(heading))
            if column is None:
                self.issue(1, None, _("Unknown column “%(heading)s”.") % {"heading": heading})
                good = False
            elif column.field in self.positions:
                self.issue(1, column, _("This column appears twice."))
                good = False
            else:
                self.positions[column.field] = index
        for column in self.sheet.columns:
            if column.field not in self.positions and not column.optional:
                self.issue(
                    1,
                    column,
                    _("The column “%(heading)s” is missing (or was renamed).")
                    % {"heading": column.heading},
                )
                good = False
        return good

    def rows(self):
        """(row number, {field: value}) for the rows whose every value could be read."""
        for number, values in self.raw.rows:
            parsed, good = {}, True
            for column in self.sheet.columns:
                if column.field not in self.positions:  # an optional column the file lacks
                    continue
                position = self.positions[column.field]
                raw = values[position] if position < len(values) else None
                if isinstance(raw, dict) and "formula" in raw:
                    self.issue(
                        number,
                        column,
                        _("A formula (%(formula)s): write the value itself (Paste → Values).")
                        % {"formula": raw["formula"]},
                    )
                    good = False
                    continue
                if column.read is None:
                    continue
                try:
                    parsed[column.field] = column.read(raw)
                except CellError as error:
                    self.issue(number, column, str(error))
                    good = False
            if good:
                yield number, parsed

    def of_this_ward(self, number: int, values: dict) -> bool:
        code = values["unit_code"]
        ward = self.plan.ward
        if normalise(code) != normalise(ward.code):
            self.issue(
                number,
                self.sheet.column("unit_code"),
                _("This row is of unit “%(code)s”, not of %(ward)s (%(own)s).")
                % {"code": code, "ward": ward.name, "own": ward.code},
            )
            return False
        return True

    def validation_errors(self, number: int, error: ValidationError):
        for field_name, messages in error.message_dict.items():
            column = None
            if field_name != NON_FIELD_ERRORS:
                column = next((c for c in self.sheet.columns if c.field == field_name), None)
            for message in messages:
                self.issue(number, column, message)

    def outcome(self, number: int, label: str, old, new, fields) -> Outcome | None:
        """Compares `new` with `old` (None: a new row) over `fields`; records the outcome."""
        if old is None:
            outcome = Outcome(self.title, number, label, NEW)
        else:
            changes = []
            for name in fields:
                before, after = getattr(old, name), getattr(new, name)
                if before != after:
                    column = self.sheet.column(name)
                    changes.append(
                        (str(column.heading), _display(column, before), _display(column, after))
                    )
            outcome = Outcome(self.title, number, label, CHANGED if changes else UNCHANGED, changes)
        self.plan.outcomes.append(outcome)
        return outcome


def plan_import(ward: Unit, period, sheets: list[RawSheet], *, report: Report | None = None):
    """What importing `sheets` into the ward's report for `period` would do. Reads only.
    `report`: the report already fetched (locked, on confirm); else it is looked up."""
    if report is None:
        report = Report.objects.filter(ward=ward, period=period).first()
    plan = Plan(ward=ward, period=period, report=report)
    seen = {}
    readers = []
    for raw in sheets:
        if raw.key in seen:
            plan.issues.append(
                Issue(
                    raw.title,
                    None,
                    "",
                    _("The file holds two sheets of %(what)s: “%(a)s” and “%(b)s”.")
                    % {"what": SHEETS_BY_KEY[raw.key].title, "a": seen[raw.key], "b": raw.title},
                )
            )
            continue
        seen[raw.key] = raw.title
        reader = _Sheet(plan, raw)
        if reader.check_headings():
            readers.append(reader)
    by_key = {reader.sheet.key: reader for reader in readers}
    if REPORT_SHEET.key in by_key:
        _plan_report(plan, by_key[REPORT_SHEET.key])
    if CELL_SHEET.key in by_key:
        _plan_cells(plan, by_key[CELL_SHEET.key])
    if STRUCTURE_SHEET.key in by_key:
        _plan_structure(plan, by_key[STRUCTURE_SHEET.key])
    if CADRE_SHEET.key in by_key:
        _plan_cadres(plan, by_key[CADRE_SHEET.key])
    touches_report = plan.new_report is not None or plan.cells or plan.membership
    if report is not None and report.status not in EDITABLE_STATUSES and touches_report:
        plan.issues.append(
            Issue(
                "",
                None,
                "",
                _(
                    "The report is %(status)s: its figures cannot change. Ask the area above "
                    "to return or reopen it first."
                )
                % {"status": ReportStatus(report.status).label},
            )
        )
    return plan


def _period_names(period) -> set[str]:
    names = set()
    for language in ("vi", "en"):
        with translation.override(language):
            names.add(normalise(str(period)))
    return names


def _plan_report(plan: Plan, sheet: _Sheet):
    rows = list(sheet.rows())
    if len(sheet.raw.rows) > 1:
        for number, _values in sheet.raw.rows[1:]:
            sheet.issue(number, None, _("The report sheet has one row: the ward's figures."))
        return
    if not rows:
        return
    number, values = rows[0]
    if not sheet.of_this_ward(number, values):
        return
    if normalise(values["period"]) not in _period_names(plan.period):
        sheet.issue(
            number,
            REPORT_SHEET.column("period"),
            _("This file is for “%(found)s”, not for %(period)s.")
            % {"found": values["period"], "period": plan.period},
        )
        return
    old = plan.report
    report = copy.copy(old) if old else Report(ward=plan.ward, period=plan.period)
    for name in REPORT_FIELDS:
        if name in values:  # else a column the file lacks: the stored value stays
            setattr(report, name, values[name])
    try:
        report.clean_fields(exclude=["ward", "period", "status"])
        report.clean()
    except ValidationError as error:
        sheet.validation_errors(number, error)
        return
    outcome = sheet.outcome(number, _("report"), old, report, REPORT_FIELDS)
    if outcome.kind != UNCHANGED:
        plan.new_report = report


def _names(queryset) -> dict[str, list]:
    names = defaultdict(list)
    for unit in queryset:
        names[normalise(unit.name)].append(unit)
    return names


def _neighbourhood(sheet: _Sheet, number: int, name: str, neighbourhoods: dict):
    """The ward's neighbourhood called `name`; None (and an issue) when it is not one."""
    found = neighbourhoods.get(normalise(name), [])
    column = sheet.sheet.column("neighbourhood")
    if len(found) == 1:
        return found[0]
    if not found:
        sheet.issue(
            number,
            column,
            _("%(ward)s has no neighbourhood “%(name)s” on %(date)s.")
            % {
                "ward": sheet.plan.ward.name,
                "name": name,
                "date": date_format(sheet.plan.period.end, "SHORT_DATE_FORMAT"),
            },
        )
    else:
        sheet.issue(
            number, column, _("Several neighbourhoods are called “%(name)s”.") % {"name": name}
        )
    return None


def _no_report_yet(plan: Plan, sheet: _Sheet) -> bool:
    """Cells' figures need a report: the ward's, or one this file creates."""
    if plan.report is not None or plan.new_report is not None:
        return False
    sheet.issue(
        None,
        None,
        _(
            "%(ward)s has no report for %(period)s yet: fill in the sheet “%(sheet)s” "
            "(the ward's declared total) too."
        )
        % {"ward": plan.ward.name, "period": plan.period, "sheet": REPORT_SHEET.title},
    )
    return True


class _CellRows:
    """Reading the cells' sheet: each row's cell found among the ward's, checked, and its
    figures compared with those the report holds."""

    def __init__(self, plan: Plan, sheet: _Sheet):
        self.plan, self.sheet = plan, sheet
        ward, end = plan.ward, plan.period.end
        cells = Cell.objects.filter(ward=ward).valid_on(end).select_related("neighbourhood")
        self.cells = _names(cells)
        self.neighbourhoods = _names(Unit.objects.neighbourhoods().children_of(ward, end))
        report = plan.report
        self.existing = {f.cell_id: f for f in report.cell_figures.all()} if report else {}
        self.first_row = {}

    def issue(self, number, field: str, message: str):
        self.sheet.issue(number, CELL_SHEET.column(field), message)

    def cell(self, number: int, name: str) -> Cell | None:
        """The ward's one cell of that name on the period's last day (else an issue)."""
        key = normalise(name)
        if key in self.first_row:
            self.issue(
                number,
                "cell",
                _("The cell “%(name)s” is already on row %(row)s.")
                % {"name": name, "row": self.first_row[key]},
            )
            return None
        self.first_row[key] = number
        found = self.cells.get(key, [])
        if len(found) == 1:
            return found[0]
        date = date_format(self.plan.period.end, "SHORT_DATE_FORMAT")
        message = (
            _("%(ward)s has no cell “%(name)s” on %(date)s.")
            % {"ward": self.plan.ward.name, "name": name, "date": date}
            if not found
            else _("Several cells are called “%(name)s”.") % {"name": name}
        )
        self.issue(number, "cell", message)
        return None

    def matches(self, number: int, cell: Cell, values: dict) -> bool:
        """The row's kind and neighbourhood, where given, are the cell's own."""
        if values["kind"] and values["kind"] != cell.kind:
            kind = cell.get_kind_display()
            self.issue(number, "kind", _("This cell is of the kind “%(kind)s”.") % {"kind": kind})
            return False
        if not values["neighbourhood"]:
            return True
        unit = _neighbourhood(self.sheet, number, values["neighbourhood"], self.neighbourhoods)
        if unit is None:
            return False
        if unit.pk != cell.neighbourhood_id:
            self.issue(
                number,
                "neighbourhood",
                _("This cell covers %(name)s.") % {"name": cell.neighbourhood.name}
                if cell.neighbourhood_id
                else _("This cell covers no neighbourhood."),
            )
            return False
        return True

    def figures(self, number: int, cell: Cell, values: dict):
        """The cell's figures as the row gives them, checked by the model's own rules."""
        old = self.existing.get(cell.pk)
        figures = copy.copy(old) if old else CellFigures(cell=cell)
        figures.cell = cell
        # The report being planned (new or changed): the rules that depend on its period.
        figures.report = self.plan.new_report or self.plan.report
        for name in CELL_ENTRY_FIELDS:
            if name in values:  # else a column the file lacks: the stored value stays
                setattr(figures, name, values[name])
        try:
            figures.clean_fields(exclude=["report", "cell"])
            figures.clean()
        except ValidationError as error:
            self.sheet.validation_errors(number, error)
            return None
        outcome = self.sheet.outcome(number, cell.name, old, figures, CELL_ENTRY_FIELDS)
        return figures if outcome.kind != UNCHANGED else None


def _plan_cells(plan: Plan, sheet: _Sheet):
    if _no_report_yet(plan, sheet):
        return
    rows = _CellRows(plan, sheet)
    for number, values in sheet.rows():
        if not sheet.of_this_ward(number, values):
            continue
        cell = rows.cell(number, values["cell"])
        if cell is None or not rows.matches(number, cell, values):
            continue
        figures = rows.figures(number, cell, values)
        if figures is not None:
            plan.cells.append(figures)


_TERM = re.compile(r"^(\d{4})\s*[-–—/]\s*(\d{4})$")


def _terms(sheet: _Sheet, number: int, text: str, terms: dict) -> list[int] | None:
    ids = []
    for part in filter(None, (p.strip() for p in re.split(r"[;,\n]", text))):
        match = _TERM.match(part)
        term = terms.get((int(match[1]), int(match[2]))) if match else None
        if term is None:
            sheet.issue(
                number,
                CADRE_SHEET.column("planning_terms"),
                _("“%(value)s” is not a planning term (known: %(known)s).")
                % {"value": part, "known": "; ".join(str(t) for t in terms.values()) or "—"},
            )
            return None
        ids.append(term.pk)
    return sorted(set(ids))


class _CadreRows:
    """Reading the cadres' sheet: each row a record of the ward (by its number) or a new one,
    checked by the model's own rules and compared with what is stored."""

    def __init__(self, plan: Plan, sheet: _Sheet):
        self.plan, self.sheet = plan, sheet
        ward, end = plan.ward, plan.period.end
        self.neighbourhoods = _names(Unit.objects.neighbourhoods().children_of(ward, end))
        records = Cadre.objects.filter(ward=ward).select_related("neighbourhood")
        self.existing = {c.pk: c for c in records.prefetch_related("planning_terms")}
        terms = PlanningTerm.objects.order_by("start_year")
        self.terms = {(t.start_year, t.end_year): t for t in terms}
        self.first_row = {}

    def known(self, number: int, pk) -> bool:
        """A record number, where given, is one of the ward's, once."""
        if pk is None:
            return True
        column = CADRE_SHEET.column("id")
        if pk in self.first_row:
            message = _("The record number %(id)s is already on row %(row)s.") % {
                "id": pk,
                "row": self.first_row[pk],
            }
            self.sheet.issue(number, column, message)
            return False
        self.first_row[pk] = number
        if pk not in self.existing:
            message = _(
                "%(ward)s has no record number %(id)s: leave the number empty for "
                "a person new to the ward."
            ) % {"ward": self.plan.ward.name, "id": pk}
            self.sheet.issue(number, column, message)
            return False
        return True

    def record(self, number: int, values: dict, neighbourhood):
        """The record as the row gives it (None, with issues, where a rule refuses it)."""
        pk = values["id"]
        old = self.existing.get(pk) if pk is not None else None
        cadre = copy.copy(old) if old else Cadre(ward=self.plan.ward)
        for name in CADRE_FIELDS:
            setattr(cadre, name, neighbourhood if name == "neighbourhood" else values[name])
        try:
            cadre.clean_fields(exclude=["ward", "is_sample"])
            cadre.clean()
        except ValidationError as error:
            self.sheet.validation_errors(number, error)
            return None, old
        return cadre, old

    def compare(self, number: int, cadre: Cadre, old, term_ids: list[int]):
        """Records the row's outcome; the record to save (with its terms, None: unchanged)."""
        outcome = self.sheet.outcome(number, cadre.full_name, old, cadre, CADRE_FIELDS)
        old_terms = sorted(t.pk for t in old.planning_terms.all()) if old else []
        if old is not None and old_terms != term_ids:
            names = {t.pk: str(t) for t in self.terms.values()}
            outcome.changes.append(
                (
                    str(CADRE_SHEET.column("planning_terms").heading),
                    "; ".join(names[i] for i in old_terms) or "—",
                    "; ".join(names[i] for i in term_ids) or "—",
                )
            )
            outcome.kind = CHANGED
        if outcome.kind != UNCHANGED:
            terms_changed = old is None or old_terms != term_ids
            self.plan.cadres.append((cadre, term_ids if terms_changed else None))


def _plan_cadres(plan: Plan, sheet: _Sheet):
    rows = _CadreRows(plan, sheet)
    for number, values in sheet.rows():
        if not sheet.of_this_ward(number, values) or not rows.known(number, values["id"]):
            continue
        neighbourhood = None
        if values["neighbourhood"]:
            name = values["neighbourhood"]
            neighbourhood = _neighbourhood(sheet, number, name, rows.neighbourhoods)
            if neighbourhood is None:
                continue
        term_ids = _terms(sheet, number, values["planning_terms"], rows.terms)
        if term_ids is None:
            continue
        cadre, old = rows.record(number, values, neighbourhood)
        if cadre is not None:
            rows.compare(number, cadre, old, term_ids)


def _structure_categories(period) -> dict:
    """{(breakdown, category) as written, in every language: (breakdown, category) codes}."""
    known = {}
    for dimension in structure_for(period).dimensions:
        for label in in_every_language(dimension.label) | {normalise(dimension.code)}:
            for category in dimension.categories:
                for name in (normalise(category.label), normalise(category.code)):
                    known[label, name] = (dimension, category)
    return known


def _plan_structure(plan: Plan, sheet: _Sheet):
    """Each row: one category of a breakdown of the year's forms and its members. A category
    the file leaves out keeps its stored count; each breakdown is checked on submit."""
    rows = list(sheet.rows())
    if rows and plan.period.kind != PeriodKind.YEAR:
        sheet.issue(rows[0][0], None, _("Only a year's report has the membership's structure."))
        return
    known, seen = _structure_categories(plan.period), {}
    stored = {}
    if plan.report is not None:
        stored = {(m.dimension, m.category): m.count for m in plan.report.membership.all()}
    for number, values in rows:
        if not sheet.of_this_ward(number, values):
            continue
        found = known.get((normalise(values["dimension"]), normalise(values["category"])))
        if found is None:
            sheet.issue(number, STRUCTURE_SHEET.column("category"), _(
                "“%(category)s” is not a category of the breakdown “%(dimension)s” in this "
                "period's forms."
            ) % {"category": values["category"], "dimension": values["dimension"]})  # fmt: skip
            continue
        dimension, category = found
        key = (dimension.code, category.code)
        if key in seen:
            sheet.issue(number, STRUCTURE_SHEET.column("category"), _(
                "This category is already on row %(row)s."
            ) % {"row": seen[key]})  # fmt: skip
            continue
        seen[key] = number
        count = values["count"]
        if count > MAX_WARD_COUNT:
            sheet.issue(number, STRUCTURE_SHEET.column("count"), too_large_message(MAX_WARD_COUNT))
            continue
        label = f"{dimension.label}: {category.label}"
        before = stored.get(key)
        if before is None and count == 0:
            plan.outcomes.append(Outcome(sheet.title, number, label, UNCHANGED))
        elif before is None:
            plan.outcomes.append(Outcome(sheet.title, number, label, NEW))
            plan.membership[key] = count
        elif before != count:
            heading = str(STRUCTURE_SHEET.column("count").heading)
            change = [(heading, grouped(before), grouped(count))]
            plan.outcomes.append(Outcome(sheet.title, number, label, CHANGED, change))
            plan.membership[key] = count
        else:
            plan.outcomes.append(Outcome(sheet.title, number, label, UNCHANGED))


def _apply_report(plan: Plan, *, actor, reason: str) -> int:
    """The report's own figures, its cells' and its membership's structure, through the
    report's services."""
    report = plan.new_report or plan.report
    if report.pk is None:
        report_create(actor=actor, report=report, reason=reason)
        seen = report.version
    else:
        seen = plan.report.version
    if report.pk is None or plan.cells or plan.membership or plan.new_report is not None:
        report_save(
            actor=actor, report=report, seen_version=seen, cells=plan.cells,
            membership=plan.membership, reason=reason,
        )  # fmt: skip
    return (plan.new_report is not None) + len(plan.cells) + len(plan.membership)


def apply_plan(plan: Plan, *, actor, reason: str) -> int:
    """Saves what the plan holds, through the services, in the caller's transaction. Returns
    the rows saved."""
    if not plan.ok:
        raise ValueError("a plan with issues is never applied")
    saved = 0
    if plan.new_report is not None or plan.cells or plan.membership:
        saved += _apply_report(plan, actor=actor, reason=reason)
    for cadre, term_ids in plan.cadres:
        if cadre.pk is None:
            cadre_create(actor=actor, cadre=cadre, planning_terms=term_ids, reason=reason)
        else:
            cadre_change(
                actor=actor,
                cadre=cadre,
                seen_version=cadre.version,
                planning_terms=term_ids,
                reason=reason,
            )
        saved += 1
    return saved


def import_sheets(
    ward: Unit, period, sheets: list[RawSheet], *, actor, fingerprint: str, reason: str
):
    """Confirms a previewed import: re-plans under a lock and saves all, or nothing.

    Returns (plan, saved): `saved` is None when the plan has issues or differs from the one
    previewed (someone changed the data meanwhile); nothing is saved then.
    """
    try:
        with transaction.atomic():
            report = Report.objects.select_for_update().filter(ward=ward, period=period).first()
            plan = plan_import(ward, period, sheets, report=report)
            if not plan.ok or plan.fingerprint() != fingerprint:
                return plan, None
            return plan, apply_plan(plan, actor=actor, reason=reason)
    except StaleVersion:
        # A record changed between the preview's plan and this one's save: nothing was saved.
        return plan_import(ward, period, sheets), None
