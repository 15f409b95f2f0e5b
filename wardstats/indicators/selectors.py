"""Reading the summaries: what the ward page, the printed report and the exports show of one
ward and period, all from the rows the one computation wrote (`figures`, `summaries`)."""

from django.utils.translation import gettext as _

from wardstats.staffing.models import Category

from .models import IndicatorValue, WardPeriodFigures


def summary_of(ward, period) -> WardPeriodFigures | None:
    """The ward's summary row for the period, with its report: one query. None when the ward
    did not exist on the period's last day."""
    return (
        WardPeriodFigures.objects.filter(ward=ward, period=period).select_related("report").first()
    )


def indicator_values_of(ward, period) -> list[IndicatorValue]:
    """A ward's indicator values for a period, with their indicators and targets, in the
    catalogue's order: one query (the ward page and the printed report)."""
    return list(
        IndicatorValue.objects.filter(ward=ward, period=period)
        .select_related("indicator", "target")
        .order_by("indicator__order", "indicator__code")
    )


def _ordered(counts: dict) -> dict[int, int]:
    return {int(k): v for k, v in sorted(counts.items(), key=lambda kv: int(kv[0]))}


def cadre_counts(figures: WardPeriodFigures) -> dict:
    """The ward's cadre records on the period's last day, counted by category; the staff
    (cadres and civil servants) by gender, education, political theory and age band; the
    planning pool's structure; part-time positions per neighbourhood."""
    data = figures.staffing
    return {
        "by_category": {c: data["by_category"].get(c, 0) for c in Category.values},
        "staff": {"total": figures.staff, "meets_standard": figures.staff_meeting_standard},
        "staff_by_gender": dict(sorted(data["by_gender"].items())),
        "staff_by_education": _ordered(data["by_education"]),
        "staff_by_political_theory": _ordered(data["by_theory"]),
        "staff_by_age_band": [tuple(pair) for pair in data["by_age_band"]],
        "neighbourhood_part_time": data["per_neighbourhood"],
        "planning_pool": {
            "total": figures.pool,
            "university_or_higher": figures.pool_university,
            "theory_intermediate_or_higher": figures.pool_theory,
            "women": figures.pool_women,
            "young": figures.pool_young,
        },
    }


def staffing_against_quota(figures: WardPeriodFigures) -> dict:
    """Each quota with its source (the province's own, else the rule set's) and the count of
    records it is compared with."""
    data, by_category = figures.staffing, figures.staffing["by_category"]

    def source(field):
        found = data["sources"][field]
        text = found["source"] or (_("provincial quota") if found["own"] else "")
        detail = found.get("detail")  # the norm beyond its base (population, area, police)
        return f"{text} ({detail})" if detail and text else text

    return {
        "cadres_civil_servants": {
            "count": figures.staff,
            "quota": figures.quota_staff,
            "source": source("cadres_civil_servants"),
        },
        "ward_part_time": {
            "count": by_category.get(Category.WARD_PART_TIME, 0),
            "quota": figures.quota_ward_part_time,
            "source": source("ward_part_time"),
        },
        "neighbourhood_part_time": {
            "max_count": max(data["per_neighbourhood"].values(), default=0),
            "quota": figures.quota_neighbourhood_part_time,
            "source": source("neighbourhood_part_time"),
        },
    }
