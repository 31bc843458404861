"""The worker's sending step: claim due deliveries, send them by email or SMS, record the outcome.

Claiming is a compare-and-swap: ``UPDATE … SET state = 'sending', claimed_by = <new token> WHERE pk IN
(…) AND <still due>``. Under PostgreSQL's read committed a row another worker claimed meanwhile no
longer matches when the update reaches it, and SQLite runs one writer at a time, so each row is
claimed by one worker. The claimer then marks each row sent (or failed) with its token, one row at a
time, so a worker killed mid-batch leaves only its unsent rows claimed; after the lease
(``BANLI_DELIVERY_LEASE_SECONDS``) another worker takes them over. External channels are therefore
at-least-once in the one case nothing can make exactly-once: a kill between the SMTP server accepting a
message and the row being marked sent.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import uuid
from typing import Any
from urllib.parse import urljoin

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db.models import F, Model, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from banli.notifications.models import Channel, Delivery, OutboundState
from banli.notifications.sms import get_backend, mask

logger = logging.getLogger(__name__)
S = OutboundState
BATCH = 200
MAX_BATCHES = 50  # per pass, so a backlog never starves the reminder sweep
RETRY_CAP = dt.timedelta(hours=6)


def claim(qs: QuerySet[Any], now: dt.datetime, batch: int | None = None) -> uuid.UUID | None:
    """Claim up to ``batch`` due rows of ``qs`` (pending and due, or claimed longer ago than the
    lease); return the claim token, or None when nothing was due. Increments ``attempts``."""
    lease = dt.timedelta(seconds=settings.BANLI_DELIVERY_LEASE_SECONDS)
    due = Q(state__in=[S.PENDING, S.SENDING]) & (
        Q(state=S.PENDING, next_attempt_at__lte=now) | Q(state=S.SENDING, claimed_at__lt=now - lease)
    )
    rows = qs.filter(due).order_by("next_attempt_at", "pk").values_list("pk", flat=True)
    ids = list(rows[: batch or BATCH])
    if not ids:
        return None
    token = uuid.uuid4()
    claimed = qs.model.objects.filter(due, pk__in=ids).update(
        state=S.SENDING, claimed_by=token, claimed_at=now, attempts=F("attempts") + 1
    )
    return token if claimed else None


def retry_delay(attempts: int) -> dt.timedelta:
    """1, 2, 4, 8 … × ``BANLI_DELIVERY_RETRY_SECONDS`` after the n-th failed attempt, at most 6 hours."""
    base = dt.timedelta(seconds=settings.BANLI_DELIVERY_RETRY_SECONDS)
    return min(base * 2 ** max(attempts - 1, 0), RETRY_CAP)


def finish(row: Model, token: uuid.UUID, state: str, error: str = "") -> bool:
    """Record the outcome of a claimed row; False when the claim was lost (taken over after the lease)."""
    now = timezone.now()
    fields: dict[str, Any] = {"state": state, "last_error": error[:2000]}
    if state == S.SENT:
        fields["sent_at"] = now
    elif state == S.PENDING:
        fields["next_attempt_at"] = now + retry_delay(row.attempts)  # type: ignore[attr-defined]
    done = type(row)._default_manager.filter(pk=row.pk, claimed_by=token, state=S.SENDING).update(**fields)
    if not done:
        logger.warning("%s %s 的领取已被其他进程接管，结果未记录", type(row).__name__, row.pk)
    return bool(done)


def failed(row: Model, token: uuid.UUID, error: str) -> str:
    """Back to pending with backoff, or failed for good once the attempts are used up."""
    attempts: int = row.attempts  # type: ignore[attr-defined]
    state = S.FAILED if attempts >= settings.BANLI_DELIVERY_MAX_ATTEMPTS else S.PENDING
    finish(row, token, state, error)
    log = logger.error if state == S.FAILED else logger.warning
    log(
        "%s %s 第%d次发送失败%s：%s",
        type(row).__name__,
        row.pk,
        attempts,
        "，不再重试" if state == S.FAILED else "",
        error,
    )
    return state


def absolute(path: str) -> str:
    """A link for an email: the site's address (``BANLI_SITE_URL``) joined with the path."""
    return urljoin(settings.BANLI_SITE_URL.rstrip("/") + "/", path.lstrip("/")) if path else ""


def open_link(notification_id: int) -> str:
    """The inbox link that marks the notification read and goes on to its item."""
    return absolute(reverse("notifications:open", args=[notification_id]))


def send_deliveries(now: dt.datetime | None = None, stop: threading.Event | None = None) -> int:
    """Send every due email and SMS delivery; return how many were attempted.

    Writes each row's outcome: sent, pending again with backoff (an error), failed (attempts used
    up) or skipped (the user has no address any more). Nothing is sent twice by concurrent workers.
    """
    now = now or timezone.now()
    attempted = 0
    sms = None
    for _ in range(MAX_BATCHES):
        if stop is not None and stop.is_set():
            break
        token = claim(Delivery.objects.filter(channel__in=[Channel.EMAIL, Channel.SMS]), now)
        if token is None:
            break
        rows = list(
            Delivery.objects.filter(claimed_by=token, state=S.SENDING)
            .select_related("notification", "recipient")
            .order_by("pk")
        )
        emails = [r for r in rows if r.channel == Channel.EMAIL]
        if emails:
            _send_emails(emails, token)
        for row in (r for r in rows if r.channel == Channel.SMS):
            sms = sms or get_backend()
            _send_sms(sms, row, token)
        attempted += len(rows)
    return attempted


def _send_emails(rows: list[Delivery], token: uuid.UUID) -> None:
    try:
        connection = get_connection()
        connection.open()
    except Exception as exc:  # the mail server is down: every row of the batch is retried later
        for row in rows:
            failed(row, token, f"无法连接邮件服务器：{exc}")
        return
    try:
        for row in rows:
            address = row.recipient.email
            if not address:
                finish(row, token, S.SKIPPED, "用户未登记电子邮箱")
                continue
            n = row.notification
            body = (
                f"{row.recipient.display_name}：\n\n{n.body or n.title}\n\n"
                + (f"查看详情：{open_link(n.pk)}\n\n" if n.url else "")
                + "（本邮件由建议提案办理系统自动发送，请勿回复。）"
            )
            message = EmailMessage(
                n.title, body, settings.DEFAULT_FROM_EMAIL, [address], connection=connection
            )
            try:
                message.send()
            except Exception as exc:  # one refused address must not stop the others
                failed(row, token, f"{type(exc).__name__}: {exc}")
            else:
                finish(row, token, S.SENT)
    finally:
        connection.close()


def _send_sms(backend: Any, row: Delivery, token: uuid.UUID) -> None:
    mobile = row.recipient.mobile
    if not mobile:
        finish(row, token, S.SKIPPED, "用户未登记手机号码")
        return
    text = f"{settings.BANLI_SMS_SIGNATURE}{row.notification.title}。请登录建议提案办理系统查看。"
    try:
        backend.send(mobile, text)
    except Exception as exc:
        failed(row, token, f"{mask(mobile)}：{exc}")
    else:
        finish(row, token, S.SENT)
