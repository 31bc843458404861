"""A handled year written straight into the tables with ``bulk_create`` (a few queries per table), so the
statistics, the report and the ledgers are tested on hundreds or thousands of items quickly. Bulk writes
send no signals, so the writers here refresh the summary table themselves, as the load generator does."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from types import SimpleNamespace

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from banli.assignments.models import Assignment
from banli.core.models import Deadline, Session, Unit
from banli.evaluation.models import Evaluation, RatingOption
from banli.handling.models import Reply, ReplyRecipient, ResultCategory
from banli.reports import summary
from banli.submissions.models import Submission

ASSIGNED = dt.datetime(2024, 2, 1, 9, tzinfo=dt.UTC)
DUE = dt.date(2024, 5, 6)
ON_TIME = dt.datetime(2024, 4, 20, 9, tzinfo=dt.UTC)
LATE = dt.datetime(2024, 6, 3, 9, tzinfo=dt.UTC)


@dataclass
class Item:
    """One item to write: its units (unit, role), its result (None: not answered yet), whether the
    answer was late, the lead author's rating, and flags."""

    units: Sequence[tuple[Unit, str]]
    result: ResultCategory | None = None
    late: bool = False
    rating: RatingOption | None = None
    key: bool = False
    confidential: bool = False
    system: str = "government"
    title: str = ""
    category_id: int | None = None
    extra: dict = field(default_factory=dict)


def mode_of(units: Sequence[tuple[Unit, str]]) -> str:
    roles = {role for _, role in units}
    if "co" in roles:
        return "lead_co"
    return "separate" if "separate" in roles else "sole"


def write_items(
    org: SimpleNamespace,
    items: Sequence[Item],
    *,
    session: Session | None = None,
    year: int = 2024,
    first_number: int = 1,
    assembly=None,  # type: ignore[no-untyped-def]
    author=None,  # type: ignore[no-untyped-def]
) -> list[Submission]:
    """Write the items as registered and formally assigned, answered ones replied (closed), with the
    reply deadlines, the lead author as recipient and their evaluation."""
    assembly = assembly or org.npc
    author = author or org.deputy
    kind = "suggestion" if assembly.kind == "npc" else "proposal"
    subs = Submission.objects.bulk_create(
        [
            Submission(
                jurisdiction=org.jurisdiction,
                assembly=assembly,
                session=session,
                year=year,
                kind=kind,
                number=first_number + i,
                title=item.title or f"关于第{first_number + i}项民生工作的建议",
                problem="情况",
                advice="建议",
                category_id=item.category_id,
                lead_author=author,
                created_by=author.user,
                state="closed" if item.result else "handling",
                system=item.system,
                handling_mode=mode_of(item.units),
                is_key=item.key,
                is_confidential=item.confidential,
                registered_at=ASSIGNED,
                submitted_at=ASSIGNED,
                **item.extra,
            )
            for i, item in enumerate(items)
        ]
    )
    rows = []
    for sub, item in zip(subs, items, strict=True):
        for unit, role in item.units:
            answered = item.result is not None
            rows.append(
                Assignment(
                    jurisdiction=org.jurisdiction,
                    submission=sub,
                    unit=unit,
                    role=role,
                    state="replied" if answered else "received",
                    pre_assigned_at=ASSIGNED,
                    assigned_at=ASSIGNED,
                    received_at=ASSIGNED,
                )
            )
    assignments = Assignment.objects.bulk_create(rows)
    by_sub: dict[int, list[Assignment]] = {}
    for a in assignments:
        by_sub.setdefault(a.submission_id, []).append(a)
    ct = ContentType.objects.get_for_model(Assignment)
    deadlines, replies, reply_items = [], [], []
    for sub, item in zip(subs, items, strict=True):
        for a in by_sub[sub.pk]:
            if a.role == "co":
                continue
            sent = (LATE if item.late else ON_TIME) if item.result else None
            deadlines.append(
                Deadline(
                    jurisdiction=org.jurisdiction,
                    submission=sub,
                    content_type=ct,
                    object_id=a.pk,
                    duty="reply",
                    round=1,
                    start_on=ASSIGNED.date(),
                    amount=3,
                    unit="months",
                    due_on=DUE,
                    follows_policy=True,
                    closed_at=sent,
                )
            )
            if item.result is not None:
                replies.append(
                    Reply(
                        jurisdiction=org.jurisdiction,
                        submission=sub,
                        assignment=a,
                        round=1,
                        state="sent",
                        result=item.result,
                        text="答复正文",
                        contact_person="王五",
                        contact_phone="0557-3021234",
                        sent_at=sent,
                        signed_at=sent,
                    )
                )
                reply_items.append(item)
    Deadline.objects.bulk_create(deadlines)
    replies = Reply.objects.bulk_create(replies)
    recipients = ReplyRecipient.objects.bulk_create(
        [
            ReplyRecipient(reply=r, submission_id=r.submission_id, member=author, is_lead=True)
            for r, item in zip(replies, reply_items, strict=True)
            if item.rating is not None
        ]
    )
    rated = [item for item in reply_items if item.rating is not None]
    Evaluation.objects.bulk_create(
        [
            Evaluation(
                jurisdiction=org.jurisdiction,
                submission_id=rec.submission_id,
                reply=rec.reply,
                recipient=rec,
                member=author,
                rating=item.rating,
            )
            for rec, item in zip(recipients, rated, strict=True)
        ]
    )
    summary.refresh(s.pk for s in subs)  # bulk_create sends no signal
    return subs


def abc(code: str) -> ResultCategory:
    return ResultCategory.objects.get(scheme__code="abc", scheme__jurisdiction__isnull=True, code=code)


def rating(code: str) -> RatingOption:
    return RatingOption.objects.get(jurisdiction__isnull=True, code=code)


def today() -> dt.date:
    return timezone.localdate()
