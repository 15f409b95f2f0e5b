"""Staffing quotas and the ward's cadre records.

Quotas come from a rule set with an effective date range (Nghị định 33/2023/NĐ-CP from
01/08/2023, …) by unit type and class; the province may set a ward's own quota for a period
(chỉ tiêu tỉnh giao), which wins. Counts of cadres are always computed from the records.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from wardstats.core.versioning import Versioned
from wardstats.hierarchy.models import (
    DatedModel,
    Level,
    Unit,
    UnitClass,
    UnitKind,
    valid_on_q,
    valid_range_constraint,
)
from wardstats.periods.models import Period

COMMUNE_KINDS = [
    (UnitKind.WARD.value, UnitKind.WARD.label),
    (UnitKind.COMMUNE.value, UnitKind.COMMUNE.label),
    (UnitKind.TOWNSHIP.value, UnitKind.TOWNSHIP.label),
    (UnitKind.SPECIAL_ZONE.value, UnitKind.SPECIAL_ZONE.label),
]


class QuotaRuleSet(Versioned):
    name = models.CharField(_("name"), max_length=160)
    legal_source = models.CharField(
        _("legal source"), max_length=200, help_text=_("e.g. Nghị định 33/2023/NĐ-CP")
    )
    effective_from = models.DateField(_("effective from"))
    effective_to = models.DateField(_("effective to"), null=True, blank=True)
    verified = models.BooleanField(
        _("verified"), default=True, help_text=_("Untick where the figures are not confirmed.")
    )
    note = models.TextField(_("note"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("quota rule set")
        verbose_name_plural = _("quota rule sets")
        ordering = ["-effective_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(effective_to__isnull=True) | Q(effective_to__gte=F("effective_from")),
                name="quotaruleset_valid_from_not_after_valid_to",
                violation_error_message=_("The end date must not be before the start date."),
            ),
        ]

    def __str__(self):
        return self.name


class QuotaNorm(Versioned):
    """Maximum staff of one unit type and class under a rule set."""

    rule_set = models.ForeignKey(
        QuotaRuleSet, on_delete=models.CASCADE, related_name="norms", verbose_name=_("rule set")
    )
    unit_kind = models.CharField(_("unit type"), max_length=16, choices=COMMUNE_KINDS)
    unit_class = models.CharField(_("class"), max_length=3, choices=UnitClass.choices)
    cadres_civil_servants = models.PositiveSmallIntegerField(
        _("cadres and civil servants"),
        null=True,
        blank=True,
        help_text=_("Empty: no national norm; the province assigns each unit its number."),
    )
    ward_part_time = models.PositiveSmallIntegerField(
        _("part-time workers at ward level"),
        null=True,
        blank=True,
        help_text=_("Empty: the rule set has no such posts."),
    )
    neighbourhood_part_time = models.PositiveSmallIntegerField(
        _("part-time positions per neighbourhood"),
        null=True,
        blank=True,
        help_text=_("Empty: the rule set sets no limit per neighbourhood."),
    )
    population_standard = models.PositiveIntegerField(
        _("standard population"),
        null=True,
        blank=True,
        help_text=_(
            "The population standard of this type of unit; empty: no posts for population."
        ),
    )
    population_step = models.PositiveSmallIntegerField(
        _("one more post for each full 1/N of the standard population beyond it: N"),
        null=True,
        blank=True,
    )
    area_standard_km2 = models.DecimalField(
        _("standard natural area (km²)"),
        max_digits=9,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("One more post for each full standard area beyond it; empty: none."),
    )
    police_chief_takes_a_post = models.BooleanField(
        _("one post fewer where a regular police officer heads the commune police"),
        default=False,
        help_text=_("Nghị định 34/2019/NĐ-CP, for xã and thị trấn."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("staffing norm")
        verbose_name_plural = _("staffing norms")
        ordering = ["rule_set", "unit_kind", "unit_class"]
        constraints = [
            models.UniqueConstraint(
                fields=["rule_set", "unit_kind", "unit_class"],
                name="quotanorm_unique_per_kind_and_class",
                violation_error_message=_(
                    "This rule set already has a norm for this type and class."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.get_unit_kind_display()} {self.get_unit_class_display()}"


class WardQuota(Versioned):
    """The quota the province assigns one ward for one period (chỉ tiêu tỉnh giao).

    An empty field falls back to the rule set in force at the period's end.
    """

    scope_path = "ward"

    ward = models.ForeignKey(
        Unit,
        on_delete=models.CASCADE,
        related_name="quotas",
        verbose_name=_("ward"),
        limit_choices_to={"level": Level.COMMUNE},
    )
    period = models.ForeignKey(
        Period, on_delete=models.CASCADE, related_name="ward_quotas", verbose_name=_("period")
    )
    cadres_civil_servants = models.PositiveSmallIntegerField(
        _("cadres and civil servants"), null=True, blank=True
    )
    ward_part_time = models.PositiveSmallIntegerField(
        _("part-time workers at ward level"), null=True, blank=True
    )
    neighbourhood_part_time = models.PositiveSmallIntegerField(
        _("part-time positions per neighbourhood"), null=True, blank=True
    )
    admissions_target = models.PositiveSmallIntegerField(
        _("new members to admit"), null=True, blank=True
    )
    legal_source = models.CharField(_("decision"), max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("ward quota")
        verbose_name_plural = _("ward quotas")
        ordering = ["-period__end", "ward__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["ward", "period"],
                name="wardquota_one_per_ward_and_period",
                violation_error_message=_("This ward already has a quota for this period."),
            ),
        ]

    def __str__(self):
        return f"{self.ward.name} — {self.period}"


QUOTA_FIELDS = ("cadres_civil_servants", "ward_part_time", "neighbourhood_part_time")


class PlanningTerm(Versioned):
    """A leadership-planning term (quy hoạch cán bộ), e.g. 2020-2025."""

    start_year = models.PositiveSmallIntegerField(_("first year"))
    end_year = models.PositiveSmallIntegerField(_("last year"))

    # Needed too for adding cadres from a term's side (term.cadres.add): the audit trail of
    # Cadre.planning_terms then records on the term.
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("planning term")
        verbose_name_plural = _("planning terms")
        ordering = ["start_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["start_year", "end_year"],
                name="planningterm_unique",
                violation_error_message=_("This planning term already exists."),
            ),
            models.CheckConstraint(
                condition=Q(start_year__lt=F("end_year")),
                name="planningterm_start_before_end",
                violation_error_message=_("The term must start before it ends."),
            ),
        ]

    def __str__(self):
        return f"{self.start_year}-{self.end_year}"


class AgeBand(Versioned):
    """An age band for the structure of cadres (set by each province; configurable)."""

    label = models.CharField(_("label"), max_length=40)
    min_age = models.PositiveSmallIntegerField(_("from age"))
    max_age = models.PositiveSmallIntegerField(_("to age"), help_text=_("Inclusive."))
    is_young = models.BooleanField(
        _("young cadres"), default=False, help_text=_("Counts towards the share of young cadres.")
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("age band")
        verbose_name_plural = _("age bands")
        ordering = ["min_age"]
        constraints = [
            models.CheckConstraint(
                condition=Q(min_age__lte=F("max_age")),
                name="ageband_min_not_above_max",
                violation_error_message=_("The lower age cannot be above the upper age."),
            ),
        ]

    def __str__(self):
        return self.label


class Category(models.TextChoices):
    CADRE = "cadre", _("cadre")
    CIVIL_SERVANT = "civil_servant", _("civil servant")
    WARD_PART_TIME = "ward_part_time", _("part-time, ward level")
    NEIGHBOURHOOD_PART_TIME = "neighbourhood_part_time", _("part-time, neighbourhood")


class Gender(models.TextChoices):
    MALE = "male", _("male")
    FEMALE = "female", _("female")


class Education(models.IntegerChoices):
    """Trình độ chuyên môn, ordered so that "university or higher" is `>= UNIVERSITY`."""

    NONE = 0, _("none")
    ELEMENTARY = 10, _("elementary (sơ cấp)")
    INTERMEDIATE = 20, _("intermediate (trung cấp)")
    COLLEGE = 30, _("college (cao đẳng)")
    UNIVERSITY = 40, _("university (đại học)")
    MASTER = 50, _("master (thạc sĩ)")
    DOCTOR = 60, _("doctorate (tiến sĩ)")


class PoliticalTheory(models.IntegerChoices):
    """Trình độ lý luận chính trị, ordered so that "intermediate or higher" is a comparison.
    The Party's forms count cao cấp and cử nhân as one level (the top one), not one above the
    other."""

    NONE = 0, _("none")
    ELEMENTARY = 10, _("elementary (sơ cấp)")
    INTERMEDIATE = 20, _("intermediate (trung cấp)")
    ADVANCED = 30, _("advanced or bachelor (cao cấp, cử nhân)")


class CadreQuerySet(models.QuerySet):
    def of_ward(self, ward):
        return self.filter(ward=ward)

    def on(self, on: datetime.date):
        return self.filter(valid_on_q(on))

    def staff(self):
        """Cadres and civil servants: the figure counted against the main quota."""
        return self.filter(category__in=[Category.CADRE, Category.CIVIL_SERVANT])

    def in_planning_pool(self, year: int):
        return self.filter(
            planning_terms__start_year__lte=year, planning_terms__end_year__gte=year
        ).distinct()


class Cadre(DatedModel, Versioned):
    """One person in one position of a ward, from valid_from to valid_to."""

    scope_path = "ward"

    ward = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        related_name="cadres",
        verbose_name=_("ward"),
        limit_choices_to={"level": Level.COMMUNE},
    )
    full_name = models.CharField(_("full name"), max_length=120)
    position = models.CharField(_("position"), max_length=120)
    category = models.CharField(_("category"), max_length=24, choices=Category.choices)
    neighbourhood = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        related_name="neighbourhood_staff",
        null=True,
        blank=True,
        verbose_name=_("neighbourhood"),
        limit_choices_to={"level": Level.NEIGHBOURHOOD},
        help_text=_("Only for part-time positions in a neighbourhood."),
    )
    gender = models.CharField(_("gender"), max_length=6, choices=Gender.choices)
    birth_year = models.PositiveSmallIntegerField(
        _("year of birth"), validators=[MinValueValidator(1900), MaxValueValidator(2100)]
    )
    education = models.PositiveSmallIntegerField(
        _("professional education"), choices=Education.choices, default=Education.NONE
    )
    political_theory = models.PositiveSmallIntegerField(
        _("political theory"), choices=PoliticalTheory.choices, default=PoliticalTheory.NONE
    )
    meets_standard = models.BooleanField(_("meets the standard for the post"), default=True)
    planning_terms = models.ManyToManyField(
        PlanningTerm, blank=True, related_name="cadres", verbose_name=_("planning terms")
    )
    is_sample = models.BooleanField(_("sample data"), default=False)

    objects = CadreQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[planning_terms])

    class Meta:
        verbose_name = _("cadre record")
        verbose_name_plural = _("cadre records")
        ordering = ["ward__name", "category", "full_name"]
        constraints = [
            valid_range_constraint("cadre_valid_from_not_after_valid_to"),
            models.CheckConstraint(
                condition=Q(category=Category.NEIGHBOURHOOD_PART_TIME, neighbourhood__isnull=False)
                | (~Q(category=Category.NEIGHBOURHOOD_PART_TIME) & Q(neighbourhood__isnull=True)),
                name="cadre_neighbourhood_iff_neighbourhood_part_time",
                violation_error_message=_(
                    "A neighbourhood is given for, and only for, part-time positions in a "
                    "neighbourhood."
                ),
            ),
            models.CheckConstraint(
                condition=Q(birth_year__gte=1900, birth_year__lte=2100),
                name="cadre_birth_year_plausible",
                violation_error_message=_("The year of birth is not plausible."),
            ),
        ]
        indexes = [models.Index(fields=["ward", "category"], name="cadre_ward_category_idx")]

    def __str__(self):
        return f"{self.full_name} — {self.position}"

    def clean(self):
        super().clean()
        errors = {}
        this_year = timezone.localdate().year
        if self.birth_year and self.birth_year > this_year:
            errors["birth_year"] = _("The year of birth cannot be in the future.")
        elif self.birth_year and self.birth_year > this_year - 16:
            errors["birth_year"] = _("A cadre must be at least 16 years old.")
        if self.category == Category.NEIGHBOURHOOD_PART_TIME and not self.neighbourhood_id:
            errors["neighbourhood"] = _("Choose the neighbourhood of this part-time position.")
        if self.category != Category.NEIGHBOURHOOD_PART_TIME and self.neighbourhood_id:
            errors["neighbourhood"] = _(
                "Only part-time positions in a neighbourhood are tied to one."
            )
        if self.neighbourhood_id and self.ward_id:
            on = self.valid_from or timezone.localdate()
            if self.neighbourhood.parent_on(on) != self.ward:
                errors["neighbourhood"] = _("This neighbourhood is not in the cadre's ward.")
        if errors:
            raise ValidationError(errors)

    def age_in(self, year: int) -> int:
        return year - self.birth_year


class CadreListConfirmation(models.Model):
    """The ward's word that its cadre records are complete and right for a period (the
    secretary's home shows a period whose list is not confirmed, or changed since)."""

    scope_path = "ward"

    ward = models.ForeignKey(
        Unit,
        on_delete=models.CASCADE,
        related_name="cadre_confirmations",
        verbose_name=_("ward"),
        limit_choices_to={"level": Level.COMMUNE},
    )
    period = models.ForeignKey(
        Period, on_delete=models.CASCADE, related_name="+", verbose_name=_("period")
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("confirmed by"),
    )
    confirmed_at = models.DateTimeField(_("confirmed on"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("confirmation of the cadre records")
        verbose_name_plural = _("confirmations of the cadre records")
        constraints = [
            models.UniqueConstraint(
                fields=["ward", "period"],
                name="cadrelistconfirmation_one_per_ward_and_period",
                violation_error_message=_("This ward's list is already confirmed for the period."),
            ),
        ]

    def __str__(self):
        return f"{self.ward.name} — {self.period}"
