"""Reporting periods, a ward's report for a period, and the per-cell figures in it.

Figures are year-end stocks ("có đến 31-12"), per the Central Organisation Commission's
guide 11-HD/BTCTW (2021): they belong to the unit that reported them, for ever.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from wardstats.core.versioning import Versioned
from wardstats.hierarchy.models import Cell, CellKind, Level, Unit
from wardstats.periods.models import Period

from . import rules
from .ratings import RATING_FIELDS


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted")
    RETURNED = "returned", _("returned")
    APPROVED = "approved", _("approved")


# The ward changes its figures only while the report is a draft or has been returned to it.
EDITABLE_STATUSES = (ReportStatus.DRAFT, ReportStatus.RETURNED)
# A status change saves only these fields (reports.workflow); nothing else may touch a
# submitted or approved report.
TRANSITION_FIELDS = frozenset({"status", "version", "updated_at"})


class ReportLocked(PermissionDenied):
    """A change to a submitted or approved report: answered with 403, never saved."""


def _non_negative(field: str, model: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(**{f"{field}__gte": 0}),
        name=f"{model}_{field}_not_negative",
        violation_error_message=_("Counts cannot be negative."),
    )


class QualityLevel(models.TextChoices):
    """Xếp loại chất lượng, Quy định 124-QĐ/TW (2023) and 366-QĐ/TW (2025)."""

    EXCELLENT = "excellent", _("excellently completed tasks")
    GOOD = "good", _("well completed tasks")
    COMPLETED = "completed", _("completed tasks")
    NOT_COMPLETED = "not_completed", _("did not complete tasks")


class Report(Versioned):
    """A ward's report for one period: ward-level figures, and its cells' figures inline."""

    scope_path = "ward"

    ward = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        related_name="reports",
        verbose_name=_("ward"),
        limit_choices_to={"level": Level.COMMUNE},
    )
    period = models.ForeignKey(
        Period, on_delete=models.PROTECT, related_name="reports", verbose_name=_("period")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    declared_members = models.PositiveIntegerField(
        _("party members declared"),
        help_text=_("The ward's own total of members; checked against the sum of its cells."),
        validators=rules.WARD_COUNT_VALIDATORS,
    )
    opening_members = models.PositiveIntegerField(
        _("members at the start of the period"),
        null=True,
        blank=True,
        help_text=_(
            "The ward's stock on the first day (đầu kỳ): its last closing stock, or for a ward "
            "formed by a merger the closing stocks of the units merged into it."
        ),
        validators=rules.WARD_COUNT_VALIDATORS,
    )
    # The ward Party organisation's own year-end rating: the level it assessed itself at, the
    # level the superior committee gave, and (from Quy định 366-QĐ/TW) its score.
    organisation_level = models.CharField(
        _("the Party organisation's own assessment"),
        max_length=16,
        choices=QualityLevel.choices,
        blank=True,
    )
    organisation_level_given = models.CharField(
        _("the Party organisation's rating by the committee above"),
        max_length=16,
        choices=QualityLevel.choices,
        blank=True,
    )
    organisation_score = models.DecimalField(
        _("the Party organisation's score"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("0–100, where the period scores on 100 points."),
    )
    training_attendances = models.PositiveIntegerField(
        _("training attendances"),
        default=0,
        help_text=_("Cadre-trips to training courses."),
        validators=rules.WARD_COUNT_VALIDATORS,
    )
    propagandists = models.PositiveIntegerField(
        _("propagandists (báo cáo viên)"), default=0, validators=rules.WARD_COUNT_VALIDATORS
    )
    mass_mobilisation_models = models.PositiveIntegerField(
        _("“skilled mass mobilisation” models"),
        default=0,
        validators=rules.WARD_COUNT_VALIDATORS,
    )
    note = models.TextField(_("note"), blank=True)
    is_sample = models.BooleanField(_("sample data"), default=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-period__end", "ward__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["ward", "period"],
                name="report_one_per_ward_and_period",
                violation_error_message=_("This ward already has a report for this period."),
            ),
            _non_negative("declared_members", "report"),
            _non_negative("opening_members", "report"),
            _non_negative("training_attendances", "report"),
            _non_negative("propagandists", "report"),
            _non_negative("mass_mobilisation_models", "report"),
        ]

    def __str__(self):
        return _("%(ward)s — %(period)s") % {"ward": self.ward.name, "period": self.period}

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if self.pk and not (update_fields and set(update_fields) <= TRANSITION_FIELDS):
            stored = Report.objects.filter(pk=self.pk).values_list("status", flat=True).first()
            if stored is not None and stored not in EDITABLE_STATUSES:
                raise ReportLocked(
                    _("This report is %(status)s: it cannot be changed.")
                    % {"status": ReportStatus(stored).label}
                )
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        if self.ward_id and self.ward.level != Level.COMMUNE:
            raise ValidationError({"ward": _("Reports are made by commune-level units.")})
        if (
            self.ward_id
            and self.period_id
            and not (
                self.ward.valid_from <= self.period.end
                and (self.ward.valid_to is None or self.ward.valid_to >= self.period.end)
            )
        ):
            raise ValidationError(
                {"period": _("This unit did not exist at the end of this period.")}
            )

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES

    def audit_trail(self):
        """The report's history with its cells' figures' (for `core.audit.changes_since`)."""
        from .history import history_of

        return history_of(self)


