"""No lost update on any object people edit: two people open the same object, the first saves,
the second's save — begun from the older version — is refused with what the first changed,
and the first's change stays. One mechanism (core.versioning) for every editable object of the
admin; the report and the cadre records on the secretary's screens have their own tests
(tests/entry)."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from tests.access.conftest import admin_form_data
from tests.access.test_permission_matrix import EDITS, OBJECTS

# Each object with the field the first person changes and the one the second (stale) changes.
SECOND = {
    "hierarchy.unit": {"name": "Khu phố A2 đổi tên lần hai"},
    "hierarchy.lineage": {"note": "Ghi chú lần hai"},
    "hierarchy.unitfacts": {"population": "9900"},
    "hierarchy.unitlink": {"valid_from": "2020-01-03"},
    "hierarchy.cell": {"name": "Chi bộ Trường A lần hai"},
    "periods.period": {"deadline": "2025-05-15"},
    "reports.report": {"declared_members": "33"},
    "staffing.quotaruleset": {"name": "Nghị định lần hai"},
    "staffing.wardquota": {"admissions_target": "7"},
    "staffing.planningterm": {"end_year": "2027"},
    "staffing.ageband": {"label": "Dưới 37"},
    "staffing.cadre": {"position": "Phó Bí thư"},
    "accounts.role": {"kind": "ward_viewer"},
    "indicators.indicator": {"name": "Chỉ số lần hai"},
    "indicators.target": {"note": "Ghi chú lần hai"},
}
# The user accounts themselves are Django's (no version of ours): the roles are versioned.
LABELS = [label for label in OBJECTS if label in SECOND]


def test_every_editable_object_of_the_admin_is_covered():
    assert set(OBJECTS) - set(SECOND) == {"auth.user"}


@pytest.mark.parametrize("label", LABELS)
def test_a_stale_save_is_refused_with_what_changed_and_the_first_stays(world, label):
    obj = OBJECTS[label](world)
    model = type(obj)
    app, name = label.split(".")
    url = reverse(f"admin:{app}_{name}_change", args=[obj.pk])
    first, second = Client(), Client()
    first.force_login(world.admin)
    other = get_user_model().objects.create_superuser(username="an", password="pw")
    second.force_login(other)
    first_form = admin_form_data(first.get(url))
    second_form = admin_form_data(second.get(url))  # both opened the same version

    saved = first.post(url, first_form | EDITS[label](world) | {"_save": "1"})
    assert saved.status_code == 302, saved.status_code
    after_first = model.objects.values().get(pk=obj.pk)

    refused = second.post(url, second_form | SECOND[label] | {"_save": "1"})
    assert refused.status_code == 200
    errors = refused.context["adminform"].form.non_field_errors()
    assert errors and errors[0].startswith("Người khác đã lưu nội dung này"), errors
    assert len(errors) > 1, "the refusal lists what the other person changed"
    assert model.objects.values().get(pk=obj.pk) == after_first
