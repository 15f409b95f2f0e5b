"""The dated tree of administrative units, the lineage between them, and the Party cells of a ward.

Validity ranges are inclusive on both ends: a unit with valid_to = 30/06/2025 still exists on
that day. An open valid_to means "still valid". The 1 Jul 2025 reform (two-tier local government)
is why everything here is dated: a ward belongs to a district until 30/06/2025 and to its province
from 01/07/2025, and the units that merged are kept, with their figures, as predecessors.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from wardstats.core.versioning import Versioned


def valid_on_q(on: datetime.date, prefix: str = "") -> Q:
    """Rows whose [valid_from, valid_to] range contains `on` (valid_to empty = open)."""
    return Q(**{f"{prefix}valid_from__lte": on}) & (
        Q(**{f"{prefix}valid_to__isnull": True}) | Q(**{f"{prefix}valid_to__gte": on})
    )


def valid_range_constraint(name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
        name=name,
        violation_error_message=_("The end date must not be before the start date."),
    )


class DatedModel(models.Model):
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(
        _("valid to"),
        null=True,
        blank=True,
        help_text=_("Last day of validity; empty = still valid."),
    )

    class Meta:
        abstract = True

    def is_valid_on(self, on: datetime.date) -> bool:
        return self.valid_from <= on and (self.valid_to is None or on <= self.valid_to)

    def clean(self):
        super().clean()
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise ValidationError(
                {"valid_to": _("The end date must not be before the start date.")}
            )


class Level(models.IntegerChoices):
    # The country: the root above the provinces, for national dashboards and officers.
    COUNTRY = 0, _("country")
    PROVINCE = 1, _("province")
    DISTRICT = 2, _("district-level unit")
    COMMUNE = 3, _("commune-level unit")
    NEIGHBOURHOOD = 4, _("neighbourhood")


class UnitKind(models.TextChoices):
    COUNTRY = "quoc_gia", _("country")
    # Province level
    PROVINCE = "tinh", _("province")
    CENTRAL_CITY = "thanh_pho_tw", _("centrally-run city")
    # District level (abolished 1 Jul 2025)
    CITY = "thanh_pho", _("provincial city")
    TOWN = "thi_xa", _("town")
    URBAN_DISTRICT = "quan", _("urban district")
    RURAL_DISTRICT = "huyen", _("rural district")
    # Commune level
    WARD = "phuong", pgettext_lazy("unit kind", "ward")  # "ward" alone: any commune-level unit
    COMMUNE = "xa", _("commune")
    TOWNSHIP = "thi_tran", _("township")
    SPECIAL_ZONE = "dac_khu", _("special zone")
    # Inside a ward
    RESIDENTIAL_AREA = "khu_pho", _("neighbourhood (khu phố)")
    VILLAGE = "thon", _("village (thôn)")
    RESIDENTIAL_GROUP = "to_dan_pho", _("residential group (tổ dân phố)")


LEVEL_OF_KIND = {
    UnitKind.COUNTRY: Level.COUNTRY,
    UnitKind.PROVINCE: Level.PROVINCE,
    UnitKind.CENTRAL_CITY: Level.PROVINCE,
    UnitKind.CITY: Level.DISTRICT,
    UnitKind.TOWN: Level.DISTRICT,
    UnitKind.URBAN_DISTRICT: Level.DISTRICT,
    UnitKind.RURAL_DISTRICT: Level.DISTRICT,
    UnitKind.WARD: Level.COMMUNE,
    UnitKind.COMMUNE: Level.COMMUNE,
    UnitKind.TOWNSHIP: Level.COMMUNE,
    UnitKind.SPECIAL_ZONE: Level.COMMUNE,
    UnitKind.RESIDENTIAL_AREA: Level.NEIGHBOURHOOD,
    UnitKind.VILLAGE: Level.NEIGHBOURHOOD,
    UnitKind.RESIDENTIAL_GROUP: Level.NEIGHBOURHOOD,
}


class UnitClass(models.TextChoices):
    """Loại I / II / III of a commune-level unit; drives the staffing norms."""

    I = "I", _("class I")  # noqa: E741 - the official name of the class
    II = "II", _("class II")
    III = "III", _("class III")


class UnitQuerySet(models.QuerySet):
    """Dates and the tree, never people: who sees what is `accounts.scope`'s business."""

    def valid_on(self, on: datetime.date):
        return self.filter(valid_on_q(on))

    def wards(self):
        return self.filter(level=Level.COMMUNE)

    def neighbourhoods(self):
        return self.filter(level=Level.NEIGHBOURHOOD)

    def children_of(self, parent, on: datetime.date):
        links = UnitLink.objects.filter(valid_on_q(on), child=OuterRef("pk"), parent=parent)
        return self.filter(Exists(links))

    def under(self, area, on: datetime.date):
        """Units below `area` on a date, at any depth: one indexed look-up in the ancestry."""
        paths = UnitAncestry.objects.filter(ancestor=area, depth__gt=0).valid_on(on)
        return self.filter(pk__in=paths.values("descendant"))