CELL_COUNT_FIELDS = (
    "members",
    "probationary",
    "women",
    "opening",
    "admitted",
    "transferred_in",
    "reinstated",
    "deaths",
    "expelled",
    "struck_off",
    "resigned",
    "transferred_out",
    "recognised_full",
    *RATING_FIELDS,
    "exempt",
)
# The decreases of the stock (reports.stock.DECREASES), for the constraint below.
_DECREASES = ("transferred_out", "deaths", "expelled", "struck_off", "resigned")
# What the ward enters for itself (beside its cells), in the order of the forms.
REPORT_FIELDS = ("declared_members", "opening_members", "organisation_level",
                 "organisation_level_given", "organisation_score", "training_attendances",
                 "propagandists", "mass_mobilisation_models", "note")  # fmt: skip
# Everything the ward enters for one cell, in the order of the forms: the admin's inline, the
# spreadsheet's columns, the scale generator's rows.
CELL_ENTRY_FIELDS = (
    *CELL_COUNT_FIELDS,
    "has_committee",
    "thematic_meetings",
    "secretary_is_head",
    "standing_member_in_charge",
    "quality_level",
    "quality_score",
    "review_held",
    "comment",
)


class CellFigures(models.Model):
    """One cell's figures in one report. The cell must belong to the report's ward
    (enforced by a database trigger too: see migration 0002)."""

    scope_path = "report__ward"

    report = models.ForeignKey(
        Report, on_delete=models.CASCADE, related_name="cell_figures", verbose_name=_("report")
    )
    cell = models.ForeignKey(
        Cell, on_delete=models.PROTECT, related_name="figures", verbose_name=_("cell")
    )
    members = models.PositiveIntegerField(
        _("members"), help_text=_("Full and probationary."), validators=rules.COUNT_VALIDATORS
    )
    probationary = models.PositiveIntegerField(
        _("of which probationary"), default=0, validators=rules.COUNT_VALIDATORS
    )
    women = models.PositiveIntegerField(
        _("of which women"), default=0, validators=rules.COUNT_VALIDATORS
    )
    opening = models.PositiveIntegerField(
        _("members at the start of the period"),
        null=True,
        blank=True,
        help_text=_("Carried from the last period's closing stock (đầu kỳ)."),
        validators=rules.COUNT_VALIDATORS,
    )
    admitted = models.PositiveIntegerField(
        _("admitted"), default=0, validators=rules.COUNT_VALIDATORS
    )
    transferred_in = models.PositiveIntegerField(
        _("transferred in"), default=0, validators=rules.COUNT_VALIDATORS
    )
    reinstated = models.PositiveIntegerField(
        _("membership reinstated"), default=0, validators=rules.COUNT_VALIDATORS
    )
    deaths = models.PositiveIntegerField(_("deaths"), default=0, validators=rules.COUNT_VALIDATORS)
    expelled = models.PositiveIntegerField(
        _("expelled"), default=0, validators=rules.COUNT_VALIDATORS
    )
    struck_off = models.PositiveIntegerField(
        _("struck off"), default=0, validators=rules.COUNT_VALIDATORS
    )
    resigned = models.PositiveIntegerField(
        _("left at their own request"), default=0, validators=rules.COUNT_VALIDATORS
    )
    transferred_out = models.PositiveIntegerField(
        _("transferred out"), default=0, validators=rules.COUNT_VALIDATORS
    )
    recognised_full = models.PositiveIntegerField(
        _("probationary members made full members"),
        default=0,
        help_text=_("Công nhận đảng viên chính thức: moves no one in or out of the stock."),
        validators=rules.COUNT_VALIDATORS,
    )
    # The members' year-end ratings (reports.ratings): at each level, or not rated and why.
    rated_excellent = models.PositiveIntegerField(
        _("members rated “excellently completed tasks”"),
        default=0,
        validators=rules.COUNT_VALIDATORS,
    )
    rated_good = models.PositiveIntegerField(
        _("members rated “well completed tasks”"), default=0, validators=rules.COUNT_VALIDATORS
    )
    rated_completed = models.PositiveIntegerField(
        _("members rated “completed tasks”"), default=0, validators=rules.COUNT_VALIDATORS
    )
    rated_not_completed = models.PositiveIntegerField(
        _("members rated “did not complete tasks”"), default=0, validators=rules.COUNT_VALIDATORS
    )
    unrated_new = models.PositiveIntegerField(
        _("members not rated: admitted recently"), default=0, validators=rules.COUNT_VALIDATORS
    )
    unrated_exempt = models.PositiveIntegerField(
        _("members not rated: exempt from Party work and activities"),
        default=0,
        validators=rules.COUNT_VALIDATORS,
    )
    unrated_other = models.PositiveIntegerField(
        _("members not rated: ill or other reasons"),
        default=0,
        validators=rules.COUNT_VALIDATORS,
    )
    exempt = models.PositiveIntegerField(
        _("members exempt from Party work and activities"),
        default=0,
        help_text=_("Miễn công tác và sinh hoạt đảng (Quy định 24-QĐ/TW, 2021)."),
        validators=rules.COUNT_VALIDATORS,
    )
    has_committee = models.BooleanField(
        _("has a cell committee"),
        default=False,
        help_text=_(
            "Chi ủy: a cell of 9 full members or more elects one (Party Statute, Art. 24)."
        ),
    )
    thematic_meetings = models.PositiveSmallIntegerField(
        _("thematic meetings held"),
        default=0,
        validators=[
            MinValueValidator(0, message=_("Counts cannot be negative.")),
            rules.CountTooLarge(rules.MAX_MEETINGS),
        ],
        help_text=_("Sinh hoạt chuyên đề held in the period."),
    )
    secretary_is_head = models.BooleanField(
        _("secretary is also neighbourhood head"),
        null=True,
        blank=True,
        help_text=_("Residential cells only: the cell secretary also heads the neighbourhood."),
    )
    standing_member_in_charge = models.CharField(
        _("standing-committee member in charge"), max_length=120, blank=True
    )
    quality_level = models.CharField(
        _("quality rating"), max_length=16, choices=QualityLevel.choices, blank=True
    )
    quality_score = models.DecimalField(
        _("quality score"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("0–100, where the period scores cells on 100 points."),
    )
    review_held = models.BooleanField(_("self-criticism review held"), default=False)
    comment = models.CharField(_("comment"), max_length=300, blank=True)
    # The cell's name when the report was approved (report_approve writes it, report_reopen
    # clears it): an approved report keeps the names it was approved with.
    approved_cell_name = models.CharField(max_length=120, blank=True, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("cell figures")
        verbose_name_plural = _("cells' figures")
        ordering = ["cell__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "cell"],
                name="cellfigures_one_per_cell_and_report",
                violation_error_message=_("This cell already has figures in this report."),
            ),
            *[_non_negative(field, "cellfigures") for field in CELL_COUNT_FIELDS],
            models.CheckConstraint(
                condition=Q(women__lte=F("members")),
                name="cellfigures_women_not_above_members",
                violation_error_message=_("Women cannot exceed the cell's members."),
            ),
            models.CheckConstraint(
                condition=Q(probationary__lte=F("members")),
                name="cellfigures_probationary_not_above_members",
                violation_error_message=_("Probationary members cannot exceed the cell's members."),
            ),
            models.CheckConstraint(
                condition=Q(
                    admitted__lte=F("members")
                    + sum((F(name) for name in _DECREASES[1:]), F(_DECREASES[0]))
                ),
                name="cellfigures_admitted_not_above_members",
                violation_error_message=_(
                    "More members were admitted than the cell has ever had this period."
                ),
            ),
            models.CheckConstraint(
                condition=Q(exempt__lte=F("members")),
                # Named to sort after "…_members_not_negative": PostgreSQL checks constraints
                # in the order of their names, and a negative count is said as such first.
                name="cellfigures_not_more_exempt_than_members",
                violation_error_message=_(
                    "Members exempt from Party work cannot exceed the cell's members."
                ),
            ),
            models.CheckConstraint(
                condition=Q(unrated_exempt__lte=F("exempt")),
                name="cellfigures_unrated_exempt_not_above_exempt",
                violation_error_message=_(
                    "Members not rated as exempt cannot exceed the members exempt from Party work."
                ),
            ),
            models.CheckConstraint(
                condition=Q(quality_score__isnull=True)
                | Q(quality_score__gte=0, quality_score__lte=100),
                name="cellfigures_quality_score_0_100",
                violation_error_message=_("The quality score is between 0 and 100."),
            ),
        ]

    # True where the caller validates the figures by their rules (`clean` and the fields'
    # validators: reports.rules) and lets the database enforce the check constraints, which
    # say the same: Django validates each with a query of its own, 27 a row.
    checked_by_rules = False

    def __str__(self):
        return str(self.cell)

    def save(self, *args, **kwargs):
        self._refuse_if_locked()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self._refuse_if_locked()
        return super().delete(*args, **kwargs)

    def validate_constraints(self, exclude=None):
        if not self.checked_by_rules:
            return super().validate_constraints(exclude=exclude)
        unique = [c for c in self._meta.constraints if isinstance(c, models.UniqueConstraint)]
        errors = {}
        for constraint in unique:
            try:
                constraint.validate(self.__class__, self, exclude=exclude)
            except ValidationError as error:
                errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def _refuse_if_locked(self):
        status = Report.objects.filter(pk=self.report_id).values_list("status", flat=True).first()
        if status is not None and status not in EDITABLE_STATUSES:
            raise ReportLocked(
                _("This report is %(status)s: it cannot be changed.")
                % {"status": ReportStatus(status).label}
            )

    def clean(self):
        super().clean()
        values = {field: getattr(self, field) for field in CELL_COUNT_FIELDS}
        errors = dict(rules.broken_rules(values))
        # The report, saved or only planned (an import that creates it along with its cells).
        report = self.report if self.report_id or CellFigures.report.is_cached(self) else None
        if report is not None and self.cell_id and self.cell.ward_id != report.ward_id:
            errors["cell"] = _("This cell belongs to another ward than the report's.")
        if self.cell_id and self.cell.kind != CellKind.RESIDENTIAL and self.secretary_is_head:
            errors["secretary_is_head"] = _("Only a residential cell has a neighbourhood head.")
        if (
            self.quality_score is not None
            and report is not None
            and not report.period.uses_quality_score
        ):
            errors["quality_score"] = _("This period does not score cells on 100 points.")
        if errors:
            raise ValidationError(errors)

    @property
    def name_as_reported(self) -> str:
        """The cell's name as its report was approved with it; its name today until then."""
        return self.approved_cell_name or self.cell.name


class MembershipCount(models.Model):
    """One category of a breakdown of the ward's membership at the period's end (its age band,
    its political theory …: reports.structure), entered with the report."""

    scope_path = "report__ward"

    report = models.ForeignKey(
        Report, on_delete=models.CASCADE, related_name="membership", verbose_name=_("report")
    )
    dimension = models.CharField(_("breakdown"), max_length=24)
    category = models.CharField(_("category"), max_length=24)
    count = models.PositiveIntegerField(_("members"), validators=rules.WARD_COUNT_VALIDATORS)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("members in a category")
        verbose_name_plural = _("the structure of the membership")
        constraints = [
            models.UniqueConstraint(
                fields=["report", "dimension", "category"],
                name="membershipcount_one_per_report_dimension_category",
            ),
            _non_negative("count", "membershipcount"),
        ]

    def __str__(self):
        return f"{self.dimension}/{self.category}: {self.count}"
