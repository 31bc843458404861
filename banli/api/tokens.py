"""Personal API tokens: making one (shown once), revoking it, and finding the user a token belongs to.

The token is ``banli_`` followed by 43 URL-safe characters (256 random bits). The database stores its
SHA-256 only; a presented token is hashed and looked up, so the stored digests are useless to a reader
of the database. Using a token records when it was last used, at most once a minute.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import secrets
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from banli.api.models import ApiToken
from banli.core.models import User
from banli.core.policies import is_admin_only
from banli.core.transactions import writing
from banli.core.workflow import GuardFailed, NotAllowed

logger = logging.getLogger("banli.api")

PREFIX = "banli_"
#: The lifetimes a user may choose, in days, with their labels.
LIFETIMES: dict[int, str] = {30: "30 天", 90: "90 天", 180: "180 天", 365: "1 年"}
#: How many live (neither revoked nor expired) tokens one user may hold.
MAX_LIVE = 10
#: ``last_used_at`` is written at most this often, so reads do not each take the write lock.
TOUCH_EVERY = dt.timedelta(minutes=1)


def digest(key: str) -> str:
    return hashlib.sha256(key.encode("ascii")).hexdigest()


@dataclass(frozen=True)
class NewToken:
    """A token just made: ``key`` is the only copy of the secret, to show the user once."""

    token: ApiToken
    key: str


def tokens_of(user: User) -> QuerySet[ApiToken]:
    """The user's tokens, newest first, revoked and expired ones included."""
    return ApiToken.objects.filter(user_id=user.pk).order_by("-created_at", "-pk")


def live_tokens(user: User) -> QuerySet[ApiToken]:
    return tokens_of(user).filter(revoked=False, expires_at__gt=timezone.now())


@writing()
def create_token(user: User, name: str, days: int) -> NewToken:
    """Make a token for ``user`` named ``name``, valid ``days`` days (one of ``LIFETIMES``).

    Writes an ApiToken holding the SHA-256 of the new key and logs the creation; returns the key once.
    """
    if not user.is_authenticated or not user.is_active:
        raise NotAllowed("请先登录。")
    if is_admin_only(user):
        raise NotAllowed("系统管理员、安全管理员和审计管理员不使用接口令牌：接口不提供管理功能。")
    name = (name or "").strip()
    if not name:
        raise GuardFailed("请填写令牌用途。")
    if len(name) > 60:
        raise GuardFailed("令牌用途不能超过 60 个字。")
    if days not in LIFETIMES:
        raise GuardFailed(f"有效期须为：{'、'.join(LIFETIMES.values())}。")
    # the user's row serialises two simultaneous creations, so the ceiling holds
    User.objects.select_for_update().filter(pk=user.pk).first()
    if live_tokens(user).count() >= MAX_LIVE:
        raise GuardFailed(f"每人最多持有 {MAX_LIVE} 个有效令牌，请先吊销不用的令牌。")
    key = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name, key_hash=digest(key), expires_at=timezone.now() + dt.timedelta(days=days)
    )
    logger.info("用户 %s 创建接口令牌 %s（%s，%s 天）", user.username, token.pk, name, days)
    return NewToken(token, key)


@writing()
def revoke_token(token: ApiToken, actor: User) -> ApiToken:
    """Revoke one of the actor's own tokens: it stops working at once. Logs the revocation."""
    if token.user_id != actor.pk:
        raise NotAllowed("只能吊销本人的令牌。")
    if token.revoked:
        raise GuardFailed("该令牌已吊销。")
    now = timezone.now()
    ApiToken.objects.filter(pk=token.pk).update(revoked=True, revoked_at=now)
    token.revoked, token.revoked_at = True, now
    logger.info("用户 %s 吊销接口令牌 %s（%s）", actor.username, token.pk, token.name)
    return token


def user_for(key: str) -> tuple[User, ApiToken] | None:
    """The active user a presented key belongs to, with the token, or None (unknown, revoked, expired,
    or the user disabled). Records the use."""
    if not key.startswith(PREFIX) or len(key) > 100 or not key.isascii():
        return None
    now = timezone.now()
    token = (
        ApiToken.objects.filter(key_hash=digest(key), revoked=False, expires_at__gt=now)
        .select_related("user")
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    if token.last_used_at is None or now - token.last_used_at >= TOUCH_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token.user, token
