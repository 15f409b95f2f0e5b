import time

from django.conf import settings
from django.core.exceptions import MiddlewareNotUsed
from django.db import DEFAULT_DB_ALIAS, connections
from django.utils import translation
from django.utils.cache import patch_vary_headers

from wardstats import db_router


class VietnameseFirstLocaleMiddleware:
    """Vietnamese unless the person chose otherwise with the language switch.

    Django's LocaleMiddleware follows the browser's Accept-Language, which on an office PC
    set up in English would show the app in English; here only an explicit choice (the
    language cookie set by `set_language`) changes the language.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.languages = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in self.languages:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        patch_vary_headers(response, ["Cookie"])
        response.headers.setdefault("Content-Language", language)
        return response


WROTE_COOKIE = "ws_wrote"
# Views whose GET only reads and may lag the primary by a moment: the dashboards, the printed
# reports, the spreadsheet exports and the home page (a redirect to the person's dashboard).
REPLICA_NAMESPACES = frozenset({"dashboards", "printouts"})
REPLICA_VIEW_NAMES = frozenset({"home", "spreadsheets:export"})
WRITE_STATEMENTS = ("INSERT", "UPDATE", "DELETE")


def _now() -> float:
    return time.time()


def _is_write(sql: str) -> bool:
    return sql[:20].lstrip()[:6].upper() in WRITE_STATEMENTS


class ReplicaReadsMiddleware:
    """Marks a dashboard's GET as one that may read from the replica (wardstats/db_router.py),
    unless this person wrote in the last WARDSTATS_READ_YOUR_WRITES_SECONDS: their own change
    is then read from the primary, never missing because the replica has not caught up yet.

    A write is an INSERT, UPDATE or DELETE on the primary while the view runs (a saved form, an
    import, a login's last_login, a logout's session); it sets a signed cookie with the time.
    The session's own save comes after this middleware and does not count. No query of its own.
    Not used when no replica is configured.
    """

    def __init__(self, get_response):
        if not db_router.replica_configured():
            raise MiddlewareNotUsed
        self.get_response = get_response

    def __call__(self, request):
        wrote = False
        token = db_router.replica_reads.set(False)

        def watch(execute, sql, params, many, context):
            nonlocal wrote
            result = execute(sql, params, many, context)
            if _is_write(sql):
                wrote = True
                # The rest of this request reads what it has just written.
                db_router.replica_reads.set(False)
            return result

        try:
            with connections[DEFAULT_DB_ALIAS].execute_wrapper(watch):
                response = self.get_response(request)
        finally:
            db_router.replica_reads.reset(token)
        window = settings.WARDSTATS_READ_YOUR_WRITES_SECONDS
        if wrote and window > 0:
            response.set_signed_cookie(
                WROTE_COOKIE,
                f"{_now():.3f}",
                salt=WROTE_COOKIE,
                max_age=window,
                httponly=True,
                samesite="Lax",
                secure=settings.SESSION_COOKIE_SECURE,
            )
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if self._replica_eligible(request) and not self._wrote_recently(request):
            db_router.replica_reads.set(True)

    @staticmethod
    def _replica_eligible(request) -> bool:
        if request.method not in ("GET", "HEAD"):
            return False
        match = request.resolver_match
        return match.namespace in REPLICA_NAMESPACES or match.view_name in REPLICA_VIEW_NAMES

    @staticmethod
    def _wrote_recently(request) -> bool:
        wrote_at = request.get_signed_cookie(WROTE_COOKIE, default=None, salt=WROTE_COOKIE)
        if wrote_at is None:  # none, or not signed by us
            return False
        # A negative elapsed time (two app servers' clocks apart) counts as recent.
        return _now() - float(wrote_at) < settings.WARDSTATS_READ_YOUR_WRITES_SECONDS
