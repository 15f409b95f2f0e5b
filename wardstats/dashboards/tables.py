import functools

import django_tables2 as tables
from django.core.cache import cache
from django.urls import reverse
from django.utils.html import conditional_escape, escape, format_html
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from wardstats.collation import vi_collate
from wardstats.core.numbers import formatter, grouped
from wardstats.indicators.models import IndicatorUnit, Status
from wardstats.reports.models import ReportStatus
from wardstats.reports.ratings import LEVEL_SHORT, RANK

from . import selectors

SHARED_TIMEOUT = 15 * 60

# A rating level shown by its rank, in the forms' own abbreviations (HTXSNV …), as the entry
# screen writes them.
LEVEL_BY_RANK = {RANK[level]: short for level, short in LEVEL_SHORT.items()}

STATUS_SYMBOL = {
    Status.MET: "✓",
    Status.AT_RISK: "!",
    Status.MISSED: "✗",
    Status.NO_DATA: "–",
}


def yes_no(value) -> str:
    """A yes-or-no indicator's value as a word ("Có" / "Không")."""
    return capfirst(str(_("yes") if int(value) else _("no")))


def format_number(value, decimals: int = 0) -> str:
    if value is None:
        return "—"
    return grouped(value, decimals)


def format_indicator(value, indicator, number=grouped) -> str:
    """12,5%, 1.493 or a rating level's form abbreviation, HTTNV (`number`: the language's
    formatter, when a page already holds it)."""
    if value is None:
        return "—"
    if indicator.unit == IndicatorUnit.LEVEL:
        return LEVEL_BY_RANK.get(int(value), "—")
    if indicator.unit == IndicatorUnit.YES_NO:
        return yes_no(value)
    if indicator.unit == IndicatorUnit.PERCENT:
        return f"{number(value, 1)}%"
    return number(value, 0)


def status_badge(status: str, text: str = ""):
    return format_html("{}{}", _badge(status, get_language()), text)


@functools.cache
def _badge(status: str, language: str):
    """A status's badge in a language: made once, not for each of a page's 325 cells."""
    return format_html(
        '<span class="status status-{}"><span aria-hidden="true">{}</span> {}</span>',
        status,
        STATUS_SYMBOL[status],
        Status(status).label,
    )


def indicator_cell(shown, indicator, number, badges: dict) -> str:
    """An indicator's cell in an area's table: its value (digits and separators, nothing to
    escape) and its status badge; `number` and `badges` of the page's language."""
    if shown is None:
        return badges[Status.NO_DATA]
    text = format_indicator(shown.value, indicator, number)
    return f'<span class="value">{text}</span>{badges[shown.status]}'


def cell_rows_html(figures) -> str:
    """The ward page's table of cells, a row per cell's figures, written in one piece (a
    hundred cells through the template engine cost more than the rest of the page)."""
    number, yes, no = formatter(), escape(str(_("yes"))), escape(str(_("no")))
    rows = []
    for f in figures:
        head = "—" if f.secretary_is_head is None else yes if f.secretary_is_head else no
        rating = escape(f.get_quality_level_display() or "—")
        if f.quality_score is not None:
            rating += f" ({number(f.quality_score, 1)})"
        counts = "".join(
            f'<td class="num">{number(n) if n is not None else "—"}</td>'
            for n in (f.members, f.probationary, f.women, f.admitted)
        )
        rows.append(
            f"<tr><td>{escape(f.name_as_reported)}</td><td>{escape(f.cell.get_kind_display())}"
            f"</td>{counts}<td>{head}</td><td>{escape(f.standing_member_in_charge or '—')}</td>"
            f"<td>{rating}</td><td>{yes if f.review_held else no}</td>"
            f"<td>{yes if f.has_committee else no}</td>"
            f'<td class="num">{number(f.thematic_meetings)}</td></tr>'
        )
    return mark_safe("\n".join(rows))


class IndicatorColumn(tables.Column):
    """Value and status of one indicator; sorted in the database on the value."""

    def __init__(self, indicator, **kwargs):
        self.indicator = indicator
        super().__init__(
            accessor="pk",
            verbose_name=indicator.display_short_name(),
            orderable=True,
            attrs={
                "th": {"class": "num", "title": indicator.display_name()},
                "td": {"class": "num"},
                "tf": {"class": "num"},
            },
            footer=self._footer,
            **kwargs,
        )

    def _footer(self, table):
        counts = table.met_counts.get(self.indicator.pk)
        if not counts:
            return "—"
        return _("%(met)s/%(rated)s met") % {
            "met": format_number(counts["met"]),
            "rated": format_number(counts["rated"]),
        }

    def order(self, queryset, is_descending):
        return selectors.order_by_indicator(queryset, self.indicator, is_descending), True

    def _value(self, record, table):
        return table.values.get((record.ward_id, self.indicator.pk))

    def render(self, record, table):
        badges = {status: _badge(status, get_language()) for status in Status}
        cell = indicator_cell(self._value(record, table), self.indicator, grouped, badges)
        return mark_safe(cell)

    def value(self, record, table):
        """The export's cell: the number, or a rating level's abbreviation (HTTNV)."""
        value = self._value(record, table)
        if value is None or value.value is None:
            return None
        if self.indicator.unit == IndicatorUnit.LEVEL:
            return LEVEL_BY_RANK.get(int(value.value))
        if self.indicator.unit == IndicatorUnit.YES_NO:
            return yes_no(value.value)
        return value.value


