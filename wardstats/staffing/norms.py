"""A ward's quota of cadres and civil servants under a rule set's norm: the base of its type
and class, plus the posts its population and natural area add beyond the standards (Nghị định
33/2023/NĐ-CP, Điều 6, khoản 2: one more civil servant for each full 1/N of the standard
population beyond it, and for each full standard area beyond it), minus the post a regular
police officer takes where one heads the commune police (Nghị định 34/2019/NĐ-CP).

The one definition: the figures (`indicators.figures`) and every page read it from there.
"""

import math
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class StaffQuota:
    base: int
    for_population: int = 0
    for_area: int = 0
    police: int = 0  # posts taken off

    @property
    def total(self) -> int:
        return max(self.base + self.for_population + self.for_area - self.police, 0)

    def detail(self) -> str:
        """How the quota is made, where it is more than the base ("" where it is the base)."""
        parts = []
        if self.for_population:
            parts.append(_("+ %(n)s for population") % {"n": self.for_population})
        if self.for_area:
            parts.append(_("+ %(n)s for area") % {"n": self.for_area})
        if self.police:
            parts.append(_("− %(n)s regular police chief") % {"n": self.police})
        return f"{self.base} {' '.join(parts)}" if parts else ""


def beyond(value, standard, step: int = 1) -> int:
    """How many full 1/step of `standard` `value` exceeds it by (0 when it does not)."""
    if value is None or not standard or not step or value <= standard:
        return 0
    return math.floor((Decimal(value) - Decimal(standard)) * step / Decimal(standard))


def staff_quota(norm, facts) -> StaffQuota | None:
    """`norm`: a QuotaNorm; `facts`: the ward's UnitFacts on the day, or None. None where the
    rule set has no national norm (after 1 Jul 2025: the province assigns each unit its own)."""
    if norm.cadres_civil_servants is None:
        return None
    if facts is None:
        return StaffQuota(norm.cadres_civil_servants)
    police = 1 if norm.police_chief_takes_a_post and facts.regular_police_chief else 0
    return StaffQuota(
        base=norm.cadres_civil_servants,
        for_population=beyond(
            facts.population, norm.population_standard, norm.population_step or 1
        ),
        for_area=beyond(facts.area_km2, norm.area_standard_km2),
        police=police,
    )
