# ruff: noqa: E501 - the matrix is a table of one request per line, wider than code.
"""The permission matrix as data: every URL name × every persona × GET and POST → what answers.

Read a row as a sentence: "olga GETs the change page of ward A's report and sees it (OK)".
Every row requests an object of ward A (the `world` fixture, tests/access/conftest.py) and
checks both directions: the personas allowed get the page or their POST saved, the others get
404, 403 or the login page, never a 500, and after every POST that was not meant to save,
nothing in the database changed.

A URL the project gains without a row here fails `test_every_url_has_a_row`, so a new page
cannot go out unconsidered. Rows whose answer is wrong today are written with the right
answer and marked `bug(...)`: they xfail strictly, so the fix turns them green and the marker
must then go.
"""

import dataclasses
import re
from collections.abc import Callable

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.access.conftest import snapshot, superuser_form_data
from wardstats.indicators.models import Target as TargetModel
from wardstats.reports.models import Report, ReportStatus

PERSONAS = ("alice", "bob", "vera", "olga", "oscar", "petra", "anon")
GET, POST = "GET", "POST"


# --- What a request may answer -----------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Outcome:
    """The answer expected: its status, where a redirect goes, whether a POST saved."""

    label: str
    status: int
    to: str | None = None  # "login", "index", "same", "elsewhere"; None: not checked
    saved: bool = False
    bug: str = ""  # why the code answers otherwise today (the row xfails strictly)

    def __repr__(self):
        return self.label


OK = Outcome("OK", 200)
SAVED = Outcome("SAVED", 302, saved=True)
LOGIN = Outcome("LOGIN", 302, to="login")
# The admin's answer for an object outside the user's queryset: "does not exist, perhaps it
# was deleted", back on the admin index; the same as for an id that exists nowhere.
MISSING = Outcome("MISSING", 302, to="index")
# A bulk action refused (none available, or nothing selected): back to the list, unchanged.
BACK = Outcome("BACK", 302, to="same")
# A redirect elsewhere that saves nothing: home to one's own page, a workflow step refused
# with a message on the report's page, the language switch.
REDIRECT = Outcome("REDIRECT", 302, to="elsewhere")
# The admin's login page for someone already logged in; its logout for someone who is not.
INDEX = Outcome("INDEX", 302, to="index")
FORBIDDEN = Outcome("FORBIDDEN", 403)
# A form refused as it came (an import with no file): shown again with its error, nothing saved.
BAD = Outcome("BAD", 400)
# A confirmation with no preview behind it (an import confirmed without uploading first).
CONFLICT = Outcome("CONFLICT", 409)
NOT_FOUND = Outcome("NOT_FOUND", 404)
NOT_ALLOWED = Outcome("NOT_ALLOWED", 405)


def bug(outcome: Outcome, reason: str) -> Outcome:
    """The right answer, which the code does not give yet (see the reason)."""
    return dataclasses.replace(outcome, bug=reason)


# --- Every URL name of the project, at run time ------------------------------------------


def url_names(patterns=None, namespace: str = "") -> set[str]:
    """Every named URL pattern, with its namespace ("admin:reports_report_change")."""
    names = set()
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            names |= url_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(f"{namespace}:{pattern.name}" if namespace else pattern.name)
    return names


# Django's own admin plumbing that names no object of any ward. Empty today: each of these
# has rows below. A URL may be listed here only with a one-line reason.
ALLOWED_WITHOUT_ROWS: dict[str, str] = {}


# --- Which object each URL is requested with ---------------------------------------------

# One object of ward A per admin model (all deletable, see conftest.world).
OBJECTS: dict[str, Callable] = {
    "auth.user": lambda w: w.user,
    "hierarchy.unit": lambda w: w.a.spare_neighbourhood,
    "hierarchy.lineage": lambda w: w.lineage,
    "hierarchy.unitfacts": lambda w: w.facts,
    "hierarchy.unitlink": lambda w: w.a.link,
    "hierarchy.cell": lambda w: w.a.school,
    "periods.period": lambda w: w.period,
    "reports.report": lambda w: w.a.report,
    "staffing.quotaruleset": lambda w: w.rule_set,
    "staffing.wardquota": lambda w: w.a.quota,
    "staffing.planningterm": lambda w: w.term,
    "staffing.ageband": lambda w: w.age_band,
    "staffing.cadre": lambda w: w.a.cadre,
    "accounts.role": lambda w: w.role,
    "indicators.indicator": lambda w: w.indicator,
    "indicators.target": lambda w: w.a.target,
}

# What a change POST alters (on top of the form as the superuser sees it).
EDITS: dict[str, Callable] = {
    "auth.user": lambda w: {"first_name": "Vera"},
    "hierarchy.unit": lambda w: {"name": "Khu phố A2 mới"},
    "hierarchy.lineage": lambda w: {"note": "Sáp nhập"},
    "hierarchy.unitfacts": lambda w: {"population": "9500"},
    "hierarchy.unitlink": lambda w: {"valid_from": "2020-01-02"},
    "hierarchy.cell": lambda w: {"name": "Chi bộ Trường A mới"},
    "periods.period": lambda w: {"deadline": "2025-04-30"},
    "reports.report": lambda w: {"declared_members": "31"},
    "staffing.quotaruleset": lambda w: {"name": "Nghị định mới"},
    "staffing.wardquota": lambda w: {"admissions_target": "3"},
    "staffing.planningterm": lambda w: {"end_year": "2026"},
    "staffing.ageband": lambda w: {"label": "Dưới 36"},
    "staffing.cadre": lambda w: {"position": "Phó Chủ tịch"},
    "accounts.role": lambda w: {"kind": "ward_editor"},
    "indicators.indicator": lambda w: {"name": "Chỉ số mới"},
    "indicators.target": lambda w: {"note": "Chỉ tiêu của Nghị quyết Đại hội"},
}