class Unit(DatedModel, Versioned):
    """An administrative unit: province, district-level unit, commune-level unit, neighbourhood."""

    # The unit a row belongs to, for `accounts.scope` (here: the unit itself).
    scope_path = "pk"

    code = models.CharField(
        _("official code"),
        max_length=12,
        help_text=_("The National Statistics Office code (e.g. 07069)."),
    )
    name = models.CharField(_("name"), max_length=120)
    level = models.PositiveSmallIntegerField(_("level"), choices=Level.choices, editable=False)
    kind = models.CharField(_("type"), max_length=16, choices=UnitKind.choices)
    unit_class = models.CharField(
        _("class"),
        max_length=3,
        choices=UnitClass.choices,
        blank=True,
        help_text=_("Class I / II / III, for commune-level units only."),
    )
    is_sample = models.BooleanField(
        _("sample data"), default=False, help_text=_("Invented for the demo, not official.")
    )
    parents = models.ManyToManyField(
        "self",
        through="UnitLink",
        through_fields=("child", "parent"),
        symmetrical=False,
        related_name="+",
    )

    objects = UnitQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("administrative unit")
        verbose_name_plural = _("administrative units")
        ordering = ["level", "name", "valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["level", "code", "valid_from"],
                name="unit_code_unique_per_level_and_start",
                violation_error_message=_(
                    "A unit of this level with this code and start date already exists."
                ),
            ),
            valid_range_constraint("unit_valid_from_not_after_valid_to"),
            models.CheckConstraint(
                condition=Q(unit_class="") | Q(level=Level.COMMUNE),
                name="unit_class_only_for_communes",
                violation_error_message=_("Only commune-level units have a class (I, II, III)."),
            ),
        ]
        indexes = [models.Index(fields=["level", "name"], name="unit_level_name_idx")]

    def __str__(self):
        if self.valid_to:
            return _("%(name)s (until %(date)s)") % {
                "name": self.name,
                "date": self.valid_to.strftime("%d/%m/%Y"),
            }
        return self.name

    def save(self, *args, **kwargs):
        self.level = LEVEL_OF_KIND[self.kind]
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        if self.kind:
            self.level = LEVEL_OF_KIND[self.kind]
            if self.unit_class and self.level != Level.COMMUNE:
                raise ValidationError(
                    {"unit_class": _("Only commune-level units have a class (I, II, III).")}
                )

    @property
    def is_ward(self) -> bool:
        return self.level == Level.COMMUNE

    def parent_on(self, on: datetime.date):
        link = UnitLink.objects.filter(valid_on_q(on), child=self).select_related("parent").first()
        return link.parent if link else None


class UnitLink(DatedModel, Versioned):
    """A dated parent link: a ward under Đông Triều until 30/06/2025, under Quảng Ninh after."""

    scope_path = "child"

    child = models.ForeignKey(
        Unit, on_delete=models.CASCADE, related_name="parent_links", verbose_name=_("unit")
    )
    parent = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="child_links", verbose_name=_("parent unit")
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("parent link")
        verbose_name_plural = _("parent links")
        ordering = ["child__name", "valid_from"]
        constraints = [
            valid_range_constraint("unitlink_valid_from_not_after_valid_to"),
            models.CheckConstraint(
                condition=~Q(child=F("parent")),
                name="unitlink_not_own_parent",
                violation_error_message=_("A unit cannot be its own parent."),
            ),
            models.UniqueConstraint(
                fields=["child", "valid_from"],
                name="unitlink_one_parent_per_start",
                violation_error_message=_("This unit already has a parent from this date."),
            ),
        ]

    def __str__(self):
        return f"{self.child.name} → {self.parent.name}"

    def clean(self):
        super().clean()
        if not (self.child_id and self.parent_id and self.valid_from):
            return
        if self.parent.level >= self.child.level:
            raise ValidationError({"parent": _("The parent must be a higher level than the unit.")})
        overlapping = UnitLink.objects.filter(child_id=self.child_id).exclude(pk=self.pk)
        overlapping = overlapping.filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=self.valid_from)
        )
        if self.valid_to:
            overlapping = overlapping.filter(valid_from__lte=self.valid_to)
        if overlapping.exists():
            raise ValidationError(
                _(
                    "This unit already has a parent during part of this period: "
                    "close the earlier link first."
                )
            )


