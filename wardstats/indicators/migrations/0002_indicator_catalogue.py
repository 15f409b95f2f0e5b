from django.db import migrations

from wardstats.indicators.catalogue import FIRST_CATALOGUE, INDICATORS


def load(apps, schema_editor):
    Indicator = apps.get_model("indicators", "Indicator")
    for order, row in enumerate(INDICATORS[:FIRST_CATALOGUE], start=1):
        code, short, short_en, name, name_en, unit, numerator, denominator = row
        Indicator.objects.update_or_create(
            code=code,
            defaults={
                "short_name": short,
                "short_name_en": short_en,
                "name": name,
                "name_en": name_en,
                "unit": unit,
                "numerator": numerator,
                "denominator": denominator,
                "order": order * 10,
            },
        )


def unload(apps, schema_editor):
    codes = [row[0] for row in INDICATORS[:FIRST_CATALOGUE]]
    apps.get_model("indicators", "Indicator").objects.filter(code__in=codes).delete()


class Migration(migrations.Migration):
    dependencies = [("indicators", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