# A new object of ward A (on top of the add form's defaults as the superuser sees it).
ADDS: dict[str, Callable] = {
    "auth.user": lambda w: {
        "username": "newcomer",
        "usable_password": "true",
        "password1": "a long Vietnamese passphrase 2025",
        "password2": "a long Vietnamese passphrase 2025",
        "role_kind": "ward_viewer",
        "role_unit": w.h.ward_a.pk,
    },
    "hierarchy.unit": lambda w: {
        "code": "99911",
        "name": "Khu phố A3",
        "kind": "khu_pho",
        "valid_from": "2020-01-01",
        "parent_links-TOTAL_FORMS": "1",
        "parent_links-0-parent": w.h.ward_a.pk,
        "parent_links-0-valid_from": "2020-01-01",
    },
    "hierarchy.lineage": lambda w: {
        "predecessor": w.a.spare_neighbourhood.pk,
        "successor": w.h.neighbourhood_a.pk,
        "kind": "whole",
        "effective": "2025-07-01",
    },
    "hierarchy.unitfacts": lambda w: {
        "unit": w.h.ward_a.pk,
        "valid_from": "2025-01-01",
        "population": "9800",
        "area_km2": "5.5",
    },
    "hierarchy.unitlink": lambda w: {
        "child": w.a.unlinked_neighbourhood.pk,
        "parent": w.h.ward_a.pk,
        "valid_from": "2025-01-01",
    },
    "hierarchy.cell": lambda w: {
        "ward": w.h.ward_a.pk,
        "name": "Chi bộ Y tế A",
        "kind": "other",
        "valid_from": "2020-01-01",
    },
    "periods.period": lambda w: {
        "kind": "quarter",
        "year": "2025",
        "number": "2",
        "start": "2025-04-01",
        "end": "2025-06-30",
        "deadline": "2025-07-20",
    },
    "reports.report": lambda w: {
        "ward": w.h.ward_a.pk,
        "period": w.h.period_2025.pk,
        "declared_members": "30",
        "_continue": "1",
    },
    "staffing.quotaruleset": lambda w: {
        "name": "Nghị định mới",
        "legal_source": "Nghị định mới",
        "effective_from": "2025-07-01",
    },
    "staffing.wardquota": lambda w: {"ward": w.h.ward_a.pk, "period": w.h.period_2025.pk},
    "staffing.planningterm": lambda w: {"start_year": "2025", "end_year": "2030"},
    "staffing.ageband": lambda w: {"label": "36-45", "min_age": "36", "max_age": "45"},
    "staffing.cadre": lambda w: {
        "ward": w.h.ward_a.pk,
        "full_name": "Lê Văn Mới",
        "position": "Chủ tịch",
        "category": "civil_servant",
        "gender": "male",
        "birth_year": "1980",
        "valid_from": "2020-01-01",
    },
    # The dangerous one: bob made an editor of ward A.
    "accounts.role": lambda w: {"user": w.bob.pk, "unit": w.h.ward_a.pk, "kind": "ward_editor"},
    "indicators.indicator": lambda w: {
        "code": "new_indicator",
        "name": "Chỉ số mới",
        "name_en": "New indicator",
        "short_name": "Mới",
        "short_name_en": "New",
        "unit": "count",
        "numerator": "members",
    },
    "indicators.target": lambda w: {
        "indicator": w.indicator.pk,
        "comparison": "gte",
        "threshold": "5",
        "area": w.h.district.pk,
        "ward": w.h.ward_a.pk,
        "source_document": "Quyết định thử",
    },
}


@dataclasses.dataclass(frozen=True)
class Target:
    """How a URL name is requested: its arguments and query, and what a POST sends.

    `form`: the admin page whose form, as the superuser sees it, the POST data starts from.
    `prepare`: brings ward A's objects to the state the URL needs (a submitted report...).
    """

    args: Callable = lambda w: []
    query: str | Callable = ""
    data: Callable = lambda w: {}
    form: Callable | None = None
    prepare: Callable | None = None

    def url(self, name: str, w) -> str:
        query = self.query(w) if callable(self.query) else self.query
        return reverse(name, args=self.args(w)) + query


def _action_data(model_label: str) -> Callable:
    """The list's "delete selected" action on ward A's object, confirmed."""
    return lambda w: {
        "action": "delete_selected",
        "_selected_action": [OBJECTS[model_label](w).pk],
        "index": "0",
        "post": "yes",
    }


def _admin_targets() -> dict[str, Target]:
    targets = {}
    for label, obj in OBJECTS.items():
        app, model = label.split(".")
        prefix = f"admin:{app}_{model}"

        def pk(w, obj=obj):
            return [obj(w).pk]

        targets[f"{prefix}_changelist"] = Target(data=_action_data(label))
        targets[f"{prefix}_add"] = Target(
            data=ADDS[label], form=lambda w, prefix=prefix: reverse(f"{prefix}_add")
        )
        targets[f"{prefix}_change"] = Target(
            args=pk,
            data=EDITS[label],
            form=lambda w, prefix=prefix, pk=pk: reverse(f"{prefix}_change", args=pk(w)),
        )
        targets[f"{prefix}_history"] = Target(args=pk)
        targets[f"{prefix}_delete"] = Target(args=pk, data=lambda w: {"post": "yes"})
    return targets


def _submitted(w):
    Report.objects.filter(pk=w.a.report.pk).update(status=ReportStatus.SUBMITTED)


def _approved(w):
    Report.objects.filter(pk=w.a.report.pk).update(status=ReportStatus.APPROVED)


def _target_correction(w) -> dict:
    """A correction of ward A's target for every period, with its reason."""
    target = TargetModel.objects.get(pk=w.a.target.pk)
    return {
        "comparison": target.comparison,
        "threshold": "7",
        "source_document": target.source_document,
        "seen_version": str(target.version),
        "decision": "correct",
        "reason": "Đính chính",
        "apply": "1",
    }


def _workflow(action: str) -> Callable:
    return lambda w: [w.a.report.pk, action]


def _in_2024(w) -> str:
    return f"?period={w.h.period_2024.pk}"


def _entry_report_data(w) -> dict:
    """Ward A's 2025 report, new: the ward's total and its cell's figures, saved."""
    cell = w.h.cell_a.pk
    return {
        "version": "",
        "declared_members": "30",
        "training_attendances": "0",
        "propagandists": "0",
        "mass_mobilisation_models": "0",
        "note": "",
        f"{cell}m": "30",
        f"{cell}w": "12",
        "action": "save",
    }


def _entry_cadre_data(w) -> dict:
    return {
        "full_name": "Lê Văn Mới",
        "position": "Chủ tịch",
        "category": "civil_servant",
        "gender": "male",
        "birth_year": "1980",
        "education": "40",
        "political_theory": "20",
        "meets_standard": "on",
        "valid_from": "2020-01-01",
        "seen_version": str(w.a.cadre.version),
    }


def _report_content_type(w):
    return [ContentType.objects.get_for_model(w.a.report).pk, w.a.report.pk]


