"""The five departments of the bureau exist from the start, so accounts can be created before any plan."""

from django.db import migrations

DEPARTMENTS = [
    ("trade", "对外贸易科", 1),
    ("markets", "市场体系建设科", 2),
    ("regulation", "市场秩序科", 3),
    ("outreach", "对外经济合作科", 4),
    ("office", "办公室", 5),
]


def create_departments(apps, schema_editor):
    Department = apps.get_model("plan", "Department")
    for code, name, order in DEPARTMENTS:
        Department.objects.get_or_create(code=code, defaults={"name": name, "order": order})


class Migration(migrations.Migration):
    dependencies = [("plan", "0001_initial")]

    operations = [migrations.RunPython(create_departments, migrations.RunPython.noop)]
