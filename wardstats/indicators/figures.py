"""Every figure of a ward for a period, defined once: grouped queries over a set of wards (one
ward is a set of one), whatever the number of wards.

`ward_figures(period=…, ward_ids=…)` is the one computation. The summaries store what it
returns (`summaries.refresh`), and every page, export and printout reads those summaries, so a
figure is the same wherever it is shown. Stocks are taken on the period's last day (year-end
stock, 11-HD/BTCTW); ages are the age reached in the period's year.

`FIGURES` is the catalogue an indicator picks its numerator and denominator from.
"""

from collections import defaultdict

from django.db.models import Case, Count, IntegerField, Q, Value, When
from django.utils.translation import gettext_lazy as _

from wardstats.hierarchy.models import Level, Unit, UnitAncestry, UnitFacts, UnitLink, valid_on_q
from wardstats.reports.figures import stock_reconciled, totals_by_ward
from wardstats.reports.models import Report
from wardstats.reports.ratings import RANK
from wardstats.staffing.models import (
    QUOTA_FIELDS,
    AgeBand,
    Cadre,
    Category,
    Education,
    PoliticalTheory,
    QuotaNorm,
    WardQuota,
)
from wardstats.staffing.norms import staff_quota

FIGURES = {
    # From the report's cells (year-end stock of the report's period).
    "cells": _("cells"),
    "members": _("party members (sum of the cells)"),
    "declared_members": _("party members declared by the ward"),
    "probationary": _("probationary members"),
    "women_members": _("women members"),
    "admitted": _("new members admitted"),
    "transferred_in": _("members transferred in"),
    "transferred_out": _("members transferred out"),
    "deaths": _("members who died"),
    "struck_off": _("members struck off the rolls"),
    "opening_members": _("party members at the start of the period"),
    "reinstated": _("members whose membership was reinstated"),
    "expelled": _("members expelled"),
    "resigned": _("members who left at their own request"),
    "recognised_full": _("probationary members made full members"),
    "rated_excellent": _("members rated “excellently completed tasks”"),
    "rated_good": _("members rated “well completed tasks”"),
    "rated_completed": _("members rated “completed tasks”"),
    "rated_not_completed": _("members rated “did not complete tasks”"),
    "unrated_new": _("members not rated: admitted recently"),
    "unrated_exempt": _("members not rated: exempt from Party work and activities"),
    "unrated_other": _("members not rated: ill or other reasons"),
    "members_rated": _("members rated"),
    "members_good_or_better": _("members rated “well completed tasks” or better"),
    "organisation_rank": _("the Party organisation's rating (4 excellent … 1 not completed)"),
    "residential_cells": _("residential cells"),
    "secretary_is_head": _("residential cells whose secretary is also neighbourhood head"),
    "with_standing_member": _("cells with a standing-committee member in charge"),
    "rated_cells": _("cells rated"),
    "good_or_better": _("cells rated “well completed” or better"),
    "reviewed": _("cells that held the self-criticism review"),
    "exempt": _("members exempt from Party work and activities"),
    "cells_with_committee": _("cells with a cell committee"),
    "cells_thematic": _("cells that held the thematic meetings due (one a quarter)"),
    "cells_unreconciled": _("cells whose stock does not add up"),
    "stock_reconciled": _("the stock adds up for every cell and the ward (1 yes, 0 no)"),
    # From the cadre records on the period's last day.
    "staff": _("cadres and civil servants"),
    "staff_meeting_standard": _("cadres and civil servants meeting the standard"),
    "ward_part_time": _("part-time workers at ward level"),
    "neighbourhoods_over_quota": _("neighbourhoods above their part-time quota"),
    "pool": _("planning pool"),
    "pool_university": _("planning pool with a university degree or higher"),
    "pool_theory": _("planning pool with intermediate political theory or higher"),
    "pool_women": _("women in the planning pool"),
    "pool_young": _("young cadres in the planning pool"),
    # Quotas and assigned numbers (the ward's own, else the rule set's).
    "quota_staff": _("quota of cadres and civil servants"),
    "quota_ward_part_time": _("quota of part-time workers at ward level"),
    "quota_neighbourhood_part_time": _("quota of part-time positions per neighbourhood"),
    "admissions_target": _("new members the ward is assigned to admit"),
    "neighbourhoods": _("neighbourhoods"),
}

