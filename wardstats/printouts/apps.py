from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrintoutsConfig(AppConfig):
    name = "wardstats.printouts"
    verbose_name = _("Printed reports")
