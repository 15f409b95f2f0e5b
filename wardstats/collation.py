"""Vietnamese sort order for names, on both databases.

Byte order puts "Đông Triều" after "Yên Thọ" and "Ân" after "Ba". PostgreSQL sorts with its
ICU collation `vi-x-icu`; SQLite gets a collation named `vi` registered on every connection,
implemented by `vi_sort_key` (the alphabet a ă â b c d đ e ê …, tones as a tie-breaker).
"""

import unicodedata

from django.db import connection
from django.db.backends.signals import connection_created
from django.db.models import F
from django.db.models.functions import Collate
from django.dispatch import receiver

# Marks that make a new letter (ă, â, ê, ô, ơ, ư) and the tone marks that only break ties.
_LETTER_MARKS = {"\u0306": 1, "\u0302": 2, "\u031b": 3}  # breve, circumflex, horn
_TONE_MARKS = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}


def vi_sort_key(text: str) -> tuple:
    primary, tones = [], []
    for char in unicodedata.normalize("NFD", text or ""):
        if char in _LETTER_MARKS and primary:
            base, _rank = primary[-1]
            primary[-1] = (base, _LETTER_MARKS[char])
        elif char in _TONE_MARKS:
            tones.append(_TONE_MARKS[char])
        elif char in "đĐ":
            primary.append(("d", 1))
        else:
            primary.append((char.casefold(), 0))
        if char not in _TONE_MARKS and char not in _LETTER_MARKS:
            tones.append(0)
    return tuple(primary), tuple(tones), text or ""


def _sqlite_vi(a: str, b: str) -> int:
    ka, kb = vi_sort_key(a), vi_sort_key(b)
    return (ka > kb) - (ka < kb)


@receiver(connection_created)
def register_sqlite_collation(sender, connection, **kwargs):
    if connection.vendor == "sqlite":
        connection.connection.create_collation("vi", _sqlite_vi)


def vi_collate(field: str):
    """An expression that orders `field` by Vietnamese rules on the database in use."""
    if connection.vendor == "postgresql":
        return Collate(F(field), "vi-x-icu")
    if connection.vendor == "sqlite":
        return Collate(F(field), "vi")
    return F(field)
