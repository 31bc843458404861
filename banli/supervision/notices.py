"""Who hears of the acts of 督 (the lines in ``notifications.events.RULES`` name these)."""

from __future__ import annotations

from typing import Any

from banli.core.models import Event, Role, RoleCode


def urged_unit(event: Event, assignment: Any) -> list[int]:
    """An urging: the liaisons of the unit urged, and the handler of the item there."""
    users = list(
        Role.objects.filter(
            unit_id=assignment.unit_id, code=RoleCode.LIAISON, user__is_active=True
        ).values_list("user_id", flat=True)
    )
    return [*users, assignment.handler_id] if assignment.handler_id else users
