"""Retention: nothing younger than the retention period is purged; what is purged leaves an anchor, so
the rest of the chain still verifies."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.utils import timezone

from banli.audit.chain import verify
from banli.audit.models import AuditRecord, ChainHead
from banli.audit.retention import RetentionError, purge
from banli.audit.tests.helpers import raw, write

pytestmark = pytest.mark.django_db


def old_and_young() -> tuple[list[AuditRecord], list[AuditRecord]]:
    with time_machine.travel(timezone.now() - dt.timedelta(days=200), tick=False):
        old = write(3, "旧")
    with time_machine.travel(timezone.now() - dt.timedelta(days=179), tick=False):
        young = write(2, "新")
    return old, young


def test_purge_removes_only_records_past_the_retention_period(settings) -> None:  # type: ignore[no-untyped-def]
    settings.BANLI_AUDIT_RETENTION_DAYS = 180
    old, young = old_and_young()
    before = set(AuditRecord.objects.values_list("pk", flat=True))

    out = StringIO()
    call_command("purge_audit", stdout=out)

    remaining = set(AuditRecord.objects.values_list("pk", flat=True))
    assert {r.pk for r in old}.isdisjoint(remaining)
    assert {r.pk for r in young} <= remaining
    assert before - remaining == {r.pk for r in old}
    head = ChainHead.objects.get(pk=1)
    assert head.anchor_id == old[-1].pk and head.anchor_hash == old[-1].hash
    assert verify().ok
    last = AuditRecord.objects.order_by("-id").first()
    assert last is not None and last.action == "purge" and last.detail["anchor_id"] == old[-1].pk
    assert "已清理" in out.getvalue()


def test_a_shorter_period_than_the_retention_is_refused(settings) -> None:  # type: ignore[no-untyped-def]
    settings.BANLI_AUDIT_RETENTION_DAYS = 180
    old_and_young()
    count = AuditRecord.objects.count()

    with pytest.raises(CommandError, match="至少保留 180 天"):
        call_command("purge_audit", "--days", "30")

    assert AuditRecord.objects.count() == count


def test_the_retention_period_is_a_setting(settings) -> None:  # type: ignore[no-untyped-def]
    settings.BANLI_AUDIT_RETENTION_DAYS = 365
    old, _young = old_and_young()

    result = purge()

    assert result.removed == 0
    assert AuditRecord.objects.filter(pk=old[0].pk).exists()


def test_a_tampered_chain_is_not_purged(settings) -> None:  # type: ignore[no-untyped-def]
    settings.BANLI_AUDIT_RETENTION_DAYS = 180
    old, _young = old_and_young()
    raw("UPDATE audit_auditrecord SET object_label = 'x' WHERE id = %s", old[1].pk)

    with pytest.raises(RetentionError, match="校验未通过"):
        purge()

    assert AuditRecord.objects.filter(pk=old[1].pk).exists()


def test_dry_run_counts_without_removing(settings) -> None:  # type: ignore[no-untyped-def]
    settings.BANLI_AUDIT_RETENTION_DAYS = 180
    old, _young = old_and_young()
    out = StringIO()

    call_command("purge_audit", "--dry-run", stdout=out)

    assert "将清理" in out.getvalue()
    assert AuditRecord.objects.filter(pk=old[0].pk).exists()