class IndicatorStatusColumn(tables.Column):
    """The status as text: in exports only (the page shows it inside the value's cell)."""

    def __init__(self, indicator):
        self.indicator = indicator
        super().__init__(
            accessor="pk",
            verbose_name=_("%(indicator)s: status") % {"indicator": indicator.display_short_name()},
            visible=False,
            orderable=False,
        )

    def value(self, record, table):
        value = table.values.get((record.ward_id, self.indicator.pk))
        return str(Status(value.status if value else Status.NO_DATA).label)


class LeanBody:
    """A table whose body is written in one piece (templates/dashboards/_lean_table.html):
    each cell from the table's `render_<column>(record)`, or django-tables2's own cell where
    there is none — what its generic rendering produces, without its per-cell dispatch,
    signature inspection and template nodes (the bulk of a page's time). The page's number
    format and status badges are looked up once."""

    # Set by the view: the key under which this page of rows is shared by everyone who sees
    # the area (the rows do not depend on the person), or None.
    shared_key = None

    def body_html(self) -> str:
        """The page's rows as HTML, kept under `shared_key` for the next officer of the area:
        a hit costs neither the rows' nor their values' query."""
        if self.shared_key is None:
            return self._body_html()
        hit = cache.get(self.shared_key)
        if hit is None:
            hit = str(self._body_html())
            cache.set(self.shared_key, hit, SHARED_TIMEOUT)
        return mark_safe(hit)

    def _writer(self, bound, page: dict):
        """row → the cell's HTML."""
        render = getattr(self, f"render_{bound.name}", None)
        if render is not None:
            return lambda row: conditional_escape(render(row.record))
        return lambda row: conditional_escape(row.get_cell(bound.name))

    def _body_html(self) -> str:
        language = get_language()
        page = {
            "number": formatter(),
            "badges": {status: str(_badge(status, language)) for status in Status},
        }
        columns = []
        for bound in self.columns:
            td = bound.attrs.get("td")
            opening = format_html("<td {}>", td.as_html()) if td else mark_safe("<td>")
            columns.append((opening, self._writer(bound, page)))
        rows = []
        for row in self.paginated_rows:
            cells = "".join(f"{opening}{write(row)}</td>" for opening, write in columns)
            rows.append(f"<tr>{cells}</tr>")
        return mark_safe("".join(rows))


class AreaTable(LeanBody, tables.Table):
    ward = tables.Column(
        verbose_name=_("ward"), accessor="called", footer=_("Wards meeting the target")
    )
    unit_class = tables.Column(verbose_name=_("class"), accessor="ward__unit_class")
    report_status = tables.Column(verbose_name=_("report"), empty_values=())
    members = tables.Column(
        verbose_name=_("members"), attrs={"td": {"class": "num"}, "th": {"class": "num"}}
    )
    cells = tables.Column(
        verbose_name=_("cells"), attrs={"td": {"class": "num"}, "th": {"class": "num"}}
    )
    targets_met = tables.Column(
        verbose_name=_("targets met"),
        empty_values=(),
        attrs={"td": {"class": "num"}, "th": {"class": "num"}},
        order_by=("targets_met",),
    )
    # Exports carry the two numbers of "met/rated" as two columns.
    targets_rated = tables.Column(verbose_name=_("targets rated"), visible=False)

    class Meta:
        attrs = {"class": "data"}
        orderable = True
        # django-tables2's template, its body written by `body_html` (see there).
        template_name = "dashboards/_lean_table.html"
        per_page = 25
        empty_text = _("No ward matches.")

    def __init__(self, *args, indicators, period, met_counts, **kwargs):
        extra = []
        for indicator in indicators:
            extra.append((f"ind_{indicator.code}", IndicatorColumn(indicator)))
            extra.append((f"status_{indicator.code}", IndicatorStatusColumn(indicator)))
        super().__init__(*args, extra_columns=extra, **kwargs)
        self.period = period
        self.met_counts = met_counts
        self._values = None

    def _writer(self, bound, page: dict):
        """An indicator's cells (325 of a page's 475) from its value alone; the others as
        every lean table writes them."""
        if not isinstance(bound.column, IndicatorColumn):
            return super()._writer(bound, page)
        indicator, values = bound.column.indicator, self.values
        number, badges = page["number"], page["badges"]
        return lambda row: indicator_cell(
            values.get((row.record.ward_id, indicator.pk)), indicator, number, badges
        )

    @property
    def values(self) -> dict:
        """Indicator values of the rows on show (the page, or every row for an export)."""
        if self._values is None:
            rows = self.page.object_list if hasattr(self, "page") else self.rows
            ward_ids = [row.record.ward_id for row in rows]
            self._values = selectors.indicator_values_for(ward_ids, self.period)
        return self._values

    def order_ward(self, queryset, is_descending):
        key = vi_collate("ward__name")
        return queryset.order_by(key.desc() if is_descending else key.asc()), True

    def render_ward(self, record):
        url = reverse("dashboards:ward", args=[record.ward_id])
        return format_html('<a href="{}?period={}">{}</a>', url, record.period_id, record.called)

    def value_ward(self, record):
        return record.called

    def render_unit_class(self, record):
        return record.ward.get_unit_class_display() or "—"

    def value_unit_class(self, record):
        return record.ward.unit_class

    def render_report_status(self, record):
        if not record.report_status:
            return format_html('<span class="muted">{}</span>', _("no report"))
        return ReportStatus(record.report_status).label

    def value_report_status(self, record):
        return (
            str(self.render_report_status(record)) if record.report_status else str(_("no report"))
        )

    def render_members(self, record):
        return format_number(record.members)

    def value_members(self, value):
        return value

    def render_cells(self, record):
        return format_number(record.cells)

    def value_cells(self, value):
        return value

    def render_targets_met(self, record):
        return f"{format_number(record.targets_met)}/{format_number(record.targets_rated)}"

    def value_targets_met(self, record):
        return record.targets_met


