"""Who hears about what: each act of the chain that someone else must act on, or wants to know of, puts a
message in their inbox (and queues their email or SMS), in the transaction of the act itself.

One table, read from the event log: ``(workflow, action) → recipients``. A stage that adds an act worth
telling someone adds a line here; an act without a line tells nobody.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.urls import reverse

from banli.core.models import Event, Role, RoleCode
from banli.core.workflow import observe
from banli.supervision.notices import urged_unit

Recipients = Callable[[Event, Any], Iterable[int]]


def _unit_people(unit_ids: Iterable[int], *codes: str) -> list[int]:
    return list(
        Role.objects.filter(unit_id__in=set(unit_ids), code__in=codes, user__is_active=True).values_list(
            "user_id", flat=True
        )
    )


def _live_units(sub: Any, *, answering_only: bool = False) -> list[int]:
    from banli.assignments.models import LIVE_STATES, Assignment

    qs = Assignment.objects.filter(submission=sub, round=sub.round, state__in=LIVE_STATES)
    if answering_only:
        qs = qs.exclude(role="co")
    return list(qs.values_list("unit_id", flat=True))


def lead_author(event: Event, obj: Any) -> list[int]:
    sub = event.submission
    return [sub.lead_author.user_id] if sub and sub.lead_author.user_id else []


def coordinators(event: Event, obj: Any) -> list[int]:
    """The coordinating office of the item's system (who assigns, checks replies, decides requests)."""
    sub = event.submission
    if sub is None or not sub.system:
        return []
    return list(
        Role.objects.filter(
            code=RoleCode.COORDINATOR_STAFF,
            unit__jurisdiction_id=sub.jurisdiction_id,
            unit__system=sub.system,
            user__is_active=True,
        ).values_list("user_id", flat=True)
    )


def unit_liaisons(event: Event, obj: Any) -> list[int]:
    return _unit_people(_live_units(event.submission), RoleCode.LIAISON)


def round_workers(event: Event, obj: Any) -> list[int]:
    return _unit_people(
        _live_units(event.submission, answering_only=True), RoleCode.LIAISON, RoleCode.HANDLER
    )


def own_unit(*codes: str) -> Recipients:
    """People of the unit the object belongs to (an assignment, or a reply's, opinion's, request's)."""

    def recipients(event: Event, obj: Any) -> list[int]:
        from banli.assignments.models import Assignment

        assignment = obj if isinstance(obj, Assignment) else getattr(obj, "assignment", None)
        return _unit_people([assignment.unit_id], *codes) if assignment is not None else []

    return recipients


def appointed_handler(event: Event, obj: Any) -> list[int]:
    return [obj.handler_id] if obj is not None and obj.handler_id else []


def requester(event: Event, obj: Any) -> list[int]:
    return [obj.requested_by_id] if obj is not None else []


def lead_unit_workers(event: Event, obj: Any) -> list[int]:
    from banli.assignments.models import LIVE_STATES, Assignment

    leads = Assignment.objects.filter(
        submission_id=obj.submission_id, round=obj.assignment.round, state__in=LIVE_STATES
    ).exclude(role="co")
    return _unit_people(leads.values_list("unit_id", flat=True), RoleCode.LIAISON, RoleCode.HANDLER)


def reply_checkers(event: Event, obj: Any) -> list[int]:
    """Signed: the office that checks replies, where the policy has it check them."""
    from banli.assignments.services import policy_for

    return (
        coordinators(event, obj) if obj is not None and policy_for(obj.submission).coordinator_review else []
    )


def addressees(event: Event, obj: Any) -> list[int]:
    """The deputies a sent reply (or second reply) is addressed to, and the co-handlers' liaisons."""
    from banli.handling.models import ReplyRecipient

    reply_id = obj.reply_id if hasattr(obj, "reply_id") else obj.pk
    users = list(
        ReplyRecipient.objects.filter(reply_id=reply_id, member__user__isnull=False).values_list(
            "member__user_id", flat=True
        )
    )
    return users + unit_liaisons(event, obj)


#: (workflow, action) → who is told. ``None`` as the workflow matches an act recorded without one.
RULES: dict[tuple[str, str], Recipients] = {
    ("submission", "register"): lead_author,
    ("submission", "return_for_revision"): lead_author,
    ("submission", "reject"): lead_author,
    ("submission", "send_to_system"): coordinators,
    ("submission", "pre_assign"): unit_liaisons,
    ("submission", "assign"): unit_liaisons,
    ("submission", "reopen"): round_workers,
    ("submission", "evaluate"): round_workers,
    ("assignment", "appoint_handler"): appointed_handler,
    ("assignment", "request_adjustment"): coordinators,
    ("assignment", "request_extension"): coordinators,
    ("adjustment", "accept"): own_unit(RoleCode.LIAISON),
    ("adjustment", "refuse"): own_unit(RoleCode.LIAISON),
    ("reply", "submit"): own_unit(RoleCode.REVIEWING_HEAD),
    ("reply", "approve"): own_unit(RoleCode.SIGNING_HEAD),
    ("reply", "sign"): reply_checkers,
    ("reply", "return_for_revision"): own_unit(RoleCode.HANDLER),
    ("reply", "return_for_rework"): own_unit(RoleCode.HANDLER, RoleCode.LIAISON),
    ("reply", "send"): addressees,
    ("opinion", "send"): lead_unit_workers,
    ("opinion", "return"): own_unit(RoleCode.LIAISON, RoleCode.HANDLER),
    ("extension", "grant"): requester,
    ("extension", "refuse"): requester,
    ("follow_up", "send"): addressees,
    ("assignment", "urge"): urged_unit,
    ("submission", "add_to_key_topic"): unit_liaisons,
    ("submission", "supervise"): unit_liaisons,
    ("submission", "select_excellent"): lead_author,
}


@observe
def tell(obj: Any, instance: Event) -> None:
    """After each act (inside its transaction): the people its rule names get a message."""
    rule = RULES.get((instance.workflow, instance.action))
    if rule is None or instance.submission_id is None:
        return
    from banli.notifications.services import notify

    users = {u for u in rule(instance, obj) if u and u != instance.actor_id}
    if not users:
        return
    sub = instance.submission
    title = f"{instance.action_label}：{sub.reference}《{sub.title}》"
    url = reverse("submissions:detail", args=[sub.pk])
    notify(sorted(users), f"event.{instance.workflow}.{instance.action}", title, instance.comment, url, sub)
