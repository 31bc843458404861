"""notify(): inbox rows in the caller's transaction, deliveries queued per chosen channel, nothing sent."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.core import mail
from django.db import transaction

from banli.core.tests.factories import UserFactory
from banli.notifications.models import Delivery, Notification, NotificationPreference
from banli.notifications.services import PreferenceError, notify, save_preference
from banli.notifications.tests.conftest import item


def channels(user: object) -> list[str]:
    return sorted(Delivery.objects.filter(recipient=user).values_list("channel", flat=True))


def test_notify_fills_inboxes_and_queues_the_chosen_channels(addressed: SimpleNamespace) -> None:
    users = addressed.users
    NotificationPreference.objects.create(user=users.handler, email="digest", sms=True)
    NotificationPreference.objects.create(user=users.liaison, email="off")
    sub = item(addressed)

    rows = notify(
        [users.handler, users.liaison, users.signing_head.pk],
        "assignment.assigned",
        "新交办：市六届人大三次会议第12号建议",
        "请及时签收。",
        "/assignments/",
        submission=sub,
    )

    assert len(rows) == 3 and {n.jurisdiction_id for n in rows} == {addressed.jurisdiction.pk}
    assert channels(users.handler) == ["digest", "sms"]
    assert channels(users.liaison) == []  # the inbox only
    assert channels(users.signing_head) == ["email"]  # the default: immediate email
    assert mail.outbox == []  # the worker sends, after commit


def test_no_address_no_delivery_and_inactive_users_get_nothing(org: SimpleNamespace) -> None:
    gone = UserFactory(is_active=False, email="gone@example.gov.cn", jurisdiction=org.jurisdiction)
    rows = notify([org.users.liaison, org.users.liaison, gone], "test", "标题", jurisdiction=org.jurisdiction)

    assert [n.recipient for n in rows] == [org.users.liaison]  # once, and not the inactive user
    assert not Delivery.objects.exists()  # factory users have neither email nor mobile


def test_the_recipients_own_jurisdiction_is_the_fallback(org: SimpleNamespace) -> None:
    [row] = notify([org.users.coordinator], "test", "系统通知")
    assert row.jurisdiction_id == org.jurisdiction.pk


def test_a_rolled_back_act_notifies_nobody(addressed: SimpleNamespace) -> None:
    with pytest.raises(RuntimeError), transaction.atomic():
        notify([addressed.users.liaison], "test", "不会留下的消息", jurisdiction=addressed.jurisdiction)
        raise RuntimeError("the act failed after notifying")

    assert not Notification.objects.exists()
    assert not Delivery.objects.exists()


def test_a_message_needs_a_title(org: SimpleNamespace) -> None:
    with pytest.raises(ValueError, match="标题"):
        notify([org.users.liaison], "test", "  ", jurisdiction=org.jurisdiction)


def test_channels_cannot_be_chosen_without_an_address(org: SimpleNamespace) -> None:
    user = org.users.liaison
    with pytest.raises(PreferenceError, match="未登记电子邮箱"):
        save_preference(user, email="immediate", sms=False)
    with pytest.raises(PreferenceError, match="未登记手机号码"):
        save_preference(user, email="off", sms=True)
    with pytest.raises(PreferenceError, match="邮件提醒方式"):
        save_preference(user, email="weekly", sms=False)
    assert not NotificationPreference.objects.exists()

    save_preference(user, email="off", sms=False)
    assert NotificationPreference.objects.get(user=user).email == "off"
