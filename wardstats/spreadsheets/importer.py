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
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from wardstats.core.versioning import StaleVersion
from wardstats.hierarchy.models import Cell, Unit
from wardstats.reports.models import (
    CELL_ENTRY_FIELDS,
    EDITABLE_STATUSES,
    CellFigures,
    Report,
    ReportStatus,
)
from wardstats.reports.services import report_create, report_save
from wardstats.staffing.models import Cadre, PlanningTerm
from wardstats.staffing.services import cadre_change, cadre_create

from .columns import (
    CADRE_SHEET,
    CELL_SHEET,
    REPORT_SHEET,
    SHEETS_BY_KEY,
    CellError,
    Column,
    Sheet,
    normalise,
)
from .reader import RawSheet

NEW, CHANGED, UNCHANGED = "new", "changed", "unchanged"

REPORT_FIELDS = ("declared_members", "training_attendances", "propagandists",
                 "mass_mobilisation_models", "note")  # fmt: skip
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
        return number_format(written, force_grouping=True)
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
            if column.field not in self.positions:
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
    if CADRE_SHEET.key in by_key:
        _plan_cadres(plan, by_key[CADRE_SHEET.key])
    touches_report = plan.new_report is not None or plan.cells
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


def _plan_cells(plan: Plan, sheet: _Sheet):
    ward, period = plan.ward, plan.period
    cells = _names(
        Cell.objects.filter(ward=ward).valid_on(period.end).select_related("neighbourhood")
    )
    neighbourhoods = _names(Unit.objects.neighbourhoods().children_of(ward, period.end))
    existing = {}
    if plan.report is not None:
        existing = {f.cell_id: f for f in plan.report.cell_figures.all()}
    elif plan.new_report is None:
        sheet.issue(
            None,
            None,
            _(
                "%(ward)s has no report for %(period)s yet: fill in the sheet “%(sheet)s” "
                "(the ward's declared total) too."
            )
            % {"ward": ward.name, "period": period, "sheet": REPORT_SHEET.title},
        )
        return
    first_row = {}
    for number, values in sheet.rows():
        if not sheet.of_this_ward(number, values):
            continue
        name = values["cell"]
        key = normalise(name)
        if key in first_row:
            sheet.issue(
                number,
                CELL_SHEET.column("cell"),
                _("The cell “%(name)s” is already on row %(row)s.")
                % {"name": name, "row": first_row[key]},
            )
            continue
        first_row[key] = number
        found = cells.get(key, [])
        if len(found) != 1:
            sheet.issue(
                number,
                CELL_SHEET.column("cell"),
                _("%(ward)s has no cell “%(name)s” on %(date)s.")
                % {
                    "ward": ward.name,
                    "name": name,
                    "date": date_format(period.end, "SHORT_DATE_FORMAT"),
                }
                if not found
                else _("Several cells are called “%(name)s”.") % {"name": name},
            )
            continue
        cell = found[0]
        if values["kind"] and values["kind"] != cell.kind:
            sheet.issue(
                number,
                CELL_SHEET.column("kind"),
                _("This cell is of the kind “%(kind)s”.") % {"kind": cell.get_kind_display()},
            )
            continue
        if values["neighbourhood"]:
            unit = _neighbourhood(sheet, number, values["neighbourhood"], neighbourhoods)
            if unit is None:
                continue
            if unit.pk != cell.neighbourhood_id:
                sheet.issue(
                    number,
                    CELL_SHEET.column("neighbourhood"),
                    _("This cell covers %(name)s.") % {"name": cell.neighbourhood.name}
                    if cell.neighbourhood_id
                    else _("This cell covers no neighbourhood."),
                )
                continue
        old = existing.get(cell.pk)
        figures = copy.copy(old) if old else CellFigures(cell=cell)
        figures.cell = cell
        if plan.report is not None:
            figures.report = plan.report
        for name in CELL_ENTRY_FIELDS:
            setattr(figures, name, values[name])
        try:
            figures.clean_fields(exclude=["report", "cell"])
            figures.clean()
            if figures.quality_score is not None and not period.uses_quality_score:
                raise ValidationError(
                    {"quality_score": _("This period does not score cells on 100 points.")}
                )
        except ValidationError as error:
            sheet.validation_errors(number, error)
            continue
        outcome = sheet.outcome(number, cell.name, old, figures, CELL_ENTRY_FIELDS)
        if outcome.kind != UNCHANGED:
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


