"""What a write changed, said by the service that made it: the one way derived data follows.

Every service ends by calling one of these, inside its own transaction:

- `wards_changed`: a ward's figures, records or quota changed. Its summaries are recomputed
  now, in the write's transaction, so the next page load shows the change.
- `rules_changed`: a rule, norm, band, indicator, target or period changed — every ward may be
  judged anew. The recomputation runs in the background (a task), with its progress shown.
- `names_changed`: something people see changed that no figure depends on (a unit's name, a
  parent link, a lineage, a role): only cached pages must go.

Each raises the data versions (`DataVersion`) that cached pages are keyed on, once the
transaction commits: a ward's change raises its province's version only, the others raise the
version of everything. The summaries and the unit tree live in higher floors (`indicators`,
`hierarchy`), which this module must not import: they register their part here when the apps
load (`IndicatorsConfig.ready`, `HierarchyConfig.ready`). Until they are registered (a bare
shell of the lower apps), only the version of everything moves.
"""

import datetime
from collections.abc import Callable, Iterable
from typing import Protocol

from .models import EVERYWHERE, DataVersion


class Recomputation(Protocol):
    def wards(
        self,
        *,
        ward_ids: Iterable[int],
        period_ids: Iterable[int] | None,
        since: datetime.date | None,
        approved_too: bool,
    ) -> None: ...

    def everything(self, *, reason: str, actor) -> None: ...


_recomputation: Recomputation | None = None
# The provinces (unit ids) the given wards belong to, on any date: one query.
_provinces_of: Callable[[set[int]], set[int]] | None = None


def register(recomputation: Recomputation) -> None:
    global _recomputation
    _recomputation = recomputation


def register_provinces(provinces_of: Callable[[set[int]], set[int]]) -> None:
    global _provinces_of
    _provinces_of = provinces_of


def _scopes(ward_ids: set[int]) -> set[int]:
    """The versions a change of these wards raises: their provinces' (everything's when a ward
    has no province, or the tree is not known here)."""
    provinces = _provinces_of(ward_ids) if _provinces_of is not None and ward_ids else set()
    return provinces or {EVERYWHERE}


def wards_changed(
    *,
    ward_ids: Iterable[int | None],
    period_ids: Iterable[int] | None = None,
    since: datetime.date | None = None,
    approved_too: bool = False,
) -> None:
    """The wards' summaries are recomputed now: for `period_ids`, or for every period ending
    on or after `since` (a record valid from that day counts in those periods' stocks), or for
    every period when neither is given. An approved report's summary stays as it was approved,
    but for the approval itself (`approved_too`)."""
    ward_ids = {pk for pk in ward_ids if pk is not None}
    if _recomputation is not None and ward_ids:
        _recomputation.wards(
            ward_ids=ward_ids, period_ids=period_ids, since=since, approved_too=approved_too
        )
    DataVersion.bump(_scopes(ward_ids))


def rules_changed(*, reason: str, actor=None) -> None:
    """Every ward of every period is recomputed in the background."""
    if _recomputation is not None:
        _recomputation.everything(reason=reason, actor=actor)
    DataVersion.bump()


def names_changed() -> None:
    DataVersion.bump()
