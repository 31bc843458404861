"""``audit(...)``: the one way to write the audit trail (see :mod:`banli.audit.chain` for the chain).

Callers say what happened; who, in which capacity, from which address and browser is taken from the
request in context (:mod:`banli.audit.context`) unless given.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.http import HttpRequest

from banli.audit.chain import append
from banli.audit.context import client_ip, current_request, user_agent
from banli.audit.models import AuditRecord


def _capacity(user: Any) -> str:
    from banli.core.policies import memberships_of, roles_of

    labels = [r.get_code_display() for r in roles_of(user)]
    if memberships_of(user):
        labels.append("代表/委员")
    return "、".join(dict.fromkeys(labels))


def describe(obj: models.Model | None) -> dict[str, str]:
    """The object fields of a record: type (app_label.model), id and label."""
    if obj is None:
        return {}
    return {
        "object_type": obj._meta.label_lower,
        "object_id": str(obj.pk) if obj.pk is not None else "",
        "object_label": str(obj)[:200],
    }


def audit(
    action: str,
    obj: models.Model | None = None,
    *,
    detail: dict[str, Any] | None = None,
    actor: Any = None,
    actor_name: str | None = None,
    capacity: str | None = None,
    request: HttpRequest | None = None,
    using: str = "default",
    **object_fields: str,
) -> AuditRecord:
    """Append one record: ``action`` (an :class:`~banli.audit.models.AuditAction`) on ``obj``.

    ``object_fields`` (object_type, object_id, object_label) override those derived from ``obj``, for
    acts on something that is not a model instance (an export, a backup).
    """
    request = request or current_request()
    if actor is None and request is not None:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            actor = user
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    fields: dict[str, Any] = {
        "action": action,
        "actor_id": actor.pk if actor is not None else None,
        "actor_name": actor_name if actor_name is not None else (actor.get_username() if actor else ""),
        "capacity": capacity if capacity is not None else (_capacity(actor) if actor else ""),
        "detail": detail or {},
        "ip": client_ip(request) if request is not None else "",
        "user_agent": user_agent(request) if request is not None else "",
        **describe(obj),
        **object_fields,
    }
    return append(using=using, **fields)
