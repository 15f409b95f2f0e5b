"""Helpers to prove that the database itself refuses a row, and which rule refused it."""

from contextlib import contextmanager

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, models, transaction

# Rules the database enforces beyond the models' Meta.constraints (see reports migration 0002).
TRIGGERS = {"cellfigures_cell_ward_matches_report_ward"}


def constraint_named(model, name: str):
    for constraint in model._meta.constraints:
        if constraint.name == name:
            return constraint
    raise AssertionError(f"{model.__name__} has no constraint named {name!r}")


def _expected_error_text(model, name: str) -> str:
    """What the database says when `name` refuses a row.

    PostgreSQL names every constraint and trigger. SQLite names CHECK constraints and repeats a
    trigger's message, but reports a unique index by its columns.
    """
    if name in TRIGGERS:
        return name
    constraint = constraint_named(model, name)
    if connection.vendor == "sqlite" and isinstance(constraint, models.UniqueConstraint):
        table = model._meta.db_table
        columns = [model._meta.get_field(field).column for field in constraint.fields]
        return "UNIQUE constraint failed: " + ", ".join(f"{table}.{c}" for c in columns)
    return name


@contextmanager
def refused_by_database(model, name: str, *, positive_field: str | None = None):
    """The block's write is refused with an IntegrityError naming `name`; no row was added.

    The write runs in a savepoint, so the test can go on using the database afterwards.
    `positive_field`: a PositiveIntegerField also carries an unnamed column check (>= 0) of its
    own, which SQLite evaluates before the table's named constraints; PostgreSQL evaluates
    checks in name order, so there the named constraint answers first.
    """
    expected = [_expected_error_text(model, name)]
    if positive_field and connection.vendor == "sqlite":
        column = model._meta.get_field(positive_field).column
        expected.append(f"CHECK constraint failed: {column}")
    before = model.objects.count()
    with pytest.raises(IntegrityError) as refused, transaction.atomic():
        yield
    message = str(refused.value)
    assert any(text in message for text in expected), f"refused for another reason: {message}"
    assert model.objects.count() == before


def full_clean_errors(instance, **kwargs) -> dict[str, list[str]]:
    """The message_dict of the ValidationError that instance.full_clean() must raise."""
    with pytest.raises(ValidationError) as invalid:
        instance.full_clean(**kwargs)
    return invalid.value.message_dict


def constraint_message(model, name: str) -> str:
    """The constraint's violation message, in the active language."""
    return str(constraint_named(model, name).violation_error_message)
