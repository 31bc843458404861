"""接口令牌 page: a user makes a token (shown once), sees the list, revokes; nobody touches another's."""

from __future__ import annotations

import re
from types import SimpleNamespace

from django.test import Client
from django.urls import reverse

from banli.api.models import ApiToken
from banli.api.tokens import MAX_LIVE, create_token
from banli.core.selectors import navigation


def logged_in(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def test_a_user_makes_a_token_sees_it_once_and_uses_it(org: SimpleNamespace) -> None:
    client = logged_in(org.users.liaison)
    url = reverse("api_tokens:list")
    assert "还没有令牌" in client.get(url).content.decode()
    response = client.post(url, {"name": "市政务服务平台对接", "days": "90"})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    key = re.search(r'id="new-key" value="(banli_[\w-]+)"', html).group(1)  # type: ignore[union-attr]
    assert "此令牌只显示这一次" in html
    assert 'value="市政务服务平台对接"' not in html  # the form is empty again
    assert key not in client.get(url).content.decode()
    token = ApiToken.objects.get(user=org.users.liaison)
    assert token.name == "市政务服务平台对接"
    api = Client().get("/api/me", headers={"Authorization": f"Bearer {key}"})
    assert api.json()["username"] == org.users.liaison.username
    assert "data-token" in client.get(url).content.decode()


def test_a_user_revokes_a_token_which_stops_working(org: SimpleNamespace) -> None:
    new = create_token(org.users.deputy, "旧系统", 30)
    client = logged_in(org.users.deputy)
    response = client.post(reverse("api_tokens:revoke", args=[new.token.pk]), follow=True)
    assert "已吊销" in response.content.decode()
    token = ApiToken.objects.get(pk=new.token.pk)
    assert token.revoked and token.revoked_at is not None
    assert Client().get("/api/me", headers={"Authorization": f"Bearer {new.key}"}).status_code == 401
    again = client.post(reverse("api_tokens:revoke", args=[new.token.pk]), follow=True)
    assert "该令牌已吊销" in again.content.decode()


def test_nobody_revokes_or_sees_anothers_token(org: SimpleNamespace) -> None:
    theirs = create_token(org.users.deputy, "代表的令牌", 30)
    client = logged_in(org.users.liaison)
    assert client.post(reverse("api_tokens:revoke", args=[theirs.token.pk])).status_code == 404
    assert "代表的令牌" not in client.get(reverse("api_tokens:list")).content.decode()
    assert not ApiToken.objects.get(pk=theirs.token.pk).revoked


def test_bad_requests_make_no_token(org: SimpleNamespace) -> None:
    client = logged_in(org.users.handler)
    url = reverse("api_tokens:list")
    for data, message in (
        ({"name": "", "days": "30"}, "请填写令牌用途"),
        ({"name": "对接", "days": "7"}, "有效期须为"),
        ({"name": "对接", "days": "99999999999"}, "有效期须为"),
        ({"name": "长" * 61, "days": "30"}, "不能超过 60 个字"),
    ):
        response = client.post(url, data)
        assert response.status_code == 400 and message in response.content.decode()
    assert not ApiToken.objects.exists()
    for n in range(MAX_LIVE):
        create_token(org.users.handler, f"对接{n}", 30)
    response = client.post(url, {"name": "再一个", "days": "30"})
    assert f"最多持有 {MAX_LIVE} 个有效令牌" in response.content.decode()
    assert ApiToken.objects.count() == MAX_LIVE


def test_the_page_needs_a_login_and_is_in_the_menu(org: SimpleNamespace, client: Client) -> None:
    assert client.get(reverse("api_tokens:list"))["Location"].startswith("/login/")
    assert "接口令牌" in [item.label for item in navigation(org.users.deputy)]
    assert "接口令牌" in [item.label for item in navigation(org.users.coordinator)]
    assert "接口令牌" not in [item.label for item in navigation(org.users.system_admin)]


def test_the_three_administrators_get_no_token(org: SimpleNamespace) -> None:
    """They hold no business scope, and the API offers no administration."""
    for user in (org.users.system_admin, org.users.security_admin, org.users.auditor):
        response = logged_in(user).post(reverse("api_tokens:list"), {"name": "对接", "days": "30"})
        assert response.status_code == 400 and "不使用接口令牌" in response.content.decode()
    assert not ApiToken.objects.exists()
