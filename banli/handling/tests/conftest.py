"""An item formally assigned to a lead (unit_a) and a co-handler (unit_b), both signed, with a handler."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from banli.assignments.models import Assignment
from banli.assignments.services import Plan
from banli.core.tests.factories import RoleFactory, SubmissionFactory
from banli.core.workflow import transition
from banli.handling.models import ResultCategory
from banli.handling.services import ContactInput, ReplyDraft, add_contact, save_reply
from banli.submissions.models import HandlingMode


def handled(org: SimpleNamespace, *, co: bool = True, **kwargs) -> SimpleNamespace:  # type: ignore[no-untyped-def]
    """Assign an item (lead + co, or sole), sign both receipts and appoint the lead's handler."""
    sub = SubmissionFactory(
        **{
            "lead_author": org.deputy,
            "state": "assigning",
            "session": org.session,
            "system": "government",
            "number": 39,
            **kwargs,
        }
    )
    others = [org.units.unit_b] if co else []
    mode = HandlingMode.LEAD_CO if co else HandlingMode.SOLE
    transition(sub, "assign", org.users.coordinator, plan=Plan.build(mode, org.units.unit_a, others))
    lead = Assignment.objects.get(submission=sub, unit=org.units.unit_a)
    transition(lead, "sign_receipt", org.users.liaison)
    transition(lead, "appoint_handler", org.users.liaison, handler=org.users.handler)
    co_assignment = None
    if co:
        co_assignment = Assignment.objects.get(submission=sub, unit=org.units.unit_b)
        transition(co_assignment, "sign_receipt", org.users.other_liaison)
    sub.refresh_from_db()
    return SimpleNamespace(sub=sub, lead=Assignment.objects.get(pk=lead.pk), co=co_assignment)


def complete_draft(org: SimpleNamespace, lead: Assignment, **changes):  # type: ignore[no-untyped-def]
    result = ResultCategory.objects.get(scheme__code="abcd", code="A")
    draft = ReplyDraft(
        result=result,
        text="您提出的建议收悉，现答复如下。\n一、关于新建学校\n今年新建小学2所，增加学位3600个。",
        contact_person="王五",
        contact_phone="0557-3021234",
    )
    for key, value in changes.items():
        setattr(draft, key, value)
    return save_reply(lead, org.users.handler, draft)


def contact(org: SimpleNamespace, lead: Assignment) -> None:
    import datetime as dt

    from django.utils import timezone

    add_contact(
        lead,
        org.users.handler,
        ContactInput("phone", "before", timezone.localdate() - dt.timedelta(days=1), "电话听取代表意见"),
    )


@pytest.fixture
def co_unit_handler(org: SimpleNamespace):  # type: ignore[no-untyped-def]
    return RoleFactory(code="handler", unit=org.units.unit_b, jurisdiction=org.jurisdiction).user
