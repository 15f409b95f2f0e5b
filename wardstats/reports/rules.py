"""The rules a cell's figures follow, written once as data.

The model applies them in `CellFigures.clean` (so the admin, the imports and the entry screen
refuse alike), the entry screen's script checks them live from the same table (`as_json`), and
the database's constraints say the same as the last line. One test table drives both the model
and the script (tests/reports/test_rules.py, tests/browser/test_entry_journey.py).
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from wardstats.core.numbers import grouped

# A count no cell of a ward reaches (the largest ward committees have a few thousand members):
# it keeps every sum of a ward within the summaries' columns, and catches a typed-over figure.
MAX_COUNT = 100_000
# Thematic meetings a cell holds in a period (a year has at most 12 monthly meetings, and a few
# more held apart: 100 is a typed-over figure).
MAX_MEETINGS = 100
# The same for the ward's own counts (its declared members, its training attendances …).
MAX_WARD_COUNT = 1_000_000


@dataclass(frozen=True)
class NotAbove:
    """`field` may not exceed the sum of `limit` (fields of the same cell)."""

    field: str
    limit: tuple[str, ...]
    message: str

    def broken(self, values: dict) -> bool:
        """Only once the field and the first of `limit` are given; the others count 0 blank."""
        value = values.get(self.field)
        first, *others = (values.get(f) for f in self.limit)
        if value is None or first is None:
            return False
        return value > first + sum(v or 0 for v in others)


CELL_RULES = (
    NotAbove("women", ("members",), _("Women cannot exceed the cell's members.")),
    NotAbove(
        "probationary", ("members",), _("Probationary members cannot exceed the cell's members.")
    ),
    NotAbove(
        "admitted",
        ("members", "transferred_out", "deaths", "expelled", "struck_off", "resigned"),
        _("More members were admitted than the cell has ever had this period."),
    ),
    NotAbove(
        "exempt",
        ("members",),
        _("Members exempt from Party work cannot exceed the cell's members."),
    ),
    NotAbove(
        "unrated_exempt",
        ("exempt",),
        _("Members not rated as exempt cannot exceed the members exempt from Party work."),
    ),
)


class CountTooLarge(MaxValueValidator):
    """At most the limit, said with the figure written the page's way (100.000)."""

    def __call__(self, value):
        if value is not None and value > self.limit_value:
            raise ValidationError(too_large_message(self.limit_value), code="max_value")


# On every count a cell enters: the database's own limit of a positive integer column comes
# with Django's generic wording; these say it the Party's way.
COUNT_VALIDATORS = [
    MinValueValidator(0, message=_("Counts cannot be negative.")),
    CountTooLarge(MAX_COUNT),
]
# On the ward's own counts.
WARD_COUNT_VALIDATORS = [
    MinValueValidator(0, message=_("Counts cannot be negative.")),
    CountTooLarge(MAX_WARD_COUNT),
]


def negative_message() -> str:
    return gettext("Counts cannot be negative.")


def too_large_message(limit: int = MAX_COUNT) -> str:
    return gettext("A count is at most %(max)s.") % {"max": grouped(limit)}


def members_required_message() -> str:
    return gettext("Enter the cell's members.")


def broken_rules(values: dict) -> dict[str, str]:
    """{field: message} for every rule the values break (the first per field)."""
    errors = {}
    for rule in CELL_RULES:
        if rule.field not in errors and rule.broken(values):
            errors[rule.field] = str(rule.message)
    return errors


def as_json() -> dict:
    """The rules for the entry screen's script, in the reader's language."""
    return {
        "max": MAX_COUNT,
        "negative": negative_message(),
        "too_large": too_large_message(),
        "not_a_number": gettext("Enter a whole number."),
        "members_required": members_required_message(),
        "rules": [
            {"field": r.field, "limit": list(r.limit), "message": str(r.message)}
            for r in CELL_RULES
        ],
    }
