"""A criterion on which 0 points is a knock-out, by a note of its sheet (set 16 of QĐ 26/2026:
“Nếu được 0 điểm tại một trong các chỉ tiêu trên, sẽ không đánh giá các bước tiếp theo”).
`load_criteria` fills it from the notes (evaluations/catalogue.py, `zero_knockout_scope`)."""

import importlib

from django.db import migrations, models

# SQLite rebuilds a table to add a column. The triggers of 0004 and 0005 do not name the criterion
# table, but the rebuild renames tables the scorecard tables point to: as in 0007, they are dropped
# for the rebuild and put back after it. PostgreSQL alters in place.
_rebuild = importlib.import_module("evaluations.migrations.0007_round_rules_conflicts_case_comment_receipt")
_drop_sqlite_triggers, _restore_sqlite_triggers = _rebuild._drop_sqlite_triggers, _rebuild._restore_sqlite_triggers


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
