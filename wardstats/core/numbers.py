"""Numbers as a reader of the active language writes them: 1.493 and 12,5 in Vietnamese, 1,493
and 12.5 in English — the one way the app prints a count or a share.

Django's `number_format(…, force_grouping=True)` gives the same text, but looks its three
formats up for every number: a province page prints 400 numbers, and that cost it 5 ms. Here
the separators are looked up once per language, and Python's own grouping does the rest.
"""

import functools
from decimal import Decimal

from django.utils.formats import get_format, number_format
from django.utils.translation import get_language


@functools.cache
def _separators(language: str | None) -> tuple[str, str, object]:
    return (
        get_format("DECIMAL_SEPARATOR", language),
        get_format("THOUSAND_SEPARATOR", language),
        get_format("NUMBER_GROUPING", language),
    )


def grouped(value, decimals: int | None = None) -> str:
    """`value` with the language's thousands and decimal separators; `decimals` digits after
    the separator when given (cut, not rounded, as Django's number_format does)."""
    return _grouped(_separators(get_language()), value, decimals)


def formatter():
    """`grouped` for the active language, looked up once: for a page's hundreds of numbers."""
    return functools.partial(_grouped, _separators(get_language()))


def _grouped(separators, value, decimals: int | None = None) -> str:
    decimal_sep, thousand_sep, grouping = separators
    if decimals is not None and isinstance(value, Decimal) and not value:
        value = Decimal(0)  # "0,0", never "-0,0"
    if grouping == 3 and type(value) is int:
        text = f"{value:,}" + ("." + "0" * decimals if decimals else "")
    elif (
        grouping == 3
        and isinstance(value, Decimal)
        and value.is_finite()
        and (decimals is None or -value.as_tuple().exponent <= decimals)
    ):
        text = f"{value:,f}"
        if decimals:
            places = len(text) - text.index(".") - 1 if "." in text else -1
            text += ("." if places < 0 else "") + "0" * (decimals - max(places, 0))
    else:
        return number_format(value, decimal_pos=decimals, force_grouping=True)
    return text.translate({ord(","): thousand_sep, ord("."): decimal_sep})
