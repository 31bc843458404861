"""The reminder sweep: find the open deadlines that owe a reminder today and make each exactly once.

Per group of jurisdictions with the same :class:`~banli.notifications.schedule.Schedule`, the sweep
plans the windows of due dates that owe a reminder today (:func:`~banli.notifications.schedule.plan`)
and asks, per window, for the open deadlines in that due-date range (the partial index on open
deadlines' ``due_on``) that have no ledger row of the window's kind yet (``NOT EXISTS`` on the
ledger's unique key). Nothing else is read: the query count depends on the number of windows and
chunks, not on how many deadlines are open.

Each chunk of deadlines is one transaction: insert the ledger rows (``ON CONFLICT DO NOTHING``,
tagged with this chunk's sweep id), read back the rows this transaction inserted, and write the inbox
notifications and queued deliveries for those only. A concurrent worker inserting the same key waits
for this transaction and then skips it; a crash before commit leaves neither ledger row nor
notification, so the next sweep makes the reminder; a crash after commit leaves queued deliveries,
which the next pass sends.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import uuid
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Exists, Min, OuterRef, Q, QuerySet
from django.utils import timezone

from banli.core.calendar import WorkCalendar, load_calendar
from banli.core.models import Deadline
from banli.core.transactions import writing
from banli.notifications import texts
from banli.notifications.models import Reminder, ReminderPolicy
from banli.notifications.recipients import link_for, registered_duties, resolve
from banli.notifications.schedule import DayIndex, Schedule, Window, plan, span
from banli.notifications.services import Message, notify_many

logger = logging.getLogger(__name__)
CHUNK = 500


@dataclass
class SweepResult:
    reminders: int = 0  # ledger rows made
    notifications: int = 0  # inbox rows written for them
    unreached: int = 0  # reminders that found nobody to notify

    def __iadd__(self, other: SweepResult) -> SweepResult:
        self.reminders += other.reminders
        self.notifications += other.notifications
        self.unreached += other.unreached
        return self


def policy_groups() -> list[tuple[Schedule, Q]]:
    """(schedule, jurisdiction filter) for the defaults and for each distinct custom policy."""
    by_schedule: dict[Schedule, list[int]] = defaultdict(list)
    for policy in ReminderPolicy.objects.all():
        by_schedule[Schedule.of(policy)].append(policy.jurisdiction_id)
    default = Schedule()
    custom = [jid for s, ids in by_schedule.items() if s != default for jid in ids]
    groups = [(default, ~Q(jurisdiction_id__in=custom) if custom else Q())]
    groups += [(s, Q(jurisdiction_id__in=ids)) for s, ids in by_schedule.items() if s != default]
    return groups


def sweep_reminders(
    now: dt.datetime | None = None, stop: threading.Event | None = None, chunk: int | None = None
) -> SweepResult:
    """Make every reminder owed today (from ``BANLI_REMINDER_HOUR`` local time on); see the module doc.

    Writes ``Reminder`` ledger rows, inbox ``Notification`` rows and queued ``Delivery`` rows; sends
    nothing itself. Running it again, or in several workers at once, makes nothing twice.
    """
    now = now or timezone.now()
    local = timezone.localtime(now)
    result = SweepResult()
    duties = registered_duties()
    if local.hour < settings.BANLI_REMINDER_HOUR or not duties:
        return result
    today = local.date()
    cal: WorkCalendar | None = None
    for schedule, where in policy_groups():
        if not schedule.active:
            continue
        base = Deadline.objects.filter(where, closed_at__isnull=True, duty__in=duties)
        earliest = base.aggregate(first=Min("due_on"))["first"]
        if earliest is None:
            continue
        cal = cal or load_calendar()
        days = DayIndex(cal, *span(schedule, today, earliest))
        for window in plan(schedule, today, days, earliest):
            if stop is not None and stop.is_set():
                return result
            result += _sweep_window(base, window, today, days, now, stop, chunk or CHUNK)
    if result.reminders:
        logger.info(
            "期限提醒：新发 %d 条提醒，%d 条站内消息%s",
            result.reminders,
            result.notifications,
            f"，{result.unreached} 条无接收人" if result.unreached else "",
        )
    return result


def _sweep_window(
    base: QuerySet[Deadline],
    window: Window,
    today: dt.date,
    days: DayIndex,
    now: dt.datetime,
    stop: threading.Event | None,
    chunk: int,
) -> SweepResult:
    due = Q(due_on__gte=window.first, due_on__lte=window.last)
    if window.opened_before:  # a warning only for duties opened before its warning day
        due = Q()
        for day, warn_on in window.opened_before.items():
            due |= Q(due_on=day, start_on__lt=warn_on)
    made = Reminder.objects.filter(deadline_id=OuterRef("pk"), kind=window.kind, round=OuterRef("round"))
    # Ids first, without joins: when nothing is owed (the usual case) that is the only query.
    owing = base.filter(due).exclude(Exists(made)).order_by("pk").values_list("pk", flat=True)
    full = (  # closed_at again: a duty done since the ids were read is not reminded
        Deadline.objects.filter(closed_at__isnull=True)
        .select_related("submission__session__assembly")
        .defer("submission__problem", "submission__advice")
    )
    result, last = SweepResult(), 0
    while stop is None or not stop.is_set():
        ids = list(owing.filter(pk__gt=last)[:chunk])
        if not ids:
            break
        last = ids[-1]
        result += remind(list(full.filter(pk__in=ids).order_by("pk")), window.kind, today, days, now)
    return result


def remind(rows: list[Deadline], kind: str, today: dt.date, days: DayIndex, now: dt.datetime) -> SweepResult:
    """Make reminder ``kind`` for these deadlines in one transaction (ledger first, then the inbox)."""
    recipients = resolve(rows)
    sweep = uuid.uuid4()
    result = SweepResult()
    with writing():
        Reminder.objects.bulk_create(
            [
                Reminder(
                    deadline=d,
                    kind=kind,
                    round=d.round,
                    due_on=d.due_on,
                    recipients=recipients[d.pk],
                    sweep=sweep,
                    created_at=now,
                )
                for d in rows
            ],
            ignore_conflicts=True,  # made by another worker meanwhile: that one is its to send
        )
        mine = set(Reminder.objects.filter(sweep=sweep).values_list("deadline_id", flat=True))
        messages = [_message(d, kind, today, days, recipients[d.pk]) for d in rows if d.pk in mine]
        written = notify_many([m for m in messages if m.recipients])
    result.reminders = len(mine)
    result.notifications = len(written)
    unreached = [d for d in rows if d.pk in mine and not recipients[d.pk]]
    result.unreached = len(unreached)
    for d in unreached:
        logger.warning("期限 %s（%s）的提醒 %s 没有接收人：请检查承办单位联络员或经办人", d.pk, d.duty, kind)
    return result


def _message(d: Deadline, kind: str, today: dt.date, days: DayIndex, users: list[int]) -> Message:
    if kind.startswith("warning_"):
        title, body = texts.warning_text(d, today, days.between(today, d.due_on))
        category = "reminder.warning"
    else:
        repeat = int(kind.rsplit("_", 1)[1]) if kind.startswith("overdue_repeat_") else 0
        title, body = texts.overdue_text(d, days.between(d.due_on, today), repeat)
        category = "reminder.overdue"
    return Message(
        recipients=users,
        kind=category,
        title=title,
        body=body,
        url=link_for(d),
        submission_id=d.submission_id,
        jurisdiction_id=d.jurisdiction_id,
    )
