from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EntryConfig(AppConfig):
    name = "wardstats.entry"
    verbose_name = _("The ward secretary's screens")
