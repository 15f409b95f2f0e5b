from django.db import migrations, models


class Migration(migrations.Migration):
    """One version per scope (a province, or everywhere: the existing row), raised after the
    write commits, instead of one row every write in the country locks."""

    dependencies = [("core", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="dataversion",
            name="scope",
            field=models.BigIntegerField(default=0),
        ),
        migrations.AlterField(
            model_name="dataversion",
            name="scope",
            field=models.BigIntegerField(default=0, unique=True),
        ),
    ]
