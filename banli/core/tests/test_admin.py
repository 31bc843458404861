"""管理后台: every page opens, business records are read-only, role rules and the calendar banner hold."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from banli.core.models import CalendarDay, Event, Role
from banli.core.tests.factories import AssignmentFactory, SubmissionFactory
from banli.core.workflow import transition

CONFIGURATION = [
    "core_jurisdiction",
    "core_assembly",
    "core_unit",
    "core_category",
    "core_user",
    "core_member",
]
CONFIGURATION += ["core_calendarday"]
READ_ONLY = ["core_event", "core_deadline", "submissions_submission", "submissions_numbersequence"]
READ_ONLY += ["assignments_assignment"]
PASSWORD = "Quite-long-pw-2026"


@pytest.fixture
def signed(org: SimpleNamespace) -> Event:
    submission = SubmissionFactory(lead_author=org.deputy)
    assignment = AssignmentFactory(submission=submission, unit=org.units.unit_a)
    return transition(assignment, "sign_receipt", org.users.liaison)


def new_user(org: SimpleNamespace, username: str, roles: list[dict[str, object]]) -> dict[str, object]:
    data: dict[str, object] = {
        "username": username,
        "usable_password": "true",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "full_name": "张三",
        "mobile": "13900000000",
        "jurisdiction": org.jurisdiction.pk,
        "roles-TOTAL_FORMS": str(len(roles)),
        "roles-INITIAL_FORMS": "0",
        "roles-MIN_NUM_FORMS": "0",
        "roles-MAX_NUM_FORMS": "1000",
    }
    for i, role in enumerate(roles):
        data.update({f"roles-{i}-{k}": v for k, v in role.items()})
    return data


def test_every_admin_list_opens(admin_client: Client, signed: Event) -> None:
    for name in CONFIGURATION + READ_ONLY:
        assert admin_client.get(reverse(f"admin:{name}_changelist")).status_code == 200, name
    for name in CONFIGURATION:
        assert admin_client.get(reverse(f"admin:{name}_add")).status_code == 200, name


def test_nobody_adds_changes_or_deletes_business_records(admin_client: Client, signed: Event) -> None:
    for name in READ_ONLY:
        assert admin_client.get(reverse(f"admin:{name}_add")).status_code == 403, name
    page = admin_client.get(reverse("admin:core_event_change", args=[signed.pk]))
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    assert admin_client.get(reverse("admin:core_event_delete", args=[signed.pk])).status_code == 403
    admin_client.post(
        reverse("admin:core_event_changelist"), {"action": "delete_selected", "_selected_action": [signed.pk]}
    )
    assert Event.objects.filter(pk=signed.pk).exists()


def test_security_admin_creates_a_liaison(admin_client: Client, org: SimpleNamespace) -> None:
    role = {
        "code": "liaison",
        "jurisdiction": org.jurisdiction.pk,
        "unit": org.units.unit_a.pk,
        "title": "科员",
    }

    response = admin_client.post(reverse("admin:core_user_add"), new_user(org, "zhangsan", [role]))

    assert response.status_code == 302
    assert Role.objects.filter(user__username="zhangsan", code="liaison", unit=org.units.unit_a).exists()


def test_one_account_cannot_hold_two_administrator_roles(admin_client: Client, org: SimpleNamespace) -> None:
    j = org.jurisdiction.pk
    roles = [{"code": "system_admin", "jurisdiction": j}, {"code": "auditor", "jurisdiction": j}]

    response = admin_client.post(reverse("admin:core_user_add"), new_user(org, "lisi", roles))

    assert response.status_code == 200
    assert "三员分立" in response.content.decode()


def test_unit_role_needs_a_unit_of_the_right_kind(admin_client: Client, org: SimpleNamespace) -> None:
    j = org.jurisdiction.pk
    roles = [
        {"code": "handler", "jurisdiction": j},
        {"code": "liaison", "jurisdiction": j, "unit": org.units.gov_office.pk},
    ]

    response = admin_client.post(reverse("admin:core_user_add"), new_user(org, "wangwu", roles))

    page = response.content.decode()
    assert "须指定所在单位" in page
    assert "不能设在" in page


def test_index_warns_until_next_year_is_confirmed(admin_client: Client, db: None) -> None:
    year = timezone.localdate().year + 1
    CalendarDay.objects.filter(date__year=year).update(confirmed=False)

    page = admin_client.get(reverse("admin:index")).content.decode()

    assert "建议提案办理系统 管理后台" in page
    assert f"{year}年放假安排尚未确认" in page
    assert f"?date__year={year}" in page
    CalendarDay.objects.update_or_create(
        date=dt.date(year, 1, 1), defaults={"kind": "holiday", "name": "元旦", "confirmed": True}
    )
    assert "放假安排尚未确认" not in admin_client.get(reverse("admin:index")).content.decode()


def test_confirming_selected_days(admin_client: Client, db: None) -> None:
    day = CalendarDay.objects.create(date=dt.date(2030, 1, 1), kind="holiday", name="元旦", confirmed=False)

    response = admin_client.post(
        reverse("admin:core_calendarday_changelist"),
        {"action": "confirm_days", "_selected_action": [day.pk]},
        follow=True,
    )

    day.refresh_from_db()
    assert day.confirmed
    assert "已确认 1 天" in response.content.decode()
