"""The report entry screen of a ward and period: what it reads, what it shows, how it saves.

Reads, whatever the number of cells: the report, the cells (with their neighbourhoods), their
figures, and — for the status box — the submit checks, the last return and whether the person
reviews the ward. Saves through `reports.services` in one transaction (`report_save`).
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.shortcuts import render
from django.urls import reverse

from wardstats.accounts import scope
from wardstats.collation import vi_collate
from wardstats.core.audit import changes_since
from wardstats.core.numbers import grouped
from wardstats.hierarchy.models import Cell
from wardstats.periods.models import PeriodKind
from wardstats.reports import rules, services
from wardstats.reports.checks import report_problems
from wardstats.reports.figures import report_totals
from wardstats.reports.models import CellFigures, MembershipCount, Report, ReportStatus
from wardstats.reports.stock import Carried, carried_opening, previous_closings
from wardstats.reports.structure import field_name, structure_for

from . import clash
from .forms import (
    COUNT_CODES,
    CellRow,
    check_row,
    posted_values,
    read_count,
    stored_values,
    ward_form_for,
)
from .home import last_return
from .rendering import PARTS, Part, columns_for, part_of, parts_for, rows_html


def load_rows(ward, period, report) -> list[CellRow]:
    """Every cell of the ward on the period's last day, and any other the report has figures
    of, in Vietnamese order, each with its stored figures: two queries."""
    stored = {f.cell_id: f for f in CellFigures.objects.filter(report=report)} if report else {}
    cells = (
        Cell.objects.filter(ward=ward)
        .filter(Q(valid_from__lte=period.end, valid_to__isnull=True)
                | Q(valid_from__lte=period.end, valid_to__gte=period.end)
                | Q(pk__in=list(stored)))
        .select_related("neighbourhood")
        .order_by(vi_collate("name").asc(), "pk")
    )  # fmt: skip
    return [CellRow(cell=c, stored=stored.get(c.pk), shown=stored_values(stored.get(c.pk)))
            for c in cells]  # fmt: skip


def carry_openings(ward, period, report, rows: list[CellRow]) -> Carried:
    """The opening stocks not entered yet, carried from before: each cell's last closing into
    its row, and the ward's (or the merged units') as returned — only where nothing is stored
    (two to four queries)."""
    empty = [row for row in rows if row.stored is None or row.stored.opening is None]
    last = previous_closings(ward.pk, period, [row.cell.pk for row in empty]) if empty else {}
    for row in empty:
        if row.cell.pk in last and row.shown.get("opening", "") == "":
            row.shown["opening"] = str(last[row.cell.pk])
    if report is not None and report.opening_members is not None:
        return Carried(None)
    return carried_opening(ward, period)


def stored_structure(report) -> dict:
    """{(breakdown, category): the stored count as the input shows it} (one query)."""
    if report is None:
        return {}
    rows = MembershipCount.objects.filter(report=report).values_list(
        "dimension", "category", "count"
    )
    return {(dimension, category): str(count) for dimension, category, count in rows}


def report_url(ward, period, part=None) -> str:
    """The report screen of a ward and period, at one of its parts (the first when none)."""
    url = f"{reverse('entry:report', args=[ward.pk])}?period={period.pk}"
    return url if part is None or part == PARTS[0] else f"{url}&part={part.slug}"


class ReportScreen:
    def __init__(self, request, *, ward, period, periods):
        self.request, self.ward, self.period, self.periods = request, ward, period, periods
        self.parts = parts_for(period)
        self.part: Part = part_of(self.parts, request.GET.get("part"))
        self.Form = ward_form_for(self.part.ward_fields)
        reports = Report.objects.filter(ward=ward, period=period).select_related("period")
        self.report = reports.first()
        self.rows = load_rows(ward, period, self.report)
        self.carried = None
        initial = {}
        if self.editable and request.method == "GET" and "opening" in self.part.fields:
            self.carried = carry_openings(ward, period, self.report, self.rows)
            if self.carried.total is not None:
                initial["opening_members"] = self.carried.total
        self.form = self.Form(
            instance=self.report or Report(ward=ward, period=period), initial=initial
        )
        self.version_of_structure = (
            structure_for(period)
            if period.kind == PeriodKind.YEAR and self.part.structure
            else None
        )
        self.structure = stored_structure(self.report) if self.version_of_structure else {}
        self.structure_errors, self.structure_counts = {}, {}
        self.clash_count = None
        self.ward_theirs = {}
        self.their_changes = []
        self.refusals = []

    @property
    def editable(self) -> bool:
        return bool(self.ward.can_edit) and (self.report is None or self.report.is_editable)

    @property
    def version(self):
        return self.report.version if self.report else ""

    # --- A save ---------------------------------------------------------------------------

    def read_post(self):
        data = self.request.POST
        instance = self.report or Report(ward=self.ward, period=self.period)
        self.form = self.Form(data, instance=instance)
        for dimension in self.version_of_structure.dimensions if self.version_of_structure else ():
            for category in dimension.categories:
                name = field_name(dimension.code, category.code)
                self.structure[dimension.code, category.code] = data.get(name, "").strip()
        for row in self.rows:
            fields = self.part.fields
            row.shown, row.errors, row.theirs = posted_values(data, row, fields), {}, {}

    def _seen(self):
        raw = self.request.POST.get("version", "")
        return int(raw) if raw.isdigit() else None

    def clashed(self, *, force: bool = False) -> bool:
        """Whether someone saved since the person opened the screen; if so her edits are merged
        with theirs on the screen, and the screen takes the newest version."""
        if self.report is not None:
            self.report.refresh_from_db()
        seen = self._seen()
        if not force and seen == (self.report.version if self.report else None):
            return False
        self.rows = self._reload_keeping_posted()
        self.clash_count = clash.merge_rows(self.rows, self.report, seen)
        self._merge_ward_fields(seen)
        self.their_changes = _their_changes(self.report, seen)
        return True

    def _reload_keeping_posted(self) -> list[CellRow]:
        posted = {row.cell.pk: row.shown for row in self.rows}
        rows = load_rows(self.ward, self.period, self.report)
        for row in rows:
            row.shown = posted.get(row.cell.pk, row.shown)
        return rows

    def _merge_ward_fields(self, seen):
        names = self.part.ward_fields
        hers = {name: self.request.POST.get(name, "").strip() for name in names}
        current = {name: clash._text(getattr(self.report, name, None)) if self.report else ""
                   for name in names}  # fmt: skip
        shown, theirs = clash.merge(hers, clash.base_ward(self.report, seen), current)
        self.form = self.Form(
            initial=shown, instance=self.report or Report(ward=self.ward, period=self.period)
        )
        self.ward_theirs = theirs
        self.clash_count = (self.clash_count or 0) + len(theirs)

    def valid(self) -> bool:
        form_valid = self.form.is_valid()  # first: it puts the posted figures on the report
        for row in self.rows:
            check_row(row, self.form.instance, self.part.fields)
        for key, text in self.structure.items():
            try:
                self.structure_counts[key] = read_count(text) or 0
            except ValidationError as error:
                self.structure_errors[key] = error.messages[0]
        rows_valid = not any(row.errors for row in self.rows)
        return form_valid and rows_valid and not self.structure_errors

    @transaction.atomic
    def save(self) -> Report:
        """The report's own figures, every changed cell and the membership's structure, as one
        edit in one transaction (a new report's frame with them)."""
        actor, report = self.request.user, self.form.instance
        cells = [r.figures for r in self.rows if r.figures is not None and _changed(r)]
        removed = [r.stored for r in self.rows if r.figures is None and r.stored is not None]
        if report.pk is None:
            services.report_create(actor=actor, report=report)
        return services.report_save(
            actor=actor, report=report, seen_version=report.version if self.report is None
            else self._seen(), cells=cells, removed=removed, membership=self.structure_counts,
        )  # fmt: skip

    def refused(self, error):
        self.refusals = error.messages

    # --- The page -----------------------------------------------------------------------

    def _status(self) -> dict:
        report, user = self.report, self.request.user
        if report is None:
            return {"totals": None}
        reviewer = scope.may(user, self.ward.pk, scope.REVIEW)
        totals = report_totals(report)
        figures = []
        for row in self.rows:
            if row.stored is not None:
                row.stored.cell = row.cell  # read already: the checks need not read it again
                figures.append(row.stored)
        return {
            "returned": last_return(report) if report.status == ReportStatus.RETURNED else None,
            "can_review": reviewer and report.status == ReportStatus.SUBMITTED,
            "can_approve": reviewer
            and report.status == ReportStatus.SUBMITTED
            and services.may_approve(user, report),
            "can_reopen": reviewer and report.status == ReportStatus.APPROVED,
            "problems": report_problems(
                report, figures=figures, totals=totals, membership=self._stored_counts()
            )
            if report.is_editable
            else [],
            "totals": totals,
        }

    def _stored_counts(self) -> dict:
        """The structure as stored (for the checks), not as typed."""
        if self.request.method == "POST" or not self.part.structure:
            return None  # read again: the screen shows what was typed, or another part
        return {key: int(v) for key, v in self.structure.items() if v.isdigit()}

    def _structure_fields(self) -> list:
        if self.version_of_structure is None:
            return []
        return [
            (dimension, [
                (category, field_name(dimension.code, category.code),
                 self.structure.get((dimension.code, category.code), ""),
                 self.structure_errors.get((dimension.code, category.code)))
                for category in dimension.categories
            ])
            for dimension in self.version_of_structure.dimensions
        ]  # fmt: skip

    def render(self, status: int = 200):
        columns = columns_for(self.period, self.part)
        context = {
            "ward": self.ward,
            "period": self.period,
            "periods": self.periods,
            "report": self.report,
            "form": self.form,
            "ward_fields": [
                (f, self.ward_theirs.get(f.name), _as_text(f.value(), f)) for f in self.form
            ],
            "version": self.version,
            "editable": self.editable,
            "columns": columns,
            "column_codes": "-".join(c.code for c in columns),
            "rows_html": rows_html(self.rows, columns, editable=self.editable),
            "row_count": len(self.rows),
            "has_errors": any(row.errors for row in self.rows)
            or bool(self.form.errors)
            or bool(self.structure_errors),
            "clash_count": self.clash_count,
            "their_changes": self.their_changes,
            "refusals": self.refusals,
            "unsaved": self.request.method == "POST",
            "carried": self.carried,
            "structure": self._structure_fields(),
            "structure_version": self.version_of_structure,
            "parts": [(p, report_url(self.ward, self.period, p)) for p in self.parts],
            "here": report_url(self.ward, self.period, self.part),
            "part": self.part,
            "rules": {**rules.as_json(), "counts": COUNT_CODES},
            **self._status(),
        }
        return render(self.request, "entry/report.html", context, status=status)


def _as_text(value, field=None) -> str:
    """A ward figure as a read-only screen shows it: 1.493, a level's name, or the note."""
    if isinstance(value, int):
        return grouped(value)
    choices = getattr(getattr(field, "field", None), "choices", None)
    if choices and value:
        return str(dict(choices).get(value, value))
    return value or "–"


def _changed(row: CellRow) -> bool:
    return stored_values(row.stored) != stored_values(row.figures)


def _their_changes(report, seen) -> list[str]:
    return changes_since(report, seen or 0) if report is not None else []
