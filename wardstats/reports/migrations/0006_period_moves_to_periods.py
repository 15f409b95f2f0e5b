# Period moved to the app `periods` (same table, reports_period): only Django's state changes.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('indicators', '0008_historicalindicator_recomputation_delete_dataversion_and_more'),
        ('periods', '0001_initial'),
        ('reports', '0005_alter_historicalcellfigures_history_change_reason_and_more'),
        ('staffing', '0005_ageband_version_cadre_version_and_more'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='report',
                    name='period',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='reports', to='periods.period', verbose_name='period'),
                ),
                migrations.AlterField(
                    model_name='historicalreport',
                    name='period',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='periods.period', verbose_name='period'),
                ),
                migrations.DeleteModel(
                    name='Period',
                ),
            ],
            database_operations=[],
        ),
        migrations.AlterField(
            model_name='historicalreport',
            name='version',
            field=models.PositiveIntegerField(default=1, editable=False, help_text='Raised by every save: an edit based on an older version is refused.', verbose_name='version'),
        ),
        migrations.AlterField(
            model_name='report',
            name='version',
            field=models.PositiveIntegerField(default=1, editable=False, help_text='Raised by every save: an edit based on an older version is refused.', verbose_name='version'),
        ),
    ]
