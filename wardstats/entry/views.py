"""The ward secretary's screens: her home, the year's report (entry, check, submit; read-only
once submitted; the area's review on the same page), and the ward's cadre records.

Every view fetches its ward through `accounts.scope.ward_for` (404 outside the person's scope)
and writes through the services. Plain form posts: the screens work without JavaScript, which
only adds the live checks, the unsaved-edits warning and the keyboard moves.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control

from wardstats.accounts import scope
from wardstats.core.versioning import StaleVersion
from wardstats.periods.selectors import period_from, periods_of
from wardstats.reports import services
from wardstats.reports.models import Report

from . import home as home_data
from .rendering import COLUMNS
from .report import ReportScreen, report_url


@login_required
def home(request):
    """The secretary's home: what is due in each of her wards."""
    return render(request, "entry/home.html", {"cards": home_data.cards(request.user)})


def _ward_and_period(request, pk):
    ward = scope.ward_for(request.user, pk)
    periods = periods_of(ward)
    return ward, period_from(request, periods), periods


@login_required
def report(request, pk):
    ward, period, periods = _ward_and_period(request, pk)
    screen = ReportScreen(request, ward=ward, period=period, periods=periods)
    if request.method == "POST":
        return _save(request, screen)
    return screen.render()


def _save(request, screen: ReportScreen):
    if not screen.editable:
        raise PermissionDenied(_("This report cannot be changed here."))
    screen.read_post()
    if screen.clashed():
        return screen.render(status=409)
    if not screen.valid():
        return screen.render(status=400)
    try:
        report = screen.save()
    except StaleVersion:  # someone saved between the check and the save
        screen.read_post()
        screen.clashed(force=True)
        return screen.render(status=409)
    except ValidationError as error:
        screen.refused(error)
        return screen.render(status=400)
    if request.POST.get("action") == "submit":
        _submit(request, report)
    else:
        messages.success(request, _("Saved."))
    return redirect(report_url(screen.ward, screen.period, screen.part))


def _submit(request, report: Report):
    """The figures are saved; now the checks, and up to the area if they pass."""
    try:
        services.report_submit(actor=request.user, report=report)
    except ValidationError:
        messages.warning(
            request,
            _("Your figures are saved, but the report was not submitted: correct the "
              "problems listed below, then submit again."),
        )  # fmt: skip
    else:
        messages.success(request, _("Saved and submitted to the area above. It will now check it."))


REVIEW_ACTIONS = {
    "approve": (services.report_approve, False, _("The report was approved.")),
    "return": (services.report_return, True, _("The report was returned to the ward.")),
    "reopen": (services.report_reopen, True, _("The report was reopened.")),
}


@login_required
def review(request, pk):
    """The area's decision on a submitted report: approve (confirmed), or return with a reason."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    ward, period, _periods = _ward_and_period(request, pk)
    report = Report.objects.filter(ward=ward, period=period).first()
    action = request.POST.get("action")
    if report is None or action not in REVIEW_ACTIONS:
        raise PermissionDenied(_("There is nothing to review here."))
    service, needs_reason, done = REVIEW_ACTIONS[action]
    kwargs = {"actor": request.user, "report": report}
    if needs_reason:
        kwargs["reason"] = request.POST.get("reason", "")
    if action == "approve" and request.POST.get("confirm") != "yes":
        messages.error(request, _("Tick the box to confirm the approval."))
        return redirect(report_url(ward, period))
    try:
        service(**kwargs)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, done)
    return redirect(report_url(ward, period))


def _css_string(text: str) -> str:
    return '"' + str(text).replace("\\", "\\\\").replace('"', '\\"') + '"'


@cache_control(max_age=86400, public=True)
def labels_css(request, language, codes):
    """The phone layout's name above each input of the cells' grid, in the page's language, for
    the period's columns in their order (`codes`: their short names, joined by "-"). A
    stylesheet rather than markup: 1.500 labels less on a 107-cell page; the inputs themselves
    are named for screen readers by their column headings."""
    by_code = {c.code: c for c in COLUMNS}
    columns = [by_code.get(code) for code in codes.split("-")]
    if language not in dict(settings.LANGUAGES) or None in columns:
        raise Http404
    with translation.override(language):
        rules = "\n".join(
            f"  .grid tbody td:nth-child({n}):not(:empty)::before "
            f"{{ content: {_css_string(c.label)}; }}"
            for n, c in enumerate(columns, start=2)
        )
    css = f"/* the cells' grid on a phone */\n@media (max-width: 760px) {{\n{rules}\n}}\n"
    return HttpResponse(css, content_type="text/css; charset=utf-8")
