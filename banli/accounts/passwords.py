"""Password policy (等保2.0): length, character classes, no reuse of recent passwords, regular change.

All numbers come from settings read from the environment: ``BANLI_PASSWORD_MIN_LENGTH`` (8),
``BANLI_PASSWORD_MIN_CLASSES`` (3 of upper case, lower case, digits, symbols), ``BANLI_PASSWORD_HISTORY``
(5: not one of the last five) and ``BANLI_PASSWORD_MAX_AGE_DAYS`` (90; 0 turns expiry off). Argon2 hashes
them. The validators are Django password validators, so every form that sets a password applies them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError
from django.utils import timezone

from banli.accounts.models import DemoAccount, PasswordHistory

CLASSES = (
    ("大写字母", str.isupper),
    ("小写字母", str.islower),
    ("数字", str.isdigit),
    ("符号", lambda ch: not ch.isalnum() and not ch.isspace()),
)


def classes_in(password: str) -> int:
    return sum(1 for _name, test in CLASSES if any(test(ch) for ch in password))


class MinimumLengthValidator:
    """At least ``BANLI_PASSWORD_MIN_LENGTH`` characters (Django's own says it in English only)."""

    @property
    def min_length(self) -> int:
        return settings.BANLI_PASSWORD_MIN_LENGTH

    def validate(self, password: str, user: Any = None) -> None:
        if len(password) < self.min_length:
            raise ValidationError(f"密码至少 {self.min_length} 位。", code="password_too_short")

    def get_help_text(self) -> str:
        return f"密码至少 {self.min_length} 位。"


class CharacterClassesValidator:
    """At least ``min_classes`` of upper case, lower case, digits and symbols."""

    def __init__(self, min_classes: int | None = None) -> None:
        self._min_classes = min_classes

    @property
    def min_classes(self) -> int:
        # read when used: Django keeps one validator instance for the life of the process
        return self._min_classes or settings.BANLI_PASSWORD_MIN_CLASSES

    def validate(self, password: str, user: Any = None) -> None:
        if classes_in(password) < self.min_classes:
            raise ValidationError(
                f"密码须包含大写字母、小写字母、数字、符号中的至少 {self.min_classes} 类。",
                code="password_too_simple",
            )

    def get_help_text(self) -> str:
        return f"密码须包含大写字母、小写字母、数字、符号中的至少 {self.min_classes} 类。"


class PasswordHistoryValidator:
    """Not the current password nor one of the last ``count``; records each new one when it is set."""

    def __init__(self, count: int | None = None) -> None:
        self._count = count

    @property
    def count(self) -> int:
        return settings.BANLI_PASSWORD_HISTORY if self._count is None else self._count

    def _recent(self, user: Any) -> list[str]:
        if user is None or not getattr(user, "pk", None) or self.count <= 0:
            return []
        hashes = list(
            PasswordHistory.objects.filter(user_id=user.pk).values_list("password", flat=True)[: self.count]
        )
        if user.password and user.password not in hashes:
            hashes.insert(0, user.password)
        return hashes[: self.count]

    def validate(self, password: str, user: Any = None) -> None:
        if any(check_password(password, old) for old in self._recent(user)):
            raise ValidationError(
                f"新密码不能与最近使用过的 {self.count} 个密码相同。", code="password_reused"
            )

    def password_changed(self, password: str, user: Any = None) -> None:
        """Called by Django after the new password is saved: remember it, forget the oldest."""
        if user is None or not user.pk:
            return
        PasswordHistory.objects.create(user_id=user.pk, password=user.password, changed_at=timezone.now())
        keep = max(self.count, 1)
        stale = PasswordHistory.objects.filter(user_id=user.pk).values_list("pk", flat=True)[keep:]
        PasswordHistory.objects.filter(pk__in=list(stale)).delete()
        from banli.audit.log import audit
        from banli.audit.models import AuditAction

        audit(AuditAction.PASSWORD_CHANGED, user)

    def get_help_text(self) -> str:
        return f"不能与最近使用过的 {self.count} 个密码相同。"


def is_demo_exempt(user: Any) -> bool:
    """A demo account while the demo runs (``BANLI_DEMO=1``); never in production."""
    return bool(settings.BANLI_DEMO) and DemoAccount.objects.filter(user_id=user.pk).exists()


def password_changed_at(user: Any) -> dt.datetime:
    """When the current password was set (the account's creation if the history has nothing)."""
    last = PasswordHistory.objects.filter(user_id=user.pk).values_list("changed_at", flat=True).first()
    return last or user.date_joined


def password_expires_at(user: Any) -> dt.datetime | None:
    """When the password must be changed; None if it never expires for this account."""
    days = settings.BANLI_PASSWORD_MAX_AGE_DAYS
    if days <= 0 or not user.has_usable_password() or is_demo_exempt(user):
        return None
    return password_changed_at(user) + dt.timedelta(days=days)


def policy_text() -> str:
    """The policy in one sentence, for the password forms."""
    text = (
        f"至少 {settings.BANLI_PASSWORD_MIN_LENGTH} 位，包含大写字母、小写字母、数字、符号中的至少 "
        f"{settings.BANLI_PASSWORD_MIN_CLASSES} 类"
    )
    if settings.BANLI_PASSWORD_HISTORY > 0:
        text += f"，不能与最近使用过的 {settings.BANLI_PASSWORD_HISTORY} 个密码相同"
    if settings.BANLI_PASSWORD_MAX_AGE_DAYS > 0:
        text += f"；每 {settings.BANLI_PASSWORD_MAX_AGE_DAYS} 天须修改一次"
    return text + "。"
