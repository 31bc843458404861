"""The one permission policy: "may this user do this on this object?" and "which objects may they see?".

Rules are small named predicates, composed with ``&`` and ``|``. A predicate answers with the name of
the capacity in which the user may act (e.g. "交办机构工作人员") or ``None``; that capacity is what the
event log records as the actor's role. Every view and the API ask :func:`can` and :func:`scope`;
anything not registered here is denied.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.db.models import Exists, Model, OuterRef, Q, QuerySet

from banli.core.models.org import ADMIN_ROLES, Member, Role, RoleCode, User

Test = Callable[[User, Any], "str | None"]


@dataclass(frozen=True)
class Predicate:
    """A named test on (user, object) answering the capacity that grants it, or None."""

    name: str
    test: Test = field(compare=False)

    def __call__(self, user: User, obj: Any = None) -> str | None:
        if user is None or not user.is_authenticated or not user.is_active:
            return None
        return self.test(user, obj)

    def __or__(self, other: Predicate) -> Predicate:
        return Predicate(f"{self.name}|{other.name}", lambda u, o: self(u, o) or other(u, o))

    def __and__(self, other: Predicate) -> Predicate:
        def both(u: User, o: Any) -> str | None:
            first = self(u, o)
            return first if first and other(u, o) else None

        return Predicate(f"{self.name}&{other.name}", both)

    @property
    def parts(self) -> list[str]:
        """The simple predicates an ``|`` combination is made of (used by tests and docs)."""
        return self.name.split("|")


def predicate(name: str) -> Callable[[Test], Predicate]:
    def wrap(fn: Test) -> Predicate:
        return Predicate(name, fn)

    return wrap


# ---- the user's roles, loaded once per user object ---------------------------------------------------


def roles_of(user: User) -> list[Role]:
    """The user's roles with their units, cached on the user object for the request."""
    cached = getattr(user, "_banli_roles", None)
    if cached is None:
        cached = list(Role.objects.filter(user_id=user.pk).select_related("unit", "jurisdiction"))
        user._banli_roles = cached  # type: ignore[attr-defined]
    return cached


def memberships_of(user: User) -> list[Member]:
    cached = getattr(user, "_banli_members", None)
    if cached is None:
        cached = list(
            Member.objects.filter(user_id=user.pk, is_active=True).select_related("assembly__jurisdiction")
        )
        user._banli_members = cached  # type: ignore[attr-defined]
    return cached


def forget(user: User) -> None:
    """Drop the cached roles (after a role change)."""
    for attr in ("_banli_roles", "_banli_members"):
        if hasattr(user, attr):
            delattr(user, attr)


def roles_with(user: User, *codes: str, jurisdiction_id: int | None = None) -> list[Role]:
    return [
        r
        for r in roles_of(user)
        if r.code in codes and (jurisdiction_id is None or r.jurisdiction_id == jurisdiction_id)
    ]


def unit_ids(user: User, *codes: str, jurisdiction_id: int | None = None) -> set[int]:
    return {r.unit_id for r in roles_with(user, *codes, jurisdiction_id=jurisdiction_id) if r.unit_id}


def role_label(code: str) -> str:
    return str(RoleCode(code).label)


def has_role(*codes: str) -> Predicate:
    """Holds any of these roles in the object's jurisdiction (or anywhere, for object-less checks)."""

    def test(user: User, obj: Any) -> str | None:
        jid = getattr(obj, "jurisdiction_id", None)
        found = roles_with(user, *codes, jurisdiction_id=jid)
        return role_label(found[0].code) if found else None

    return Predicate("/".join(codes), test)


is_system_admin = has_role(RoleCode.SYSTEM_ADMIN)
is_security_admin = has_role(RoleCode.SECURITY_ADMIN)
is_auditor = has_role(RoleCode.AUDITOR)


def is_admin_only(user: User) -> bool:
    """An account of the three administrators: it sees no business data."""
    codes = {r.code for r in roles_of(user)}
    return bool(codes) and codes <= set(ADMIN_ROLES)


def user_jurisdictions(user: User) -> set[int]:
    """The jurisdictions the user works in or sits for (none for the three administrators)."""
    if is_admin_only(user):
        return set()
    return {r.jurisdiction_id for r in roles_of(user)} | {
        m.assembly.jurisdiction_id for m in memberships_of(user)
    }


# ---- the registry of rules and scopes ------------------------------------------------------------------

_RULES: dict[str, Predicate] = {}
_SCOPES: dict[type[Model], Callable[[User, QuerySet[Any]], QuerySet[Any]]] = {}


def rule(name: str, pred: Predicate) -> None:
    """Register the predicate that decides permission ``name`` (e.g. "submission.view")."""
    if name in _RULES:
        raise ValueError(f"permission {name!r} registered twice")
    _RULES[name] = pred


def register_scope(
    model: type[Model],
) -> Callable[[Callable[..., QuerySet[Any]]], Callable[..., QuerySet[Any]]]:
    """Register the function that narrows a queryset of ``model`` to what a user may see."""

    def wrap(fn: Callable[..., QuerySet[Any]]) -> Callable[..., QuerySet[Any]]:
        if model in _SCOPES:
            raise ValueError(f"scope for {model.__name__} registered twice")
        _SCOPES[model] = fn
        return fn

    return wrap


def capacity(user: User, perm: str, obj: Any = None) -> str | None:
    """The capacity in which ``user`` may do ``perm`` on ``obj``, or None (deny by default)."""
    pred = _RULES.get(perm)
    if pred is None:
        return None
    return pred(user, obj)


def can(user: User, perm: str, obj: Any = None) -> bool:
    return capacity(user, perm, obj) is not None


def scope(user: User, queryset: QuerySet[Any]) -> QuerySet[Any]:
    """Objects of the queryset the user may see; nothing for an unknown model or an anonymous user."""
    fn = _SCOPES.get(queryset.model)
    if fn is None or user is None or not user.is_authenticated or not user.is_active:
        return queryset.none()
    return fn(user, queryset)


def sees_item(user: User, field: str = "submission") -> Q:
    """The row's item (the foreign key ``field``) is one of the items ``user`` sees: the condition the
    scopes of what hangs off an item (assignments, replies, extensions…) share. On PostgreSQL an
    ``IN`` the planner turns into a semi-join or a hashed list; SQLite would list every item the user
    sees first (150,000 for a national office: 0.1–0.2 s in each query, however few rows it asks
    about), so there each row's item is looked up by its key instead (a correlated ``EXISTS``)."""
    from django.apps import apps

    items = apps.get_model("submissions", "Submission").objects
    if connection.vendor == "sqlite":
        return Q(Exists(scope(user, items.filter(pk=OuterRef(f"{field}_id")))))
    return Q(**{f"{field}__in": scope(user, items.all())})


def permissions() -> Iterable[str]:
    return sorted(_RULES)
