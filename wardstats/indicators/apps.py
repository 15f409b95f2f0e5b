from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    name = "wardstats.indicators"
    verbose_name = _("Indicators and targets")

    def ready(self):
        # The services of the floors below say what they changed through `core.changes`;
        # the summaries, on this floor, are what follows (see core/changes.py).
        from wardstats.core import changes

        from .recompute import Recompute

        changes.register(Recompute())
