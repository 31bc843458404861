"""Retention: records younger than ``BANLI_AUDIT_RETENTION_DAYS`` (default 180) are never removed.

:func:`purge` removes the oldest records only, as one prefix of the chain, and first moves the purge
anchor to the last record removed, so the remaining chain still verifies from the anchor. The database
triggers allow deleting records at or below the anchor and nothing else.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from banli.audit.chain import settle_head, verify
from banli.audit.log import audit
from banli.audit.models import AuditAction, AuditRecord, ChainHead


class RetentionError(Exception):
    """Refused: the message says why, in Chinese."""


@dataclass(frozen=True)
class PurgeResult:
    removed: int
    anchor_id: int
    cutoff: dt.datetime


def retention_days() -> int:
    return int(settings.BANLI_AUDIT_RETENTION_DAYS)


def purge(days: int | None = None, *, dry_run: bool = False, using: str = "default") -> PurgeResult:
    """Remove the records older than ``days`` (at least the retention period) from the start of the chain.

    Refuses when the chain does not verify (the evidence would be destroyed) or when ``days`` is shorter
    than the retention period. Writes a ``purge`` record saying how many were removed and the new anchor.
    """
    keep = retention_days()
    days = keep if days is None else days
    if days < keep:
        raise RetentionError(f"审计记录至少保留 {keep} 天，不能清理 {days} 天以内的记录。")
    cutoff = timezone.now() - dt.timedelta(days=days)
    with transaction.atomic(using=using):
        head = settle_head(using)
        report = verify(using)
        if not report.ok:
            raise RetentionError(
                "审计记录校验未通过，为保留证据已停止清理："
                + "；".join(p.message for p in report.problems[:5])
            )
        records = AuditRecord.objects.using(using).filter(id__gt=head.anchor_id)
        first_young = (
            records.filter(created_at__gte=cutoff).order_by("id").values_list("id", flat=True).first()
        )
        upto = (first_young - 1) if first_young is not None else head.last_id
        if upto <= head.anchor_id:
            return PurgeResult(0, head.anchor_id, cutoff)
        removed = records.filter(id__lte=upto).count()
        if dry_run:
            return PurgeResult(removed, upto, cutoff)
        last_hash = AuditRecord.objects.using(using).values_list("hash", flat=True).get(id=upto)
        ChainHead.objects.using(using).filter(pk=1).update(
            anchor_id=upto, anchor_hash=last_hash, anchored_at=timezone.now()
        )
        AuditRecord.objects.using(using).filter(id__lte=upto).delete()
        audit(
            AuditAction.PURGE,
            using=using,
            object_type="audit.auditrecord",
            object_label=f"第 {upto} 号及以前的审计记录",
            detail={"removed": removed, "anchor_id": upto, "anchor_hash": last_hash, "cutoff": cutoff},
        )
    return PurgeResult(removed, upto, cutoff)


def discard_all(using: str = "default") -> int:
    """Empty the audit trail on purpose (restoring a backup over a database, or a test's cleanup).

    Anchors the whole chain first, which is what lets the database triggers allow the deletion.
    """
    with transaction.atomic(using=using):
        head = settle_head(using)
        ChainHead.objects.using(using).filter(pk=1).update(
            anchor_id=head.last_id, anchor_hash=head.last_hash, anchored_at=timezone.now()
        )
        removed, _ = AuditRecord.objects.using(using).all().delete()
    return removed