class UnitNaming(DatedModel, Versioned):
    """What a unit was called, and of what kind it was, before a change that kept its code and
    its land: Thị xã Đông Triều became Thành phố Đông Triều on 01/11/2024, Xã Bình Khê became
    Phường Bình Khê (Nghị quyết 1199/NQ-UBTVQH15). The unit's own name and kind are today's;
    each naming holds an earlier one over its dates. Merges are lineage, not namings."""

    scope_path = "unit"

    unit = models.ForeignKey(
        Unit, on_delete=models.CASCADE, related_name="namings", verbose_name=_("unit")
    )
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("type"), max_length=16, choices=UnitKind.choices)
    source = models.CharField(_("source"), max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("earlier name")
        verbose_name_plural = _("earlier names")
        ordering = ["unit__name", "valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "valid_from"],
                name="unitnaming_unique_per_unit_and_start",
                violation_error_message=_("This unit already has a name from this date."),
            ),
            valid_range_constraint("unitnaming_valid_from_not_after_valid_to"),
        ]

    def __str__(self):
        return self.name


def called_on(units, day: datetime.date) -> dict[int, tuple[str, str]]:
    """{unit id: (name, kind) it had on `day`} for Unit objects: one query."""
    units = [unit for unit in units if unit is not None]
    called = {unit.pk: (unit.name, unit.kind) for unit in units}
    earlier = UnitNaming.objects.filter(valid_on_q(day), unit__in=list(called))
    called |= {
        pk: (name, kind) for pk, name, kind in earlier.values_list("unit_id", "name", "kind")
    }
    return called


def name_on_expression(day: datetime.date, unit_field: str):
    """What the unit of `unit_field` was called on `day`, as an SQL expression of the rows'
    own query (`called_on` for a list of units): its dated earlier name, else today's."""
    earlier = UnitNaming.objects.filter(valid_on_q(day), unit=OuterRef(f"{unit_field}_id"))
    return Coalesce(Subquery(earlier.values("name")[:1]), F(f"{unit_field}__name"))


def name_on(unit: Unit | None, day: datetime.date) -> str:
    """What `unit` was called on `day` ("" for no unit)."""
    return called_on([unit], day)[unit.pk][0] if unit is not None else ""


class UnitFacts(DatedModel, Versioned):
    """What a commune-level unit's staffing norm depends on besides its type and class, from a
    date: its population and natural area (Nghị định 33/2023/NĐ-CP, Điều 6, khoản 2: posts
    beyond the base norm) and whether a regular police officer heads its police (Nghị định
    34/2019/NĐ-CP: one post fewer). Recorded by the province, with the document it comes from."""

    scope_path = "unit"

    unit = models.ForeignKey(
        Unit,
        on_delete=models.CASCADE,
        related_name="facts",
        verbose_name=_("commune-level unit"),
        limit_choices_to={"level": Level.COMMUNE},
    )
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    area_km2 = models.DecimalField(
        _("natural area (km²)"), max_digits=9, decimal_places=2, null=True, blank=True
    )
    regular_police_chief = models.BooleanField(
        _("police chief is a regular police officer"), default=False
    )
    source = models.CharField(_("source"), max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("population and area")
        verbose_name_plural = _("population and area")
        ordering = ["unit__name", "-valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "valid_from"],
                name="unitfacts_unique_per_unit_and_start",
                violation_error_message=_("This unit already has facts from this date."),
            ),
            valid_range_constraint("unitfacts_valid_from_not_after_valid_to"),
        ]

    def __str__(self):
        return f"{self.unit.name} — {self.valid_from.strftime('%d/%m/%Y')}"


class LineageKind(models.TextChoices):
    WHOLE = "whole", _("merged whole (nhập toàn bộ)")
    PART = "part", _("merged in part (nhập một phần)")
    UNCHANGED = "unchanged", _("kept unchanged (giữ nguyên)")
    RENAMED = "renamed", _("renamed (đổi tên)")
    RETYPED = "retyped", _("type changed (đổi loại hình)")


