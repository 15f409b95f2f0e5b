"""Counts of a ward's cadres for a period, always computed from the cadre records.

Stocks are taken on the period's last day (year-end stock, 11-HD/BTCTW); ages are the age
reached in the period's year. Each breakdown is one grouped query.
"""

from django.db.models import Case, Count, IntegerField, Q, Value, When

from wardstats.hierarchy.models import Unit
from wardstats.reports.models import Period

from .models import AgeBand, Cadre, Category, Education, PoliticalTheory, quota_for


def _grouped(queryset, field) -> dict:
    return {
        row[field]: row["n"] for row in queryset.values(field).annotate(n=Count("id")).order_by()
    }


def cadres_on_period_end(*, ward: Unit, period: Period):
    return Cadre.objects.of_ward(ward).on(period.end)


def age_band_case(year: int, bands) -> Case:
    """SQL CASE mapping birth_year to an age band's id, for a grouped count."""
    return Case(
        *[
            When(
                birth_year__lte=year - band.min_age,
                birth_year__gte=year - band.max_age,
                then=Value(band.pk),
            )
            for band in bands
        ],
        default=Value(None),
        output_field=IntegerField(),
    )


def cadre_counts(*, ward: Unit, period: Period) -> dict:
    """Counts by category, and for the staff (cadres and civil servants) by gender, education,
    political theory and age band; the planning pool's structure too."""
    year = period.end.year
    on_duty = cadres_on_period_end(ward=ward, period=period)
    staff = on_duty.staff()
    bands = list(AgeBand.objects.all())
    pool = Cadre.objects.of_ward(ward).on(period.end).in_planning_pool(year)
    pool_ids = Cadre.objects.filter(pk__in=pool.values("pk"))
    young = Q(pk__in=[])
    for band in bands:
        if band.is_young:
            young |= Q(birth_year__gte=year - band.max_age, birth_year__lte=year - band.min_age)
    pool_structure = pool_ids.aggregate(
        total=Count("id"),
        university_or_higher=Count("id", filter=Q(education__gte=Education.UNIVERSITY)),
        theory_intermediate_or_higher=Count(
            "id", filter=Q(political_theory__gte=PoliticalTheory.INTERMEDIATE)
        ),
        women=Count("id", filter=Q(gender="female")),
        young=Count("id", filter=young),
    )
    staff_summary = staff.aggregate(
        total=Count("id"), meets_standard=Count("id", filter=Q(meets_standard=True))
    )
    by_band = _grouped(staff.annotate(band=age_band_case(year, bands)), "band")
    by_category = _grouped(on_duty, "category")
    return {
        "by_category": {c: by_category.get(c, 0) for c in Category.values},
        "staff": staff_summary,
        "staff_by_gender": _grouped(staff, "gender"),
        "staff_by_education": _grouped(staff, "education"),
        "staff_by_political_theory": _grouped(staff, "political_theory"),
        "staff_by_age_band": {band: by_band.get(band.pk, 0) for band in bands},
        "neighbourhood_part_time": _grouped(
            on_duty.filter(category=Category.NEIGHBOURHOOD_PART_TIME), "neighbourhood"
        ),
        "planning_pool": pool_structure,
    }


def staffing_against_quota(*, ward: Unit, period: Period, counts: dict | None = None) -> dict:
    """Each quota figure with its source and the count of records on the period's last day.

    `counts` (from `cadre_counts`) saves recounting when the caller has them already.
    """
    counts = counts or cadre_counts(ward=ward, period=period)
    quota = quota_for(ward=ward, period=period)
    by_category = counts["by_category"]
    per_neighbourhood = counts["neighbourhood_part_time"]
    return {
        "cadres_civil_servants": {
            "count": by_category[Category.CADRE] + by_category[Category.CIVIL_SERVANT],
            "quota": quota["cadres_civil_servants"][0],
            "source": quota["cadres_civil_servants"][1],
        },
        "ward_part_time": {
            "count": by_category[Category.WARD_PART_TIME],
            "quota": quota["ward_part_time"][0],
            "source": quota["ward_part_time"][1],
        },
        "neighbourhood_part_time": {
            "max_count": max(per_neighbourhood.values(), default=0),
            "quota": quota["neighbourhood_part_time"][0],
            "source": quota["neighbourhood_part_time"][1],
        },
    }
