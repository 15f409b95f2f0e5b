"""Rendered dashboard pages, cached until the next write.

A page is stored under its URL, the person (their pages carry their name and scope), their
language and CSRF cookie (the page's forms carry a token made from it), and the current
`DataVersion`. Every summary refresh — every save of a figure, a record, a quota, a target, a
unit — and every change of a role raises that version in the write's own transaction, so a
page cached before a save is never served after it: the first read after the commit renders
afresh. Reading the version is one indexed query; a hit costs no other.

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
from django.http import HttpResponse

from wardstats.core.models import DataVersion
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


def _state_sql() -> str:
    """The data version and the first unfinished recomputation's id, done and steps, in one
    statement written out once (the ORM's compilation of it cost more than running it)."""
    version, recomputation = DataVersion._meta.db_table, Recomputation._meta.db_table
    first = f"FROM {recomputation} WHERE finished_at IS NULL ORDER BY id LIMIT 1"
    return (
        f"SELECT value, (SELECT id {first}), (SELECT done {first}), (SELECT steps {first}) "
        f"FROM {version} WHERE id = 1"
    )


def read_state(request) -> int:
    """The data version, and the recomputation under way (`request.recomputation`, for the
    notice on the page): one query, where a read would go (the replica when configured)."""
    with connections[router.db_for_read(DataVersion)].cursor() as cursor:
        cursor.execute(_state_sql())
        row = cursor.fetchone()
    if row is None:
        request.recomputation = None
        return 0
    version, running, done, steps = row
    request.recomputation = (done, steps) if running else None
    return version


def cached_page(view):
    """For GET views of HTML pages behind login_required (applied inside it)."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        # A page with messages to show is rendered for this once, and never kept.
        if request.method != "GET" or "_export" in request.GET or len(get_messages(request)):
            return view(request, *args, **kwargs)
        key = page_key(request, read_state(request))
        hit = cache.get(key)
        if hit is not None:
            content, content_type = hit
            return HttpResponse(content, content_type=content_type)
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and not response.streaming and not response.cookies:
            cache.set(key, (response.content, response["Content-Type"]), TIMEOUT)
        return response

    return wrapper
