"""The model refuses a cell's figures by the rules of `reports.rules`, in the words of the table
the entry screen's script reads (tests/rule_cases.py drives this test, the screen's and the
browser's)."""

import pytest
from django.core.exceptions import ValidationError

from tests.rule_cases import CASES, message
from wardstats.reports.models import CELL_COUNT_FIELDS, CellFigures

# What only typing can get wrong (text in a number box, a row without its members) is the
# screen's to say; the model is given numbers.
MODEL_CASES = [
    case for case in CASES if not set(case[2].values()) & {"not_a_number", "members_required"}
]


def errors_of(typed: dict) -> dict[str, str]:
    values = {field: int(typed.get(field) or 0) for field in CELL_COUNT_FIELDS}
    figures = CellFigures(**values)
    try:
        figures.clean_fields(exclude=["report", "cell"])
        figures.clean()
    except ValidationError as error:
        return {field: messages[0] for field, messages in error.message_dict.items()}
    return {}


@pytest.mark.parametrize(
    ("what", "typed", "expected"), MODEL_CASES, ids=[c[0] for c in MODEL_CASES]
)
def test_the_model_refuses_what_the_rules_say(what, typed, expected):
    assert errors_of(typed) == {field: message(key) for field, key in expected.items()}


def test_the_table_covers_every_rule_of_the_rules():
    from wardstats.reports import rules

    covered = {key for _what, _typed, expected in CASES for key in expected.values()}
    assert {rule.field for rule in rules.CELL_RULES} <= covered
    assert {"negative", "too_large", "not_a_number", "members_required"} <= covered
