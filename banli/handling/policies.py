"""Who may act inside the handling unit, between co-handlers and the lead, and on extensions; and which
replies, opinions and records each user sees. A co-handler never sees the lead's reply before it is sent."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from banli.assignments.models import LIVE_STATES, Assignment
from banli.assignments.policies import is_assigning_office
from banli.core.models.org import RoleCode, User
from banli.core.policies import (
    predicate,
    register_scope,
    role_label,
    roles_with,
    rule,
    sees_item,
    unit_ids,
)
from banli.core.selectors import hide_events
from banli.handling.models import Contact, Extension, HandlingPlan, Opinion, Reply, ReplyState
from banli.submissions.models import Submission
from banli.submissions.policies import UNIT_ROLE_CODES


def _assignment(obj: Any) -> Any:
    """The assignment an object of the unit's work belongs to (itself, its own, or its reply's)."""
    if isinstance(obj, Assignment):
        return obj
    assignment = getattr(obj, "assignment", None)
    if assignment is None and getattr(obj, "reply_id", None):
        assignment = obj.reply.assignment
    return assignment


def _in_unit(user: User, unit_id: int | None, *codes: str) -> str | None:
    for role in roles_with(user, *codes):
        if unit_id is not None and role.unit_id == unit_id:
            return f"{role.unit.name}{role_label(role.code)}" if role.unit else role_label(role.code)
    return None


def _unit_predicate(name: str, *codes: str):  # type: ignore[no-untyped-def]
    def test(user: User, obj: Any) -> str | None:
        if obj is None:
            return role_label(codes[0]) if roles_with(user, *codes) else None
        assignment = _assignment(obj)
        return _in_unit(user, assignment.unit_id if assignment else None, *codes)

    return predicate(name)(test)


is_unit_handler = _unit_predicate("经办人", RoleCode.HANDLER)
is_reviewing_head = _unit_predicate("分管负责人", RoleCode.REVIEWING_HEAD)
is_signing_head = _unit_predicate("主要负责人", RoleCode.SIGNING_HEAD)
#: Who does the unit's day-to-day work on an item: the handler, or the liaison who organises it.
is_unit_worker = _unit_predicate("经办人/联络员", RoleCode.HANDLER, RoleCode.LIAISON)


@predicate("主办单位")
def is_lead_unit(user: User, obj: Any) -> str | None:
    """A person of the unit that answers for the item (the lead of an opinion's co-handler)."""
    if obj is None:
        return None
    assignment = _assignment(obj)
    leads = Assignment.objects.filter(
        submission_id=assignment.submission_id, round=assignment.round, state__in=LIVE_STATES
    ).exclude(role="co")
    for lead in leads.only("unit_id"):
        found = _in_unit(user, lead.unit_id, *UNIT_ROLE_CODES)
        if found:
            return found
    return None


@predicate("主要负责人")
def is_answering_head(user: User, obj: Any) -> str | None:
    """The signing head of the assignment, or (for an item) of any of its answering units."""
    if isinstance(obj, Submission):
        units = (
            Assignment.objects.filter(submission=obj, round=obj.round, state__in=LIVE_STATES)
            .exclude(role="co")
            .values_list("unit_id", flat=True)
        )
        for unit_id in units:
            found = _in_unit(user, unit_id, RoleCode.SIGNING_HEAD)
            if found:
                return found
        return None
    return is_signing_head(user, obj)


def _sender_test(user: User, obj: Any) -> str | None:
    """Where the coordinating office checks replies it sends them; elsewhere the signing head does."""
    from banli.assignments.services import policy_for

    if obj is None:
        return is_assigning_office(user, None) or is_signing_head(user, None)
    sub = obj.submission
    if policy_for(sub).coordinator_review:
        return is_assigning_office(user, sub)
    return is_signing_head(user, obj)


is_reply_sender = predicate("答复发送方")(_sender_test)


@predicate("审核答复")
def is_checking_office(user: User, obj: Any) -> str | None:
    """The office that checks replies before they go out (不审核不答复), where the policy asks it."""
    from banli.assignments.services import policy_for

    if obj is not None and not policy_for(obj.submission).coordinator_review:
        return None
    return is_assigning_office(user, obj.submission if obj is not None else None)


rule("handling.work", is_unit_worker)  # plan, contacts, drafting
rule("handling.request_extension", is_unit_worker | is_signing_head | is_reviewing_head)
rule("handling.view_reply", is_unit_worker | is_reviewing_head | is_signing_head)


def _unit_cond(user: User, field: str) -> Q:
    return Q(**{f"{field}__in": unit_ids(user, *UNIT_ROLE_CODES)})


def _office(user: User) -> bool:
    return bool(roles_with(user, RoleCode.REGISTRY_STAFF, RoleCode.COORDINATOR_STAFF))


@register_scope(Reply)
def visible_replies(user: User, qs: QuerySet[Reply]) -> QuerySet[Reply]:
    """The unit sees its own replies at every step; the offices once signed; everyone else who sees the
    item (the authors, co-handlers, leaders) only once sent."""
    items = sees_item(user)
    cond = _unit_cond(user, "assignment__unit_id") | (Q(state=ReplyState.SENT) & items)
    if _office(user):
        cond |= Q(state__in=(ReplyState.SIGNED, ReplyState.RETURNED)) & items
    return qs.filter(cond)


@register_scope(Opinion)
def visible_opinions(user: User, qs: QuerySet[Opinion]) -> QuerySet[Opinion]:
    """The co-handler sees its own; the lead and the offices once it has been sent."""
    cond = _unit_cond(user, "assignment__unit_id")
    lead_items = Assignment.objects.filter(unit_id__in=unit_ids(user, *UNIT_ROLE_CODES)).exclude(role="co")
    cond |= Q(submission__in=lead_items.values("submission_id")) & ~Q(state="draft")
    if _office(user):
        cond |= sees_item(user) & ~Q(state="draft")
    return qs.filter(cond)


def _unit_records(user: User, qs: QuerySet[Any], *, office_sees: bool = True) -> QuerySet[Any]:
    cond = _unit_cond(user, "assignment__unit_id")
    if office_sees and (_office(user) or roles_with(user, RoleCode.LEADER)):
        cond |= sees_item(user, "assignment__submission")
    return qs.filter(cond)


@register_scope(Contact)
def visible_contacts(user: User, qs: QuerySet[Contact]) -> QuerySet[Contact]:
    return _unit_records(user, qs)


@register_scope(Extension)
def visible_extensions(user: User, qs: QuerySet[Extension]) -> QuerySet[Extension]:
    return _unit_records(user, qs)


@register_scope(HandlingPlan)
def visible_plans(user: User, qs: QuerySet[HandlingPlan]) -> QuerySet[HandlingPlan]:
    return _unit_records(user, qs)


@hide_events
def internal_handling_events(user: User, sub: Any) -> Q | None:
    """A reply's drafting and internal approval, and the opinions between co-handlers and the lead, are
    the units' own business: the authors, leaders and other readers see the reply when it is sent."""
    if _office(user):
        return None
    own_units = unit_ids(user, *UNIT_ROLE_CODES)
    units_of_item = (
        set(
            Assignment.objects.filter(submission=sub, unit_id__in=own_units).values_list("unit_id", flat=True)
        )
        if sub is not None and own_units
        else set()
    )
    if units_of_item:
        # the unit's people see their own reply's steps; a co-handler does not see the lead's draft steps
        own_replies = Reply.objects.filter(submission=sub, assignment__unit_id__in=units_of_item).values("pk")
        return Q(workflow="reply") & ~Q(action="send") & ~Q(object_id__in=own_replies)
    return (Q(workflow="reply") & ~Q(action="send")) | Q(workflow="opinion")


@hide_events
def others_extensions(user: User, sub: Any) -> Q | None:
    """An extension is its unit's and the offices' business (the Extension scope above): its request
    (with the reason) and the decision stay off the timeline of everyone else who reads the item."""
    if _office(user) or roles_with(user, RoleCode.LEADER):
        return None
    own = Assignment.objects.filter(unit_id__in=unit_ids(user, *UNIT_ROLE_CODES)).values("pk")
    own_extensions = Extension.objects.filter(assignment__in=own).values("pk")
    return (Q(workflow="assignment", action="request_extension") & ~Q(object_id__in=own)) | (
        Q(workflow="extension") & ~Q(object_id__in=own_extensions)
    )
