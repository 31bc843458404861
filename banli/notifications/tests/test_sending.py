"""Sending deliveries: email and SMS after commit, claimed once, retried with backoff, recorded."""

from __future__ import annotations

import datetime as dt
import json
import logging
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from types import SimpleNamespace

import pytest
import time_machine
from django.core import mail
from pytest_django import Settings

from banli.notifications.models import Delivery, NotificationPreference
from banli.notifications.sending import claim, send_deliveries
from banli.notifications.services import notify
from banli.notifications.sms import HttpSmsBackend, SmsError
from banli.notifications.tests.conftest import BEIJING, free_port

NOW = dt.datetime(2025, 9, 30, 9, 0, tzinfo=BEIJING)


def message_to(
    org: SimpleNamespace, user: object, title: str = "【即将到期】第12号建议的签收期限为2025年10月9日"
) -> None:
    with time_machine.travel(NOW, tick=False):
        notify(
            [user], "reminder.warning", title, "请及时签收。", "/assignments/", jurisdiction=org.jurisdiction
        )


@pytest.fixture
def gateway() -> Iterator[SimpleNamespace]:
    """A local HTTP SMS gateway that records what it receives and answers ``status``."""
    state = SimpleNamespace(received=[], status=200, url="")

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            state.received.append((self.headers["Authorization"], json.loads(body)))
            self.send_response(state.status)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    state.url = f"http://127.0.0.1:{server.server_port}/sms"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield state
    server.shutdown()
    server.server_close()


def test_email_is_sent_once_with_a_link_that_marks_it_read(
    addressed: SimpleNamespace, settings: Settings
) -> None:
    settings.BANLI_SITE_URL = "https://banli.example.gov.cn/"
    message_to(addressed, addressed.users.liaison)

    assert send_deliveries(NOW) == 1
    assert send_deliveries(NOW) == 0

    [email] = mail.outbox
    assert email.to == ["liaison@example.gov.cn"]
    assert email.subject == "【即将到期】第12号建议的签收期限为2025年10月9日"
    delivery = Delivery.objects.get()
    assert f"https://banli.example.gov.cn/notifications/{delivery.notification_id}/" in email.body
    assert (delivery.state, delivery.attempts, delivery.last_error) == ("sent", 1, "")


def test_sms_goes_to_the_log_by_default(addressed: SimpleNamespace, caplog: pytest.LogCaptureFixture) -> None:
    NotificationPreference.objects.create(user=addressed.users.liaison, email="off", sms=True)
    message_to(addressed, addressed.users.liaison)

    with caplog.at_level(logging.INFO, logger="banli.notifications.sms"):
        send_deliveries(NOW)

    [record] = [r for r in caplog.records if r.name == "banli.notifications.sms"]
    assert "139****0007" in record.getMessage()  # masked
    assert "【建议提案办理系统】【即将到期】" in record.getMessage()
    assert Delivery.objects.get().state == "sent"


def test_sms_through_the_http_gateway(
    addressed: SimpleNamespace, settings: Settings, gateway: SimpleNamespace
) -> None:
    settings.BANLI_SMS_BACKEND = "banli.notifications.sms.HttpSmsBackend"
    settings.BANLI_SMS_URL, settings.BANLI_SMS_TOKEN = gateway.url, "secret-token"
    NotificationPreference.objects.create(user=addressed.users.liaison, email="off", sms=True)
    message_to(addressed, addressed.users.liaison)

    send_deliveries(NOW)

    [(auth, payload)] = gateway.received
    assert auth == "Bearer secret-token"
    assert payload["mobile"] == addressed.users.liaison.mobile
    assert payload["text"].startswith("【建议提案办理系统】【即将到期】")
    assert Delivery.objects.get().state == "sent"


def test_a_refusing_gateway_is_an_error_to_retry(gateway: SimpleNamespace) -> None:
    gateway.status = 500
    with pytest.raises(SmsError, match="500"):
        HttpSmsBackend(url=gateway.url, token="").send("13900000000", "测试")
    with pytest.raises(SmsError, match="未配置"):
        HttpSmsBackend(url="")


def test_a_failing_mail_server_is_retried_with_backoff_then_given_up(
    addressed: SimpleNamespace, settings: Settings
) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", free_port(), 2
    settings.BANLI_DELIVERY_MAX_ATTEMPTS = 3
    message_to(addressed, addressed.users.liaison)
    seen = []

    moment = NOW
    for _ in range(3):
        with time_machine.travel(moment, tick=False):
            assert send_deliveries() == 1
            assert send_deliveries() == 0  # not due again yet
        d = Delivery.objects.get()
        seen.append((d.state, d.attempts, (d.next_attempt_at - moment).total_seconds()))
        assert "无法连接邮件服务器" in d.last_error
        moment = d.next_attempt_at

    assert seen[0] == ("pending", 1, 60) and seen[1] == ("pending", 2, 120)
    assert seen[2][:2] == ("failed", 3)
    with time_machine.travel(moment + dt.timedelta(days=1), tick=False):
        assert send_deliveries() == 0  # failed for good


def test_a_user_whose_address_was_removed_is_skipped(addressed: SimpleNamespace) -> None:
    message_to(addressed, addressed.users.liaison)
    addressed.users.liaison.email = ""
    addressed.users.liaison.save()

    send_deliveries(NOW)

    assert mail.outbox == []
    assert (Delivery.objects.get().state, Delivery.objects.get().last_error) == (
        "skipped",
        "用户未登记电子邮箱",
    )


def test_a_claimed_delivery_is_not_claimed_again_until_its_lease_runs_out(
    addressed: SimpleNamespace, settings: Settings
) -> None:
    message_to(addressed, addressed.users.liaison)
    first = claim(Delivery.objects.all(), NOW)  # a worker claims it, then dies before sending

    assert first is not None
    assert claim(Delivery.objects.all(), NOW) is None
    assert send_deliveries(NOW + dt.timedelta(seconds=settings.BANLI_DELIVERY_LEASE_SECONDS - 1)) == 0

    later = NOW + dt.timedelta(seconds=settings.BANLI_DELIVERY_LEASE_SECONDS + 1)
    with time_machine.travel(later, tick=False):
        assert send_deliveries() == 1
    d = Delivery.objects.get()
    assert (d.state, d.attempts, len(mail.outbox)) == ("sent", 2, 1)
    assert d.claimed_by != first  # taken over by the second worker's claim
