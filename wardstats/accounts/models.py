"""Roles bound to a unit; `scope` turns them into what a person sees, changes and reviews."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from wardstats.core.versioning import Versioned
from wardstats.hierarchy.models import Level, Unit


class RoleKind(models.TextChoices):
    WARD_EDITOR = "ward_editor", _("ward editor")
    WARD_VIEWER = "ward_viewer", _("ward viewer")
    AREA_OFFICER = "area_officer", _("area officer")
    PROVINCE_ADMIN = "province_admin", _("provincial administrator")


# Roles that may change a ward's figures, cells and cadre records.
EDITING_ROLES = (RoleKind.WARD_EDITOR, RoleKind.PROVINCE_ADMIN)
# Roles that approve, return and reopen the reports of the wards under them.
REVIEWING_ROLES = (RoleKind.AREA_OFFICER, RoleKind.PROVINCE_ADMIN)


class Role(Versioned):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="roles",
        verbose_name=_("user"),
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.CASCADE, related_name="roles", verbose_name=_("unit")
    )
    kind = models.CharField(_("role"), max_length=16, choices=RoleKind.choices)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        ordering = ["user__username", "unit__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "unit", "kind"],
                name="role_unique_per_user_unit_kind",
                violation_error_message=_("This person already has this role on this unit."),
            ),
        ]

    def __str__(self):
        return f"{self.user} — {self.get_kind_display()} — {self.unit.name}"

    def clean(self):
        super().clean()
        if not self.unit_id or not self.kind:
            return
        ward_roles = (RoleKind.WARD_EDITOR, RoleKind.WARD_VIEWER)
        if self.kind in ward_roles and self.unit.level != Level.COMMUNE:
            raise ValidationError({"unit": _("Ward roles are held on a commune-level unit.")})
        if self.kind == RoleKind.AREA_OFFICER and self.unit.level not in (
            Level.COUNTRY,
            Level.PROVINCE,
            Level.DISTRICT,
        ):
            raise ValidationError(
                {"unit": _("Area officers are held on a district, a province or the country.")}
            )
        if self.kind == RoleKind.PROVINCE_ADMIN and self.unit.level != Level.PROVINCE:
            raise ValidationError({"unit": _("Provincial administrators hold a province.")})