class Lineage(Versioned):
    """Which old unit became (part of) which new one, and from when."""

    scope_path = "successor"

    predecessor = models.ForeignKey(
        Unit,
        on_delete=models.CASCADE,
        related_name="successor_links",
        verbose_name=_("old unit"),
    )
    successor = models.ForeignKey(
        Unit,
        on_delete=models.CASCADE,
        related_name="predecessor_links",
        verbose_name=_("new unit"),
    )
    kind = models.CharField(_("how"), max_length=12, choices=LineageKind.choices)
    effective = models.DateField(_("effective from"))
    note = models.CharField(_("note"), max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("lineage")
        verbose_name_plural = _("lineage")
        ordering = ["successor__name", "predecessor__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["predecessor", "successor"],
                name="lineage_unique_pair",
                violation_error_message=_("This lineage is already recorded."),
            ),
            models.CheckConstraint(
                condition=~Q(predecessor=F("successor")),
                name="lineage_not_own_predecessor",
                violation_error_message=_("A unit cannot be its own predecessor."),
            ),
        ]

    def __str__(self):
        return f"{self.predecessor.name} → {self.successor.name} ({self.get_kind_display()})"


class CellKind(models.TextChoices):
    RESIDENTIAL = "residential", _("residential")
    SCHOOL = "school", _("school")
    ENTERPRISE = "enterprise", _("enterprise")
    POLICE = "police", _("police")
    MILITARY = "military", _("military")
    RETIREES = "retirees", _("retirees")
    OTHER = "other", _("other institution")


class CellQuerySet(models.QuerySet):
    def valid_on(self, on: datetime.date):
        return self.filter(valid_on_q(on))

    def of_ward(self, ward):
        return self.filter(ward=ward)


class Cell(DatedModel, Versioned):
    """A Party cell (chi bộ) of a ward: residential (per neighbourhood) or institutional."""

    scope_path = "ward"

    ward = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        related_name="cells",
        verbose_name=_("ward"),
        limit_choices_to={"level": Level.COMMUNE},
    )
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=12, choices=CellKind.choices)
    neighbourhood = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        related_name="cells_here",
        null=True,
        blank=True,
        verbose_name=_("neighbourhood"),
        limit_choices_to={"level": Level.NEIGHBOURHOOD},
        help_text=_("For a residential cell: the neighbourhood (khu phố / thôn) it covers."),
    )
    is_sample = models.BooleanField(_("sample data"), default=False)

    objects = CellQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Party cell")
        verbose_name_plural = _("Party cells")
        ordering = ["ward__name", "name"]
        constraints = [
            valid_range_constraint("cell_valid_from_not_after_valid_to"),
            models.CheckConstraint(
                condition=Q(kind=CellKind.RESIDENTIAL) | Q(neighbourhood__isnull=True),
                name="cell_neighbourhood_only_if_residential",
                violation_error_message=_("Only a residential cell is tied to a neighbourhood."),
            ),
            models.UniqueConstraint(
                fields=["ward", "name", "valid_from"],
                name="cell_name_unique_in_ward",
                violation_error_message=_("This ward already has a cell with this name."),
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if self.ward_id and self.ward.level != Level.COMMUNE:
            raise ValidationError({"ward": _("A cell belongs to a commune-level unit.")})
        if self.neighbourhood_id:
            if self.kind != CellKind.RESIDENTIAL:
                raise ValidationError(
                    {"neighbourhood": _("Only a residential cell is tied to a neighbourhood.")}
                )
            on = self.valid_from or datetime.date.today()
            if self.ward_id and self.neighbourhood.parent_on(on) != self.ward:
                raise ValidationError(
                    {"neighbourhood": _("This neighbourhood is not in the cell's ward.")}
                )


class AncestryQuerySet(models.QuerySet):
    def valid_on(self, on: datetime.date):
        return self.filter(valid_on_q(on))


class UnitAncestry(models.Model):
    """One path from a unit up to one of its ancestors, at any depth (the unit itself at
    depth 0): the tree stored once, so that "everything below" and "everything above" are
    one indexed look-up whatever the depth. Kept by `ancestry.rebuild`, which the hierarchy's
    services call on every change of a unit or a link; never edited by hand.

    A unit reached by two routes (a ward under its district until 30/06/2025, under the
    province from 01/07/2025) has one row per route. `valid_from`/`valid_to` are the days on
    which every link of the route holds; both are empty when they never hold on one same day.
    Who sees what (`accounts.scope`) follows every route, whatever its dates; the dashboards'
    "on a day" (`UnitQuerySet.under`) only the routes valid on that day.
    """

    ancestor = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="descendant_paths")
    descendant = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="ancestor_paths")
    depth = models.PositiveSmallIntegerField()
    valid_from = models.DateField(null=True)
    valid_to = models.DateField(null=True)

    objects = AncestryQuerySet.as_manager()

    class Meta:
        indexes = [
            models.Index(fields=["ancestor", "descendant"], name="ancestry_down_idx"),
            models.Index(fields=["descendant", "ancestor"], name="ancestry_up_idx"),
        ]

    def __str__(self):
        return f"{self.ancestor_id} → {self.descendant_id} ({self.depth})"
