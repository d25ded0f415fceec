"""A chosen option must be one of its criterion's options: enforced by the database (a trigger,
since a composite foreign key cannot be declared in Django), on PostgreSQL and SQLite alike."""

from django.db import migrations

PG_UP = """
CREATE OR REPLACE FUNCTION evaluations_choice_option_of_criterion() RETURNS trigger AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM evaluations_option WHERE id = NEW.option_id AND criterion_id = NEW.criterion_id) THEN
        RAISE EXCEPTION 'option % is not an option of criterion %', NEW.option_id, NEW.criterion_id
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER evaluations_choice_option_of_criterion
    BEFORE INSERT OR UPDATE ON evaluations_scorecardchoice
    FOR EACH ROW EXECUTE FUNCTION evaluations_choice_option_of_criterion();
"""
PG_DOWN = """
DROP TRIGGER IF EXISTS evaluations_choice_option_of_criterion ON evaluations_scorecardchoice;
DROP FUNCTION IF EXISTS evaluations_choice_option_of_criterion();
"""
SQLITE_UP = [
    f"""
CREATE TRIGGER evaluations_choice_option_of_criterion_{event.lower()}
BEFORE {event} ON evaluations_scorecardchoice
WHEN NOT EXISTS (SELECT 1 FROM evaluations_option WHERE id = NEW.option_id AND criterion_id = NEW.criterion_id)
BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: option is not an option of its criterion'); END;
"""
    for event in ("INSERT", "UPDATE")
]
SQLITE_DOWN = [f"DROP TRIGGER IF EXISTS evaluations_choice_option_of_criterion_{e};" for e in ("insert", "update")]


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_UP, params=None)
    elif vendor == "sqlite":
        for statement in SQLITE_UP:
            schema_editor.execute(statement)


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_DOWN, params=None)
    elif vendor == "sqlite":
        for statement in SQLITE_DOWN:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("evaluations", "0003_name_sheet_parts_sections_and_choices")]

    operations = [migrations.RunPython(forwards, backwards)]
