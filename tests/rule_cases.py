"""One table of a cell's figures and the rules they break, read by the model's tests
(tests/reports/test_rules.py), the entry screen's (tests/entry/test_report_screen.py) and its
script's in a real browser (tests/browser/test_entry_journey.py): the screen's live checks
are the model's rules."""

from wardstats.reports import rules

# (what, the figures typed — "" for a blank input —, {field: the rule's message} expected)
CASES = [
    ("all within the rules", {"members": "20", "women": "8", "probationary": "2"}, {}),
    ("women as many as members", {"members": "10", "women": "10"}, {}),
    ("more women than members", {"members": "10", "women": "11"}, {"women": "women"}),
    ("more probationary than members", {"members": "10", "probationary": "11"},
     {"probationary": "probationary"}),
    ("more admitted than ever there", {"members": "10", "admitted": "11"},
     {"admitted": "admitted"}),
    ("admitted, then some left", {"members": "10", "admitted": "12", "transferred_out": "1",
                                  "deaths": "1"}, {}),
    ("more exempt than members", {"members": "10", "exempt": "11", "unrated_exempt": "0"},
     {"exempt": "exempt"}),
    ("not rated as exempt, more than exempt", {"members": "10", "exempt": "1",
                                               "unrated_exempt": "2"},
     {"unrated_exempt": "unrated_exempt"}),
    ("exempt, some rated all the same", {"members": "10", "exempt": "2", "unrated_exempt": "1"},
     {}),
    ("a negative count", {"members": "-3"}, {"members": "negative"}),
    ("a count too large", {"members": str(rules.MAX_COUNT + 1)}, {"members": "too_large"}),
    ("not a number", {"members": "mười"}, {"members": "not_a_number"}),
    ("figures but no members", {"members": "", "women": "3"}, {"members": "members_required"}),
]  # fmt: skip


def message(key: str) -> str:
    """The message a case expects, in the active language, from the rules' own table."""
    table = rules.as_json()
    by_field = {rule["field"]: rule["message"] for rule in table["rules"]}
    return by_field.get(key) or table[key]
