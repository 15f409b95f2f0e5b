"""The one row every cached page is keyed on (see `changes` and `dashboards.cache`)."""

from django.db import models
from django.db.models import F


class DataVersion(models.Model):
    """A number every write raises, last thing in its own transaction (`changes`): a cached
    page is keyed on it, so a page cached before a write is never served after it."""

    value = models.BigIntegerField(default=0)

    def __str__(self):
        return str(self.value)

    @classmethod
    def current(cls) -> int:
        return cls.objects.filter(pk=1).values_list("value", flat=True).first() or 0

    @classmethod
    def bump(cls):
        if not cls.objects.filter(pk=1).update(value=F("value") + 1):
            cls.objects.get_or_create(pk=1)
            cls.objects.filter(pk=1).update(value=F("value") + 1)