TARGETS: dict[str, Target] = {
    "home": Target(),
    "healthz": Target(),
    "login": Target(data=lambda w: {"username": "alice", "password": "wrong"}),
    "logout": Target(),
    "entry:report": Target(args=lambda w: [w.h.ward_a.pk], data=_entry_report_data),
    "entry:review": Target(
        args=lambda w: [w.h.ward_a.pk],
        query=_in_2024,
        data=lambda w: {"action": "return", "reason": "Thiếu số liệu của chi bộ trường"},
        prepare=_submitted,
    ),
    "entry:cadres": Target(args=lambda w: [w.h.ward_a.pk]),
    "entry:cadre_new": Target(args=lambda w: [w.h.ward_a.pk], data=_entry_cadre_data),
    "entry:cadre_edit": Target(
        args=lambda w: [w.h.ward_a.pk, w.a.cadre.pk], data=_entry_cadre_data
    ),
    "entry:cadre_end": Target(
        args=lambda w: [w.h.ward_a.pk, w.a.cadre.pk],
        data=lambda w: {"last_day": "2025-06-30", "seen_version": str(w.a.cadre.version)},
    ),
    "entry:cadres_confirm": Target(args=lambda w: [w.h.ward_a.pk]),
    "entry:labels": Target(args=lambda w: ["vi", "m-p-w"]),
    "set_language": Target(data=lambda w: {"language": "en", "next": "/"}),
    "dashboards:area": Target(args=lambda w: [w.h.district.pk]),
    "dashboards:area[csv]": Target(args=lambda w: [w.h.district.pk], query="?_export=csv"),
    "dashboards:rollup": Target(args=lambda w: [w.h.district.pk]),
    "dashboards:rollup[csv]": Target(args=lambda w: [w.h.district.pk], query="?_export=csv"),
    "dashboards:completeness": Target(args=lambda w: [w.h.district.pk]),
    "dashboards:completeness[xlsx]": Target(
        args=lambda w: [w.h.district.pk], query="?_export=xlsx"
    ),
    "dashboards:ward": Target(args=lambda w: [w.h.ward_a.pk]),
    "dashboards:ward_history": Target(args=lambda w: [w.h.ward_a.pk]),
    "printouts:ward_report": Target(args=lambda w: [w.h.ward_a.pk]),
    "printouts:ward_report_pdf": Target(args=lambda w: [w.h.ward_a.pk]),
    "spreadsheets:export": Target(args=lambda w: [w.h.ward_a.pk, "workbook", "xlsx"]),
    "spreadsheets:export[cells.csv]": Target(args=lambda w: [w.h.ward_a.pk, "cells", "csv"]),
    "spreadsheets:import": Target(args=lambda w: [w.h.ward_a.pk]),
    "spreadsheets:confirm": Target(args=lambda w: [w.h.ward_a.pk], data=lambda w: {"token": "x"}),
    "admin:index": Target(),
    "admin:login": Target(data=lambda w: {"username": "alice", "password": "wrong"}),
    "admin:logout": Target(),
    "admin:password_change": Target(data=lambda w: {"old_password": "wrong"}),
    "admin:password_change_done": Target(),
    "admin:jsi18n": Target(),
    "admin:app_list": Target(args=lambda w: ["reports"]),
    "admin:app_list[accounts]": Target(args=lambda w: ["accounts"]),
    "admin:autocomplete": Target(
        query="?app_label=reports&model_name=report&field_name=ward&term=Ph"
    ),
    "admin:view_on_site": Target(args=_report_content_type),
    "admin:auth_user_password_change": Target(
        args=lambda w: [w.user.pk],
        data=lambda w: {
            "password1": "another long passphrase 2025",
            "password2": "another long passphrase 2025",
        },
    ),
    **_admin_targets(),
    "admin:reports_report_changelist[approved]": Target(
        data=_action_data("reports.report"), prepare=_approved
    ),
    "admin:reports_report_change[approved]": Target(
        args=lambda w: [w.a.report.pk],
        data=EDITS["reports.report"],
        form=lambda w: reverse("admin:reports_report_change", args=[w.a.report.pk]),
        prepare=_approved,
    ),
    "admin:reports_report_delete[approved]": Target(
        args=lambda w: [w.a.report.pk], data=lambda w: {"post": "yes"}, prepare=_approved
    ),
    "admin:indicators_target_revise": Target(
        args=lambda w: [w.a.target.pk], data=_target_correction
    ),
    "admin:reports_report_workflow": Target(args=_workflow("submit")),
    "admin:reports_report_workflow[approve]": Target(args=_workflow("approve"), prepare=_submitted),
    "admin:reports_report_workflow[return]": Target(
        args=_workflow("return"), prepare=_submitted, data=lambda w: {"reason": "Sai số liệu"}
    ),
    "admin:reports_report_workflow[reopen]": Target(
        args=_workflow("reopen"), prepare=_approved, data=lambda w: {"reason": "Sửa số liệu"}
    ),
}


def url_name_of(key: str) -> str:
    """A variant ("admin:app_list[accounts]") requests the same URL name ("admin:app_list")."""
    return re.sub(r"\[.*\]$", "", key)


# --- Building a POST the way a browser would ---------------------------------------------


def post_data(target: Target, w) -> dict:
    data = superuser_form_data(w, target.form(w)) if target.form is not None else {}
    return data | target.data(w)


# --- The matrix --------------------------------------------------------------------------

# Columns: alice (edits ward A), bob (edits ward B), vera (views ward A), olga (area officer of
# ward A's district), oscar (area officer of another district), petra (provincial
# administrator), anon (not logged in). Each row requests ward A's object of that URL.

