"""Seed the working-day calendar from chinesecalendar (2004 to the package's last year)."""

from django.db import migrations


def forwards(apps, schema_editor):
    from banli.core.calendar_seed import seed

    seed(apps.get_model("core", "CalendarDay"))


class Migration(migrations.Migration):
    dependencies = [("core", "0002_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
