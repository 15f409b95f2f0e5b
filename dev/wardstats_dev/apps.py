from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    name = "wardstats_dev"
    # The label the app had as wardstats.demo: nothing keyed on it (content types,
    # permissions, migrations) changes with the move.
    label = "demo"
    verbose_name = _("Demo data")
