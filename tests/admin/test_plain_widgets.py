"""The admin report page's dropdowns and number boxes are written out directly, for speed (a
report of 107 cells has 107 rows, each with its ward's 107 cells): they must write what
Django's templates write, chosen option, attributes and all."""

import pytest
from django import forms
from django.test.html import parse_html

from wardstats.admin.reports import PlainNumberInput, PlainSelect

CHOICES = [("", "---------"), (1, "Chi bộ Khu 1"), (2, 'Chi bộ "Khu 2" & <3>')]


@pytest.mark.parametrize("value", [None, "", 1, 2])
def test_the_dropdown_writes_what_djangos_template_writes(value):
    attrs = {"id": "id_cell_figures-0-cell", "required": True}
    plain = PlainSelect(choices=CHOICES).render("cell_figures-0-cell", value, attrs)
    django = forms.Select(choices=CHOICES).render("cell_figures-0-cell", value, attrs)
    assert parse_html(plain) == parse_html(django)
    assert plain.count(" selected") == 1  # the blank choice when there is no value


@pytest.mark.parametrize("value", [None, 0, 1493, "12.5"])
def test_the_number_box_writes_what_djangos_template_writes(value):
    attrs = {"id": "id_cell_figures-0-members", "min": "0", "step": "any", "disabled": False}
    plain = PlainNumberInput().render("cell_figures-0-members", value, attrs)
    django = forms.NumberInput().render("cell_figures-0-members", value, attrs)
    assert parse_html(plain) == parse_html(django)
