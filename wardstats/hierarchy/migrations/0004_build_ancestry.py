"""Fills UnitAncestry from the links that exist (the hierarchy's services keep it after)."""

from django.db import migrations


def build(apps, schema_editor):
    from wardstats.hierarchy import ancestry

    Unit = apps.get_model("hierarchy", "Unit")
    UnitLink = apps.get_model("hierarchy", "UnitLink")
    UnitAncestry = apps.get_model("hierarchy", "UnitAncestry")
    units = list(Unit.objects.values_list("pk", "level", "valid_from", "valid_to"))
    links = list(UnitLink.objects.values_list("child_id", "parent_id", "valid_from", "valid_to"))
    UnitAncestry.objects.all().delete()
    rows = ancestry.rows(UnitAncestry, ancestry.routes(units, links))
    UnitAncestry.objects.bulk_create(rows, batch_size=5000)


def empty(apps, schema_editor):
    apps.get_model("hierarchy", "UnitAncestry").objects.all().delete()


class Migration(migrations.Migration):

    dependencies = [
        ("hierarchy", "0003_cell_version_lineage_version_unit_version_and_more"),
    ]

    operations = [migrations.RunPython(build, empty)]
