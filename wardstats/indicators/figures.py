"""The catalogue of figures an indicator may use, computed from the entered data.

Each figure is a column of `WardPeriodFigures`, the per-ward, per-period summary kept current
by `summaries.refresh` in the transaction of the write that changes it. An indicator is a
numerator and an optional denominator from this catalogue; it is never typed in.
"""

from django.utils.translation import gettext_lazy as _

FIGURES = {
    # From the report's cells (year-end stock of the report's period).
    "cells": _("cells"),
    "members": _("party members (sum of the cells)"),
    "declared_members": _("party members declared by the ward"),
    "probationary": _("probationary members"),
    "women_members": _("women members"),
    "admitted": _("new members admitted"),
    "residential_cells": _("residential cells"),
    "secretary_is_head": _("residential cells whose secretary is also neighbourhood head"),
    "with_standing_member": _("cells with a standing-committee member in charge"),
    "rated_cells": _("cells rated"),
    "good_or_better": _("cells rated “well completed” or better"),
    "reviewed": _("cells that held the self-criticism review"),
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
