"""The daily digest: one email per user and day listing the messages that waited for it.

From ``BANLI_DIGEST_HOUR`` (local time) on, :func:`collect_digests` makes today's ``Digest`` row for
every user with waiting digest items and attaches the items to it, in one transaction; the unique
(user, day) key makes this safe with several workers. Items that arrive after a user's digest of the day
was made wait for the next day's. :func:`send_digests` then claims and sends digests like deliveries.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import uuid
from collections import defaultdict

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db.models import Exists, OuterRef, Subquery
from django.utils import timezone

from banli.core.text import cn_date
from banli.core.transactions import writing
from banli.notifications.models import Channel, Delivery, Digest, OutboundState
from banli.notifications.sending import MAX_BATCHES, claim, failed, finish, open_link

logger = logging.getLogger(__name__)
S = OutboundState


def collect_digests(now: dt.datetime | None = None) -> int:
    """Make today's digests (after the digest hour) and attach the waiting items; return how many."""
    now = now or timezone.now()
    local = timezone.localtime(now)
    if local.hour < settings.BANLI_DIGEST_HOUR:
        return 0
    today = local.date()
    waiting = Delivery.objects.filter(channel=Channel.DIGEST, state=S.PENDING, digest__isnull=True)
    users = set(waiting.values_list("recipient_id", flat=True).distinct())
    users -= set(
        Digest.objects.filter(day=today, recipient_id__in=users).values_list("recipient_id", flat=True)
    )
    if not users:
        return 0
    batch = uuid.uuid4()
    with writing():
        Digest.objects.bulk_create(
            [
                Digest(recipient_id=u, day=today, batch=batch, created_at=now, next_attempt_at=now)
                for u in users
            ],
            ignore_conflicts=True,  # another worker made some of them: those are its to fill
            batch_size=500,
        )
        mine = Digest.objects.filter(batch=batch, recipient_id=OuterRef("recipient_id"))
        waiting.filter(Exists(mine)).update(digest_id=Subquery(mine.values("pk")[:1]))
        made = Digest.objects.filter(batch=batch).count()
    return made


def send_digests(now: dt.datetime | None = None, stop: threading.Event | None = None) -> int:
    """Send every due digest; its items are marked with the digest's outcome. Returns how many."""
    now = now or timezone.now()
    attempted = 0
    for _ in range(MAX_BATCHES):
        if stop is not None and stop.is_set():
            break
        token = claim(Digest.objects.all(), now, batch=50)
        if token is None:
            break
        digests = list(Digest.objects.filter(claimed_by=token, state=S.SENDING).select_related("recipient"))
        items: dict[int, list[Delivery]] = defaultdict(list)
        for item in (
            Delivery.objects.filter(digest__in=digests)
            .select_related("notification")
            .order_by("notification__created_at", "pk")
        ):
            items[item.digest_id].append(item)  # type: ignore[index]
        connection = get_connection()
        try:
            for digest in digests:
                _send_one(digest, items[digest.pk], token, connection)
        finally:
            connection.close()
        attempted += len(digests)
    return attempted


def _send_one(digest: Digest, items: list[Delivery], token: uuid.UUID, connection: object) -> None:
    user = digest.recipient
    if not items:
        finish(digest, token, S.SKIPPED, "没有待汇总的消息")
        return
    if not user.email:
        finish(digest, token, S.SKIPPED, "用户未登记电子邮箱")
        Delivery.objects.filter(digest=digest).update(state=S.SKIPPED, last_error="用户未登记电子邮箱")
        return
    lines = [f"{user.display_name}：", "", f"您有 {len(items)} 条新消息："]
    for i, item in enumerate(items, 1):
        n = item.notification
        lines += ["", f"{i}. {n.title}"]
        if n.body:
            lines.append(f"   {n.body}")
        if n.url:
            lines.append(f"   查看：{open_link(n.pk)}")
    lines += ["", "（本邮件由建议提案办理系统每日汇总发送，请勿回复。可在系统“消息设置”中更改接收方式。）"]
    subject = f"建议提案办理系统每日消息汇总（{cn_date(digest.day)}，共{len(items)}条）"
    message = EmailMessage(
        subject, "\n".join(lines), settings.DEFAULT_FROM_EMAIL, [user.email], connection=connection
    )
    try:
        message.send()
    except Exception as exc:
        state = failed(digest, token, f"{type(exc).__name__}: {exc}")
        if state == S.FAILED:
            Delivery.objects.filter(digest=digest).update(state=S.FAILED, last_error=str(exc)[:2000])
        return
    if finish(digest, token, S.SENT):
        Delivery.objects.filter(digest=digest).update(state=S.SENT, sent_at=timezone.now())
