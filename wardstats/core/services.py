"""The steps every write service takes, written once.

A service is a keyword-only function named for what it does (`cadre_end`, `target_change` …),
atomic, in the app that owns the model. It validates, checks the version the person started
from, saves with who and why for the audit trail, and says what it changed
(`core.changes`). These helpers are its first three steps; the service adds its own rules.
"""

from django.db import models

from .audit import audited
from .versioning import Versioned, check_version


def save_new(obj: models.Model, *, actor, reason: str = "", clean: bool = True):
    """Validates and saves a new row, with its audit entry."""
    if clean:
        obj.full_clean()
    audited(obj, actor=actor, reason=reason)
    obj.save()
    return obj


def save_changed(obj: models.Model, *, actor, seen_version, reason: str = "", clean: bool = True):
    """Checks the version the edit began from (versioned models), validates and saves.
    Returns the row as it was stored before this edit (locked until the transaction ends)."""
    stored = check_version(obj, seen_version) if isinstance(obj, Versioned) else None
    if stored is None:
        stored = type(obj)._default_manager.select_for_update().get(pk=obj.pk)
    if clean:
        obj.full_clean()
    audited(obj, actor=actor, reason=reason)
    obj.save()
    return stored


def delete(obj: models.Model, *, actor, reason: str = ""):
    """Deletes a row; its audit entry keeps who and why."""
    audited(obj, actor=actor, reason=reason)
    obj.delete()
