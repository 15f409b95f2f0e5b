from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    name = "wardstats.indicators"
    verbose_name = _("Indicators and targets")

    def ready(self):
        from . import signals  # noqa: F401
