"""公开 transition table: a reply's public version is published, withdrawn (with a reason) and may be
published again after editing.

draft → publish (交办机构 / 协调机构; guard: sent, nothing confidential or refused among the items it
answers, text unchanged since the redactions, a title) → published → withdraw (reason) → withdrawn →
publish again. Publishing closes the reply's publication deadline (20 working days by default) and puts
the reply in the search index; withdrawing takes it out; both in the same transaction.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from banli.core.deadlines import close_deadline
from banli.core.models import Duty, Event, User
from banli.core.workflow import Transition, Workflow
from banli.portal.models import Publication, PublicationState
from banli.portal.policies import is_publisher
from banli.portal.search import index_publication, unindex_publication
from banli.portal.services import publication_problems

P = PublicationState


def ready_to_publish(pub: Publication, user: User, data: dict[str, Any]) -> str | None:
    problems = publication_problems(pub)
    return " ".join(problems) if problems else None


def published_fields(pub: Publication, user: User, data: dict[str, Any]) -> dict[str, Any]:
    return {
        "published_at": timezone.now(),
        "published_by": user,
        "withdrawn_at": None,
        "withdrawn_by": None,
        "withdrawal_reason": "",
    }


def on_published(pub: Publication, user: User, event: Event, data: dict[str, Any]) -> None:
    close_deadline(pub.reply, Duty.PUBLICATION, pub.reply.round)
    index_publication(pub)
    event.payload = {**event.payload, "title": pub.title}
    event.save(update_fields=["payload"])


def withdrawn_fields(pub: Publication, user: User, data: dict[str, Any]) -> dict[str, Any]:
    return {
        "withdrawn_at": timezone.now(),
        "withdrawn_by": user,
        "withdrawal_reason": str(data.get("reason", ""))[:200],
    }


def on_withdrawn(pub: Publication, user: User, event: Event, data: dict[str, Any]) -> None:
    unindex_publication(pub)


PUBLICATION_WORKFLOW = Workflow(
    name="publication",
    label="答复公开",
    model=Publication,
    states=PublicationState,
    submission_of=lambda p: p.submission,
    transitions=[
        Transition(
            "publish",
            "公开",
            (P.DRAFT, P.WITHDRAWN),
            P.PUBLISHED,
            is_publisher,
            guard=ready_to_publish,
            apply=published_fields,
            after=(on_published,),
            confirm="公开后社会公众即可在公开平台查阅和检索该答复，确定公开吗？",
            doc="交办机构或协调机构决定公开答复（联系方式已去除、须隐去的内容已隐去）。",
        ),
        Transition(
            "withdraw",
            "撤回公开",
            (P.PUBLISHED,),
            P.WITHDRAWN,
            is_publisher,
            apply=withdrawn_fields,
            after=(on_withdrawn,),
            comment_required=True,
            needs={"reason": "撤回理由"},
            style="danger",
            doc="从公开平台和检索中撤下，须说明理由；修改后可再次公开。",
        ),
    ],
)
