"""The database refuses figures of a cell of another ward than the report's.

A check constraint cannot look at other tables, so this is a trigger, on both databases.
Its message names the rule, so the error says which rule refused the row.
"""

from django.db import migrations

POSTGRES_UP = """
CREATE OR REPLACE FUNCTION cellfigures_cell_ward_matches_report_ward() RETURNS trigger AS $$
BEGIN
    IF (SELECT ward_id FROM hierarchy_cell WHERE id = NEW.cell_id)
       IS DISTINCT FROM (SELECT ward_id FROM reports_report WHERE id = NEW.report_id) THEN
        RAISE EXCEPTION 'cellfigures_cell_ward_matches_report_ward'
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER cellfigures_cell_ward_matches_report_ward
    BEFORE INSERT OR UPDATE OF cell_id, report_id ON reports_cellfigures
    FOR EACH ROW EXECUTE FUNCTION cellfigures_cell_ward_matches_report_ward();
"""
POSTGRES_DOWN = """
DROP TRIGGER IF EXISTS cellfigures_cell_ward_matches_report_ward ON reports_cellfigures;
DROP FUNCTION IF EXISTS cellfigures_cell_ward_matches_report_ward();
"""
SQLITE_CHECK = """
CREATE TRIGGER cellfigures_cell_ward_matches_report_ward_{when}
BEFORE {event} ON reports_cellfigures
WHEN (SELECT ward_id FROM hierarchy_cell WHERE id = NEW.cell_id)
     IS NOT (SELECT ward_id FROM reports_report WHERE id = NEW.report_id)
BEGIN
    SELECT RAISE(ABORT, 'cellfigures_cell_ward_matches_report_ward');
END;
"""


def create_trigger(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_UP)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_CHECK.format(when="insert", event="INSERT"))
        schema_editor.execute(
            SQLITE_CHECK.format(when="update", event="UPDATE OF cell_id, report_id")
        )


def drop_trigger(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_DOWN)
    elif vendor == "sqlite":
        for when in ("insert", "update"):
            schema_editor.execute(
                f"DROP TRIGGER IF EXISTS cellfigures_cell_ward_matches_report_ward_{when}"
            )


class Migration(migrations.Migration):
    dependencies = [("reports", "0001_initial")]

    operations = [migrations.RunPython(create_trigger, drop_trigger)]
