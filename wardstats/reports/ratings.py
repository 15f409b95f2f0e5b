"""The year-end quality ratings of Party members and of the ward's Party organisation, and the
rules they follow, each version with the periods it governs (by the period's last day).

Sources, and what could not be verified, in docs/forms-research.md §4. Encoded here only what
was verified: the cap on "hoàn thành xuất sắc nhiệm vụ" at 20% of "hoàn thành tốt nhiệm vụ"
among a grassroots organisation's members (Hướng dẫn 21-HD/BTCTW, 18/10/2019, under Quy định
132-QĐ/TW) and the 100-point bands of Quy định 366-QĐ/TW (30/8/2025). Whether a cap holds
under Quy định 124-QĐ/TW (2023) and 366-QĐ/TW, and the "under 50" band, were not verified:
those versions carry no cap, and the lowest band is taken as the rest.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

# The levels, as reports.models.QualityLevel stores them (the models import this module).
EXCELLENT, GOOD, COMPLETED, NOT_COMPLETED = "excellent", "good", "completed", "not_completed"

# The members' ratings a cell enters: rated at each level, or not rated and why.
RATED = {
    "rated_excellent": EXCELLENT,
    "rated_good": GOOD,
    "rated_completed": COMPLETED,
    "rated_not_completed": NOT_COMPLETED,
}
UNRATED = ("unrated_new", "unrated_exempt", "unrated_other")
RATING_FIELDS = (*RATED, *UNRATED)
# Best first: a level's rank (for "good or better", and a level indicator).
RANK = {
    EXCELLENT: 4,
    GOOD: 3,
    COMPLETED: 2,
    NOT_COMPLETED: 1,
}


# The abbreviations of the Party's own forms for the four levels (HTXSNV …).
LEVEL_SHORT = {
    EXCELLENT: "HTXSNV",
    GOOD: "HTTNV",
    COMPLETED: "HTNV",
    NOT_COMPLETED: "KHTNV",
}


@dataclass(frozen=True)
class RatingRules:
    regulation: str
    guidance: str
    valid_from: datetime.date
    # "xuất sắc" at most this share (%) of "tốt" among a grassroots organisation's members.
    excellent_cap: Decimal | None = None
    cap_source: str = ""
    # (lowest score, level), highest first: the level a 100-point score gives.
    score_bands: tuple[tuple[Decimal, str], ...] = ()
    bands_source: str = ""


RATING_RULES = (
    RatingRules(
        "Quy định 132-QĐ/TW ngày 08/3/2018",
        "Hướng dẫn 16-HD/BTCTW ngày 24/9/2018",
        datetime.date(2018, 3, 8),
    ),
    RatingRules(
        "Quy định 132-QĐ/TW ngày 08/3/2018",
        "Hướng dẫn 21-HD/BTCTW ngày 18/10/2019",
        datetime.date(2019, 10, 18),
        excellent_cap=Decimal(20),
        cap_source="Hướng dẫn 21-HD/BTCTW ngày 18/10/2019",
    ),
    RatingRules(
        "Quy định 124-QĐ/TW ngày 04/10/2023",
        "Hướng dẫn 25-HD/BTCTW năm 2023",
        datetime.date(2023, 10, 4),
    ),
    RatingRules(
        "Quy định 366-QĐ/TW ngày 30/8/2025",
        "Hướng dẫn 43-HD/BTCTW ngày 31/10/2025",
        datetime.date(2025, 8, 30),
        score_bands=(
            (Decimal(90), EXCELLENT),
            (Decimal(70), GOOD),
            (Decimal(50), COMPLETED),
            (Decimal(0), NOT_COMPLETED),
        ),
        bands_source="Quy định 366-QĐ/TW ngày 30/8/2025, Điều 11",
    ),
)


def rules_for(period) -> RatingRules | None:
    """The rules in force on the period's last day; None before the first encoded."""
    versions = [r for r in RATING_RULES if r.valid_from <= period.end]
    return versions[-1] if versions else None


def level_for_score(rules: RatingRules | None, score: Decimal | None) -> str | None:
    """The level a score gives under the rules; None where the rules score nothing."""
    if rules is None or not rules.score_bands or score is None:
        return None
    for floor, level in rules.score_bands:
        if score >= floor:
            return level
    return None


def rated(values) -> int:
    return sum(values[f] or 0 for f in RATED)


def unrated(values) -> int:
    return sum(values[f] or 0 for f in UNRATED)


LEVEL_LABELS = {
    "rated_excellent": _("excellently completed tasks"),
    "rated_good": _("well completed tasks"),
    "rated_completed": _("completed tasks"),
    "rated_not_completed": _("did not complete tasks"),
    "unrated_new": _("not rated: admitted recently"),
    "unrated_exempt": _("not rated: exempt from Party work and activities"),
    "unrated_other": _("not rated: ill or other reasons"),
}


def summary(values, report, period) -> dict:
    """The ratings' table of the printout: the members at each level and not rated (with their
    share of the members), and the organisation's levels and score, under the period's rules.
    `values`: the figures by name (RATING_FIELDS and members)."""
    members = values["members"] or 0
    rows = [
        {"label": LEVEL_LABELS[name], "count": values[name] or 0,
         "share": (Decimal(values[name] or 0) * 100 / members).quantize(Decimal("0.1"))
         if members else None}
        for name in RATING_FIELDS
    ]  # fmt: skip
    return {
        "rules": rules_for(period),
        "rows": rows,
        "members": members,
        "organisation_level": report.get_organisation_level_display(),
        "organisation_level_given": report.get_organisation_level_given_display(),
        "organisation_score": report.organisation_score,
    }
