"""Signal receivers of the core app. Connected by importing this module in ``CoreConfig.ready()``."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from banli.core.deadlines import recompute_after_commit
from banli.core.models import CalendarDay


@receiver(post_save, sender=CalendarDay, dispatch_uid="core.calendar_day_saved")
@receiver(post_delete, sender=CalendarDay, dispatch_uid="core.calendar_day_deleted")
def calendar_changed(sender: type[CalendarDay], using: str, **kwargs: Any) -> None:
    """A holiday added, moved or removed (admin, shell, fixtures) moves the open deadlines.

    After commit, so a rolled-back edit moves nothing, and once per transaction however many days it
    touches. Bulk writes send no signals: the calendar import schedules the recompute itself.
    """
    recompute_after_commit(using=using)
