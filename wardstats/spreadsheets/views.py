"""A ward's figures out as spreadsheets, and in again through a preview.

Export: whoever sees the ward (the dashboards' scope). Import: whoever may edit the ward's
figures; others get 404 (outside their scope) or 403 (they only see it). The upload is read
and checked, the preview shown, and the rows kept in the session until the user confirms;
the confirmation re-checks everything and saves all of it, or nothing.
"""

import uuid

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wardstats.accounts import scope
from wardstats.periods.selectors import period_from, periods_of

from . import writer
from .columns import SHEETS_BY_KEY
from .importer import import_sheets, plan_import
from .reader import FileRefused, RawSheet, max_bytes, read_upload

SESSION_KEY = "spreadsheet_import"


def _ward_and_period(request, pk):
    """The ward (404 outside the user's scope, with `can_edit`) and the period asked for."""
    ward = scope.ward_for(request.user, pk)
    periods = periods_of(ward)
    return ward, period_from(request, periods), periods


def _editable(request, ward):
    if not ward.can_edit:
        raise PermissionDenied(_("You may see this ward's figures but not change them."))


@login_required
def export(request, pk, sheet, fmt):
    """`workbook.xlsx` (instructions and every sheet), or one sheet as `.csv` / `.xlsx`."""
    if sheet != "workbook" and sheet not in SHEETS_BY_KEY:
        raise Http404
    if fmt not in ("csv", "xlsx") or (sheet == "workbook" and fmt != "xlsx"):
        raise Http404
    ward, period, _periods = _ward_and_period(request, pk)
    name = f"{ward.code}-{period.year}-{period.number}-{sheet}.{fmt}"
    if fmt == "csv":
        content = writer.csv_bytes(ward, period, SHEETS_BY_KEY[sheet])
    elif sheet == "workbook":
        content = writer.workbook_bytes(ward, period)
    else:
        content = writer.workbook_bytes(ward, period, [SHEETS_BY_KEY[sheet]], instructions=False)
    content_type = writer.CSV_TYPE if fmt == "csv" else writer.XLSX_TYPE
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


class UploadForm(forms.Form):
    # An empty file reaches the reader, which refuses it in the same words as other files.
    file = forms.FileField(
        allow_empty_file=True,
        label=gettext_lazy("Spreadsheet (.xlsx or .csv)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )


def _page_context(ward, period, periods, **extra):
    crumbs = [(_("Home"), reverse("home"))]
    crumbs.append((ward.name, f"{reverse('dashboards:ward', args=[ward.pk])}?period={period.pk}"))
    crumbs.append((_("Import a spreadsheet"), None))
    return {
        "ward": ward,
        "period": period,
        "periods": periods,
        "breadcrumbs": crumbs,
        "max_bytes": max_bytes(),
        **extra,
    }


@login_required
def upload(request, pk):
    ward, period, periods = _ward_and_period(request, pk)
    _editable(request, ward)
    if request.method != "POST":
        context = _page_context(ward, period, periods, form=UploadForm())
        return render(request, "spreadsheets/import.html", context)
    form = UploadForm(request.POST, request.FILES)
    refused = None
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            sheets = read_upload(upload)
        except FileRefused as error:
            refused = str(error)
        else:
            return _preview(request, ward, period, periods, sheets, upload.name)
    context = _page_context(ward, period, periods, form=form, refused=refused)
    return render(request, "spreadsheets/import.html", context, status=400)


def _preview(request, ward, period, periods, sheets, filename, *, warning=None):
    plan = plan_import(ward, period, sheets)
    token = uuid.uuid4().hex
    if plan.ok and plan.has_changes:
        request.session[SESSION_KEY] = {
            "token": token,
            "ward": ward.pk,
            "period": period.pk,
            "filename": filename,
            "fingerprint": plan.fingerprint(),
            "sheets": [sheet.as_json() for sheet in sheets],
        }
    else:
        request.session.pop(SESSION_KEY, None)
    context = _page_context(
        ward,
        period,
        periods,
        plan=plan,
        filename=filename,
        token=token,
        warning=warning,
        form=UploadForm(),
    )
    return render(request, "spreadsheets/preview.html", context, status=200 if plan.ok else 400)


@login_required
def confirm(request, pk):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    ward, period, periods = _ward_and_period(request, pk)
    _editable(request, ward)
    pending = request.session.get(SESSION_KEY)
    if (
        not pending
        or pending.get("token") != request.POST.get("token")
        or pending.get("ward") != ward.pk
        or pending.get("period") != period.pk
    ):
        context = _page_context(
            ward,
            period,
            periods,
            form=UploadForm(),
            refused=_("This preview is no longer current: upload the file again."),
        )
        return render(request, "spreadsheets/import.html", context, status=409)
    sheets = [RawSheet.from_json(data) for data in pending["sheets"]]
    filename = pending["filename"]
    reason = _("Imported from the spreadsheet %(file)s") % {"file": filename}
    plan, saved = import_sheets(
        ward,
        period,
        sheets,
        actor=request.user,
        fingerprint=pending["fingerprint"],
        reason=reason[:200],
    )
    if saved is None:
        # The figures changed since the preview (or the file no longer fits them): show what
        # the file would do now, and let the user confirm that instead.
        response = _preview(
            request,
            ward,
            period,
            periods,
            sheets,
            filename,
            warning=_("The figures changed since your preview: check this new preview."),
        )
        response.status_code = 409
        return response
    request.session.pop(SESSION_KEY, None)
    messages.success(
        request,
        _("%(n)s rows from %(file)s were saved.") % {"n": saved, "file": filename},
    )
    return redirect(f"{reverse('dashboards:ward', args=[ward.pk])}?period={period.pk}")
