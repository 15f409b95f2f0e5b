"""The SQLite triggers behind the rule "a cell's ward matches its report's ward".

SQLite rebuilds a table for many schema changes (copy, drop, rename), and refuses to while a
trigger names the table being dropped; so a migration that alters reports_report,
reports_cellfigures or hierarchy_cell on SQLite wraps its operations in
`without_sqlite_triggers(...)`. PostgreSQL alters tables in place and needs none of this.
"""

from django.db import migrations

MESSAGE = "cellfigures_cell_ward_matches_report_ward"

SQLITE_TRIGGERS = {
    f"{MESSAGE}_insert": f"""
CREATE TRIGGER {MESSAGE}_insert BEFORE INSERT ON reports_cellfigures
WHEN (SELECT ward_id FROM hierarchy_cell WHERE id = NEW.cell_id)
     IS NOT (SELECT ward_id FROM reports_report WHERE id = NEW.report_id)
BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;""",
    f"{MESSAGE}_update": f"""
CREATE TRIGGER {MESSAGE}_update BEFORE UPDATE OF cell_id, report_id ON reports_cellfigures
WHEN (SELECT ward_id FROM hierarchy_cell WHERE id = NEW.cell_id)
     IS NOT (SELECT ward_id FROM reports_report WHERE id = NEW.report_id)
BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;""",
    f"{MESSAGE}_on_cell": f"""
CREATE TRIGGER {MESSAGE}_on_cell BEFORE UPDATE OF ward_id ON hierarchy_cell
WHEN EXISTS (SELECT 1 FROM reports_cellfigures f JOIN reports_report r ON r.id = f.report_id
             WHERE f.cell_id = NEW.id AND r.ward_id IS NOT NEW.ward_id)
BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;""",
    f"{MESSAGE}_on_report": f"""
CREATE TRIGGER {MESSAGE}_on_report BEFORE UPDATE OF ward_id ON reports_report
WHEN EXISTS (SELECT 1 FROM reports_cellfigures f JOIN hierarchy_cell c ON c.id = f.cell_id
             WHERE f.report_id = NEW.id AND c.ward_id IS NOT NEW.ward_id)
BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;""",
}


def drop_sqlite_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for name in SQLITE_TRIGGERS:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}")


def create_sqlite_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for sql in SQLITE_TRIGGERS.values():
            schema_editor.execute(sql)


def without_sqlite_triggers(*operations):
    """Operations run with the SQLite triggers dropped, then recreated (both ways)."""
    return [
        migrations.RunPython(drop_sqlite_triggers, create_sqlite_triggers),
        *operations,
        migrations.RunPython(create_sqlite_triggers, drop_sqlite_triggers),
    ]