FIGURE_CHOICES = list(FIGURES.items())

# Figures that come from a report: a ward without one has no data, not zero.
REPORT_FIGURES = {
    "cells", "members", "declared_members", "probationary", "women_members", "admitted",
    "transferred_in", "transferred_out", "deaths", "struck_off", "residential_cells",
    "opening_members", "reinstated", "expelled", "resigned", "recognised_full",
    "members_rated", "members_good_or_better", "organisation_rank",
    "rated_excellent", "rated_good", "rated_completed", "rated_not_completed", "unrated_new",
    "unrated_exempt", "unrated_other",
    "secretary_is_head", "with_standing_member", "rated_cells", "good_or_better", "reviewed",
    "exempt", "cells_with_committee", "cells_thematic", "cells_unreconciled", "stock_reconciled",
}  # fmt: skip
# Figures that come from cadre records: a ward without any has no staffing data, not zero.
CADRE_FIGURES = {
    "staff", "staff_meeting_standard", "ward_part_time", "neighbourhoods_over_quota", "pool",
    "pool_university", "pool_theory", "pool_women", "pool_young",
}  # fmt: skip
QUOTA_KEYS = {
    "cadres_civil_servants": "quota_staff",
    "ward_part_time": "quota_ward_part_time",
    "neighbourhood_part_time": "quota_neighbourhood_part_time",
}
STAFF = Q(category__in=[Category.CADRE, Category.CIVIL_SERVANT])


def age_band_case(year: int, bands) -> Case:
    """SQL CASE mapping birth_year to an age band's id, for a grouped count."""
    whens = [
        When(birth_year__lte=year - b.min_age, birth_year__gte=year - b.max_age, then=Value(b.pk))
        for b in bands
    ]
    return Case(*whens, default=Value(None), output_field=IntegerField())


def young_q(year: int, bands) -> Q:
    """A cadre is young when their age falls in any band marked young (the bands are the
    province's; they need not be adjacent)."""
    young = Q(pk__in=[])
    for band in bands:
        if band.is_young:
            young |= Q(birth_year__gte=year - band.max_age, birth_year__lte=year - band.min_age)
    return young


def _wards(period, ward_ids) -> dict[int, dict]:
    """The commune-level units existing on the period's last day (of `ward_ids`, if given)."""
    wards = Unit.objects.filter(level=Level.COMMUNE).filter(valid_on_q(period.end))
    if ward_ids is not None:
        wards = wards.filter(pk__in=list(ward_ids))
    return {u["pk"]: u for u in wards.values("pk", "kind", "unit_class")}


def _report_figures(period, ids, figures):
    """The report's status and declared total, and its cells summed (reports.figures)."""
    reports = Report.objects.filter(period=period, ward__in=ids)
    own = ("declared_members", "opening_members")  # the ward's own, not its cells'
    levels = ("organisation_level", "organisation_level_given")
    for row in reports.values("ward_id", "pk", "status", *own, *levels):
        # The committee above's rating where it has given one, else the organisation's own.
        level = row["organisation_level_given"] or row["organisation_level"]
        figures[row["ward_id"]].update(
            report_id=row["pk"],
            report_status=row["status"],
            **dict.fromkeys(REPORT_FIGURES - {*own, "organisation_rank"}, 0),
            **{name: row[name] for name in own},
            organisation_rank=RANK.get(level),
        )
    for ward_id, totals in totals_by_ward(period=period, ward_ids=ids).items():
        figures[ward_id].update(totals)
        opening = figures[ward_id]["opening_members"]
        figures[ward_id]["stock_reconciled"] = stock_reconciled(totals, opening)


