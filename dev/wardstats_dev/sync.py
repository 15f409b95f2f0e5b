"""Make the database hold exactly a given set of rows, matched on their natural keys.

Rows already there keep their primary key (so links and bookmarks survive a re-seed), rows that
differ are updated, missing ones are created, and the seed's own rows that are no longer wanted
are deleted — in bulk, a handful of queries per model whatever the number of rows.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db import models

BATCH = 500


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    deleted: int = 0
    total: int = 0


@dataclass
class Syncer:
    counts: dict[str, Counts] = field(default_factory=dict)
    # Stale rows are deleted at the end, newest model first: a stale cell may still be referenced
    # (PROTECT) by stale figures until those are gone.
    _stale: list[tuple[type[models.Model], list[int]]] = field(default_factory=list)

    def sync(
        self,
        model: type[models.Model],
        rows: Sequence[models.Model],
        *,
        key: Sequence[str],
        existing: models.QuerySet | None,
        delete_stale: bool = True,
        label: str | None = None,
    ) -> list[models.Model]:
        """`rows`: unsaved instances; `key`: attnames (e.g. "ward_id") naming a row;
        `existing`: the rows the seed owns (stale ones among them are deleted).
        Returns `rows`, each now with its primary key."""
        fields = [
            f.attname
            for f in model._meta.concrete_fields
            if not f.primary_key
            and not getattr(f, "auto_now", False)
            and not getattr(f, "auto_now_add", False)
        ]

        def key_of(obj) -> tuple:
            return tuple(getattr(obj, name) for name in key)

        wanted: dict[tuple, models.Model] = {}
        for row in rows:
            k = key_of(row)
            if k in wanted:
                raise ValueError(f"{model.__name__}: two demo rows share the key {k}")
            wanted[k] = row
        current = {key_of(obj): obj for obj in (existing if existing is not None else [])}
        to_create, to_update = [], []
        for k, row in wanted.items():
            there = current.pop(k, None)
            if there is None:
                to_create.append(row)
                continue
            row.pk = there.pk
            row._state.adding = False
            if any(getattr(there, name) != getattr(row, name) for name in fields):
                to_update.append(row)
        model.objects.bulk_create(to_create, batch_size=BATCH)
        if to_update:
            model.objects.bulk_update(to_update, fields, batch_size=BATCH)
        stale = [obj.pk for obj in current.values()] if delete_stale else []
        if stale:
            self._stale.append((model, stale))
        self.counts[label or model._meta.model_name] = Counts(
            created=len(to_create), updated=len(to_update), deleted=len(stale), total=len(rows)
        )
        return list(rows)

    def sync_pairs(
        self,
        through: type[models.Model],
        pairs: Iterable[tuple[int, int]],
        *,
        left: str,
        right: str,
        existing: models.QuerySet,
        label: str,
    ) -> None:
        """A many-to-many table: exactly `pairs` among the `existing` rows."""
        wanted = set(pairs)
        current = {(getattr(row, left), getattr(row, right)): row.pk for row in existing}
        missing = wanted - current.keys()
        stale = [pk for pair, pk in current.items() if pair not in wanted]
        through.objects.bulk_create(
            [through(**{left: a, right: b}) for a, b in sorted(missing)], batch_size=BATCH
        )
        if stale:
            self._stale.append((through, stale))
        self.counts[label] = Counts(created=len(missing), deleted=len(stale), total=len(wanted))

    def delete_stale(self) -> None:
        for model, pks in reversed(self._stale):
            for start in range(0, len(pks), BATCH):
                model.objects.filter(pk__in=pks[start : start + BATCH]).delete()
        self._stale.clear()
