"""Indicators, the province's targets, and the summaries the dashboards read.

`WardPeriodFigures` and `IndicatorValue` are derived data: one row per ward and period (and
indicator), recomputed from the entered figures by `summaries.refresh` inside the transaction
of every write that changes them, so a dashboard never aggregates raw rows per request and never
shows a figure older than the last save.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from wardstats.core.versioning import Versioned
from wardstats.hierarchy.models import Level, Unit, UnitClass
from wardstats.periods.models import Period

from .figures import FIGURE_CHOICES


class IndicatorUnit(models.TextChoices):
    COUNT = "count", _("count")
    PERCENT = "percent", _("percent")
    # A rating level as its rank (4 excellent … 1 not completed: reports.ratings.RANK),
    # shown as the level; its target is the lowest level that meets it.
    LEVEL = "level", _("rating level")
    # Yes (1) or no (0); its target is "= 1".
    YES_NO = "yesno", _("yes or no")


class Indicator(Versioned):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name (Vietnamese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    short_name = models.CharField(
        _("short name (Vietnamese)"), max_length=40, help_text=_("The column heading.")
    )
    short_name_en = models.CharField(_("short name (English)"), max_length=40)
    unit = models.CharField(_("unit"), max_length=8, choices=IndicatorUnit.choices)
    numerator = models.CharField(_("numerator"), max_length=40, choices=FIGURE_CHOICES)
    denominator = models.CharField(
        _("denominator"),
        max_length=40,
        choices=FIGURE_CHOICES,
        blank=True,
        help_text=_("Empty for a count."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    description = models.TextField(_("description"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["order", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(unit__in=["count", "level", "yesno"], denominator="")
                | (Q(unit="percent") & ~Q(denominator="")),
                name="indicator_denominator_iff_percent",
                violation_error_message=_("A percentage needs a denominator; a count has none."),
            ),
        ]

    def __str__(self):
        return self.display_name()

    def display_name(self, language: str | None = None) -> str:
        from django.utils.translation import get_language

        return self.name_en if (language or get_language() or "vi").startswith("en") else self.name

    def display_short_name(self, language: str | None = None) -> str:
        from django.utils.translation import get_language

        lang = language or get_language() or "vi"
        return self.short_name_en if lang.startswith("en") else self.short_name

    def compute(self, figures: dict) -> tuple[int | None, int | None, Decimal | None]:
        """(numerator, denominator, value) from a ward's figures; no data → value None.

        A zero denominator is "no data", not an error: a ward with no planning pool has no
        share of women in it.
        """
        numerator = figures.get(self.numerator)
        if self.unit != IndicatorUnit.PERCENT:
            return numerator, None, None if numerator is None else Decimal(numerator)
        denominator = figures.get(self.denominator)
        if numerator is None or not denominator:
            return numerator, denominator, None
        value = (Decimal(numerator) * 100 / Decimal(denominator)).quantize(Decimal("0.1"))
        return numerator, denominator, value


class Comparison(models.TextChoices):
    GTE = "gte", "≥"
    LTE = "lte", "≤"
    EQ = "eq", "="
    BETWEEN = "between", _("between")


class Status(models.TextChoices):
    MET = "met", _("met")
    AT_RISK = "at_risk", _("at risk")
    MISSED = "missed", _("missed")
    NO_DATA = "no_data", _("no data")


class Target(Versioned):
    """A provincial target for an indicator, with its legal source.

    Applies to the wards under `area` (a province or district), narrowed to one class or to
    one ward; the most specific target wins. With `use_ward_assigned`, the threshold is the
    ward's own assigned number (its admissions target) where it has one.
    """

    # Seen by whoever sees its area, changed by whoever may change the area (accounts.scope).
    scope_path = "area"

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="targets", verbose_name=_("indicator")
    )
    comparison = models.CharField(_("comparison"), max_length=8, choices=Comparison.choices)
    threshold = models.DecimalField(_("threshold"), max_digits=9, decimal_places=2)
    threshold_upper = models.DecimalField(
        _("upper threshold"),
        max_digits=9,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Only for “between”."),
    )
    warning_band = models.DecimalField(
        _("warning band"),
        max_digits=9,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("How far on the wrong side of the threshold still counts as “at risk”."),
    )
    use_ward_assigned = models.BooleanField(
        _("use the ward's assigned number"),
        default=False,
        help_text=_("The threshold is the ward's own assigned number where it has one."),
    )
    area = models.ForeignKey(
        Unit,
        on_delete=models.CASCADE,
        related_name="targets_set",
        verbose_name=_("area"),
        limit_choices_to={"level__in": [Level.PROVINCE, Level.DISTRICT]},
    )
    unit_class = models.CharField(
        _("only wards of class"), max_length=3, choices=UnitClass.choices, blank=True
    )
    ward = models.ForeignKey(
        Unit,
        on_delete=models.CASCADE,
        related_name="own_targets",
        null=True,
        blank=True,
        verbose_name=_("only this ward"),
        limit_choices_to={"level": Level.COMMUNE},
    )
    periods = models.ManyToManyField(
        Period,
        blank=True,
        related_name="targets",
        verbose_name=_("periods"),
        help_text=_("Empty: every period."),
    )
    # A version of the target: it judges the periods whose last day falls in [valid_from,
    # valid_to]. A change that would judge closed periods anew is made from a period on (a new
    # version, `services.target_revise_from`) or as an explicit correction with its reason.
    valid_from = models.DateField(
        _("applies to periods ending from"),
        null=True,
        blank=True,
        help_text=_("Empty: from the first period."),
    )
    valid_to = models.DateField(
        _("applies to periods ending until"),
        null=True,
        blank=True,
        help_text=_("Empty: still in force."),
    )
    source_document = models.CharField(_("source document"), max_length=200)
    note = models.CharField(_("note"), max_length=300, blank=True)

    history = HistoricalRecords(m2m_fields=[periods])

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["indicator__order", "area__name"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(comparison="between")
                | Q(threshold_upper__isnull=False, threshold_upper__gte=F("threshold")),
                name="target_between_has_upper_threshold",
                violation_error_message=_(
                    "“Between” needs an upper threshold not below the threshold."
                ),
            ),
            models.CheckConstraint(
                condition=Q(warning_band__isnull=True) | Q(warning_band__gte=0),
                name="target_warning_band_not_negative",
                violation_error_message=_("The warning band cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(valid_from__isnull=True)
                | Q(valid_to__isnull=True)
                | Q(valid_to__gte=F("valid_from")),
                name="target_valid_from_not_after_valid_to",
                violation_error_message=_("The end date must not be before the start date."),
            ),
        ]

    def __str__(self):
        return f"{self.indicator} {self.get_comparison_display()} {self.threshold}"

    def clean(self):
        super().clean()
        if self.comparison == Comparison.BETWEEN and self.threshold_upper is None:
            raise ValidationError({"threshold_upper": _("“Between” needs an upper threshold.")})

    def applies_on(self, day) -> bool:
        """Whether this version judges a period ending on `day`."""
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )

    @property
    def specificity(self) -> int:
        return 2 if self.ward_id else 1 if self.unit_class else 0

    def status_of(self, value: Decimal | None, assigned: int | None = None) -> str:
        """met / at risk / missed for a value; no data when there is no value."""
        if value is None:
            return Status.NO_DATA
        low = (
            Decimal(assigned) if self.use_ward_assigned and assigned is not None else self.threshold
        )
        band = self.warning_band or Decimal(0)
        if self.comparison == Comparison.GTE:
            met, near = value >= low, value >= low - band
        elif self.comparison == Comparison.LTE:
            met, near = value <= low, value <= low + band
        elif self.comparison == Comparison.EQ:
            met, near = value == low, abs(value - low) <= band
        else:
            high = self.threshold_upper
            met = low <= value <= high
            near = low - band <= value <= high + band
        if met:
            return Status.MET
        return Status.AT_RISK if band and near else Status.MISSED


class WardPeriodFigures(models.Model):
    """One ward's figures for one period, summed from its report, cadres and quotas."""

    scope_path = "ward"

    ward = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="period_figures")
    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="ward_figures")
    report = models.OneToOneField(
        "reports.Report", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    report_status = models.CharField(max_length=10, blank=True)
    # The areas holding the ward on the period's last day (no district after 1 Jul 2025): the
    # dashboards select an area's rows on these, through an index, without walking the tree.
    district = models.ForeignKey(
        Unit, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    province = models.ForeignKey(
        Unit, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    cells = models.IntegerField(null=True)
    members = models.IntegerField(null=True)
    declared_members = models.IntegerField(null=True)
    probationary = models.IntegerField(null=True)
    women_members = models.IntegerField(null=True)
    admitted = models.IntegerField(null=True)
    transferred_in = models.IntegerField(null=True)
    transferred_out = models.IntegerField(null=True)
    deaths = models.IntegerField(null=True)
    struck_off = models.IntegerField(null=True)
    # The stock's other flows (Biểu số 1: reports.stock) and the ward's opening stock.
    opening_members = models.IntegerField(null=True)
    reinstated = models.IntegerField(null=True)
    expelled = models.IntegerField(null=True)
    resigned = models.IntegerField(null=True)
    recognised_full = models.IntegerField(null=True)
    # The year-end ratings: members at each level or not rated, rated, good or better; the
    # organisation's level as a rank (4 excellent … 1 not completed; reports.ratings.RANK).
    rated_excellent = models.IntegerField(null=True)
    rated_good = models.IntegerField(null=True)
    rated_completed = models.IntegerField(null=True)
    rated_not_completed = models.IntegerField(null=True)
    unrated_new = models.IntegerField(null=True)
    unrated_exempt = models.IntegerField(null=True)
    unrated_other = models.IntegerField(null=True)
    members_rated = models.IntegerField(null=True)
    members_good_or_better = models.IntegerField(null=True)
    organisation_rank = models.IntegerField(null=True)
    residential_cells = models.IntegerField(null=True)
    secretary_is_head = models.IntegerField(null=True)
    with_standing_member = models.IntegerField(null=True)
    rated_cells = models.IntegerField(null=True)
    good_or_better = models.IntegerField(null=True)
    reviewed = models.IntegerField(null=True)
    # Members exempt from Party work; cells with a committee, holding the thematic meetings
    # due (reports.meetings), not adding up; the stock adding up everywhere (1) or not (0).
    exempt = models.IntegerField(null=True)
    cells_with_committee = models.IntegerField(null=True)
    cells_thematic = models.IntegerField(null=True)
    cells_unreconciled = models.IntegerField(null=True)
    stock_reconciled = models.IntegerField(null=True)
    staff = models.IntegerField(default=0)
    staff_meeting_standard = models.IntegerField(default=0)
    ward_part_time = models.IntegerField(default=0)
    neighbourhoods = models.IntegerField(default=0)
    neighbourhoods_over_quota = models.IntegerField(null=True)
    pool = models.IntegerField(default=0)
    pool_university = models.IntegerField(default=0)
    pool_theory = models.IntegerField(default=0)
    pool_women = models.IntegerField(default=0)
    pool_young = models.IntegerField(default=0)
    quota_staff = models.IntegerField(null=True)
    quota_ward_part_time = models.IntegerField(null=True)
    quota_neighbourhood_part_time = models.IntegerField(null=True)
    admissions_target = models.IntegerField(null=True)
    targets_met = models.IntegerField(default=0)
    targets_rated = models.IntegerField(default=0)
    # What the ward page shows of the staffing, kept with the rest so the page reads one row:
    # counts by category; the staff by gender, education, political theory and age band
    # ([label, count] in band order); part-time positions per neighbourhood; each quota's
    # source. See summaries._staffing.
    staffing = models.JSONField(default=dict)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["ward", "period"], name="wardperiodfigures_one_per_ward_and_period"
            ),
        ]
        indexes = [
            models.Index(fields=["period", "ward"], name="wpf_period_ward_idx"),
            models.Index(fields=["period", "province"], name="wpf_period_province_idx"),
            models.Index(fields=["period", "district"], name="wpf_period_district_idx"),
        ]

    def __str__(self):
        return f"{self.ward_id} — {self.period_id}"


class IndicatorValue(models.Model):
    """One indicator's value and status for one ward and period (derived, never typed)."""

    scope_path = "ward"

    ward = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="indicator_values")
    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="indicator_values")
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values")
    numerator = models.IntegerField(null=True)
    denominator = models.IntegerField(null=True)
    value = models.DecimalField(max_digits=12, decimal_places=1, null=True)
    status = models.CharField(max_length=8, choices=Status.choices)
    target = models.ForeignKey(Target, on_delete=models.SET_NULL, null=True, related_name="+")
    threshold = models.DecimalField(max_digits=9, decimal_places=2, null=True)
    # As on WardPeriodFigures: the areas holding the ward on the period's last day, so that an
    # area's counts per indicator are one indexed, grouped query.
    district = models.ForeignKey(
        Unit, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    province = models.ForeignKey(
        Unit, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["ward", "period", "indicator"],
                name="indicatorvalue_one_per_ward_period_indicator",
            ),
        ]
        indexes = [
            models.Index(fields=["period", "indicator", "value"], name="iv_period_ind_value_idx"),
            models.Index(fields=["period", "indicator", "status"], name="iv_period_ind_status_idx"),
            # An area's counts per indicator and status read from the index alone.
            models.Index(
                fields=["period", "province", "indicator", "status"], name="iv_area_province_idx"
            ),
            models.Index(
                fields=["period", "district", "indicator", "status"], name="iv_area_district_idx"
            ),
        ]

    def __str__(self):
        return f"{self.indicator_id}: {self.value} ({self.status})"


class Recomputation(models.Model):
    """A recomputation of every ward's summaries after a change of rules, run in the background
    (`recompute`); its progress is what the pages show meanwhile ("đang tính lại")."""

    reason = models.CharField(_("reason"), max_length=300)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    requested_at = models.DateTimeField(_("requested"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True)
    finished_at = models.DateTimeField(_("finished"), null=True)
    steps = models.PositiveIntegerField(_("steps"), default=0)
    done = models.PositiveIntegerField(_("done"), default=0)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        indexes = [models.Index(fields=["finished_at"], name="recomputation_finished_idx")]

    def __str__(self):
        return f"{self.reason} ({self.done}/{self.steps})"

    @property
    def percent(self) -> int:
        return int(100 * self.done / self.steps) if self.steps else 0