def _on_duty(period, ids):
    return Cadre.objects.filter(ward__in=ids).filter(valid_on_q(period.end))


def _cadre_figures(period, ids, figures):
    """Records on the period's last day: staff, meeting the standard, ward part-time."""
    for row in (
        _on_duty(period, ids)
        .values("ward_id")
        .order_by()
        .annotate(
            staff=Count("id", filter=STAFF),
            staff_meeting_standard=Count("id", filter=STAFF & Q(meets_standard=True)),
            ward_part_time=Count("id", filter=Q(category=Category.WARD_PART_TIME)),
            on_duty=Count("id"),
        )
    ):
        figures[row.pop("ward_id")].update(row)


def _pool_figures(period, ids, bands, figures):
    """The planning pool of the period's year: cadres on duty in a term covering it."""
    year = period.end.year
    pool = _on_duty(period, ids).filter(
        planning_terms__start_year__lte=year, planning_terms__end_year__gte=year
    )
    counted = {
        "pool": Q(),
        "pool_university": Q(education__gte=Education.UNIVERSITY),
        "pool_theory": Q(political_theory__gte=PoliticalTheory.INTERMEDIATE),
        "pool_women": Q(gender="female"),
        "pool_young": young_q(year, bands),
    }
    aggregates = {name: Count("id", distinct=True, filter=q) for name, q in counted.items()}
    for row in pool.values("ward_id").order_by().annotate(**aggregates):
        figures[row.pop("ward_id")].update(row)


def _grouped(queryset, field: str) -> dict[int, dict[str, int]]:
    result = defaultdict(dict)
    for row in queryset.values("ward_id", field).order_by().annotate(n=Count("id")):
        result[row["ward_id"]][str(row[field])] = row["n"]
    return result


def _breakdowns(period, ids, bands) -> dict[int, dict]:
    """Per ward, what the ward page and the printout break down: the records by category;
    the staff by gender, education, political theory and age band ([label, count] in band
    order); part-time positions per neighbourhood."""
    on_duty = _on_duty(period, ids)
    staff = on_duty.filter(STAFF)
    by_category = _grouped(on_duty, "category")
    by_gender = _grouped(staff, "gender")
    by_education = _grouped(staff, "education")
    by_theory = _grouped(staff, "political_theory")
    neighbourhood_staff = on_duty.filter(category=Category.NEIGHBOURHOOD_PART_TIME)
    per_neighbourhood = _grouped(neighbourhood_staff, "neighbourhood_id")
    by_band = _grouped(staff.annotate(band=age_band_case(period.end.year, bands)), "band")
    return {
        pk: {
            "by_category": by_category.get(pk, {}),
            "by_gender": by_gender.get(pk, {}),
            "by_education": by_education.get(pk, {}),
            "by_theory": by_theory.get(pk, {}),
            "by_age_band": [[b.label, by_band.get(pk, {}).get(str(b.pk), 0)] for b in bands],
            "per_neighbourhood": per_neighbourhood.get(pk, {}),
        }
        for pk in ids
    }


def _neighbourhoods(period, ids, figures):
    end = period.end
    for row in (
        UnitLink.objects.filter(valid_on_q(end), parent__in=ids, child__level=Level.NEIGHBOURHOOD)
        .filter(valid_on_q(end, "child__"))
        .values("parent_id")
        .order_by()
        .annotate(n=Count("child_id"))
    ):
        figures[row["parent_id"]]["neighbourhoods"] = row["n"]


def _norms(period) -> dict:
    """The staffing norm of each unit type and class under the rule set in force on the
    period's last day."""
    end = period.end
    norms = (
        QuotaNorm.objects.filter(rule_set__effective_from__lte=end)
        .filter(Q(rule_set__effective_to__isnull=True) | Q(rule_set__effective_to__gte=end))
        .select_related("rule_set")
        .order_by("rule_set__effective_from")
    )
    return {(n.unit_kind, n.unit_class): n for n in norms}


