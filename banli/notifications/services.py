"""Writes of the notifications app: notify, mark read, save a user's channels.

:func:`notify` is the one way anything reaches a user. It writes the inbox rows in the caller's
transaction and queues a :class:`~banli.notifications.models.Delivery` per recipient and external
channel the recipient chose; the worker (``manage.py run_worker``) sends those once the transaction has
committed: a rolled-back act notifies nobody, and a committed one is not lost if the mail server is down.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Model
from django.utils import timezone

from banli.core.models import User
from banli.core.transactions import writing
from banli.notifications.models import (
    Channel,
    Delivery,
    EmailMode,
    Notification,
    NotificationPreference,
)

TITLE_MAX = Notification._meta.get_field("title").max_length or 200
URL_MAX = Notification._meta.get_field("url").max_length or 300


@dataclass(frozen=True)
class Message:
    """One message to some users: what :func:`notify_many` writes, in bulk."""

    recipients: Sequence[User | int]
    kind: str
    title: str
    body: str = ""
    url: str = ""
    submission_id: int | None = None
    jurisdiction_id: int | None = None


def notify(
    recipients: Iterable[User | int],
    kind: str,
    title: str,
    body: str = "",
    url: str = "",
    submission: Model | None = None,
    *,
    jurisdiction: Model | int | None = None,
) -> list[Notification]:
    """Put a message in each recipient's inbox and queue its email/SMS deliveries; return the rows.

    ``recipients`` are users or user ids (duplicates and inactive users are dropped). The jurisdiction
    is the submission's, else ``jurisdiction``, else the recipient's own. Writes one ``Notification``
    per recipient and one ``Delivery`` per recipient and chosen channel (immediate email or the daily
    digest when the user has an address, SMS when the user has a mobile number), inside the caller's
    transaction (or a transaction of its own). Sends nothing itself: the worker sends after commit.
    """
    jid = jurisdiction.pk if isinstance(jurisdiction, Model) else jurisdiction
    message = Message(
        recipients=list(recipients),
        kind=kind,
        title=title,
        body=body,
        url=url,
        submission_id=submission.pk if submission is not None else None,
        jurisdiction_id=getattr(submission, "jurisdiction_id", None) or jid,
    )
    return notify_many([message])


def notify_many(messages: Sequence[Message]) -> list[Notification]:
    """:func:`notify` for many messages at once: three queries however many messages and users."""
    for m in messages:
        if not m.kind or not m.title.strip():
            raise ValueError("消息须有类型和标题")
    ids = {r.pk if isinstance(r, User) else int(r) for m in messages for r in m.recipients}
    if not ids:
        return []
    users = {
        u.pk: u
        for u in User.objects.filter(pk__in=ids, is_active=True).select_related("notification_preference")
    }
    now = timezone.now()
    rows: list[Notification] = []
    for m in messages:
        for uid in dict.fromkeys(r.pk if isinstance(r, User) else int(r) for r in m.recipients):
            user = users.get(uid)
            if user is None:
                continue
            jurisdiction_id = m.jurisdiction_id or user.jurisdiction_id
            if jurisdiction_id is None:
                raise ValueError(f"无法确定消息所属的行政区：{m.title}")
            rows.append(
                Notification(
                    recipient=user,
                    jurisdiction_id=jurisdiction_id,
                    kind=m.kind,
                    title=_clip(m.title.strip(), TITLE_MAX),
                    body=m.body,
                    url=m.url[:URL_MAX],
                    submission_id=m.submission_id,
                    created_at=now,
                )
            )
    with writing(savepoint=False):
        Notification.objects.bulk_create(rows, batch_size=500)
        deliveries = [
            Delivery(notification=n, recipient_id=n.recipient_id, channel=channel, created_at=now)
            for n in rows
            for channel in channels_for(users[n.recipient_id])
        ]
        Delivery.objects.bulk_create(deliveries, batch_size=500)
    return rows


def channels_for(user: User) -> list[str]:
    """The external channels a message to ``user`` goes out on (the inbox is always on)."""
    pref = preference_of(user)
    channels = []
    if user.email and pref.email == EmailMode.IMMEDIATE:
        channels.append(Channel.EMAIL)
    elif user.email and pref.email == EmailMode.DIGEST:
        channels.append(Channel.DIGEST)
    if user.mobile and pref.sms:
        channels.append(Channel.SMS)
    return channels


def preference_of(user: User) -> NotificationPreference:
    """The user's saved channels, or the defaults (immediate email, no SMS) when none are saved."""
    pref: Any = getattr(user, "notification_preference", None)
    return pref if pref is not None else NotificationPreference(user=user)


def mark_read(user: User, notification_id: int) -> bool:
    """Mark one of the user's own notifications read (first reading time kept); False if not theirs."""
    updated = Notification.objects.filter(pk=notification_id, recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    return bool(updated) or Notification.objects.filter(pk=notification_id, recipient=user).exists()


def mark_all_read(user: User) -> int:
    """Mark every unread notification of the user read; returns how many."""
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(read_at=timezone.now())


class PreferenceError(ValueError):
    """Refused channel settings; ``message`` is Chinese, for the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def save_preference(user: User, *, email: str, sms: bool) -> NotificationPreference:
    """Save the user's channels. Refuses an unknown email mode, and email or SMS without an address
    to send to, with a Chinese reason (nothing is changed then). Later messages follow the new choice;
    deliveries already queued are sent as queued."""
    if email not in EmailMode.values:
        raise PreferenceError("请选择邮件提醒方式。")
    if email != EmailMode.OFF and not user.email:
        raise PreferenceError("您的账号未登记电子邮箱，无法开启邮件提醒，请联系系统管理员登记。")
    if sms and not user.mobile:
        raise PreferenceError("您的账号未登记手机号码，无法开启短信提醒，请联系系统管理员登记。")
    pref, _ = NotificationPreference.objects.update_or_create(
        user=user, defaults={"email": email, "sms": sms}
    )
    return pref


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
