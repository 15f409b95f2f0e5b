"""The numbers cached pages are keyed on (see `changes` and `dashboards.cache`)."""

from django.db import models, transaction
from django.db.models import F

# The scope of a write that may change any page: a rule, a name, a role.
EVERYWHERE = 0


class DataVersion(models.Model):
    """A number raised after each committed write in its scope: a province (its unit id: the
    figures of its wards changed), or `EVERYWHERE`. A cached page is keyed on the sum of the
    versions of the scopes it shows, so a page cached before a write is never served after
    it, while a save in one province leaves every other province's pages cached.

    The number is raised once the write's transaction has committed, by a short statement of
    its own: no write holds a lock on it, and no two provinces' saves wait for each other."""

    scope = models.BigIntegerField(unique=True, default=EVERYWHERE)
    value = models.BigIntegerField(default=0)

    def __str__(self):
        return f"{self.scope}: {self.value}"

    @classmethod
    def current(cls, scope: int = EVERYWHERE) -> int:
        return cls.objects.filter(scope=scope).values_list("value", flat=True).first() or 0

    @classmethod
    def bump(cls, scopes=(EVERYWHERE,)) -> None:
        """Raise the versions of `scopes` when the transaction under way commits (at once
        outside a transaction; never if it rolls back)."""
        scopes = sorted(set(scopes)) or [EVERYWHERE]
        transaction.on_commit(lambda: cls.raise_now(scopes))

    @classmethod
    def raise_now(cls, scopes) -> None:
        raised = cls.objects.filter(scope__in=scopes).update(value=F("value") + 1)
        if raised < len(scopes):
            known = set(cls.objects.filter(scope__in=scopes).values_list("scope", flat=True))
            missing = [cls(scope=scope, value=1) for scope in scopes if scope not in known]
            cls.objects.bulk_create(missing, ignore_conflicts=True)
