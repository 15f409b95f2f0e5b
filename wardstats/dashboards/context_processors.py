from django.utils import timezone

from wardstats.accounts.models import Role, RoleKind


def navigation(request):
    """The areas a person works on, for the menu on every page, and whether the menu offers the
    administration (a provincial administrator's, a superuser's): one query, lazily."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    found = {}

    def roles():
        if "roles" not in found:
            kinds = [RoleKind.AREA_OFFICER, RoleKind.PROVINCE_ADMIN]
            found["roles"] = list(
                Role.objects.filter(user=user, kind__in=kinds).select_related("unit")
            )
        return found["roles"]

    def areas():
        today = timezone.localdate()
        units = list(dict.fromkeys(r.unit for r in roles()))
        return [u for u in units if u.valid_to is None or u.valid_to >= today] or units

    def administers():
        return user.is_superuser or any(r.kind == RoleKind.PROVINCE_ADMIN for r in roles())

    return {"nav_areas": areas, "nav_admin": administers}
