"""The ward's cadre records on the secretary's screens: the list of a period, a record added,
corrected or ended (the person left the post, with the date), and the list confirmed for the
period. Every write through `staffing.services`."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wardstats.accounts import scope
from wardstats.collation import vi_collate
from wardstats.hierarchy.models import Unit
from wardstats.periods.selectors import period_from, periods_of
from wardstats.staffing import services
from wardstats.staffing.models import Cadre, CadreListConfirmation, PlanningTerm

from .home import WardCard, confirmed

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CadreForm(forms.ModelForm):
    seen_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Cadre
        fields = [
            "full_name",
            "position",
            "category",
            "neighbourhood",
            "gender",
            "birth_year",
            "education",
            "political_theory",
            "meets_standard",
            "planning_terms",
            "valid_from",
            "valid_to",
        ]
        widgets = {
            "birth_year": forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
            "planning_terms": forms.CheckboxSelectMultiple,
            "valid_from": DATE,
            "valid_to": DATE,
        }

    def __init__(self, *args, ward, period, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.ward = ward
        neighbourhoods = Unit.objects.neighbourhoods().children_of(ward, period.end)
        self.fields["neighbourhood"].queryset = neighbourhoods.order_by(vi_collate("name").asc())
        self.fields["planning_terms"].queryset = PlanningTerm.objects.order_by("start_year")
        if self.instance.pk:
            self.fields["seen_version"].initial = self.instance.version


class EndForm(forms.Form):
    last_day = forms.DateField(label=gettext_lazy("Last day in the post"), widget=DATE)
    seen_version = forms.IntegerField(widget=forms.HiddenInput)


def _ward_and_period(request, pk):
    ward = scope.ward_for(request.user, pk)
    periods = periods_of(ward)
    return ward, period_from(request, periods), periods


def _editor(ward):
    if not ward.can_edit:
        raise PermissionDenied(_("You may see this ward's records but not change them."))


def _list_url(ward, period) -> str:
    return f"{reverse('entry:cadres', args=[ward.pk])}?period={period.pk}"


def records_of(ward, period):
    """The records that held a post at any time in the period, in Vietnamese order."""
    return (
        Cadre.objects.filter(ward=ward, valid_from__lte=period.end)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=period.start))
        .select_related("neighbourhood")
        .prefetch_related("planning_terms")
        .order_by("category", vi_collate("full_name").asc(), "pk")
    )


@login_required
def cadres(request, pk):
    ward, period, periods = _ward_and_period(request, pk)
    confirmation = CadreListConfirmation.objects.filter(ward=ward, period=period).first()
    card = WardCard(ward=ward, can_edit=ward.can_edit, period=period, confirmation=confirmation)
    context = {
        "ward": ward,
        "period": period,
        "periods": periods,
        "records": records_of(ward, period),
        "confirmation": confirmation,
        "confirmed": confirmed(card),
    }
    return render(request, "entry/cadres.html", context)


def _save(request, form, ward):
    """Through the services; a refusal (a stale version, a rule) lands on the form."""
    planning_terms = form.cleaned_data["planning_terms"]
    cadre = form.save(commit=False)
    try:
        if cadre.pk is None:
            services.cadre_create(actor=request.user, cadre=cadre, planning_terms=planning_terms)
        else:
            services.cadre_change(
                actor=request.user,
                cadre=cadre,
                seen_version=form.cleaned_data["seen_version"],
                planning_terms=planning_terms,
            )
    except ValidationError as error:
        form.add_error(None, error)
        return False
    return True


@login_required
def cadre_form(request, pk, cadre_pk=None):
    ward, period, periods = _ward_and_period(request, pk)
    _editor(ward)
    cadre = get_object_or_404(Cadre, pk=cadre_pk, ward=ward) if cadre_pk else Cadre(ward=ward)
    form = CadreForm(request.POST or None, instance=cadre, ward=ward, period=period)
    if request.method == "POST" and form.is_valid() and _save(request, form, ward):
        messages.success(request, _("The record of %(name)s was saved.") % {"name": cadre})
        return redirect(_list_url(ward, period))
    context = {"ward": ward, "period": period, "periods": periods, "form": form, "cadre": cadre}
    return render(request, "entry/cadre_form.html", context, status=400 if form.errors else 200)


@login_required
def cadre_end(request, pk, cadre_pk):
    ward, period, periods = _ward_and_period(request, pk)
    _editor(ward)
    cadre = get_object_or_404(Cadre, pk=cadre_pk, ward=ward)
    form = EndForm(request.POST or None, initial={"seen_version": cadre.version})
    if request.method == "POST" and form.is_valid():
        try:
            services.cadre_end(
                actor=request.user,
                cadre=cadre,
                seen_version=form.cleaned_data["seen_version"],
                last_day=form.cleaned_data["last_day"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("%(name)s left the post.") % {"name": cadre.full_name})
            return redirect(_list_url(ward, period))
    context = {"ward": ward, "period": period, "periods": periods, "form": form, "cadre": cadre}
    return render(request, "entry/cadre_end.html", context, status=400 if form.errors else 200)


@login_required
def cadres_confirm(request, pk):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    ward, period, _periods = _ward_and_period(request, pk)
    _editor(ward)
    services.cadre_list_confirm(actor=request.user, ward=ward, period=period)
    messages.success(
        request, _("The cadre records are confirmed for %(period)s.") % {"period": period}
    )
    return redirect(_list_url(ward, period))
