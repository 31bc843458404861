"""The second factor: office staff and administrators enrol a TOTP device at their first login and give a
code at every login; nothing else opens before; deputies may enrol; demo accounts only in demo mode."""

from __future__ import annotations

import datetime as dt
import re
from types import SimpleNamespace

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from banli.accounts.models import DemoAccount
from banli.audit.models import AuditRecord
from banli.core.tests.factories import PASSWORD

pytestmark = pytest.mark.otp

SETUP, VERIFY = reverse("accounts:otp_setup"), reverse("accounts:otp_verify")


def code(device: TOTPDevice) -> str:
    device.refresh_from_db()
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):0{device.digits}d}"


def log_in(client: Client, user) -> object:  # type: ignore[no-untyped-def]
    return client.post(reverse("login"), {"username": user.username, "password": PASSWORD})


def enrol(client: Client, user) -> TOTPDevice:  # type: ignore[no-untyped-def]
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=user)
    assert client.post(SETUP, {"token": code(device)}).status_code == 302
    return device


def test_office_staff_must_enrol_before_anything_else_opens(org: SimpleNamespace, client: Client) -> None:
    user = org.users.registry
    response = log_in(client, user)
    assert response.status_code == 302

    for url in (reverse("home"), reverse("submissions:list"), reverse("audit:records"), "/admin/"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(SETUP), url

    page = client.get(SETUP).content.decode()
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    assert device.config_url in page.replace("&amp;", "&")
    assert "<svg" in page and "动态口令二维码" in page
    assert "otpauth://totp/" in page and "secret=" in page
    secret = re.search(r'id="otp-secret">([A-Z2-7 ]+)<', page)
    assert secret and len(secret.group(1).replace(" ", "")) == 32


def test_a_wrong_code_is_refused_in_chinese_and_audited(org: SimpleNamespace, client: Client) -> None:
    log_in(client, org.users.coordinator)
    client.get(SETUP)

    response = client.post(SETUP, {"token": "000000"})

    assert response.status_code == 200
    assert "动态口令不正确或已过期" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=org.users.coordinator, confirmed=True).exists()
    assert AuditRecord.objects.filter(action="otp_failed", actor=org.users.coordinator).exists()


def test_enrolment_then_a_code_at_every_login(org: SimpleNamespace, client: Client) -> None:
    user = org.users.coordinator
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        log_in(client, user)
        device = enrol(client, user)
        assert client.get(reverse("home")).status_code == 200
        assert AuditRecord.objects.filter(action="otp_enrolled", actor=user).exists()
        client.post(reverse("logout"))

    with time_machine.travel(start + dt.timedelta(minutes=2), tick=False) as traveller:
        log_in(client, user)
        response = client.get(reverse("home"))
        assert response["Location"].startswith(VERIFY)  # enrolled: asked for a code, not a new device
        assert client.get(SETUP)["Location"].startswith(VERIFY)
        assert client.post(VERIFY, {"token": "123456"}).status_code == 200
        assert client.post(VERIFY, {"token": code(device)}).status_code == 200  # throttled right after
        traveller.shift(dt.timedelta(seconds=2))
        assert client.post(VERIFY, {"token": code(device)}).status_code == 302
        assert client.get(reverse("home")).status_code == 200
    assert AuditRecord.objects.filter(action="otp_verified", actor=user).exists()
    assert TOTPDevice.objects.filter(user=user).count() == 1


def test_a_code_cannot_be_used_twice(org: SimpleNamespace, client: Client) -> None:
    user = org.users.coordinator
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        log_in(client, user)
        device = enrol(client, user)
        used = code(device)
        client.post(reverse("logout"))
        log_in(client, user)

        assert client.post(VERIFY, {"token": used}).status_code == 200


def test_the_three_administrators_and_superusers_need_a_second_factor(
    org: SimpleNamespace, client: Client, admin_user
) -> None:  # type: ignore[no-untyped-def]
    for user in (org.users.system_admin, org.users.security_admin, org.users.auditor, admin_user):
        client.force_login(user)
        response = client.get(reverse("home"))
        assert response.status_code == 302 and response["Location"].startswith(SETUP), user.username
        client.logout()


def test_a_deputy_is_not_asked_but_may_enrol_and_is_asked_from_then_on(
    org: SimpleNamespace, client: Client
) -> None:
    user = org.users.deputy
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        log_in(client, user)
        assert client.get(reverse("home")).status_code == 200
        security = client.get(reverse("accounts:security")).content.decode()
        assert "尚未绑定（可选）" in security
        device = enrol(client, user)
        client.post(reverse("logout"))

    with time_machine.travel(start + dt.timedelta(minutes=2), tick=False):
        log_in(client, user)
        assert client.get(reverse("home"))["Location"].startswith(VERIFY)
        client.post(VERIFY, {"token": code(device)})
        assert client.get(reverse("home")).status_code == 200


def test_htmx_requests_are_sent_to_the_whole_page(org: SimpleNamespace, client: Client) -> None:
    log_in(client, org.users.registry)

    response = client.get(reverse("submissions:list"), HTTP_HX_REQUEST="true")

    assert response.status_code == 204
    assert response["HX-Redirect"].startswith(SETUP)


def test_demo_accounts_are_spared_only_in_demo_mode(org: SimpleNamespace, client: Client, settings) -> None:  # type: ignore[no-untyped-def]
    user = org.users.registry
    DemoAccount.objects.create(user=user)

    settings.BANLI_DEMO = False
    log_in(client, user)
    assert client.get(reverse("home"))["Location"].startswith(SETUP)
    client.post(reverse("logout"))

    settings.BANLI_DEMO = True
    log_in(client, user)
    assert client.get(reverse("home")).status_code == 200


def test_after_verification_the_next_page_asked_for_opens(org: SimpleNamespace, client: Client) -> None:
    user = org.users.registry
    client.post(reverse("login") + "?next=/submissions/", {"username": user.username, "password": PASSWORD})
    response = client.get("/submissions/")
    assert response["Location"] == f"{SETUP}?next=%2Fsubmissions%2F"
    client.get(response["Location"])
    device = TOTPDevice.objects.get(user=user)

    response = client.post(SETUP, {"token": code(device), "next": "/submissions/"})

    assert response["Location"] == "/submissions/"
    assert client.post(SETUP, {"token": "1", "next": "https://elsewhere.example/"}).status_code == 302
