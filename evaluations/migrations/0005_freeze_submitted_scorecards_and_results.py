"""A submitted scorecard's choices and a session's results cannot be changed, whatever writes to
the database (the admin, a shell, a bug): the chair must reopen a scorecard first, and results
are never edited. Triggers on PostgreSQL and SQLite."""

from django.db import migrations

PG_UP = """
CREATE OR REPLACE FUNCTION evaluations_refuse_submitted_choice() RETURNS trigger AS $$
DECLARE card_id bigint;
BEGIN
    IF TG_OP = 'DELETE' THEN card_id := OLD.scorecard_id; ELSE card_id := NEW.scorecard_id; END IF;
    IF EXISTS (SELECT 1 FROM evaluations_scorecard WHERE id = card_id AND status = 'submitted') THEN
        RAISE EXCEPTION 'scorecard % is submitted: reopen it before changing a choice', card_id
            USING ERRCODE = 'check_violation';
    END IF;
    IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER evaluations_refuse_submitted_choice
    BEFORE INSERT OR UPDATE OR DELETE ON evaluations_scorecardchoice
    FOR EACH ROW EXECUTE FUNCTION evaluations_refuse_submitted_choice();

CREATE OR REPLACE FUNCTION evaluations_refuse_result_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'results are frozen when the session closes' USING ERRCODE = 'check_violation';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER evaluations_refuse_result_change
    BEFORE UPDATE ON evaluations_result
    FOR EACH ROW EXECUTE FUNCTION evaluations_refuse_result_change();
"""
PG_DOWN = """
DROP TRIGGER IF EXISTS evaluations_refuse_submitted_choice ON evaluations_scorecardchoice;
DROP FUNCTION IF EXISTS evaluations_refuse_submitted_choice();
DROP TRIGGER IF EXISTS evaluations_refuse_result_change ON evaluations_result;
DROP FUNCTION IF EXISTS evaluations_refuse_result_change();
"""
_SUBMITTED = "(SELECT status FROM evaluations_scorecard WHERE id = {row}.scorecard_id) = 'submitted'"
SQLITE_UP = [
    f"""CREATE TRIGGER evaluations_refuse_submitted_choice_{event.lower()} BEFORE {event} ON evaluations_scorecardchoice
WHEN {_SUBMITTED.format(row=row)}
BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: scorecard is submitted; reopen it first'); END;"""
    for event, row in (("INSERT", "NEW"), ("UPDATE", "NEW"), ("DELETE", "OLD"))
] + [
    """CREATE TRIGGER evaluations_refuse_result_change BEFORE UPDATE ON evaluations_result
BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: results are frozen when the session closes'); END;"""
]
SQLITE_DOWN = [f"DROP TRIGGER IF EXISTS evaluations_refuse_submitted_choice_{e};" for e in ("insert", "update", "delete")] + [
    "DROP TRIGGER IF EXISTS evaluations_refuse_result_change;"
]


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
    dependencies = [("evaluations", "0004_choice_option_belongs_to_criterion")]

    operations = [migrations.RunPython(forwards, backwards)]
