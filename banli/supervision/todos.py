"""What waits for the supervisors: the leader's 领办 items, the committee's 对口 items, the offices'
lagging units."""

from __future__ import annotations

from django.urls import reverse

from banli.core.models.org import RoleCode, User
from banli.core.policies import can, roles_with, scope
from banli.core.todos import Todo, provider
from banli.submissions.models import FINAL_STATES, Submission
from banli.supervision.lagging import lagging_count
from banli.supervision.progress import overdue_items
from banli.supervision.selectors import field_items


@provider
def leader_todos(user: User) -> list[Todo]:
    """领办: the items the leader leads still in handling, and those overdue."""
    if not roles_with(user, RoleCode.LEADER):
        return []
    led = scope(user, Submission.objects.filter(lead_leader=user)).exclude(state__in=FINAL_STATES)
    if not led.exists():
        return []
    url = reverse("supervision:led")
    return [
        Todo("领办件在办", led.count(), url, "领办"),
        Todo("领办件逾期", led.filter(overdue_items()).count(), f"{url}?overdue=1", "领办", True),
    ]


@provider
def committee_todos(user: User) -> list[Todo]:
    """对口督办: the field's items with a unit overdue, and the key ones."""
    if not roles_with(user, RoleCode.COMMITTEE_MEMBER):
        return []
    items = field_items(user, {}).exclude(state__in=FINAL_STATES)
    url = reverse("supervision:field")
    return [
        Todo("对口件逾期", items.filter(overdue_items()).count(), f"{url}?overdue=1", "对口督办", True),
        Todo("对口重点件", items.filter(is_key=True).count(), f"{url}?key=1", "对口督办"),
    ]


@provider
def office_todos(user: User) -> list[Todo]:
    """The coordinating office and the registry: units with something overdue now (items of any year).
    A warning: shown only while some unit lags."""
    if not can(user, "supervision.board"):
        return []
    count = lagging_count(user)
    if not count:
        return []
    return [Todo("逾期滞后单位", count, reverse("supervision:lagging") + "?year=all", "督办", True)]
