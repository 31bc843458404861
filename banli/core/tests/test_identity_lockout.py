"""Lockout (django-axes): five failed logins lock the account, and separately the address, for a time
that is a setting; the lockout page is in Chinese and the lockout is audited."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from banli.audit.models import AuditRecord
from banli.core.tests.factories import PASSWORD
from banli.core.tests.test_settings import run_python

LOGIN = reverse("login")


def attempt(client: Client, username: str, password: str, ip: str = "192.0.2.1"):  # type: ignore[no-untyped-def]
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip)


def test_five_failures_lock_the_account_even_with_the_right_password(
    org: SimpleNamespace, client: Client
) -> None:
    name = org.users.liaison.username
    for i in range(4):
        assert attempt(client, name, "wrong", ip=f"192.0.2.{i + 1}").status_code == 200
    response = attempt(client, name, "wrong", ip="192.0.2.5")
    assert response.status_code == 429

    response = attempt(client, name, PASSWORD, ip="198.51.100.7")  # another address: the account is locked

    assert response.status_code == 429
    page = response.content.decode()
    assert "连续 5 次登录失败" in page and "30 分钟后再试" in page
    assert "_auth_user_id" not in client.session
    record = AuditRecord.objects.filter(action="locked_out").order_by("-id").first()
    assert record is not None and record.detail["username"] == name


def test_five_failures_from_one_address_lock_the_address_for_every_account(
    org: SimpleNamespace, client: Client
) -> None:
    for i in range(5):
        attempt(client, f"guess{i}", "wrong", ip="203.0.113.9")

    assert attempt(client, org.users.deputy.username, PASSWORD, ip="203.0.113.9").status_code == 429
    assert attempt(client, org.users.deputy.username, PASSWORD, ip="203.0.113.10").status_code == 302


def test_the_lock_lifts_after_the_cool_off_time(org: SimpleNamespace, client: Client, settings) -> None:  # type: ignore[no-untyped-def]
    settings.AXES_COOLOFF_TIME = dt.timedelta(minutes=10)
    name = org.users.handler.username
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        for _ in range(5):
            attempt(client, name, "wrong")
        assert attempt(client, name, PASSWORD).status_code == 429
    # (every attempt while locked, even with the right password, starts the cool-off again)
    with time_machine.travel(start + dt.timedelta(minutes=10, seconds=30), tick=False):
        assert attempt(client, name, PASSWORD).status_code == 302


def test_the_failure_limit_is_a_setting(org: SimpleNamespace, client: Client, settings) -> None:  # type: ignore[no-untyped-def]
    settings.AXES_FAILURE_LIMIT = 3
    name = org.users.handler.username
    for _ in range(3):
        attempt(client, name, "wrong")

    assert attempt(client, name, PASSWORD).status_code == 429


def test_a_success_before_the_limit_starts_the_count_again(org: SimpleNamespace, client: Client) -> None:
    name = org.users.handler.username
    for _ in range(4):
        attempt(client, name, "wrong")
    assert attempt(client, name, PASSWORD).status_code == 302
    client.logout()
    for _ in range(4):
        attempt(client, name, "wrong")

    assert attempt(client, name, PASSWORD).status_code == 302


def test_lockout_and_password_policy_are_read_from_the_environment() -> None:
    out = run_python(
        "from django.conf import settings as s;"
        "print(s.AXES_FAILURE_LIMIT, int(s.AXES_COOLOFF_TIME.total_seconds() // 60), s.BANLI_PASSWORD_MIN_LENGTH,"
        " s.BANLI_PASSWORD_MIN_CLASSES, s.BANLI_PASSWORD_HISTORY, s.BANLI_PASSWORD_MAX_AGE_DAYS, s.SESSION_COOKIE_AGE,"
        " s.BANLI_AUDIT_RETENTION_DAYS)",
        BANLI_LOCKOUT_FAILURES="6",
        BANLI_LOCKOUT_MINUTES="15",
        BANLI_PASSWORD_MIN_LENGTH="12",
        BANLI_PASSWORD_MIN_CLASSES="4",
        BANLI_PASSWORD_HISTORY="8",
        BANLI_PASSWORD_MAX_AGE_DAYS="60",
        BANLI_IDLE_SECONDS="900",
        BANLI_AUDIT_RETENTION_DAYS="365",
    )
    assert out == "6 15 12 4 8 60 900 365"
    defaults = run_python(
        "from django.conf import settings as s;"
        "print(s.AXES_FAILURE_LIMIT, int(s.AXES_COOLOFF_TIME.total_seconds() // 60), s.AXES_LOCKOUT_PARAMETERS,"
        " s.PASSWORD_HASHERS[0].rsplit('.', 1)[1], s.SESSION_COOKIE_AGE, s.BANLI_OTP_ENFORCED, s.BANLI_DEMO)"
    )
    assert defaults == "5 30 ['username', 'ip_address'] Argon2PasswordHasher 1800 True False"


@pytest.mark.django_db
def test_a_locked_out_visitor_still_reads_the_page_in_chinese(client: Client) -> None:
    for _ in range(5):
        attempt(client, "nobody", "wrong")

    response = attempt(client, "nobody", "wrong")

    assert response.status_code == 429
    assert '<html lang="zh-CN">' in response.content.decode()
    assert "请联系本单位安全管理员解除锁定" in response.content.decode()
