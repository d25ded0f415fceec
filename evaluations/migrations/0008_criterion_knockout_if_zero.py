"""A criterion on which 0 points is a knock-out, by a note of its sheet (set 16 of QĐ 26/2026:
“Nếu được 0 điểm tại một trong các chỉ tiêu trên, sẽ không đánh giá các bước tiếp theo”).
`load_criteria` fills it from the notes (evaluations/catalogue.py, `zero_knockout_scope`)."""

import importlib

from django.db import migrations, models

# SQLite rebuilds a table to add a column. The triggers of 0004 and 0005 do not name the criterion
# table, but the rebuild renames tables the scorecard tables point to: as in 0007, they are dropped
# for the rebuild and put back after it. PostgreSQL alters in place.
_choice_trigger = importlib.import_module("evaluations.migrations.0004_choice_option_belongs_to_criterion")
_freeze_triggers = importlib.import_module("evaluations.migrations.0005_freeze_submitted_scorecards_and_results")


def _drop_sqlite_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        _freeze_triggers.backwards(apps, schema_editor)
        _choice_trigger.backwards(apps, schema_editor)


def _restore_sqlite_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        _choice_trigger.forwards(apps, schema_editor)
        _freeze_triggers.forwards(apps, schema_editor)


class Migration(migrations.Migration):

    dependencies = [
        ("evaluations", "0007_round_rules_conflicts_case_comment_receipt"),
    ]

    operations = [
        migrations.RunPython(_drop_sqlite_triggers, _restore_sqlite_triggers),
        migrations.AddField(
            model_name="criterion",
            name="knockout_if_zero",
            field=models.BooleanField(
                default=False,
                help_text="Ghi chú của phiếu: được 0 điểm ở tiêu chí này thì không đánh giá các bước tiếp theo.",
                verbose_name="0 điểm là điều kiện loại",
            ),
        ),
        migrations.RunPython(_restore_sqlite_triggers, _drop_sqlite_triggers),
    ]
