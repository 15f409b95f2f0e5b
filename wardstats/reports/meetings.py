"""How often a cell must hold a thematic meeting (sinh hoạt chuyên đề), by the guidance of the
period: a period is judged by the rule of its own time, as every rule is.

Both guidances on the quality of cell meetings are quoted as asking for a thematic meeting at
least once a quarter; neither text could be read here (docs/forms-research.md §5.1): the
frequency is data, per guidance and period, to correct in one place.
"""

import datetime
from dataclasses import dataclass


@dataclass(frozen=True)
class MeetingRule:
    """Thematic meetings a cell holds at least, per quarter, under `source` (from `valid_from`,
    by the period's last day)."""

    per_quarter: int
    source: str
    valid_from: datetime.date


MEETING_RULES = (
    MeetingRule(
        1,
        "Hướng dẫn số 09-HD/BTCTW ngày 02/3/2012 của Ban Tổ chức Trung ương",
        datetime.date(2012, 3, 2),
    ),
    MeetingRule(
        1,
        "Hướng dẫn số 12-HD/BTCTW ngày 18/01/2018 của Ban Tổ chức Trung ương",
        datetime.date(2018, 1, 18),
    ),
)


def meeting_rule(period) -> MeetingRule | None:
    """The rule in force on the period's last day; None before the first guidance."""
    rules = [r for r in MEETING_RULES if r.valid_from <= period.end]
    return rules[-1] if rules else None


def thematic_required(period) -> int | None:
    """The thematic meetings a cell holds at least in the period: one a quarter, for each
    quarter the period covers (four in a year); None where no rule applied."""
    rule = meeting_rule(period)
    if rule is None:
        return None
    months = (period.end.year - period.start.year) * 12 + period.end.month - period.start.month + 1
    return rule.per_quarter * max(1, months // 3)
