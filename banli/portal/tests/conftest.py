"""Sent replies made directly (the 办 chain is tested in banli/handling), and publishing them."""

from __future__ import annotations

import datetime as dt
import itertools
from types import SimpleNamespace
from typing import Any

from django.utils import timezone

from banli.core.deadlines import open_deadline
from banli.core.models import Duty, Member
from banli.core.tests.factories import AssignmentFactory, SubmissionFactory
from banli.handling.models import Reply, ReplyRecipient, ResultCategory
from banli.portal.models import Publication
from banli.portal.services import preview, publish_many

NUMBERS = itertools.count(100)

REPLY_TEXT = (
    "您提出的关于加快社区养老服务设施建设的建议收悉，现答复如下。\n"
    "一、关于新建社区养老服务中心\n"
    "今年我市新建社区养老服务中心12个，新增养老床位600张。\n"
    "（联系人：王五，联系电话：0557-3021234）"
)


def sent_reply(
    org: SimpleNamespace,
    *,
    text: str = REPLY_TEXT,
    title: str | None = None,
    unit: Any = None,
    result: str = "A",
    author: Member | None = None,
    year: int = 2025,
    sent_at: dt.datetime | None = None,
    merged: list[Any] | None = None,
    **item: Any,
) -> Reply:
    """A registered item of the npc (government system), replied by ``unit`` (default unit_a): a sent
    Reply with its lead author as recipient (and each ``merged`` item's author) and the publication
    deadline open, as ``handling.services.deliver`` leaves them."""
    author = author or org.deputy
    number = next(NUMBERS)
    fields = {"state": "replied", "session": org.session, "system": "government", **item}
    if title:
        fields["title"] = title
    sub = SubmissionFactory(lead_author=author, number=number, year=year, **fields)
    assignment = AssignmentFactory(submission=sub, unit=unit or org.units.unit_a, state="replied")
    sent_at = sent_at or timezone.now()
    reply = Reply.objects.create(
        jurisdiction=org.jurisdiction,
        submission=sub,
        assignment=assignment,
        state="sent",
        result=ResultCategory.objects.get(scheme__code="abcd", code=result),
        text=text,
        contact_person="王五",
        contact_phone="0557-3021234",
        doc_number=f"宿发改提〔2025〕{number}号",
        sent_at=sent_at,
    )
    ReplyRecipient.objects.create(reply=reply, submission=sub, member=author, is_lead=True)
    for other in merged or []:
        ReplyRecipient.objects.create(reply=reply, submission=other, member=other.lead_author, is_lead=True)
    open_deadline(reply, Duty.PUBLICATION, timezone.localdate(sent_at), 20, "working_days", submission=sub)
    return reply


def publish(org: SimpleNamespace, *replies: Reply, actor: Any = None) -> list[Publication]:
    """Preview and confirm, as the registry office does on its page."""
    actor = actor or org.users.registry
    ids = [r.pk for r in replies]
    _, token = preview(actor, ids)
    return publish_many(actor, ids, token)