# fmt: off
GRID: list[tuple] = [
    # url name                              method  alice      bob        vera       olga       oscar      petra      anon
    # --- Our pages ---
    # Home: a ward's people get their page of what is due; an area's, their area's dashboard.
    ("home",                                GET,    OK,        OK,        OK,        REDIRECT,  REDIRECT,  REDIRECT,  LOGIN),
    ("home",                                POST,   OK,        OK,        OK,        REDIRECT,  REDIRECT,  REDIRECT,  LOGIN),
    # Logging in and out, outside the admin: whoever is logged in goes home.
    ("login",                               GET,    REDIRECT,  REDIRECT,  REDIRECT,  REDIRECT,  REDIRECT,  REDIRECT,  OK),
    ("login",                               POST,   REDIRECT,  REDIRECT,  REDIRECT,  REDIRECT,  REDIRECT,  REDIRECT,  OK),
    ("logout",                              GET,    NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED),
    ("logout",                              POST,   LOGIN,     LOGIN,     LOGIN,     LOGIN,     LOGIN,     LOGIN,     LOGIN),
    # --- The ward secretary's screens ---
    # Ward A's report of the period: its editors enter and save it (here: a new 2025 report);
    # its viewer and the area above see it, read-only; a save by them is refused (403).
    ("entry:report",                        GET,    OK,        NOT_FOUND, OK,        OK,        NOT_FOUND, OK,        LOGIN),
    ("entry:report",                        POST,   SAVED,     NOT_FOUND, FORBIDDEN, FORBIDDEN, NOT_FOUND, SAVED,     LOGIN),
    # The area's review of the submitted 2024 report: returned with a reason by the area above.
    ("entry:review",                        GET,    NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, LOGIN),
    ("entry:review",                        POST,   FORBIDDEN, NOT_FOUND, FORBIDDEN, SAVED,     NOT_FOUND, SAVED,     LOGIN),
    # Ward A's cadre records: seen as its page is; added, corrected, ended, confirmed by its
    # editors and the province.
    ("entry:cadres",                        GET,    OK,        NOT_FOUND, OK,        OK,        NOT_FOUND, OK,        LOGIN),
    ("entry:cadres",                        POST,   OK,        NOT_FOUND, OK,        OK,        NOT_FOUND, OK,        LOGIN),
    ("entry:cadre_new",                     GET,    OK,        NOT_FOUND, FORBIDDEN, FORBIDDEN, NOT_FOUND, OK,        LOGIN),
    ("entry:cadre_new",                     POST,   SAVED,     NOT_FOUND, FORBIDDEN, FORBIDDEN, NOT_FOUND, SAVED,     LOGIN),
    ("entry:cadre_edit",                    GET,    OK,        NOT_FOUND, FORBIDDEN, FORBIDDEN, NOT_FOUND, OK,        LOGIN),
    ("entry:cadre_edit",                    POST,   SAVED,     NOT_FOUND, FORBIDDEN, FORBIDDEN, NOT_FOUND, SAVED,     LOGIN),
    ("entry:cadre_end",                     GET,    OK,        NOT_FOUND, FORBIDDEN, FORBIDDEN, NOT_FOUND, OK,        LOGIN),
    ("entry:cadre_end",                     POST,   SAVED,     NOT_FOUND, FORBIDDEN, FORBIDDEN, NOT_FOUND, SAVED,     LOGIN),
    ("entry:cadres_confirm",                GET,    NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, LOGIN),
    ("entry:cadres_confirm",                POST,   SAVED,     NOT_FOUND, FORBIDDEN, FORBIDDEN, NOT_FOUND, SAVED,     LOGIN),
    # The phone layout's labels: a stylesheet of column names, the same for everyone.
    ("entry:labels",                        GET,    OK,        OK,        OK,        OK,        OK,        OK,        OK),
    ("entry:labels",                        POST,   OK,        OK,        OK,        OK,        OK,        OK,        OK),
    ("healthz",                             GET,    OK,        OK,        OK,        OK,        OK,        OK,        OK),
    ("healthz",                             POST,   NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED),
    ("set_language",                        GET,    REDIRECT,  REDIRECT,  REDIRECT,  REDIRECT,  REDIRECT,  REDIRECT,  REDIRECT),
    ("set_language",                        POST,   REDIRECT,  REDIRECT,  REDIRECT,  REDIRECT,  REDIRECT,  REDIRECT,  REDIRECT),
    # The district's pages: its officer and the province, nobody below or beside.
    ("dashboards:area",                     GET,    NOT_FOUND, NOT_FOUND, NOT_FOUND, OK,        NOT_FOUND, OK,        LOGIN),
    ("dashboards:area",                     POST,   NOT_FOUND, NOT_FOUND, NOT_FOUND, OK,        NOT_FOUND, OK,        LOGIN),
    ("dashboards:area[csv]",                GET,    NOT_FOUND, NOT_FOUND, NOT_FOUND, OK,        NOT_FOUND, OK,        LOGIN),
    ("dashboards:area[csv]",                POST,   NOT_FOUND, NOT_FOUND, NOT_FOUND, OK,        NOT_FOUND, OK,        LOGIN),
    ("dashboards:rollup",                   GET,    NOT_FOUND, NOT_FOUND, NOT_FOUND, OK,        NOT_FOUND, OK,        LOGIN),
    ("dashboards:rollup",                   POST,   NOT_FOUND, NOT_FOUND, NOT_FOUND, OK,        NOT_FOUND, OK,        LOGIN),
    ("dashboards:rollup[csv]",              GET,    NOT_FOUND, NOT_FOUND, NOT_FOUND, OK,        NOT_FOUND, OK,        LOGIN),
    ("dashboards:rollup[csv]",              POST,   NOT_FOUND, NOT_FOUND, NOT_FOUND, OK,        NOT_FOUND, OK,        LOGIN),
    ("dashboards:completeness",             GET,    NOT_FOUND, NOT_FOUND, NOT_FOUND, OK,        NOT_FOUND, OK,        LOGIN),
    ("dashboards:completeness",             POST,   NOT_FOUND, NOT_FOUND, NOT_FOUND, OK,        NOT_FOUND, OK,        LOGIN),
    ("dashboards:completeness[xlsx]",       GET,    NOT_FOUND, NOT_FOUND, NOT_FOUND, OK,        NOT_FOUND, OK,        LOGIN),
    ("dashboards:completeness[xlsx]",       POST,   NOT_FOUND, NOT_FOUND, NOT_FOUND, OK,        NOT_FOUND, OK,        LOGIN),
    # Ward A's page: its own people and the areas above it.
    ("dashboards:ward",                     GET,    OK,        NOT_FOUND, OK,        OK,        NOT_FOUND, OK,        LOGIN),
    ("dashboards:ward",                     POST,   OK,        NOT_FOUND, OK,        OK,        NOT_FOUND, OK,        LOGIN),
    ("dashboards:ward_history",             GET,    OK,        NOT_FOUND, OK,        OK,        NOT_FOUND, OK,        LOGIN),
    ("dashboards:ward_history",             POST,   OK,        NOT_FOUND, OK,        OK,        NOT_FOUND, OK,        LOGIN),
    # Ward A's printed report, page and PDF: as its page.
    ("printouts:ward_report",               GET,    OK,        NOT_FOUND, OK,        OK,        NOT_FOUND, OK,        LOGIN),
    ("printouts:ward_report",               POST,   OK,        NOT_FOUND, OK,        OK,        NOT_FOUND, OK,        LOGIN),
    ("printouts:ward_report_pdf",           GET,    OK,        NOT_FOUND, OK,        OK,        NOT_FOUND, OK,        LOGIN),
    ("printouts:ward_report_pdf",           POST,   OK,        NOT_FOUND, OK,        OK,        NOT_FOUND, OK,        LOGIN),
    # Ward A's spreadsheets: whoever sees its page.
    ("spreadsheets:export",                 GET,    OK,        NOT_FOUND, OK,        OK,        NOT_FOUND, OK,        LOGIN),
    ("spreadsheets:export",                 POST,   OK,        NOT_FOUND, OK,        OK,        NOT_FOUND, OK,        LOGIN),
    ("spreadsheets:export[cells.csv]",      GET,    OK,        NOT_FOUND, OK,        OK,        NOT_FOUND, OK,        LOGIN),
    ("spreadsheets:export[cells.csv]",      POST,   OK,        NOT_FOUND, OK,        OK,        NOT_FOUND, OK,        LOGIN),
    # Importing into ward A: its editors only; its viewer and the district's officer see the
    # ward but may not change it (403). A POST without a file is refused as a form error.
    ("spreadsheets:import",                 GET,    OK,        NOT_FOUND, FORBIDDEN, FORBIDDEN, NOT_FOUND, OK,        LOGIN),
    ("spreadsheets:import",                 POST,   BAD,       NOT_FOUND, FORBIDDEN, FORBIDDEN, NOT_FOUND, BAD,       LOGIN),
    # Confirming an import: only by POST; with no preview behind it, a conflict, nothing saved.
    ("spreadsheets:confirm",                GET,    NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, LOGIN),
    ("spreadsheets:confirm",                POST,   CONFLICT,  NOT_FOUND, FORBIDDEN, FORBIDDEN, NOT_FOUND, CONFLICT,  LOGIN),
    # --- The admin's own pages ---
    ("admin:index",                         GET,    OK,        OK,        OK,        OK,        OK,        OK,        LOGIN),
    ("admin:index",                         POST,   OK,        OK,        OK,        OK,        OK,        OK,        LOGIN),
    ("admin:login",                         GET,    INDEX,     INDEX,     INDEX,     INDEX,     INDEX,     INDEX,     OK),
    ("admin:login",                         POST,   OK,        OK,        OK,        OK,        OK,        OK,        OK),
    ("admin:logout",                        GET,    NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, INDEX),
    ("admin:logout",                        POST,   LOGIN,     LOGIN,     LOGIN,     LOGIN,     LOGIN,     LOGIN,     INDEX),
    ("admin:password_change",               GET,    OK,        OK,        OK,        OK,        OK,        OK,        LOGIN),
    ("admin:password_change",               POST,   OK,        OK,        OK,        OK,        OK,        OK,        LOGIN),
    ("admin:password_change_done",          GET,    OK,        OK,        OK,        OK,        OK,        OK,        LOGIN),
    ("admin:password_change_done",          POST,   NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, LOGIN),
    ("admin:jsi18n",                        GET,    OK,        OK,        OK,        OK,        OK,        OK,        LOGIN),
    ("admin:jsi18n",                        POST,   NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, LOGIN),
    ("admin:app_list",                      GET,    OK,        OK,        OK,        OK,        OK,        OK,        LOGIN),
    ("admin:app_list",                      POST,   OK,        OK,        OK,        OK,        OK,        OK,        LOGIN),
    ("admin:app_list[accounts]",            GET,    NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, OK,        LOGIN),
    ("admin:app_list[accounts]",            POST,   NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, OK,        LOGIN),
    # What it returns is scoped (test_scope.py); here, who may ask at all.
    ("admin:autocomplete",                  GET,    OK,        OK,        OK,        OK,        OK,        OK,        LOGIN),
    ("admin:autocomplete",                  POST,   NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, LOGIN),
    # No model has get_absolute_url: 404 whoever asks, whether the object exists or not.
    ("admin:view_on_site",                  GET,    NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, LOGIN),
    ("admin:view_on_site",                  POST,   NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, LOGIN),
    # --- People: only the provincial administrator, never deleted (made inactive) ---
    ("admin:auth_user_changelist",          GET,    FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK,        LOGIN),
    ("admin:auth_user_changelist",          POST,   FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, BACK,      LOGIN),
    ("admin:auth_user_add",                 GET,    FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK,        LOGIN),
    ("admin:auth_user_add",                 POST,   FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, SAVED,     LOGIN),
    ("admin:auth_user_change",              GET,    FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK,        LOGIN),
    ("admin:auth_user_change",              POST,   FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, SAVED,     LOGIN),
    ("admin:auth_user_history",             GET,    MISSING,   MISSING,   MISSING,   MISSING,   MISSING,   OK,        LOGIN),
    ("admin:auth_user_history",             POST,   MISSING,   MISSING,   MISSING,   MISSING,   MISSING,   OK,        LOGIN),
    ("admin:auth_user_delete",              GET,    FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, LOGIN),
    ("admin:auth_user_delete",              POST,   FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, LOGIN),
    ("admin:auth_user_password_change",     GET,    FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK,        LOGIN),
    ("admin:auth_user_password_change",     POST,   FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, SAVED,     LOGIN),
    ("admin:accounts_role_changelist",      GET,    FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK,        LOGIN),
    ("admin:accounts_role_changelist",      POST,   FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, SAVED,     LOGIN),
    ("admin:accounts_role_add",             GET,    FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK,        LOGIN),
    ("admin:accounts_role_add",             POST,   FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, SAVED,     LOGIN),
    ("admin:accounts_role_change",          GET,    FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK,        LOGIN),
    ("admin:accounts_role_change",          POST,   FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, SAVED,     LOGIN),
    ("admin:accounts_role_history",         GET,    MISSING,   MISSING,   MISSING,   MISSING,   MISSING,   OK,        LOGIN),
    ("admin:accounts_role_history",         POST,   MISSING,   MISSING,   MISSING,   MISSING,   MISSING,   OK,        LOGIN),
    ("admin:accounts_role_delete",          GET,    FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK,        LOGIN),
    ("admin:accounts_role_delete",          POST,   FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, SAVED,     LOGIN),
    # --- The tree of units: kept by the province, read by everyone within their scope ---
    ("admin:hierarchy_unit_changelist",     GET,    OK,        OK,        OK,        OK,        OK,        OK,        LOGIN),
    ("admin:hierarchy_unit_changelist",     POST,   OK,        OK,        OK,        OK,        OK,        SAVED,     LOGIN),
    ("admin:hierarchy_unit_add",            GET,    FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK,        LOGIN),
    ("admin:hierarchy_unit_add",            POST,   FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, SAVED,     LOGIN),
    ("admin:hierarchy_unit_change",         GET,    OK,        MISSING,   OK,        OK,        MISSING,   OK,        LOGIN),
    ("admin:hierarchy_unit_change",         POST,   FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, SAVED,     LOGIN),
    ("admin:hierarchy_unit_history",        GET,    OK,        MISSING,   OK,        OK,        MISSING,   OK,        LOGIN),
    ("admin:hierarchy_unit_history",        POST,   OK,        MISSING,   OK,        OK,        MISSING,   OK,        LOGIN),
    ("admin:hierarchy_unit_delete",         GET,    FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK,        LOGIN),
    ("admin:hierarchy_unit_delete",         POST,   FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, SAVED,     LOGIN),
    ("admin:hierarchy_unitlink_changelist", GET,    OK,        OK,        OK,        OK,        OK,        OK,        LOGIN),
    ("admin:hierarchy_unitlink_changelist", POST,   OK,        OK,        OK,        OK,        OK,        SAVED,     LOGIN),
    ("admin:hierarchy_unitlink_add",        GET,    FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK,        LOGIN),
    ("admin:hierarchy_unitlink_add",        POST,   FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, SAVED,     LOGIN),
    ("admin:hierarchy_unitlink_change",     GET,    OK,        MISSING,   OK,        OK,        MISSING,   OK,        LOGIN),
    ("admin:hierarchy_unitlink_change",     POST,   FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, SAVED,     LOGIN),
    ("admin:hierarchy_unitlink_history",    GET,    OK,        MISSING,   OK,        OK,        MISSING,   OK,        LOGIN),
    ("admin:hierarchy_unitlink_history",    POST,   OK,        MISSING,   OK,        OK,        MISSING,   OK,        LOGIN),
    ("admin:hierarchy_unitlink_delete",     GET,    FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK,        LOGIN),
    ("admin:hierarchy_unitlink_delete",     POST,   FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, SAVED,     LOGIN),
    ("admin:hierarchy_lineage_changelist",  GET,    OK,        OK,        OK,        OK,        OK,        OK,        LOGIN),
    ("admin:hierarchy_lineage_changelist",  POST,   OK,        OK,        OK,        OK,        OK,        SAVED,     LOGIN),
    ("admin:hierarchy_lineage_add",         GET,    FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK,        LOGIN),
    ("admin:hierarchy_lineage_add",         POST,   FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, SAVED,     LOGIN),
    ("admin:hierarchy_lineage_change",      GET,    OK,        MISSING,   OK,        OK,        MISSING,   OK,        LOGIN),
    ("admin:hierarchy_lineage_change",      POST,   FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, SAVED,     LOGIN),
    ("admin:hierarchy_lineage_history",     GET,    OK,        MISSING,   OK,        OK,        MISSING,   OK,        LOGIN),
    ("admin:hierarchy_lineage_history",     POST,   OK,        MISSING,   OK,        OK,        MISSING,   OK,        LOGIN),
    ("admin:hierarchy_lineage_delete",      GET,    FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK,        LOGIN),
    ("admin:hierarchy_lineage_delete",      POST,   FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, SAVED,     LOGIN),
    ("admin:hierarchy_unitfacts_changelist",  GET,    OK,        OK,        OK,        OK,        OK,        OK,        LOGIN),
    ("admin:hierarchy_unitfacts_changelist",  POST,   OK,        OK,        OK,        OK,        OK,        SAVED,     LOGIN),
    ("admin:hierarchy_unitfacts_add",         GET,    FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK,        LOGIN),
    ("admin:hierarchy_unitfacts_add",         POST,   FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, SAVED,     LOGIN),
    ("admin:hierarchy_unitfacts_change",      GET,    OK,        MISSING,   OK,        OK,        MISSING,   OK,        LOGIN),
    ("admin:hierarchy_unitfacts_change",      POST,   FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, SAVED,     LOGIN),
    ("admin:hierarchy_unitfacts_history",     GET,    OK,        MISSING,   OK,        OK,        MISSING,   OK,        LOGIN),
    ("admin:hierarchy_unitfacts_history",     POST,   OK,        MISSING,   OK,        OK,        MISSING,   OK,        LOGIN),
    ("admin:hierarchy_unitfacts_delete",      GET,    FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK,        LOGIN),
    ("admin:hierarchy_unitfacts_delete",      POST,   FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, SAVED,     LOGIN),
    # --- A ward's own work: its editors and the province change it, the others read it ---
    # bob's list POST names ward A's row, which his list does not have: back, unchanged.
    ("admin:hierarchy_cell_changelist",     GET,    OK,        OK,        OK,        OK,        OK,        OK,        LOGIN),
    ("admin:hierarchy_cell_changelist",     POST,   SAVED,     BACK,      OK,        OK,        OK,        SAVED,     LOGIN),
    # bob's add names ward A: the form refuses the choice and shows itself again.
    ("admin:hierarchy_cell_add",            GET,    OK,        OK,        FORBIDDEN, FORBIDDEN, FORBIDDEN, OK,        LOGIN),
    ("admin:hierarchy_cell_add",            POST,   SAVED,     OK,        FORBIDDEN, FORBIDDEN, FORBIDDEN, SAVED,     LOGIN),
    ("admin:hierarchy_cell_change",         GET,    OK,        MISSING,   OK,        OK,        MISSING,   OK,        LOGIN),
    ("admin:hierarchy_cell_change",         POST,   SAVED,     MISSING,   FORBIDDEN, FORBIDDEN, FORBIDDEN, SAVED,     LOGIN),
    ("admin:hierarchy_cell_history",        GET,    OK,        MISSING,   OK,        OK,        MISSING,   OK,        LOGIN),
    ("admin:hierarchy_cell_history",        POST,   OK,        MISSING,   OK,        OK,        MISSING,   OK,        LOGIN),
    ("admin:hierarchy_cell_delete",         GET,    OK,        MISSING,   FORBIDDEN, FORBIDDEN, FORBIDDEN, OK,        LOGIN),
    ("admin:hierarchy_cell_delete",         POST,   SAVED,     MISSING,   FORBIDDEN, FORBIDDEN, FORBIDDEN, SAVED,     LOGIN),
    ("admin:reports_report_changelist",     GET,    OK,        OK,        OK,        OK,        OK,        OK,        LOGIN),
    # A ward editor has no "delete" action on reports: a report is corrected or returned.
    ("admin:reports_report_changelist",     POST,   OK,        OK,        OK,        OK,        OK,        SAVED,     LOGIN),
    ("admin:reports_report_add",            GET,    OK,        OK,        FORBIDDEN, FORBIDDEN, FORBIDDEN, OK,        LOGIN),
    ("admin:reports_report_add",            POST,   SAVED,     OK,        FORBIDDEN, FORBIDDEN, FORBIDDEN, SAVED,     LOGIN),
    # olga may change reports (the workflow), but not this ward's figures.
    ("admin:reports_report_change",         GET,    OK,        MISSING,   OK,        OK,        MISSING,   OK,        LOGIN),
    ("admin:reports_report_change",         POST,   SAVED,     MISSING,   FORBIDDEN, FORBIDDEN, MISSING,   SAVED,     LOGIN),
    ("admin:reports_report_history",        GET,    OK,        MISSING,   OK,        OK,        MISSING,   OK,        LOGIN),
    ("admin:reports_report_history",        POST,   OK,        MISSING,   OK,        OK,        MISSING,   OK,        LOGIN),
    ("admin:reports_report_delete",         GET,    FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK,        LOGIN),
    ("admin:reports_report_delete",         POST,   FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, SAVED,     LOGIN),
    # An approved report is read-only for everyone, through every admin URL.
    ("admin:reports_report_changelist[approved]", GET, OK,     OK,        OK,        OK,        OK,        OK,        LOGIN),
    ("admin:reports_report_changelist[approved]", POST, OK,   OK,        OK,        OK,        OK,        FORBIDDEN, LOGIN),
    ("admin:reports_report_change[approved]", GET,  OK,        MISSING,   OK,        OK,        MISSING,   OK,        LOGIN),
    ("admin:reports_report_change[approved]", POST, FORBIDDEN, MISSING,   FORBIDDEN, FORBIDDEN, MISSING,   FORBIDDEN, LOGIN),
    ("admin:reports_report_delete[approved]", GET,  FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, LOGIN),
    ("admin:reports_report_delete[approved]", POST, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, LOGIN),
    # The workflow: the ward submits, the area approves, returns, reopens. A step someone
    # may not take is refused with a message on the report's page; outside the scope, 404.
    ("admin:reports_report_workflow",       GET,    NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, LOGIN),
    ("admin:reports_report_workflow",       POST,   SAVED, NOT_FOUND, REDIRECT, REDIRECT, NOT_FOUND, SAVED, LOGIN),
    ("admin:reports_report_workflow[approve]", GET, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, LOGIN),
    ("admin:reports_report_workflow[approve]", POST, REDIRECT, NOT_FOUND, REDIRECT,  SAVED, NOT_FOUND, SAVED, LOGIN),
    ("admin:reports_report_workflow[return]", GET,  NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, LOGIN),
    ("admin:reports_report_workflow[return]", POST, REDIRECT,  NOT_FOUND, REDIRECT,  SAVED, NOT_FOUND, SAVED, LOGIN),
    ("admin:reports_report_workflow[reopen]", GET,  NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, LOGIN),
    ("admin:reports_report_workflow[reopen]", POST, REDIRECT,  NOT_FOUND, REDIRECT,  SAVED, NOT_FOUND, SAVED, LOGIN),
    ("admin:staffing_cadre_changelist",     GET,    OK,        OK,        OK,        OK,        OK,        OK,        LOGIN),
    # The viewers have the export actions but not "delete selected": refused, back to the list.
    ("admin:staffing_cadre_changelist",     POST,   SAVED,     BACK,      BACK,      BACK,      BACK,      SAVED,     LOGIN),
    ("admin:staffing_cadre_add",            GET,    OK,        OK,        FORBIDDEN, FORBIDDEN, FORBIDDEN, OK,        LOGIN),
    ("admin:staffing_cadre_add",            POST,   SAVED,     OK,        FORBIDDEN, FORBIDDEN, FORBIDDEN, SAVED,     LOGIN),
    ("admin:staffing_cadre_change",         GET,    OK,        MISSING,   OK,        OK,        MISSING,   OK,        LOGIN),
    ("admin:staffing_cadre_change",         POST,   SAVED,     MISSING,   FORBIDDEN, FORBIDDEN, FORBIDDEN, SAVED,     LOGIN),
    ("admin:staffing_cadre_history",        GET,    OK,        MISSING,   OK,        OK,        MISSING,   OK,        LOGIN),
    ("admin:staffing_cadre_history",        POST,   OK,        MISSING,   OK,        OK,        MISSING,   OK,        LOGIN),
    ("admin:staffing_cadre_delete",         GET,    OK,        MISSING,   FORBIDDEN, FORBIDDEN, FORBIDDEN, OK,        LOGIN),
    ("admin:staffing_cadre_delete",         POST,   SAVED,     MISSING,   FORBIDDEN, FORBIDDEN, FORBIDDEN, SAVED,     LOGIN),
    # --- What the province sets for its wards: quotas and targets ---
    ("admin:staffing_wardquota_changelist", GET,    OK,        OK,        OK,        OK,        OK,        OK,        LOGIN),
    ("admin:staffing_wardquota_changelist", POST,   OK,        OK,        OK,        OK,        OK,        SAVED,     LOGIN),
    ("admin:staffing_wardquota_add",        GET,    FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK,        LOGIN),
    ("admin:staffing_wardquota_add",        POST,   FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, SAVED,     LOGIN),
    ("admin:staffing_wardquota_change",     GET,    OK,        MISSING,   OK,        OK,        MISSING,   OK,        LOGIN),
    ("admin:staffing_wardquota_change",     POST,   FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, SAVED,     LOGIN),
    ("admin:staffing_wardquota_history",    GET,    OK,        MISSING,   OK,        OK,        MISSING,   OK,        LOGIN),
    ("admin:staffing_wardquota_history",    POST,   OK,        MISSING,   OK,        OK,        MISSING,   OK,        LOGIN),
    ("admin:staffing_wardquota_delete",     GET,    FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK,        LOGIN),
    ("admin:staffing_wardquota_delete",     POST,   FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, SAVED,     LOGIN),
    # A target belongs to its area (here the district): the ward's own people do not see it.
    ("admin:indicators_target_changelist",  GET,    OK,        OK,        OK,        OK,        OK,        OK,        LOGIN),
    ("admin:indicators_target_changelist",  POST,   OK,        OK,        OK,        OK,        OK,        SAVED,     LOGIN),
    ("admin:indicators_target_add",         GET,    FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK,        LOGIN),
    ("admin:indicators_target_add",         POST,   FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, SAVED,     LOGIN),
    ("admin:indicators_target_change",      GET,    MISSING,   MISSING,   MISSING,   OK,        MISSING,   OK,        LOGIN),
    ("admin:indicators_target_change",      POST,   FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, SAVED,     LOGIN),
    ("admin:indicators_target_history",     GET,    MISSING,   MISSING,   MISSING,   OK,        MISSING,   OK,        LOGIN),
    ("admin:indicators_target_history",     POST,   MISSING,   MISSING,   MISSING,   OK,        MISSING,   OK,        LOGIN),
    ("admin:indicators_target_delete",      GET,    FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK,        LOGIN),
    ("admin:indicators_target_delete",      POST,   FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, SAVED,     LOGIN),
    ("admin:indicators_target_revise",      GET,    NOT_FOUND, NOT_FOUND, NOT_FOUND, FORBIDDEN, NOT_FOUND, OK,        LOGIN),
    ("admin:indicators_target_revise",      POST,   NOT_FOUND, NOT_FOUND, NOT_FOUND, FORBIDDEN, NOT_FOUND, SAVED,     LOGIN),
    # --- Reference data shared by every ward: read by all, kept by the province ---
    ("admin:periods_period_changelist",     GET,    OK,        OK,        OK,        OK,        OK,        OK,        LOGIN),
    ("admin:periods_period_changelist",     POST,   OK,        OK,        OK,        OK,        OK,        SAVED,     LOGIN),
    ("admin:periods_period_add",            GET,    FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK,        LOGIN),
    ("admin:periods_period_add",            POST,   FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, SAVED,     LOGIN),
    ("admin:periods_period_change",         GET,    OK,        OK,        OK,        OK,        OK,        OK,        LOGIN),
    ("admin:periods_period_change",         POST,   FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, SAVED,     LOGIN),
    ("admin:periods_period_history",        GET,    OK,        OK,        OK,        OK,        OK,        OK,        LOGIN),
    ("admin:periods_period_history",        POST,   OK,        OK,        OK,        OK,        OK,        OK,        LOGIN),
    ("admin:periods_period_delete",         GET,    FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK,        LOGIN),
    ("admin:periods_period_delete",         POST,   FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, SAVED,     LOGIN),
    ("admin:staffing_quotaruleset_changelist", GET, OK,        OK,        OK,        OK,        OK,        OK,        LOGIN),
    ("admin:staffing_quotaruleset_changelist", POST, OK,       OK,        OK,        OK,        OK,        SAVED,     LOGIN),
    ("admin:staffing_quotaruleset_add",     GET,    FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK,        LOGIN),
    ("admin:staffing_quotaruleset_add",     POST,   FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, SAVED,     LOGIN),
    ("admin:staffing_quotaruleset_change",  GET,    OK,        OK,        OK,        OK,        OK,        OK,        LOGIN),
    ("admin:staffing_quotaruleset_change",  POST,   FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, SAVED,     LOGIN),
    ("admin:staffing_quotaruleset_history", GET,    OK,        OK,        OK,        OK,        OK,        OK,        LOGIN),
    ("admin:staffing_quotaruleset_history", POST,   OK,        OK,        OK,        OK,        OK,        OK,        LOGIN),
    ("admin:staffing_quotaruleset_delete",  GET,    FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK,        LOGIN),
    ("admin:staffing_quotaruleset_delete",  POST,   FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, SAVED,     LOGIN),
    ("admin:staffing_planningterm_changelist", GET, OK,        OK,        OK,        OK,        OK,        OK,        LOGIN),
    ("admin:staffing_planningterm_changelist", POST, OK,       OK,        OK,        OK,        OK,        SAVED,     LOGIN),
    ("admin:staffing_planningterm_add",     GET,    FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK,        LOGIN),
    ("admin:staffing_planningterm_add",     POST,   FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, SAVED,     LOGIN),
    ("admin:staffing_planningterm_change",  GET,    OK,        OK,        OK,        OK,        OK,        OK,        LOGIN),
    ("admin:staffing_planningterm_change",  POST,   FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, SAVED,     LOGIN),
    ("admin:staffing_planningterm_history", GET,    OK,        OK,        OK,        OK,        OK,        OK,        LOGIN),
    ("admin:staffing_planningterm_history", POST,   OK,        OK,        OK,        OK,        OK,        OK,        LOGIN),
    ("admin:staffing_planningterm_delete",  GET,    FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK,        LOGIN),
    ("admin:staffing_planningterm_delete",  POST,   FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, SAVED,     LOGIN),
    ("admin:staffing_ageband_changelist",   GET,    OK,        OK,        OK,        OK,        OK,        OK,        LOGIN),
    ("admin:staffing_ageband_changelist",   POST,   OK,        OK,        OK,        OK,        OK,        SAVED,     LOGIN),
    ("admin:staffing_ageband_add",          GET,    FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK,        LOGIN),
    ("admin:staffing_ageband_add",          POST,   FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, SAVED,     LOGIN),
    ("admin:staffing_ageband_change",       GET,    OK,        OK,        OK,        OK,        OK,        OK,        LOGIN),
    ("admin:staffing_ageband_change",       POST,   FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, SAVED,     LOGIN),
    ("admin:staffing_ageband_history",      GET,    OK,        OK,        OK,        OK,        OK,        OK,        LOGIN),
    ("admin:staffing_ageband_history",      POST,   OK,        OK,        OK,        OK,        OK,        OK,        LOGIN),
    ("admin:staffing_ageband_delete",       GET,    FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK,        LOGIN),
    ("admin:staffing_ageband_delete",       POST,   FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, SAVED,     LOGIN),
    # The indicator catalogue is national: only a superuser changes it.
    ("admin:indicators_indicator_changelist", GET,  OK,        OK,        OK,        OK,        OK,        OK,        LOGIN),
    ("admin:indicators_indicator_changelist", POST, OK,        OK,        OK,        OK,        OK,        OK,        LOGIN),
    ("admin:indicators_indicator_add",      GET,    FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, LOGIN),
    ("admin:indicators_indicator_add",      POST,   FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, LOGIN),
    ("admin:indicators_indicator_change",   GET,    OK,        OK,        OK,        OK,        OK,        OK,        LOGIN),
    ("admin:indicators_indicator_change",   POST,   FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, LOGIN),
    ("admin:indicators_indicator_history",  GET,    OK,        OK,        OK,        OK,        OK,        OK,        LOGIN),
    ("admin:indicators_indicator_history",  POST,   OK,        OK,        OK,        OK,        OK,        OK,        LOGIN),
    ("admin:indicators_indicator_delete",   GET,    FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, LOGIN),
    ("admin:indicators_indicator_delete",   POST,   FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, LOGIN),
]
# fmt: on

