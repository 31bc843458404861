"""三员分立: no account holds two administrator roles, nor one with a business role or a deputy's profile;
each administrator reaches only their own pages of the admin site."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import NoReverseMatch, reverse

from banli.accounts.backends import ADMIN_PERMISSIONS
from banli.core.models import Member, Role, RoleCode, User
from banli.core.tests.factories import RoleFactory, UserFactory


def grant(user: User, code: str, org: SimpleNamespace, unit=None) -> Role:  # type: ignore[no-untyped-def]
    return Role.objects.create(user=user, code=code, jurisdiction=org.jurisdiction, unit=unit)


@pytest.mark.parametrize(
    ("held", "wanted", "message"),
    [
        ("system_admin", "auditor", "该账号已是系统管理员，不能再担任审计管理员"),
        ("auditor", "security_admin", "该账号已是审计管理员，不能再担任安全管理员"),
        ("handler", "security_admin", "安全管理员不得兼任业务角色，该账号已担任经办人"),
        ("system_admin", "handler", "该账号是系统管理员，不得兼任业务角色“经办人”"),
    ],
)
def test_the_model_refuses_a_second_role_that_breaks_the_separation(
    org: SimpleNamespace, held: str, wanted: str, message: str
) -> None:
    user = UserFactory()
    unit = org.units.unit_a
    grant(user, held, org, unit if held == "handler" else None)

    with pytest.raises(ValidationError, match=message):
        grant(user, wanted, org, unit if wanted == "handler" else None)

    assert Role.objects.filter(user=user).count() == 1


def test_a_deputy_cannot_become_an_administrator_nor_an_administrator_a_deputy(org: SimpleNamespace) -> None:
    with pytest.raises(ValidationError, match="不得由人大代表或政协委员的账号担任"):
        grant(org.users.deputy, RoleCode.AUDITOR, org)
    with pytest.raises(ValidationError, match="不能作为人大代表或政协委员的账号"):
        Member.objects.create(assembly=org.npc, user=org.users.auditor, name="审计员")


def test_an_administrator_role_opens_the_admin_site_and_taking_it_away_closes_it(
    org: SimpleNamespace,
) -> None:
    user = UserFactory()
    role = grant(user, RoleCode.SECURITY_ADMIN, org)
    user.refresh_from_db()
    assert user.is_staff

    role.delete()

    user.refresh_from_db()
    assert not user.is_staff


def _admin_models() -> list[tuple[str, str]]:
    return sorted((m._meta.app_label, m._meta.model_name) for m in admin.site._registry)


def _changelist(app: str, model: str) -> str:
    return reverse(f"admin:{app}_{model}_changelist")


@pytest.mark.parametrize("login", ["system_admin", "security_admin", "auditor"])
def test_each_administrator_reaches_exactly_the_pages_of_their_role(
    org: SimpleNamespace, client: Client, login: str
) -> None:
    user = getattr(org.users, login)
    client.force_login(user)
    allowed = {
        f"{app}.{codename.removeprefix('view_')}"
        for app, codename in (p.split(".") for p in ADMIN_PERMISSIONS[login])
        if codename.startswith("view_")
    }
    tried = 0
    for app, model in _admin_models():
        try:
            url = _changelist(app, model)
        except NoReverseMatch:
            continue
        status = client.get(url).status_code
        expected = 200 if f"{app}.{model}" in allowed else 403
        assert status == expected, f"{login} {app}.{model}: {status}"
        tried += 1
    assert tried >= 15
    index = client.get(reverse("admin:index")).content.decode()
    assert "/admin/submissions/submission/" not in index


def test_the_system_administrator_sees_no_business_data(org: SimpleNamespace, client: Client) -> None:
    client.force_login(org.users.system_admin)
    for name in ("submissions_submission", "assignments_assignment", "core_event", "audit_auditrecord"):
        assert client.get(reverse(f"admin:{name}_changelist")).status_code == 403, name
    assert client.get(reverse("submissions:list")).content.decode().count('name="ids"') == 0
    assert client.get(reverse("admin:core_unit_add")).status_code == 200
    assert client.get(reverse("admin:core_role_add")).status_code == 403


def test_the_security_administrator_grants_a_role_and_the_separation_holds(
    org: SimpleNamespace, client: Client
) -> None:
    client.force_login(org.users.security_admin)
    person = UserFactory()
    data = {
        "user": person.pk,
        "code": "liaison",
        "jurisdiction": org.jurisdiction.pk,
        "unit": org.units.unit_a.pk,
    }

    assert client.post(reverse("admin:core_role_add"), data).status_code == 302
    assert Role.objects.filter(user=person, code="liaison").exists()

    refused = client.post(reverse("admin:core_role_add"), {**data, "code": "auditor", "unit": ""})
    assert refused.status_code == 200
    assert "审计管理员不得兼任业务角色，该账号已担任联络员" in refused.content.decode()
    wrong_unit = client.post(reverse("admin:core_role_add"), {**data, "unit": org.units.gov_office.pk})
    assert "不能设在" in wrong_unit.content.decode()
    assert client.get(reverse("admin:core_unit_changelist")).status_code == 403
    assert client.get(reverse("admin:core_user_change", args=[person.pk])).status_code == 200
    assert client.post(reverse("admin:core_user_change", args=[person.pk]), {}).status_code == 403


def test_the_auditor_reads_but_changes_nothing(org: SimpleNamespace, client: Client) -> None:
    client.force_login(org.users.auditor)
    assert client.get(reverse("admin:audit_auditrecord_changelist")).status_code == 200
    assert client.get(reverse("admin:core_event_changelist")).status_code == 200
    assert client.get(reverse("admin:audit_auditrecord_add")).status_code == 403
    assert client.get(reverse("admin:core_user_changelist")).status_code == 403
    assert client.get(reverse("audit:records")).status_code == 200


def test_admin_form_refuses_two_administrator_roles_in_chinese(
    org: SimpleNamespace, admin_client: Client
) -> None:
    user = RoleFactory(code="system_admin", unit=None, jurisdiction=org.jurisdiction).user
    url = reverse("admin:core_user_change", args=[user.pk])
    role = Role.objects.get(user=user)
    data = {
        "username": user.username,
        "full_name": user.full_name,
        "mobile": "",
        "email": "",
        "jurisdiction": org.jurisdiction.pk,
        "is_active": "on",
        "is_staff": "on",
        "last_login_0": "",
        "last_login_1": "",
        "date_joined_0": "2025-01-01",
        "date_joined_1": "08:00:00",
        "roles-TOTAL_FORMS": "2",
        "roles-INITIAL_FORMS": "1",
        "roles-MIN_NUM_FORMS": "0",
        "roles-MAX_NUM_FORMS": "1000",
        "roles-0-id": role.pk,
        "roles-0-user": user.pk,
        "roles-0-code": "system_admin",
        "roles-0-jurisdiction": org.jurisdiction.pk,
        "roles-1-user": user.pk,
        "roles-1-code": "handler",
        "roles-1-jurisdiction": org.jurisdiction.pk,
        "roles-1-unit": org.units.unit_a.pk,
    }

    response = admin_client.post(url, data)

    assert response.status_code == 200
    assert "三员分立" in response.content.decode()
    assert list(Role.objects.filter(user=user).values_list("code", flat=True)) == ["system_admin"]


def test_the_security_administrator_resets_a_second_factor_without_seeing_its_secret(
    org: SimpleNamespace, client: Client
) -> None:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.create(user=org.users.registry, name="动态口令", confirmed=True)
    client.force_login(org.users.security_admin)

    page = client.get(reverse("admin:otp_totp_totpdevice_change", args=[device.pk])).content.decode()
    assert device.key not in page
    assert client.get(reverse("admin:otp_totp_totpdevice_config", args=[device.pk])).status_code in (403, 404)
    client.post(reverse("admin:otp_totp_totpdevice_delete", args=[device.pk]), {"post": "yes"})

    assert not TOTPDevice.objects.filter(pk=device.pk).exists()
