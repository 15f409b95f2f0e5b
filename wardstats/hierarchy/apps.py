from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HierarchyConfig(AppConfig):
    name = "wardstats.hierarchy"
    verbose_name = _("Units and Party cells")

    def ready(self):
        # Registers the SQLite `vi` collation on every new connection.
        from wardstats import collation  # noqa: F401
        from wardstats.core import changes

        from .ancestry import provinces_of

        changes.register_provinces(provinces_of)