MATRIX = [
    (url, persona, method, outcome)
    for url, method, *outcomes in GRID
    for persona, outcome in zip(PERSONAS, outcomes, strict=True)
]


def _params():
    for url, persona, method, outcome in MATRIX:
        marks = [pytest.mark.xfail(strict=True, reason=outcome.bug)] if outcome.bug else []
        yield pytest.param(
            url, persona, method, outcome, id=f"{url}-{persona}-{method}", marks=marks
        )


def request_as(client: Client, method: str, url: str, data: dict):
    if method == GET:
        return client.get(url)
    return client.post(url, data)


def assert_answers(response, outcome: Outcome, url: str):
    assert response.status_code == outcome.status, (
        f"{response.status_code} {response.get('Location', '')}"
    )
    location = response.get("Location", "")
    login = (reverse("login"), reverse("admin:login"))  # the app's own, the admin's
    if outcome.to == "login":
        assert location.startswith(login), location
    elif outcome.to == "index":
        assert location == reverse("admin:index"), location
    elif outcome.to == "same":
        assert location == url, location
    elif outcome.to == "elsewhere":
        assert location and not location.startswith(login) and location != url, location


@pytest.mark.parametrize(("key", "persona", "method", "outcome"), list(_params()))
def test_permission_matrix(world, client_for, key, persona, method, outcome):
    target = TARGETS[key]
    if target.prepare is not None:
        target.prepare(world)
    url = target.url(url_name_of(key), world)
    data = post_data(target, world) if method == POST else {}
    client = client_for(getattr(world, persona))
    before = snapshot()

    response = request_as(client, method, url, data)

    assert_answers(response, outcome, url)
    changed = snapshot() != before
    assert changed == outcome.saved, "saved" if changed else "nothing saved"


def test_every_url_has_a_row():
    with_rows = {url_name_of(url) for url, *_ in MATRIX}
    missing = url_names() - with_rows - set(ALLOWED_WITHOUT_ROWS)
    assert not missing, f"URLs without a row in the permission matrix: {sorted(missing)}"


def test_every_row_names_a_url_and_a_target():
    names = url_names()
    assert {url_name_of(url) for url, *_ in MATRIX} <= names
    assert {url for url, *_ in MATRIX} <= set(TARGETS)


def test_every_url_is_asked_by_every_persona_with_get_and_post():
    seen = {}
    for url, persona, method, _ in MATRIX:
        seen.setdefault(url, set()).add((persona, method))
    everyone = {(p, m) for p in PERSONAS for m in (GET, POST)}
    incomplete = {url: everyone - asked for url, asked in seen.items() if asked != everyone}
    assert not incomplete