def _norm_value(norm, field: str, facts) -> tuple[int | None, str]:
    """The norm's number for `field` (None where the rule set has no such posts or limit),
    and how it is made where more than the base."""
    if norm is None:
        return None, ""
    if field == "cadres_civil_servants":
        quota = staff_quota(norm, facts)
        return (quota.total, quota.detail()) if quota else (None, "")
    return getattr(norm, field), ""


def _quotas(period, wards, figures) -> dict[int, dict]:
    """Each quota: the province's own for the ward (chỉ tiêu tỉnh giao) where set, else the
    norm of the rule set in force (with the posts the ward's population and area add); with
    its source. Returns the sources per ward."""
    norms = _norms(period)
    own = {q.ward_id: q for q in WardQuota.objects.filter(period=period, ward__in=list(wards))}
    facts = {
        f.unit_id: f for f in UnitFacts.objects.filter(valid_on_q(period.end), unit__in=list(wards))
    }
    sources = {}
    for pk, ward in wards.items():
        norm, quota = norms.get((ward["kind"], ward["unit_class"])), own.get(pk)
        sources[pk] = {}
        for field in QUOTA_FIELDS:
            value = getattr(quota, field, None) if quota else None
            source = {"own": value is not None, "source": quota.legal_source if quota else ""}
            if value is None:
                value, detail = _norm_value(norm, field, facts.get(pk))
                source = {
                    "own": False,
                    "source": norm.rule_set.legal_source if norm else "",
                    "detail": detail,
                }
            figures[pk][QUOTA_KEYS[field]] = value
            sources[pk][field] = source
        figures[pk]["admissions_target"] = quota.admissions_target if quota else None
    return sources


def _areas(period, ids, figures):
    """The district and province holding each ward on the period's last day (no district
    after 1 Jul 2025): the dashboards select an area's rows on these columns."""
    paths = (
        UnitAncestry.objects.filter(descendant__in=ids, depth__gt=0)
        .valid_on(period.end)
        .filter(ancestor__level__in=[Level.DISTRICT, Level.PROVINCE])
        .values_list("descendant_id", "ancestor_id", "ancestor__level")
    )
    for ward_id, area_id, level in paths:
        key = "district_id" if level == Level.DISTRICT else "province_id"
        figures[ward_id][key] = area_id


def _over_quota(figures: dict, staffing: dict):
    """Neighbourhoods whose part-time positions exceed the per-neighbourhood quota."""
    limit = figures.get("quota_neighbourhood_part_time")
    counts = staffing["per_neighbourhood"].values()
    figures["neighbourhoods_over_quota"] = (
        None if limit is None else sum(1 for n in counts if n > limit)
    )


def ward_figures(*, period, ward_ids=None) -> dict[int, dict]:
    """{ward id: figures} for the wards existing on the period's last day (all, or those of
    `ward_ids`): the summary columns, plus `staffing` (the breakdowns and quota sources) and
    `on_duty` (records on the last day). About a dozen queries, whatever the number of wards.
    """
    wards = _wards(period, ward_ids)
    ids = list(wards)
    if not ids:
        return {}
    figures = {pk: {"ward_id": pk} for pk in ids}
    bands = list(AgeBand.objects.order_by("min_age", "pk"))
    _report_figures(period, ids, figures)
    _cadre_figures(period, ids, figures)
    _pool_figures(period, ids, bands, figures)
    _neighbourhoods(period, ids, figures)
    sources = _quotas(period, wards, figures)
    breakdowns = _breakdowns(period, ids, bands)
    _areas(period, ids, figures)
    for pk in ids:
        figures[pk]["staffing"] = {**breakdowns[pk], "sources": sources[pk]}
        figures[pk]["unit"] = wards[pk]
        _over_quota(figures[pk], breakdowns[pk])
    return figures