class CompletenessTable(LeanBody, tables.Table):
    ward = tables.Column(verbose_name=_("ward"), accessor="called")
    report_status = tables.Column(verbose_name=_("report"), empty_values=())
    updated = tables.Column(
        verbose_name=_("last saved"), accessor="report__updated_at", empty_values=()
    )
    on_time = tables.Column(verbose_name=_("deadline"), empty_values=(), orderable=False)

    class Meta:
        attrs = {"class": "data"}
        template_name = "dashboards/_lean_table.html"
        empty_text = _("No ward matches.")

    def __init__(self, *args, period, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.period = period
        self.today = today

    def order_ward(self, queryset, is_descending):
        key = vi_collate("ward__name")
        return queryset.order_by(key.desc() if is_descending else key.asc()), True

    def render_ward(self, record):
        url = reverse("dashboards:ward", args=[record.ward_id])
        return format_html('<a href="{}?period={}">{}</a>', url, record.period_id, record.called)

    def value_ward(self, record):
        return record.called

    def render_report_status(self, record):
        if not record.report_status:
            return format_html('<span class="muted">{}</span>', _("no report"))
        return ReportStatus(record.report_status).label

    def value_report_status(self, record):
        return (
            str(ReportStatus(record.report_status).label)
            if record.report_status
            else str(_("no report"))
        )

    def render_updated(self, record):
        if record.report is None:
            return "—"
        from django.utils.formats import date_format
        from django.utils.timezone import localtime

        return date_format(localtime(record.report.updated_at), "SHORT_DATETIME_FORMAT")

    def value_updated(self, record):
        return "" if record.report is None else record.report.updated_at.isoformat()

    def _deadline(self, record) -> str:
        submitted = record.report_status in selectors.SUBMITTED
        if submitted:
            return str(_("submitted"))
        if self.today > self.period.deadline:
            return str(_("past the deadline"))
        return str(_("not yet due"))

    def render_on_time(self, record):
        text = self._deadline(record)
        status = (
            Status.MET
            if record.report_status in selectors.SUBMITTED
            else Status.MISSED
            if self.today > self.period.deadline
            else Status.AT_RISK
        )
        return format_html('<span class="status status-{}">{}</span>', status, text)

    def value_on_time(self, record):
        return self._deadline(record)


class RollupTable(tables.Table):
    """The roll-up's rows for export (the page draws its own table): the same columns, the
    same figures, and per indicator the wards meeting its target over the wards rated."""

    unit = tables.Column(verbose_name=_("unit"), accessor="name")
    wards = tables.Column(verbose_name=_("wards"), accessor="totals__wards")
    reports = tables.Column(verbose_name=_("reports"), accessor="totals__reports")
    cells = tables.Column(verbose_name=_("cells"), accessor="totals__cells")
    members = tables.Column(verbose_name=_("members"), accessor="totals__members")
    women = tables.Column(verbose_name=_("of which women"), accessor="totals__women_members")
    admitted = tables.Column(verbose_name=_("admitted"), accessor="totals__admitted")
    staff = tables.Column(verbose_name=_("cadres and civil servants"), accessor="totals__staff")
    quota = tables.Column(verbose_name=_("quota"), accessor="totals__quota_staff")

    class Meta:
        orderable = False

    def __init__(self, rows, *, indicators, **kwargs):
        extra = [
            (f"indicator_{i.code}", RollupShareColumn(index, verbose_name=i.display_short_name()))
            for index, i in enumerate(indicators)
        ]
        super().__init__(rows, extra_columns=extra, **kwargs)


class RollupShareColumn(tables.Column):
    def __init__(self, index: int, **kwargs):
        self.index = index
        super().__init__(accessor="cells_by_indicator", **kwargs)

    def value(self, value):
        share = value[self.index]
        return f"{share['met']}/{share['rated']}" if share["rated"] else "—"
