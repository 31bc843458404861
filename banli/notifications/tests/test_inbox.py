"""消息: the inbox page, the unread badge in the top bar, reading, and the channel settings page."""

from __future__ import annotations

from types import SimpleNamespace

from django.test import Client
from django.urls import reverse

from banli.notifications.models import Notification, NotificationPreference
from banli.notifications.services import notify


def send(
    org: SimpleNamespace,
    user: object,
    title: str = "【即将到期】第12号建议的签收期限为2025年10月9日",
    url: str = "/assignments/",
) -> Notification:
    [n] = notify([user], "reminder.warning", title, "请及时签收。", url, jurisdiction=org.jurisdiction)
    return n


def test_inbox_lists_the_users_messages_with_the_unread_count_in_the_top_bar(
    org: SimpleNamespace, client: Client
) -> None:
    send(org, org.users.liaison, "第一条")
    read = send(org, org.users.liaison, "第二条")
    read.read_at = read.created_at
    read.save()
    send(org, org.users.handler, "别人的消息")
    client.force_login(org.users.liaison)

    page = client.get(reverse("notifications:inbox")).content.decode()

    assert "第一条" in page and "第二条" in page and "别人的消息" not in page
    assert '消息 <span class="badge text-bg-warning">1<span class="visually-hidden">条未读</span>' in page
    assert "期限提醒" in page


def test_the_unread_filter_shows_only_unread(org: SimpleNamespace, client: Client) -> None:
    send(org, org.users.liaison, "未读的")
    n = send(org, org.users.liaison, "已读的")
    Notification.objects.filter(pk=n.pk).update(read_at=n.created_at)
    client.force_login(org.users.liaison)

    page = client.get(reverse("notifications:inbox"), {"show": "unread"}).content.decode()

    assert "未读的" in page and "已读的" not in page


def test_opening_a_message_marks_it_read_and_goes_to_its_item(org: SimpleNamespace, client: Client) -> None:
    n = send(org, org.users.liaison, url="/assignments/?state=assigned")
    client.force_login(org.users.liaison)

    response = client.get(reverse("notifications:open", args=[n.pk]))

    assert response.status_code == 302 and response["Location"] == "/assignments/?state=assigned"
    n.refresh_from_db()
    assert n.read_at is not None
    first = n.read_at
    client.get(reverse("notifications:open", args=[n.pk]))
    n.refresh_from_db()
    assert n.read_at == first  # the first reading is kept


def test_a_link_off_site_is_not_followed(org: SimpleNamespace, client: Client) -> None:
    n = send(org, org.users.liaison, url="https://evil.example/")
    client.force_login(org.users.liaison)

    assert client.get(reverse("notifications:open", args=[n.pk]))["Location"] == reverse(
        "notifications:inbox"
    )


def test_nobody_opens_or_reads_another_users_message(org: SimpleNamespace, client: Client) -> None:
    n = send(org, org.users.handler)
    client.force_login(org.users.liaison)

    assert client.get(reverse("notifications:open", args=[n.pk])).status_code == 404
    assert client.post(reverse("notifications:read", args=[n.pk])).status_code == 404
    client.post(reverse("notifications:read_all"))
    assert Notification.objects.get(pk=n.pk).read_at is None


def test_mark_one_and_mark_all_read(org: SimpleNamespace, client: Client) -> None:
    one, *_ = [send(org, org.users.liaison, f"消息{i}") for i in range(3)]
    client.force_login(org.users.liaison)

    client.post(reverse("notifications:read", args=[one.pk]), {"next": "/notifications/?show=unread"})
    assert Notification.objects.filter(recipient=org.users.liaison, read_at__isnull=True).count() == 2

    response = client.post(reverse("notifications:read_all"), follow=True)
    assert "已将 2 条消息标为已读" in response.content.decode()
    assert not Notification.objects.filter(read_at__isnull=True).exists()
    assert '<span class="badge text-bg-warning">' not in response.content.decode()


def test_the_badge_stops_counting_at_99(org: SimpleNamespace, client: Client) -> None:
    Notification.objects.bulk_create(
        [
            Notification(
                recipient=org.users.liaison, jurisdiction=org.jurisdiction, kind="test", title=f"第{i}条"
            )
            for i in range(120)
        ]
    )
    client.force_login(org.users.liaison)

    page = client.get(reverse("home")).content.decode()

    assert '<span class="badge text-bg-warning">99+<span class="visually-hidden">条未读</span>' in page


def test_inbox_queries_do_not_grow_with_messages(
    org: SimpleNamespace, client: Client, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    send(org, org.users.liaison)
    client.force_login(org.users.liaison)
    client.get(reverse("notifications:inbox"))
    with django_assert_max_num_queries(10) as few:  # session, user, roles, badge, count, page…
        client.get(reverse("notifications:inbox"))
    for i in range(30):
        send(org, org.users.liaison, f"消息{i}")

    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(reverse("notifications:inbox"))
    assert "下一页" in page.content.decode()  # 31 messages: two pages


def test_settings_page_saves_the_channels(org: SimpleNamespace, client: Client) -> None:
    user = org.users.liaison
    user.email, user.mobile = "liaison@example.gov.cn", "13900000001"
    user.save()
    client.force_login(user)
    assert "liaison@example.gov.cn" in client.get(reverse("notifications:preferences")).content.decode()

    response = client.post(reverse("notifications:preferences"), {"email": "digest", "sms": "1"}, follow=True)

    assert "消息接收设置已保存" in response.content.decode()
    pref = NotificationPreference.objects.get(user=user)
    assert (pref.email, pref.sms) == ("digest", True)


def test_settings_refuse_email_without_an_address_and_change_nothing(
    org: SimpleNamespace, client: Client
) -> None:
    client.force_login(org.users.liaison)
    page = client.get(reverse("notifications:preferences")).content.decode()
    assert "未登记电子邮箱" in page

    response = client.post(reverse("notifications:preferences"), {"email": "immediate"})

    assert response.status_code == 400
    assert "无法开启邮件提醒" in response.content.decode()
    assert not NotificationPreference.objects.exists()
