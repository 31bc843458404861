"""Deadline services: open, close, and recompute when the working-day calendar changes.

A ``Deadline`` keeps its rule (start, amount, unit or fixed date) next to the result, so the result can
always be recomputed from the rule and the calendar. Callers never write ``due_on`` themselves.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models import Model
from django.utils import timezone

from banli.core import changes
from banli.core.calendar import WorkCalendar, due_date, load_calendar
from banli.core.models import Deadline
from banli.core.transactions import writing

logger = logging.getLogger(__name__)

RULE_FIELDS = ("id", "start_on", "amount", "unit", "fixed_on", "due_on", "provisional")


def open_deadline(
    target: Model,
    duty: str,
    start_on: dt.date,
    amount: int,
    unit: str,
    *,
    submission: Model | None = None,
    round: int = 1,
    fixed_on: dt.date | None = None,
    cal: WorkCalendar | None = None,
    follows_policy: bool = False,
) -> Deadline:
    """Open the deadline for ``duty`` on ``target`` and return it.

    Writes one ``Deadline`` row with ``due_on`` and ``provisional`` computed by :func:`due_date`. If the
    duty already has a row for this round (an approved extension, a retried request), that row's rule is
    replaced, its due date recomputed and it is reopened (``closed_at`` cleared); nothing else changes.
    The jurisdiction comes from the target; the submission, when not given, from the target too (the
    target itself if it is a submission, else its ``submission``), so the deadline lists under it.
    ``start_on`` may be an aware datetime: the local date (Asia/Shanghai) is the start day.
    ``follows_policy`` marks a rule taken from the handling policy, so that editing the policy
    recomputes it; a date decided case by case (an approved extension) passes False.
    """
    if isinstance(start_on, dt.datetime):
        # An assignment made at 00:30 Beijing time is still the previous day in UTC.
        start_on = timezone.localdate(start_on)
    due = due_date(start_on, amount, unit, cal if cal is not None else load_calendar(), fixed_on)
    if submission is None:
        submission = _submission_of(target)
    jurisdiction_id = getattr(target, "jurisdiction_id", None) or getattr(submission, "jurisdiction_id", None)
    if jurisdiction_id is None:
        raise ValueError(f"无法确定期限所属的行政区：{target!r}")
    deadline, _ = Deadline.objects.update_or_create(
        content_type=ContentType.objects.get_for_model(target),
        object_id=target.pk,
        duty=duty,
        round=round,
        defaults={
            "jurisdiction_id": jurisdiction_id,
            "submission": submission,
            "start_on": start_on,
            "amount": amount,
            "unit": unit,
            "fixed_on": fixed_on,
            "due_on": due.on,
            "provisional": due.provisional,
            "follows_policy": follows_policy,
            "closed_at": None,
        },
    )
    return deadline


def close_deadline(target: Model, duty: str, round: int = 1) -> int:
    """Mark the open deadline for ``duty`` on ``target`` done (``closed_at`` = now).

    Returns how many rows were closed: 0 when there is none or it is already closed (its first
    ``closed_at`` is kept, so closing twice is harmless). Closed deadlines are no longer recomputed.
    """
    closed = Deadline.objects.filter(
        content_type=ContentType.objects.get_for_model(target),
        object_id=target.pk,
        duty=duty,
        round=round,
        closed_at__isnull=True,
    ).update(closed_at=timezone.now())
    if closed:
        changes.touch([getattr(target, "submission_id", None)])
    return closed


def recompute_open_deadlines(cal: WorkCalendar | None = None) -> int:
    """Recompute ``due_on`` and ``provisional`` of every open deadline; return how many changed.

    One calendar snapshot, one read of the open deadlines and batched updates of the changed rows only;
    closed deadlines keep the date they had. The rows are locked while this runs so that a deadline
    reopened with a new rule at the same moment is not overwritten with a date from its old rule.
    """
    cal = cal if cal is not None else load_calendar()
    changed: list[Deadline] = []
    with writing():
        rows = (
            Deadline.objects.filter(closed_at__isnull=True)
            .select_for_update()
            .only(*RULE_FIELDS, "submission_id")
            .order_by("pk")  # one lock order, so two recomputes cannot deadlock each other
        )
        for deadline in rows.iterator(chunk_size=2000):
            try:
                due = due_date(deadline.start_on, deadline.amount, deadline.unit, cal, deadline.fixed_on)
            except ValueError:
                # One broken rule must not stop every other deadline from following the calendar.
                logger.exception("期限 %s 的规则无效，未重新计算", deadline.pk)
                continue
            if (deadline.due_on, deadline.provisional) != (due.on, due.provisional):
                deadline.due_on, deadline.provisional = due.on, due.provisional
                changed.append(deadline)
        Deadline.objects.bulk_update(changed, ["due_on", "provisional"], batch_size=500)
        changes.touch({d.submission_id for d in changed})
    if changed:
        logger.info("工作日历变更：%d 个未完成期限的截止日期已重新计算", len(changed))
    return len(changed)


class _PendingRecompute:
    """One scheduled recompute. It remembers having run: test helpers run on-commit callbacks without
    committing, so the callback can stay in the pending list after it ran."""

    def __init__(self) -> None:
        self.done = False

    def __call__(self) -> None:
        self.done = True
        recompute_open_deadlines()


def recompute_after_commit(using: str = DEFAULT_DB_ALIAS) -> None:
    """Recompute open deadlines once the current transaction commits (at once outside a transaction).

    However many calendar days a transaction changes (an import, a bulk delete in the admin), the
    recompute is scheduled once. It is robust: should it fail, the calendar change stays committed and
    the error is logged, instead of turning a saved change into an error page.
    """
    connection = connections[using]
    # Django keeps the pending callbacks as (savepoint ids, callable, robust); a callback scheduled in
    # a savepoint that rolled back is dropped from this list, so checking it is safe with savepoints.
    if connection.in_atomic_block and any(
        isinstance(entry[1], _PendingRecompute) and not entry[1].done for entry in connection.run_on_commit
    ):
        return
    transaction.on_commit(_PendingRecompute(), using=using, robust=True)


def _submission_of(target: Model) -> Any:
    from banli.submissions.models import Submission

    if isinstance(target, Submission):
        return target
    return getattr(target, "submission", None)
