"""The dated tree of administrative units, the lineage between them, and the Party cells of a ward.

Validity ranges are inclusive on both ends: a unit with valid_to = 30/06/2025 still exists on
that day. An open valid_to means "still valid". The 1 Jul 2025 reform (two-tier local government)
is why everything here is dated: a ward belongs to a district until 30/06/2025 and to its province
from 01/07/2025, and the units that merged are kept, with their figures, as predecessors.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, F, OuterRef, Q, Value
from django.utils.translation import gettext_lazy as _


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
    WARD = "phuong", _("ward")
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


def _descendants_q(roots) -> Q:
    """Units linked below `roots` at any date, up to three levels down: every ward and
    neighbourhood below a province or district, and every ward below the country (its
    neighbourhoods of before 1 Jul 2025 are a fourth level down, which no national role needs;
    a deeper nesting overflows SQLite's parser in the dashboards' queries)."""
    level1 = UnitLink.objects.filter(parent__in=roots).values("child")
    level2 = UnitLink.objects.filter(parent__in=level1).values("child")
    level3 = UnitLink.objects.filter(parent__in=level2).values("child")
    return Q(pk__in=roots) | Q(pk__in=level1) | Q(pk__in=level2) | Q(pk__in=level3)


class UnitQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Every unit the user may see: the units of their roles and all below them, at any date.

        The one place where read scope is decided; every other queryset filters on it.
        """
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self
        own = Unit.objects.filter(roles__user=user).values("pk")
        # A ward's predecessors are its own history: whoever sees the ward sees them (read-only).
        history = Lineage.objects.filter(successor__in=own).values("predecessor")
        roots = Unit.objects.filter(Q(pk__in=own) | Q(pk__in=history)).values("pk")
        return self.filter(_descendants_q(roots))

    def seen_by(self, user, ref: str = "pk"):
        """The same units as `visible_to`, asked the other way round: a unit is seen when one
        of the user's roles sits on it or on one of its ancestors (at any date, three levels
        up), or on the ward that one of them became. A correlated EXISTS that costs a few index
        look-ups per unit, where `visible_to` builds the whole scope: the form for fetching one
        unit, or a handful. `ref` names the unit's id in this queryset."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self
        return self.filter(self.seen_q(user, ref))

    @staticmethod
    def seen_q(user, column: str, kinds=None, *, lineage: bool = True) -> Exists:
        """EXISTS a role of `user` (of `kinds`, if given) covering the unit whose id is the
        outer query's `column`. Each nested subquery refers to that column from its own depth."""
        from wardstats.accounts.models import Role

        def up(depth: int):
            """The unit's parents, grandparents and great-grandparents (any date), as seen
            from a subquery `depth` levels below the outer query."""
            ref = OuterRef(column)
            for _level in range(depth - 1):
                ref = OuterRef(ref)
            return (
                UnitLink.objects.filter(child=ref).values("parent"),
                UnitLink.objects.filter(child__child_links__child=ref).values("parent"),
                UnitLink.objects.filter(child__child_links__child__child_links__child=ref).values(
                    "parent"
                ),
            )

        up1, up2, up3 = up(2)
        covered = Q(unit=OuterRef(column)) | Q(unit__in=up1) | Q(unit__in=up2) | Q(unit__in=up3)
        if lineage:
            # A predecessor is a ward: its own descendants are its neighbourhoods, one level.
            predecessor = Q(predecessor=OuterRef(OuterRef(column))) | Q(predecessor__in=up(3)[0])
            became = Lineage.objects.filter(predecessor).values("successor")
            covered |= Q(unit__in=became)
        roles = Role.objects.filter(covered, user=user)
        if kinds is not None:
            roles = roles.filter(kind__in=kinds)
        return Exists(roles)

    def with_can_edit(self, user):
        """Annotates `can_edit`: whether the user may change the unit's figures (as
        `editable_by` decides), in the same query."""
        from wardstats.accounts.models import EDITING_ROLES

        if not user.is_authenticated or not user.is_active:
            return self.annotate(can_edit=Value(False))
        if user.is_superuser:
            return self.annotate(can_edit=Value(True))
        return self.annotate(can_edit=self.seen_q(user, "pk", EDITING_ROLES, lineage=False))

    def editable_by(self, user):
        """Units whose figures the user may change: a ward editor's ward and its neighbourhoods,
        a provincial administrator's province and everything below it."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self
        from wardstats.accounts.models import EDITING_ROLES

        roots = Unit.objects.filter(roles__user=user, roles__kind__in=EDITING_ROLES).values("pk")
        return self.filter(_descendants_q(roots))

    def reviewable_by(self, user):
        """Units whose reports the user approves or returns: everything under their areas."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self
        from wardstats.accounts.models import REVIEWING_ROLES

        roots = Unit.objects.filter(roles__user=user, roles__kind__in=REVIEWING_ROLES).values("pk")
        return self.filter(_descendants_q(roots))

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
        """Units below `area` on a date, at any depth (the tree is at most four levels deep).

        One query: each extra level is one more EXISTS, never a query per unit.
        """
        direct = UnitLink.objects.filter(valid_on_q(on), child=OuterRef("pk"), parent=area)
        grand = UnitLink.objects.filter(
            valid_on_q(on),
            child=OuterRef("pk"),
            parent__in=UnitLink.objects.filter(valid_on_q(on), parent=area).values("child"),
        )
        great = UnitLink.objects.filter(
            valid_on_q(on),
            child=OuterRef("pk"),
            parent__in=UnitLink.objects.filter(
                valid_on_q(on),
                parent__in=UnitLink.objects.filter(valid_on_q(on), parent=area).values("child"),
            ).values("child"),
        )
        return self.filter(Exists(direct) | Exists(grand) | Exists(great))


class Unit(DatedModel):
    """An administrative unit: province, district-level unit, commune-level unit, neighbourhood."""

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


class UnitLink(DatedModel):
    """A dated parent link: a ward under Đông Triều until 30/06/2025, under Quảng Ninh after."""

    child = models.ForeignKey(
        Unit, on_delete=models.CASCADE, related_name="parent_links", verbose_name=_("unit")
    )
    parent = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="child_links", verbose_name=_("parent unit")
    )

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


class LineageKind(models.TextChoices):
    WHOLE = "whole", _("merged whole (nhập toàn bộ)")
    PART = "part", _("merged in part (nhập một phần)")
    UNCHANGED = "unchanged", _("kept unchanged (giữ nguyên)")
    RENAMED = "renamed", _("renamed (đổi tên)")
    RETYPED = "retyped", _("type changed (đổi loại hình)")


class Lineage(models.Model):
    """Which old unit became (part of) which new one, and from when."""

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


class WardScopedQuerySet(models.QuerySet):
    """A queryset of rows that belong to a ward through a `ward` foreign key."""

    def visible_to(self, user):
        return self.filter(ward__in=Unit.objects.visible_to(user).values("pk"))

    def editable_by(self, user):
        return self.filter(ward__in=Unit.objects.editable_by(user).values("pk"))


class CellQuerySet(WardScopedQuerySet):
    def valid_on(self, on: datetime.date):
        return self.filter(valid_on_q(on))

    def of_ward(self, ward):
        return self.filter(ward=ward)


class Cell(DatedModel):
    """A Party cell (chi bộ) of a ward: residential (per neighbourhood) or institutional."""

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
