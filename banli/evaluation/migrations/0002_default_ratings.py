"""The default ratings: 满意, 基本满意 (both counted as satisfied) and 不满意 (re-handling)."""

from django.db import migrations

DEFAULTS = [
    ("satisfied", "满意", True, False),
    ("basically_satisfied", "基本满意", True, False),
    ("dissatisfied", "不满意", False, True),
]


def seed(apps, schema_editor):
    Option = apps.get_model("evaluation", "RatingOption")
    for sort, (code, label, satisfied, reopens) in enumerate(DEFAULTS):
        Option.objects.get_or_create(
            jurisdiction=None,
            code=code,
            defaults={"label": label, "satisfied": satisfied, "reopens": reopens, "sort": sort},
        )


class Migration(migrations.Migration):
    dependencies = [("evaluation", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
