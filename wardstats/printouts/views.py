"""The printable report of a ward and period, as an HTML page for the browser's Print and as
a PDF. Both fetch the ward as the ward page does (`accounts.scope.unit_for`): a ward outside
the user's scope answers 404."""

import logging
import re
import warnings

from django.contrib.auth.decorators import login_required
from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone

from wardstats.accounts import scope
from wardstats.hierarchy.models import Level
from wardstats.periods.models import PeriodKind
from wardstats.periods.selectors import period_from, periods_of

from .selectors import ward_report as gather

logger = logging.getLogger(__name__)

TEMPLATE = "printouts/ward_report.html"
STYLESHEET = "wardstats/print.css"


def _context(request, pk) -> dict:
    ward = scope.unit_for(request.user, pk, levels=[Level.COMMUNE])
    periods = periods_of(ward)
    period = period_from(request, periods)
    return {
        "ward": ward,
        "period": period,
        "printed": timezone.localtime(),
        **gather(ward=ward, period=period),
    }


def pdf_filename(ward, period) -> str:
    """07069-2018-bao-cao.pdf; a half-year or quarter adds its number (07069-2025-q2-…)."""
    code = re.sub(r"[^A-Za-z0-9]", "", ward.code)  # it goes into a header
    if period.kind == PeriodKind.YEAR:
        return f"{code}-{period.year}-bao-cao.pdf"
    return f"{code}-{period.year}-{period.kind[0]}{period.number}-bao-cao.pdf"


def load_weasyprint():
    """WeasyPrint, imported on first use: it loads Pango through cffi, and on a server without
    Pango the import raises OSError, which must not take the HTML page down with it."""
    with warnings.catch_warnings():
        # Without libharfbuzz-subset WeasyPrint subsets fonts with fontTools (the PDF is right)
        # and warns that a future version will need the library: a note for the server's
        # administrator, logged by WeasyPrint too, not an error of this request.
        warnings.filterwarnings("ignore", message="HarfBuzz-Subset", category=DeprecationWarning)
        import weasyprint
    return weasyprint


@login_required
def ward_report(request, pk):
    return render(request, TEMPLATE, _context(request, pk))


@login_required
def ward_report_pdf(request, pk):
    context = _context(request, pk)
    try:
        weasyprint = load_weasyprint()
    except (ImportError, OSError):
        logger.warning("WeasyPrint cannot be loaded: PDF of the ward report unavailable")
        return render(request, TEMPLATE, {**context, "pdf_unavailable": True}, status=503)
    html = render_to_string(TEMPLATE, {**context, "for_pdf": True}, request=request)
    # The stylesheet is read from the static files on disk, not fetched over HTTP.
    pdf = weasyprint.HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf(
        stylesheets=[weasyprint.CSS(filename=finders.find(STYLESHEET))]
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = pdf_filename(context["ward"], context["period"])
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
