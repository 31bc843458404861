"""What is recorded without being asked: logins, failures, logouts, lockouts, every change to a model of
the banli apps, every workflow event and every change made in the admin site.

Bulk writes (``bulk_create``, ``QuerySet.update``) send no signals: services that use them record their
act themselves (the paper import records one ``import`` record; a workflow transition's update is
recorded through the :class:`~banli.core.models.Event` it writes). Raw saves (``loaddata``, restore) and
the historical models of migrations are not recorded.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from axes.signals import user_locked_out
from django.contrib.admin.models import LogEntry
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db import models
from django.db.models.signals import post_delete, post_init, post_save
from django.dispatch import receiver

from banli.audit.log import audit
from banli.audit.models import AuditAction

#: Models that are not worth a record: caches rebuilt from other rows, and the audit trail itself.
SKIPPED = {
    "textindex.segmentedtext",
    "textindex.searchdocument",
    "reports.itemmeasures",
    "reports.unitmeasures",
    "reports.figuresversion",
    "audit.auditrecord",
    "audit.chainhead",
    "accounts.passwordhistory",
}
#: Field names whose values are never copied into the log.
SECRET = ("password", "secret", "token", "key")
MAX_TEXT = 200


def audited(sender: type[models.Model]) -> bool:
    meta = sender._meta
    return (
        sender.__module__ != "__fake__"  # historical models, while migrating
        and sender.__module__.startswith("banli.")
        and meta.label_lower not in SKIPPED
    )


def _value(value: Any) -> Any:
    if isinstance(value, str) and len(value) > MAX_TEXT:
        return f"{value[:MAX_TEXT]}…（共{len(value)}字）"
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, models.fields.files.FieldFile):
        return value.name or ""
    if isinstance(value, bytes | memoryview):
        data = bytes(value)
        return f"（二进制数据 {len(data)} 字节，SHA-256 {hashlib.sha256(data).hexdigest()[:16]}…）"
    return value


def snapshot(instance: models.Model, only: Any = None) -> dict[str, Any]:
    """The instance's field values (foreign keys as ids), long text shortened, secrets left out."""
    out: dict[str, Any] = {}
    for field in instance._meta.concrete_fields:
        if only and field.name not in only and field.attname not in only:
            continue
        if any(word in field.name for word in SECRET):
            out[field.name] = "（不记录）"
            continue
        out[field.attname] = _value(getattr(instance, field.attname))
    return out


def _loaded(instance: models.Model) -> dict[str, Any]:
    """The field values as loaded from the database (deferred fields are not fetched for this)."""
    return {
        f.attname: instance.__dict__[f.attname]
        for f in instance._meta.concrete_fields
        if f.attname in instance.__dict__
    }


@receiver(post_init, dispatch_uid="audit.loaded")
def remember(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    """Keep what was loaded, so a save can say what it changed (and a save that changes nothing is quiet)."""
    if instance.pk is not None and audited(sender):
        instance._audit_loaded = _loaded(instance)  # type: ignore[attr-defined]


def changes(instance: models.Model) -> dict[str, list[Any]] | None:
    """{field: [before, after]} since the instance was loaded; None when it was not loaded from the DB."""
    before = getattr(instance, "_audit_loaded", None)
    if before is None:
        return None
    out: dict[str, list[Any]] = {}
    for field in instance._meta.concrete_fields:
        name = field.attname
        if name not in before or getattr(field, "auto_now", False):
            continue
        after = instance.__dict__.get(name)
        if after != before[name]:
            secret = any(word in field.name for word in SECRET)
            out[name] = ["（不记录）", "（已修改）"] if secret else [_value(before[name]), _value(after)]
    return out


@receiver(post_save, dispatch_uid="audit.saved")
def saved(
    sender: type[models.Model], instance: models.Model, created: bool, raw: bool, **kwargs: Any
) -> None:
    if raw or not audited(sender):
        return
    update_fields = kwargs.get("update_fields")
    if update_fields and set(update_fields) <= {"last_login"}:
        return  # every login touches it; the login itself is recorded
    if sender._meta.label_lower == "core.event" and created:
        _event(instance)  # an after-hook amending the event's payload is recorded as a change below
        instance._audit_loaded = _loaded(instance)  # type: ignore[attr-defined]
        return
    if created:
        detail: dict[str, Any] = {"fields": snapshot(instance)}
    else:
        diff = changes(instance)
        if diff == {}:
            return  # saved as it was (update_or_create, a form saved unchanged)
        detail = {"changes": diff} if diff is not None else {"fields": snapshot(instance, update_fields)}
    instance._audit_loaded = _loaded(instance)  # type: ignore[attr-defined]
    audit(AuditAction.CREATE if created else AuditAction.UPDATE, instance, detail=detail)


def _event(event: Any) -> None:
    """A workflow event: the act on its object, in the capacity the policy granted."""
    target = event.content_type.model_class()
    label = target._meta.label_lower if target else event.content_type.model
    audit(
        AuditAction.EVENT,
        actor=event.actor,
        capacity=event.actor_role,
        object_type=label,
        object_id=str(event.object_id),
        object_label=f"{event.action_label}：{event.submission or ''}".rstrip("："),
        detail={
            "event": event.pk,
            "workflow": event.workflow,
            "action": event.action,
            "action_label": event.action_label,
            "from_state": event.from_state,
            "to_state": event.to_state,
            "comment": _value(event.comment),
            "submission": event.submission_id,
        },
    )


@receiver(post_delete, dispatch_uid="audit.deleted")
def deleted(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    if not audited(sender):
        return
    audit(AuditAction.DELETE, instance, detail={"fields": snapshot(instance)})


@receiver(post_save, sender=LogEntry, dispatch_uid="audit.admin_change")
def admin_changed(
    sender: type[LogEntry], instance: LogEntry, created: bool, raw: bool, **kwargs: Any
) -> None:
    if raw or not created:
        return
    kind = {1: "新增", 2: "修改", 3: "删除"}.get(instance.action_flag, str(instance.action_flag))
    ct = instance.content_type
    audit(
        AuditAction.ADMIN,
        actor=instance.user,
        object_type=f"{ct.app_label}.{ct.model}" if ct else "",
        object_id=str(instance.object_id or ""),
        object_label=instance.object_repr,
        detail={"kind": kind, "change": instance.get_change_message()},
    )


@receiver(user_logged_in, dispatch_uid="audit.login")
def logged_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    audit(AuditAction.LOGIN, user, actor=user, request=request)


@receiver(user_logged_out, dispatch_uid="audit.logout")
def logged_out(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        audit(AuditAction.LOGOUT, user, actor=user, request=request)


@receiver(user_login_failed, dispatch_uid="audit.login_failed")
def login_failed(sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any) -> None:
    username = str(credentials.get("username", ""))[:150]
    audit(AuditAction.LOGIN_FAILED, actor_name=username, capacity="", request=request, detail={})


@receiver(user_locked_out, dispatch_uid="audit.locked_out")
def locked_out(
    sender: Any, request: Any, username: str | None, ip_address: str | None, **kwargs: Any
) -> None:
    audit(
        AuditAction.LOCKED_OUT,
        actor_name=(username or "")[:150],
        capacity="",
        request=request,
        detail={"username": username or "", "ip": ip_address or ""},
    )
