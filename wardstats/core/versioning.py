"""Optimistic locking: the one mechanism for every object people edit.

Each editable model carries a `version` that every save through a service raises. Whoever
edits says which version they started from (`seen_version`, a hidden field of every form and
every import); the service locks the row and compares (`check_version`). A stale edit is
refused with what the other person changed (read from the audit trail), never saved over
their change.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from . import audit


class Versioned(models.Model):
    version = models.PositiveIntegerField(
        _("version"),
        default=1,
        editable=False,
        help_text=_("Raised by every save: an edit based on an older version is refused."),
    )

    class Meta:
        abstract = True


class StaleVersion(ValidationError):
    """Someone else saved the object after this edit began. `changes`: what they changed, one
    line each, for the person to check before entering their edit again."""

    def __init__(self, obj, seen: int | None):
        self.changes = audit.changes_since(obj, seen or 0)
        message = gettext(
            "Someone else saved this after you opened it. Your changes were not saved: "
            "check their changes, then enter yours again."
        )
        super().__init__([message, *self.changes], code="stale")


def lock(model: type[models.Model], pk):
    """The stored row, locked until the transaction ends (None if it was deleted)."""
    return model._default_manager.select_for_update().filter(pk=pk).first()


def check_version(obj: Versioned, seen: int | None) -> Versioned:
    """Locks `obj`'s row and refuses the edit unless it began from the stored version.

    Returns the stored (locked) row; `obj` gets the next version, ready to save. Inside a
    transaction (every service is atomic), so nobody saves between the check and the save.
    """
    stored = lock(type(obj), obj.pk)
    if stored is None:
        raise ValidationError(gettext("This was deleted meanwhile by someone else."))
    if seen is None or int(seen) != stored.version:
        raise StaleVersion(stored, seen)
    obj.version = stored.version + 1
    return stored
