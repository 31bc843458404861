"""管理后台: the reminder policy is edited there; the ledger and the outbound queue are read-only."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from django.test import Client
from django.urls import reverse

from banli.notifications.models import Delivery, Reminder, ReminderPolicy
from banli.notifications.services import notify
from banli.notifications.tests.conftest import assignment, at, deadline, pass_at


def test_an_administrator_sets_a_jurisdictions_reminder_policy(
    admin_client: Client, org: SimpleNamespace
) -> None:
    url = reverse("admin:notifications_reminderpolicy_add")
    assert admin_client.get(url).status_code == 200
    data = {
        "jurisdiction": org.jurisdiction.pk,
        "warning_days": "10，3",
        "overdue_notice": "on",
        "overdue_repeat_days": 5,
    }

    assert admin_client.post(url, data).status_code == 302

    policy = ReminderPolicy.objects.get()
    assert (policy.warning_days, policy.overdue_repeat_days) == ("10,3", 5)


def test_a_bad_policy_is_refused_in_chinese(admin_client: Client, org: SimpleNamespace) -> None:
    data = {"jurisdiction": org.jurisdiction.pk, "warning_days": "七", "overdue_repeat_days": 0}

    page = admin_client.post(reverse("admin:notifications_reminderpolicy_add"), data).content.decode()

    assert "提前提醒天数须为 1 至 60 之间的整数" in page
    assert not ReminderPolicy.objects.exists()


def test_the_ledger_and_the_queue_are_read_only(admin_client: Client, addressed: SimpleNamespace) -> None:
    deadline(
        assignment(addressed, handler=addressed.users.handler), "reply", dt.date(2025, 7, 9), 3, "months"
    )
    pass_at(at(dt.date(2025, 9, 30)))
    for name in ("reminder", "delivery", "digest"):
        assert admin_client.get(reverse(f"admin:notifications_{name}_changelist")).status_code == 200, name
        assert admin_client.get(reverse(f"admin:notifications_{name}_add")).status_code == 403, name
    reminder = Reminder.objects.get()
    assert (
        admin_client.get(reverse("admin:notifications_reminder_delete", args=[reminder.pk])).status_code
        == 403
    )


def test_failed_deliveries_can_be_queued_again(admin_client: Client, addressed: SimpleNamespace) -> None:
    notify([addressed.users.liaison], "test", "一条消息", jurisdiction=addressed.jurisdiction)
    Delivery.objects.update(state="failed", attempts=8, last_error="SMTP 错误")

    response = admin_client.post(
        reverse("admin:notifications_delivery_changelist"),
        {"action": "send_again", "_selected_action": list(Delivery.objects.values_list("pk", flat=True))},
        follow=True,
    )

    assert "已重新排队 1 条" in response.content.decode()
    assert Delivery.objects.get().state == "pending" and Delivery.objects.get().attempts == 0
