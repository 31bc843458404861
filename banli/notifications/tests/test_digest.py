"""The daily digest: one email per user and day listing what waited, never two, retried when it fails."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
import time_machine
from django.core import mail
from pytest_django import Settings

from banli.notifications.models import Delivery, Digest, NotificationPreference
from banli.notifications.services import notify
from banli.notifications.tests.conftest import at, free_port, pass_at

DAY = dt.date(2025, 10, 9)


@pytest.fixture
def digest_user(addressed: SimpleNamespace) -> object:
    user = addressed.users.handler
    NotificationPreference.objects.create(user=user, email="digest")
    return user


def message(org: SimpleNamespace, user: object, moment: dt.datetime, title: str) -> None:
    with time_machine.travel(moment, tick=False):
        notify(
            [user],
            "reminder.warning",
            title,
            f"{title}的说明。",
            "/assignments/",
            jurisdiction=org.jurisdiction,
        )


def test_one_email_a_day_lists_everything_that_waited(
    addressed: SimpleNamespace, digest_user: object
) -> None:
    message(addressed, digest_user, at(DAY - dt.timedelta(days=1), 15), "第一条消息")
    message(addressed, digest_user, at(DAY - dt.timedelta(days=1), 18), "第二条消息")

    pass_at(at(DAY, 7, 30))  # before the digest hour
    assert mail.outbox == []

    pass_at(at(DAY, 8, 0))
    pass_at(at(DAY, 8, 1))
    pass_at(at(DAY, 17, 0))

    [email] = mail.outbox
    assert email.to == ["handler@example.gov.cn"]
    assert email.subject == "建议提案办理系统每日消息汇总（2025年10月9日，共2条）"
    assert email.body.index("1. 第一条消息") < email.body.index("2. 第二条消息")
    assert set(Delivery.objects.values_list("state", flat=True)) == {"sent"}


def test_what_arrives_after_the_days_digest_waits_for_the_next_one(
    addressed: SimpleNamespace, digest_user: object
) -> None:
    message(addressed, digest_user, at(DAY, 7), "早上的消息")
    pass_at(at(DAY, 9))
    message(addressed, digest_user, at(DAY, 10), "上午晚些的消息")

    pass_at(at(DAY, 11))
    assert len(mail.outbox) == 1

    pass_at(at(DAY + dt.timedelta(days=1), 8))
    assert len(mail.outbox) == 2
    assert "上午晚些的消息" in mail.outbox[1].body and "早上的消息" not in mail.outbox[1].body
    assert Digest.objects.filter(recipient=digest_user).count() == 2


def test_a_digest_that_cannot_be_sent_is_retried(
    addressed: SimpleNamespace, digest_user: object, settings: Settings
) -> None:
    message(addressed, digest_user, at(DAY, 7), "一条消息")
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", free_port(), 2

    pass_at(at(DAY, 9))
    digest = Digest.objects.get()
    assert (digest.state, digest.attempts) == ("pending", 1)
    assert digest.last_error

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    pass_at(at(DAY, 9, 2))
    assert len(mail.outbox) == 1
    assert Digest.objects.get().state == "sent"
    assert Delivery.objects.get().state == "sent"


def test_users_with_immediate_email_get_no_digest(addressed: SimpleNamespace) -> None:
    message(addressed, addressed.users.liaison, at(DAY, 7), "即时消息")

    pass_at(at(DAY, 9))

    assert [e.subject for e in mail.outbox] == ["即时消息"]
    assert not Digest.objects.exists()
