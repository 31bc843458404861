"""Test helpers: write records, and tamper with the table the way someone with the database's keys could."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection

from banli.audit.log import audit
from banli.audit.models import AuditAction, AuditRecord


def write(n: int, label: str = "测试") -> list[AuditRecord]:
    return [
        audit(AuditAction.EXPORT, object_type="export", object_label=f"{label}{i}", detail={"i": i})
        for i in range(n)
    ]


@contextmanager
def triggers_off() -> Iterator[None]:
    """Switch the append-only triggers off inside the test's transaction (rolled back with it): what an
    intruder with the database owner's rights could do, and what ``verify_audit`` must still catch."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditrecord DISABLE TRIGGER USER")
        else:
            cursor.execute("DROP TRIGGER audit_record_no_update")
            cursor.execute("DROP TRIGGER audit_record_no_delete")
    yield


def raw(sql: str, *params: object) -> None:
    with triggers_off(), connection.cursor() as cursor:
        cursor.execute(sql, params)
