"""Reporting periods: a year, a half-year or a quarter, with its last day (the figures are the
stocks on that day, "có đến 31-12") and its deadline.

The ground floor beside `hierarchy`: every dated rule, quota, target and report belongs to a
period, and this app imports none of them.
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from wardstats.core.versioning import Versioned


class PeriodKind(models.TextChoices):
    YEAR = "year", _("year")
    HALF = "half", _("half-year")
    QUARTER = "quarter", _("quarter")


class Period(Versioned):
    kind = models.CharField(_("kind"), max_length=8, choices=PeriodKind.choices)
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(1990), MaxValueValidator(2100)]
    )
    number = models.PositiveSmallIntegerField(
        _("number"), default=1, help_text=_("1 for a year; 1–2 for a half-year; 1–4 for a quarter.")
    )
    start = models.DateField(_("start"))
    end = models.DateField(_("end"), help_text=_("The figures are the stock on this day."))
    deadline = models.DateField(_("submission deadline"))
    uses_quality_score = models.BooleanField(
        _("quality rated on 100 points"),
        default=False,
        help_text=_("Quy định 366-QĐ/TW (2025): cells are scored 0–100 besides their level."),
    )

    history = HistoricalRecords()

    class Meta:
        # The table it had when periods lived in `reports`: moving the model moved no data.
        db_table = "reports_period"
        verbose_name = _("reporting period")
        verbose_name_plural = _("reporting periods")
        ordering = ["-end", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "year", "number"],
                name="period_unique_kind_year_number",
                violation_error_message=_("This period already exists."),
            ),
            models.CheckConstraint(
                condition=Q(start__lt=F("end")),
                name="period_start_before_end",
                violation_error_message=_("The period must start before it ends."),
            ),
            models.CheckConstraint(
                condition=Q(deadline__gte=F("end")),
                name="period_deadline_not_before_end",
                violation_error_message=_("The deadline cannot be before the period ends."),
            ),
            models.CheckConstraint(
                condition=Q(kind="year", number=1)
                | Q(kind="half", number__gte=1, number__lte=2)
                | Q(kind="quarter", number__gte=1, number__lte=4),
                name="period_number_fits_kind",
                violation_error_message=_(
                    "Number: 1 for a year, 1–2 for a half-year, 1–4 for a quarter."
                ),
            ),
        ]

    @property
    def is_closed(self) -> bool:
        """Its deadline has passed: its figures were reported. A closed period's statuses
        change only by an explicit, audited act (`indicators.versions`)."""
        return self.deadline < timezone.localdate()

    def __str__(self):
        if self.kind == PeriodKind.YEAR:
            return _("Year %(year)s") % {"year": self.year}
        if self.kind == PeriodKind.HALF:
            return _("Half %(n)s/%(year)s") % {"n": self.number, "year": self.year}
        return _("Quarter %(n)s/%(year)s") % {"n": self.number, "year": self.year}
