"""A note belongs to a target, not to a department (docs/rules.md, "Settled questions"): the new TargetNote holds
one 原因分析及措施 per target and month, and the department's month note (MonthlyReport.note) is copied into it.

How nothing is lost: every non-empty department note of a month of a plan year is copied to **each target of
that department in that year's plan**, with the note's history (each earlier text, who wrote it and when)
copied into each target's note history. Which of the targets were off track that month cannot be known here:
the status needs the domain apps' figures and the thresholds of the settings, which a migration's frozen models
do not have. Copying to all of them loses nothing that was shown: every screen shows a target's note only beside
an off-track target (card, drill-down, bulletin, workbook), as it showed the department's note before; the
department then corrects each target's note on its own. Migration 0014 then drops the old field, so that a
note is stored once and cannot disagree with itself. The one kind of note with no target to go to (a month of a
year without a plan, where prior-year base figures are entered, or of a department without targets) was never
shown beside a target; it goes with the field, and the migration prints how many there were.

Reversing joins each department's target notes of a month back into its month note, each prefixed with its
target's name when they differ.
"""

import django.core.validators
import django.db.models.deletion
import django.utils.timezone
import simple_history.models
from django.conf import settings
from django.db import migrations, models

COPIED = "Copied from the department's month note"


def copy_department_notes(apps, schema_editor):
    """Each department's month note, with its history, to each of the department's targets of that year's plan."""
    MonthlyReport = apps.get_model("plan", "MonthlyReport")
    HistoricalMonthlyReport = apps.get_model("plan", "HistoricalMonthlyReport")
    Target = apps.get_model("plan", "Target")
    TargetNote = apps.get_model("plan", "TargetNote")
    HistoricalTargetNote = apps.get_model("plan", "HistoricalTargetNote")
    targets = {}
    for target in Target.objects.select_related("plan").order_by("order"):
        targets.setdefault((target.department_id, target.plan.year), []).append(target)
    unread = 0
    for report in MonthlyReport.objects.exclude(note="").order_by("pk"):
        mine = targets.get((report.department_id, report.year), [])
        if not mine:
            unread += 1
            continue
        # The note's texts in turn as the report's history kept them (who, when), the current one last.
        texts = []
        for row in HistoricalMonthlyReport.objects.filter(id=report.pk).order_by("history_id"):
            if row.note and (not texts or texts[-1][0] != row.note):
                texts.append((row.note, row.history_date, row.history_user_id))
        if not texts or texts[-1][0] != report.note:
            texts.append((report.note, django.utils.timezone.now(), None))
        for target in mine:
            note = TargetNote.objects.create(
                target=target, month=report.month, text=report.note, version=len(texts)
            )
            HistoricalTargetNote.objects.bulk_create(
                HistoricalTargetNote(
                    id=note.id,
                    target_id=target.id,
                    month=report.month,
                    text=text,
                    version=index + 1,
                    history_date=when,
                    history_user_id=who,
                    history_type="+" if index == 0 else "~",
                    history_change_reason=COPIED,
                )
                for index, (text, when, who) in enumerate(texts)
            )
    if unread:
        print(
            f"\n  {unread} month note(s) of a year without a plan or a department without targets: not copied"
        )


def join_target_notes(apps, schema_editor):
    """Back: each department's target notes of a month joined into its month note."""
    MonthlyReport = apps.get_model("plan", "MonthlyReport")
    TargetNote = apps.get_model("plan", "TargetNote")
    joined = {}
    for note in TargetNote.objects.exclude(text="").select_related("target__plan").order_by("target__order"):
        key = (note.target.department_id, note.target.plan.year, note.month)
        joined.setdefault(key, []).append((note.target.name, note.text))
    for (department_id, year, month), notes in joined.items():
        texts = {text for _name, text in notes}
        note = notes[0][1] if len(texts) == 1 else "\n".join(f"{name}：{text}" for name, text in notes)
        report, _created = MonthlyReport.objects.get_or_create(
            department_id=department_id, year=year, month=month
        )
        report.note = note[:2000]
        report.save(update_fields=["note"])


class Migration(migrations.Migration):
    dependencies = [
        ("plan", "0012_versions"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="HistoricalTargetNote",
            fields=[
                (
                    "id",
                    models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID"),
                ),
                ("month", models.PositiveSmallIntegerField(verbose_name="month")),
                (
                    "text",
                    models.TextField(
                        blank=True,
                        max_length=2000,
                        validators=[django.core.validators.MaxLengthValidator(2000)],
                        verbose_name="analysis and measures (原因分析及措施)",
                    ),
                ),
                ("version", models.PositiveIntegerField(default=0)),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.TextField(null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "target",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="plan.target",
                        verbose_name="target",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical target note",
                "verbose_name_plural": "historical target notes",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="TargetNote",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("month", models.PositiveSmallIntegerField(verbose_name="month")),
                (
                    "text",
                    models.TextField(
                        blank=True,
                        max_length=2000,
                        validators=[django.core.validators.MaxLengthValidator(2000)],
                        verbose_name="analysis and measures (原因分析及措施)",
                    ),
                ),
                ("version", models.PositiveIntegerField(default=0)),
                (
                    "target",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="notes",
                        to="plan.target",
                        verbose_name="target",
                    ),
                ),
            ],
            options={
                "verbose_name": "target note",
                "verbose_name_plural": "target notes",
                "ordering": ["month", "target__order"],
                "constraints": [
                    models.UniqueConstraint(fields=("target", "month"), name="unique_target_note"),
                    models.CheckConstraint(
                        condition=models.Q(("month__gte", 1), ("month__lte", 12)),
                        name="target_note_month_range",
                    ),
                ],
            },
        ),
        migrations.RunPython(copy_department_notes, join_target_notes),
    ]
