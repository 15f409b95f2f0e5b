"""Rendered dashboard pages, cached until the next write.

A page is stored under its URL, the person (their pages carry their name and scope), their
language and CSRF cookie (the page's forms carry a token made from it), and the data version of
what it shows: the sum of the `DataVersion`s of its unit's provinces (above it, or below it for
the country) and of everything. A save raises its province's version once it commits; a change
of rules, names or roles raises everything's; so a page cached before a write is never served
after it — the first read after the commit renders afresh — while the pages of the other 33
provinces stay cached. Reading the version is one indexed query; a hit costs no other, and a
browser that already holds the page gets "304 Not Modified" (its ETag is the key).

The cache is Django's default one (settings.CACHES): memory in each worker unless a shared
backend is configured. Exports and other formats are not cached, nor a page rendered with
messages for the person (they are shown once).
"""

import functools
import hashlib

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.db import connections, router
from django.http import HttpResponse, HttpResponseNotModified

from wardstats.core.models import EVERYWHERE, DataVersion
from wardstats.hierarchy.models import UnitAncestry
from wardstats.indicators.models import Recomputation

TIMEOUT = 15 * 60


def page_key(request, version: int) -> str:
    parts = [
        str(version),
        str(request.user.pk),
        "1" if request.user.is_superuser else "0",
        getattr(request, "LANGUAGE_CODE", ""),
        request.COOKIES.get(settings.CSRF_COOKIE_NAME, ""),
        request.get_full_path(),
    ]
    return "page:" + hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


@functools.cache
def _state_sql() -> str:
    """The data version of a unit's pages and the first unfinished recomputation's id, done
    and steps, in one statement written out once (the ORM's compilation of it cost more than
    running it)."""
    version, recomputation = DataVersion._meta.db_table, Recomputation._meta.db_table
    ancestry = UnitAncestry._meta.db_table
    first = f"FROM {recomputation} WHERE finished_at IS NULL ORDER BY id LIMIT 1"
    # A few dozen version rows, each checked by an index probe: whether its province is above
    # the unit (a district, a ward) or below it (the country), or the unit itself.
    return (
        f"SELECT (SELECT COALESCE(SUM(v.value), 0) FROM {version} v WHERE v.scope = {EVERYWHERE}"
        f" OR EXISTS (SELECT 1 FROM {ancestry} a WHERE a.descendant_id = %s"
        f" AND a.ancestor_id = v.scope)"
        f" OR EXISTS (SELECT 1 FROM {ancestry} a WHERE a.ancestor_id = %s"
        f" AND a.descendant_id = v.scope)),"
        f" (SELECT id {first}), (SELECT done {first}), (SELECT steps {first})"
    )


def read_state(request, unit_id=None) -> int:
    """The data version of the pages of `unit_id` (a province, district or ward: their own and
    their provinces' versions; none: everything's), and the recomputation under way
    (`request.recomputation`, for the notice on the page): one query, where a read would go
    (the replica when configured)."""
    try:
        unit_id = int(unit_id)
    except (TypeError, ValueError):
        unit_id = 0
    with connections[router.db_for_read(DataVersion)].cursor() as cursor:
        cursor.execute(_state_sql(), [unit_id, unit_id])
        version, running, done, steps = cursor.fetchone()
    request.recomputation = (done, steps) if running else None
    return int(version)


def shared_rows_key(request, area) -> str | None:
    """The key of an area's page of rows as every officer of the area sees it: the area, its
    data version, the language and the query (period, sort, page, filters) — not the person,
    whose scope the view has checked already. None when the version was not read."""
    version = getattr(request, "data_version", None)
    if version is None:
        return None
    query = sorted((k, v) for k, values in request.GET.lists() for v in values)
    parts = [str(area.pk), str(version), getattr(request, "LANGUAGE_CODE", ""), repr(query)]
    return "rows:" + hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def _etags(request) -> set[str]:
    header = request.headers.get("If-None-Match", "")
    return {tag.strip().removeprefix("W/") for tag in header.split(",") if tag.strip()}


def _revalidate(response, etag: str):
    """The page's ETag, and the browser told to ask again each time (a 304 when unchanged)."""
    response["ETag"] = etag
    response["Cache-Control"] = "private, no-cache"
    return response


def cached_page(view):
    """For GET views of HTML pages behind login_required (applied inside it)."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        # A page with messages to show is rendered for this once, and never kept.
        if request.method != "GET" or "_export" in request.GET or len(get_messages(request)):
            return view(request, *args, **kwargs)
        request.data_version = read_state(request, kwargs.get("pk"))
        key = page_key(request, request.data_version)
        etag = f'"{key[5:37]}"'
        if etag in _etags(request):
            return _revalidate(HttpResponseNotModified(), etag)
        hit = cache.get(key)
        if hit is not None:
            content, content_type = hit
            return _revalidate(HttpResponse(content, content_type=content_type), etag)
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and not response.streaming and not response.cookies:
            cache.set(key, (response.content, response["Content-Type"]), TIMEOUT)
            _revalidate(response, etag)
        return response

    return wrapper
