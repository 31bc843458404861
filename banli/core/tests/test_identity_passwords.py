"""Password policy: length and classes, no reuse of the last N, a change interval after which the user
is sent to change it; Argon2 hashing; idle logout after 30 minutes."""

from __future__ import annotations

import datetime as dt
import itertools
from types import SimpleNamespace

import pytest
import time_machine
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from banli.accounts.models import PasswordHistory
from banli.core.tests.factories import PASSWORD

CHANGE = reverse("accounts:password_change")


def messages_of(password: str, user=None) -> list[str]:  # type: ignore[no-untyped-def]
    with translation.override("zh-hans"):
        try:
            validate_password(password, user)
        except ValidationError as exc:
            return [str(m) for m in exc.messages]
    return []


def change(client: Client, old: str, new: str):  # type: ignore[no-untyped-def]
    return client.post(CHANGE, {"old_password": old, "new_password1": new, "new_password2": new})


@pytest.mark.django_db
def test_eight_characters_from_three_classes() -> None:
    assert messages_of("Ab1!") == ["密码至少 8 位。"]
    assert messages_of("qwzxkvbnml") == ["密码须包含大写字母、小写字母、数字、符号中的至少 3 类。"]
    assert messages_of("qwzxkv5823") == ["密码须包含大写字母、小写字母、数字、符号中的至少 3 类。"]
    assert messages_of("Sunflower-lake") == []  # upper, lower, symbol
    assert messages_of("sunfl0wer#lake") == []  # lower, digit, symbol


@pytest.mark.django_db
def test_the_policy_numbers_are_settings(settings) -> None:  # type: ignore[no-untyped-def]
    settings.BANLI_PASSWORD_MIN_CLASSES = 4
    assert messages_of("Sunflower-lake") == ["密码须包含大写字母、小写字母、数字、符号中的至少 4 类。"]
    assert messages_of("Sunfl0wer-lake") == []


def test_none_of_the_last_five_passwords_again(org: SimpleNamespace, client: Client) -> None:
    user = org.users.handler
    client.force_login(user)
    passwords = [PASSWORD] + [f"Spring-{i}-garden" for i in range(1, 6)]
    for old, new in itertools.pairwise(passwords):
        assert change(client, old, new).status_code == 302, new

    refused = change(client, passwords[-1], passwords[2])
    assert refused.status_code == 200
    assert "新密码不能与最近使用过的 5 个密码相同" in refused.content.decode()
    assert change(client, passwords[-1], passwords[-1]).status_code == 200  # the current one neither
    assert change(client, passwords[-1], passwords[0]).status_code == 302  # six back: allowed again
    assert PasswordHistory.objects.filter(user=user).count() == 5


def test_an_expired_password_sends_the_user_to_change_it_first(org: SimpleNamespace, client: Client) -> None:
    user = org.users.liaison
    later = timezone.now() + dt.timedelta(days=91)
    with time_machine.travel(later, tick=False):
        client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
        for url in (reverse("home"), reverse("assignments:list")):
            response = client.get(url)
            assert response.status_code == 302, url
            assert response["Location"].startswith(CHANGE), url
        page = client.get(CHANGE).content.decode()
        assert "您的密码已到期" in page
        assert "至少 8 位，包含大写字母、小写字母、数字、符号中的至少 3 类" in page

        assert change(client, PASSWORD, "Autumn-leaves-7").status_code == 302

        assert client.get(reverse("home")).status_code == 200


def test_a_password_younger_than_the_interval_asks_nothing(org: SimpleNamespace, client: Client) -> None:
    with time_machine.travel(timezone.now() + dt.timedelta(days=89), tick=False):
        client.post(reverse("login"), {"username": org.users.liaison.username, "password": PASSWORD})
        assert client.get(reverse("home")).status_code == 200


def test_the_change_interval_is_a_setting_and_zero_turns_it_off(
    org: SimpleNamespace, client: Client, settings
) -> None:  # type: ignore[no-untyped-def]
    settings.BANLI_PASSWORD_MAX_AGE_DAYS = 0
    with time_machine.travel(timezone.now() + dt.timedelta(days=400), tick=False):
        client.post(reverse("login"), {"username": org.users.liaison.username, "password": PASSWORD})
        assert client.get(reverse("home")).status_code == 200


def test_a_wrong_old_password_is_refused_in_chinese(org: SimpleNamespace, client: Client) -> None:
    client.force_login(org.users.handler)

    response = change(client, "not-it", "Autumn-leaves-7")

    assert response.status_code == 200
    assert "旧密码不正确" in response.content.decode()


@pytest.mark.django_db
def test_passwords_are_hashed_with_argon2_in_production(settings) -> None:  # type: ignore[no-untyped-def]
    import banli.settings as production

    settings.PASSWORD_HASHERS = production.PASSWORD_HASHERS
    from banli.core.tests.factories import UserFactory

    user = UserFactory()
    user.set_password("Autumn-leaves-7")
    assert production.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    assert user.password.startswith("argon2$argon2id$")


def test_thirty_idle_minutes_log_the_user_out(org: SimpleNamespace, client: Client, settings) -> None:  # type: ignore[no-untyped-def]
    assert settings.SESSION_COOKIE_AGE == 30 * 60 and settings.SESSION_REFRESH_SECONDS == 60
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client.force_login(org.users.liaison)
    for minutes in (29, 58, 87):  # busy: each request starts the thirty minutes again
        with time_machine.travel(start + dt.timedelta(minutes=minutes), tick=False):
            assert client.get(reverse("home")).status_code == 200, minutes

    with time_machine.travel(start + dt.timedelta(minutes=87 + 31), tick=False):
        response = client.get(reverse("home"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_idle_time_is_moved_on_at_most_once_a_minute_and_never_lets_a_session_outlive_it(
    org: SimpleNamespace, client: Client
) -> None:
    """Reading pages does not write the session on every request; a user idle for thirty minutes after
    their last request is logged out, at most a minute earlier, never later."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def session_writes() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("home")).status_code == 200
        return sum(
            1 for q in ctx.captured_queries if "django_session" in q["sql"] and "SELECT" not in q["sql"]
        )

    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client.force_login(org.users.liaison)  # the login's own save starts the idle time
        assert session_writes() == 0
        assert session_writes() == 0
    with time_machine.travel(start + dt.timedelta(seconds=59), tick=False):
        assert session_writes() == 0  # within the minute: nothing written
    with time_machine.travel(start + dt.timedelta(seconds=61), tick=False):
        assert session_writes() == 1
    # last request at 0:59, expiry moved on at 1:01: still logged in at 30:59, out after 31:01
    with time_machine.travel(start + dt.timedelta(seconds=61 + 30 * 60 - 2), tick=False):
        assert client.get(reverse("home")).status_code == 200
    with time_machine.travel(start + dt.timedelta(seconds=61 + 30 * 60 - 2 + 30 * 60 + 1), tick=False):
        assert client.get(reverse("home")).status_code == 302
