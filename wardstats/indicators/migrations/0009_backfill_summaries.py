"""Recomputes every summary with the one computation (`summaries.refresh_all`): fills the
columns added in 0008 and the staffing breakdowns of rows written before 0005, so that no
reader needs a fallback.

It runs today's code, which writes today's columns: when a later migration of this app exists,
this one does nothing and the latest one recomputes (see `summaries.backfill`).
"""

from django.db import migrations


def backfill(apps, schema_editor):
    from wardstats.indicators.summaries import backfill

    backfill(__name__.rsplit(".", 1)[-1])


class Migration(migrations.Migration):

    dependencies = [
        ("indicators", "0008_historicalindicator_recomputation_delete_dataversion_and_more"),
        ("hierarchy", "0004_build_ancestry"),
        ("reports", "0006_period_moves_to_periods"),
        ("staffing", "0005_ageband_version_cadre_version_and_more"),
        ("accounts", "0004_historicalrole_version_role_version"),
        ("core", "0001_initial"),
    ]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
