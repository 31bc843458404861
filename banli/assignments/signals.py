"""Editing a handling policy recomputes the open deadlines that follow it, once the edit commits."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from banli.assignments.models import HandlingPolicy


@receiver(post_save, sender=HandlingPolicy, dispatch_uid="handling_policy_saved")
@receiver(post_delete, sender=HandlingPolicy, dispatch_uid="handling_policy_deleted")
def _policy_changed(sender: type[HandlingPolicy], instance: HandlingPolicy, **kwargs: Any) -> None:
    from banli.assignments.services import recompute_policy_deadlines

    assembly_id = instance.assembly_id
    transaction.on_commit(lambda: recompute_policy_deadlines(assembly_id), robust=True)
