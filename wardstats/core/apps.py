from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """The ground floor: what every app may use and that uses no app (see DEVELOPERS.md)."""

    name = "wardstats.core"
    verbose_name = _("Core")
