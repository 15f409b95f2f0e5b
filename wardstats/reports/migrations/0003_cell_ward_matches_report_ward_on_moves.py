"""Moving a cell, or a report, to another ward must not leave figures of a foreign cell in a
report: the same rule as 0002, watched from the other two tables."""

from django.db import migrations

POSTGRES_UP = """
CREATE OR REPLACE FUNCTION cellfigures_cell_ward_matches_report_ward_on_cell() RETURNS trigger AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM reports_cellfigures f JOIN reports_report r ON r.id = f.report_id
               WHERE f.cell_id = NEW.id AND r.ward_id IS DISTINCT FROM NEW.ward_id) THEN
        RAISE EXCEPTION 'cellfigures_cell_ward_matches_report_ward'
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER cellfigures_cell_ward_matches_report_ward_on_cell
    BEFORE UPDATE OF ward_id ON hierarchy_cell
    FOR EACH ROW EXECUTE FUNCTION cellfigures_cell_ward_matches_report_ward_on_cell();

CREATE OR REPLACE FUNCTION cellfigures_cell_ward_matches_report_ward_on_report() RETURNS trigger AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM reports_cellfigures f JOIN hierarchy_cell c ON c.id = f.cell_id
               WHERE f.report_id = NEW.id AND c.ward_id IS DISTINCT FROM NEW.ward_id) THEN
        RAISE EXCEPTION 'cellfigures_cell_ward_matches_report_ward'
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER cellfigures_cell_ward_matches_report_ward_on_report
    BEFORE UPDATE OF ward_id ON reports_report
    FOR EACH ROW EXECUTE FUNCTION cellfigures_cell_ward_matches_report_ward_on_report();
"""
POSTGRES_DOWN = """
DROP TRIGGER IF EXISTS cellfigures_cell_ward_matches_report_ward_on_cell ON hierarchy_cell;
DROP FUNCTION IF EXISTS cellfigures_cell_ward_matches_report_ward_on_cell();
DROP TRIGGER IF EXISTS cellfigures_cell_ward_matches_report_ward_on_report ON reports_report;
DROP FUNCTION IF EXISTS cellfigures_cell_ward_matches_report_ward_on_report();
"""
SQLITE_UP = [
    """
CREATE TRIGGER cellfigures_cell_ward_matches_report_ward_on_cell
BEFORE UPDATE OF ward_id ON hierarchy_cell
WHEN EXISTS (SELECT 1 FROM reports_cellfigures f JOIN reports_report r ON r.id = f.report_id
             WHERE f.cell_id = NEW.id AND r.ward_id IS NOT NEW.ward_id)
BEGIN
    SELECT RAISE(ABORT, 'cellfigures_cell_ward_matches_report_ward');
END;
""",
    """
CREATE TRIGGER cellfigures_cell_ward_matches_report_ward_on_report
BEFORE UPDATE OF ward_id ON reports_report
WHEN EXISTS (SELECT 1 FROM reports_cellfigures f JOIN hierarchy_cell c ON c.id = f.cell_id
             WHERE f.report_id = NEW.id AND c.ward_id IS NOT NEW.ward_id)
BEGIN
    SELECT RAISE(ABORT, 'cellfigures_cell_ward_matches_report_ward');
END;
""",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS cellfigures_cell_ward_matches_report_ward_on_cell",
    "DROP TRIGGER IF EXISTS cellfigures_cell_ward_matches_report_ward_on_report",
]


def create_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_UP)
    elif vendor == "sqlite":
        for sql in SQLITE_UP:
            schema_editor.execute(sql)


def drop_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_DOWN)
    elif vendor == "sqlite":
        for sql in SQLITE_DOWN:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("reports", "0002_cell_ward_matches_report_ward")]

    operations = [migrations.RunPython(create_triggers, drop_triggers)]