def _plan_cadres(plan: Plan, sheet: _Sheet):
    ward, period = plan.ward, plan.period
    neighbourhoods = _names(Unit.objects.neighbourhoods().children_of(ward, period.end))
    existing = {
        cadre.pk: cadre
        for cadre in Cadre.objects.filter(ward=ward)
        .select_related("neighbourhood")
        .prefetch_related("planning_terms")
    }
    terms = {(t.start_year, t.end_year): t for t in PlanningTerm.objects.order_by("start_year")}
    first_row = {}
    for number, values in sheet.rows():
        if not sheet.of_this_ward(number, values):
            continue
        pk = values["id"]
        id_column = CADRE_SHEET.column("id")
        if pk is not None:
            if pk in first_row:
                sheet.issue(
                    number,
                    id_column,
                    _("The record number %(id)s is already on row %(row)s.")
                    % {"id": pk, "row": first_row[pk]},
                )
                continue
            first_row[pk] = number
            if pk not in existing:
                sheet.issue(
                    number,
                    id_column,
                    _(
                        "%(ward)s has no record number %(id)s: leave the number empty for "
                        "a person new to the ward."
                    )
                    % {"ward": ward.name, "id": pk},
                )
                continue
        neighbourhood = None
        if values["neighbourhood"]:
            neighbourhood = _neighbourhood(sheet, number, values["neighbourhood"], neighbourhoods)
            if neighbourhood is None:
                continue
        term_ids = _terms(sheet, number, values["planning_terms"], terms)
        if term_ids is None:
            continue
        old = existing.get(pk) if pk is not None else None
        cadre = copy.copy(old) if old else Cadre(ward=ward)
        for name in CADRE_FIELDS:
            setattr(cadre, name, neighbourhood if name == "neighbourhood" else values[name])
        try:
            cadre.clean_fields(exclude=["ward", "is_sample"])
            cadre.clean()
        except ValidationError as error:
            sheet.validation_errors(number, error)
            continue
        outcome = sheet.outcome(number, cadre.full_name, old, cadre, CADRE_FIELDS)
        old_terms = sorted(t.pk for t in old.planning_terms.all()) if old else []
        if old is not None and old_terms != term_ids:
            column = CADRE_SHEET.column("planning_terms")
            names = {t.pk: str(t) for t in terms.values()}
            outcome.changes.append(
                (
                    str(column.heading),
                    "; ".join(names[i] for i in old_terms) or "—",
                    "; ".join(names[i] for i in term_ids) or "—",
                )
            )
            outcome.kind = CHANGED
        if outcome.kind != UNCHANGED:
            plan.cadres.append((cadre, term_ids if old is None or old_terms != term_ids else None))


def _apply_report(plan: Plan, *, actor, reason: str) -> int:
    """The report's own figures and its cells', through the report's services."""
    report = plan.new_report or plan.report
    if report.pk is None:
        report_create(actor=actor, report=report, reason=reason)
        if plan.cells:
            report_save(
                actor=actor, report=report, seen_version=report.version, cells=plan.cells,
                reason=reason,
            )  # fmt: skip
    else:
        seen = plan.report.version
        report_save(actor=actor, report=report, seen_version=seen, cells=plan.cells, reason=reason)
    return (plan.new_report is not None) + len(plan.cells)


def apply_plan(plan: Plan, *, actor, reason: str) -> int:
    """Saves what the plan holds, through the services, in the caller's transaction. Returns
    the rows saved."""
    if not plan.ok:
        raise ValueError("a plan with issues is never applied")
    saved = 0
    if plan.new_report is not None or plan.cells:
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
