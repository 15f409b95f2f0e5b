"""Model permissions follow from a person's roles, so there is no second list to keep in step.

What a role may do to which rows is decided by the querysets (`visible_to`, `editable_by`);
this backend only says which kinds of objects each role works with at all.
"""

from django.conf import settings
from django.contrib.auth.backends import BaseBackend

from .models import RoleKind

VIEW = {"view"}
EDIT = {"view", "add", "change", "delete"}

# Objects of a ward's own work: figures, cells, cadres.
_WARD_WORK = (
    "reports.report",
    "reports.cellfigures",
    "hierarchy.cell",
    "staffing.cadre",
    "staffing.cadrelistconfirmation",
)
# Reference data kept by the province.
_REFERENCE = (
    "hierarchy.unit",
    "hierarchy.unitlink",
    "hierarchy.lineage",
    "hierarchy.unitfacts",
    "hierarchy.unitnaming",
    "periods.period",
    "staffing.wardquota",
    "staffing.quotaruleset",
    "staffing.quotanorm",
    "staffing.planningterm",
    "staffing.ageband",
    "indicators.indicator",
    "indicators.target",
)


def _grant(models, actions) -> set[str]:
    perms = set()
    for label in models:
        app, model = label.split(".")
        perms |= {f"{app}.{action}_{model}" for action in actions}
    return perms


ROLE_PERMISSIONS: dict[str, set[str]] = {
    # A ward's report is never deleted by the ward: it is corrected, or returned by the area.
    RoleKind.WARD_EDITOR: _grant(_WARD_WORK, EDIT) - _grant(["reports.report"], {"delete"})
    | _grant(_REFERENCE, VIEW),
    RoleKind.WARD_VIEWER: _grant(_WARD_WORK + _REFERENCE, VIEW),
    RoleKind.AREA_OFFICER: _grant(_WARD_WORK + _REFERENCE, VIEW)
    | _grant(["reports.report"], {"change"}),
    # The indicator catalogue is national: only a superuser changes it. The people of the
    # province are managed in the admin (accounts/admin.py decides which): created and
    # changed, never deleted (an account that leaves is made inactive, keeping its history).
    RoleKind.PROVINCE_ADMIN: _grant(_WARD_WORK + _REFERENCE + ("accounts.role",), EDIT)
    - _grant(["indicators.indicator"], {"add", "change", "delete"})
    | _grant(["auth.user"], {"view", "add", "change"}),
}


class RoleBackend(BaseBackend):
    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous:
            return set()
        if not hasattr(user_obj, "_role_perm_cache"):
            kinds = set(user_obj.roles.values_list("kind", flat=True))
            user_obj._role_perm_cache = set().union(*(ROLE_PERMISSIONS[k] for k in kinds))
        return user_obj._role_perm_cache

    def has_perm(self, user_obj, perm, obj=None):
        return perm in self.get_all_permissions(user_obj, obj)

    def has_module_perms(self, user_obj, app_label):
        return any(p.startswith(f"{app_label}.") for p in self.get_all_permissions(user_obj))


def client_ip_address(request) -> str | None:
    """The address login throttling counts failures against (settings.AXES_CLIENT_IP_CALLABLE).

    The connection's own address, unless settings.BEHIND_PROXY says that a reverse proxy,
    the only way in, sets X-Real-IP to the client's: a client could forge that header otherwise.
    """
    if settings.BEHIND_PROXY:
        forwarded = request.META.get("HTTP_X_REAL_IP", "").strip()
        if forwarded:
            return forwarded
    return request.META.get("REMOTE_ADDR")
