from django.utils import timezone

from wardstats.accounts.models import Role, RoleKind


def navigation(request):
    """The areas a person works on, for the menu on every page (one query, lazily)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    def areas():
        today = timezone.localdate()
        roles = Role.objects.filter(
            user=user, kind__in=[RoleKind.AREA_OFFICER, RoleKind.PROVINCE_ADMIN]
        ).select_related("unit")
        return [r.unit for r in roles if r.unit.valid_to is None or r.unit.valid_to >= today] or [
            r.unit for r in roles
        ]

    return {"nav_areas": areas}
