"""What an account may do in the admin site comes from its administrator role, and from nothing else.

三员分立: the system administrator (系统管理员) keeps the configuration and the accounts, and sees no
business data; the security administrator (安全管理员) grants roles, unlocks accounts and resets second
factors; the auditor (审计管理员) reads the audit trail and the event log. Groups and per-user
permissions are not used, so no one can widen an administrator's reach by hand. Business users have no
admin-site permission at all; a superuser (installation only) has all.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend

from banli.core.models.org import RoleCode


def _perms(app: str, models: tuple[str, ...], actions: tuple[str, ...]) -> set[str]:
    return {f"{app}.{action}_{model}" for model in models for action in actions}


VAC = ("view", "add", "change")
ADMIN_PERMISSIONS: dict[str, frozenset[str]] = {
    RoleCode.SYSTEM_ADMIN: frozenset(
        _perms("core", ("jurisdiction", "assembly", "session", "unit", "category", "calendarday"), VAC)
        | _perms("core", ("member", "user"), VAC)
        | _perms("submissions", ("intakepolicy", "rejectionreason"), VAC)
        | _perms("textindex", ("term", "unitkeyword"), (*VAC, "delete"))
        | {"textindex.view_recommendermodel"}
        | _perms("assignments", ("handlingpolicy",), VAC)
        | _perms("handling", ("resultscheme", "resultcategory", "docnumberpattern"), VAC)
        | _perms("evaluation", ("ratingoption",), VAC)
        | _perms("notifications", ("reminderpolicy",), VAC)
        | _perms("documents", ("documenttemplate",), VAC)
    ),
    RoleCode.SECURITY_ADMIN: frozenset(
        _perms("core", ("role",), (*VAC, "delete"))
        | {"core.view_user"}
        | _perms("otp_totp", ("totpdevice",), ("view", "delete"))
        | _perms("axes", ("accessattempt",), ("view", "delete"))
        | _perms("axes", ("accesslog", "accessfailurelog"), ("view",))
    ),
    RoleCode.AUDITOR: frozenset({"audit.view_auditrecord", "core.view_event", "axes.view_accesslog"}),
}


def role_permissions(user: Any) -> set[str]:
    """The admin-site permissions of the account's administrator role (empty for everyone else)."""
    from banli.core.policies import roles_of

    out: set[str] = set()
    for role in roles_of(user):
        out |= ADMIN_PERMISSIONS.get(role.code, frozenset())
    return out


class RoleBackend(ModelBackend):
    """Django's password check, with permissions taken from the administrator role only."""

    def get_user_permissions(self, user_obj: Any, obj: Any = None) -> set[str]:
        return set()

    def get_group_permissions(self, user_obj: Any, obj: Any = None) -> set[str]:
        return set()

    def get_all_permissions(self, user_obj: Any, obj: Any = None) -> set[str]:
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        cached = getattr(user_obj, "_banli_admin_perms", None)
        if cached is None:
            cached = role_permissions(user_obj)
            user_obj._banli_admin_perms = cached
        return cached
