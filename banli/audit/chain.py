"""The hash chain: how a record's hash is computed, how records are appended, how the chain is checked.

A record's hash is the SHA-256 of a canonical JSON of its content (sorted keys, UTC time with
microseconds) including ``prev_hash``, the hash of the record before it. Appending happens inside a
transaction holding the chain head's row lock (``SELECT … FOR UPDATE`` on PostgreSQL; SQLite's
IMMEDIATE transactions already let one writer in at a time), so two processes can never give two records
the same predecessor. The append joins the caller's transaction: a change that rolls back leaves no
record, and a committed change always has one.

Inside :func:`deferred_head` (every ``writing()`` block) the head row is moved once, when the outermost
block ends, instead of at every append: PostgreSQL keeps every version of a row updated again and again
in one transaction, and each later lookup of it walks them all, so a transaction of thousands of appends
grew quadratically. Meanwhile an append takes its predecessor from the records after the head (its own
transaction's, which a rolled-back savepoint takes away with it), never from before the head, so records
deleted behind the head's back still show as a gap.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from banli.audit.models import AuditRecord, ChainHead

HASHED_FIELDS = (
    "id",
    "created_at",
    "actor_id",
    "actor_name",
    "capacity",
    "action",
    "object_type",
    "object_id",
    "object_label",
    "detail",
    "ip",
    "user_agent",
    "prev_hash",
)
LIMITS = {f.name: f.max_length for f in AuditRecord._meta.concrete_fields if f.max_length}


def _no_nul(value: Any) -> Any:
    """PostgreSQL stores no NUL character in text or JSON: it is written as the visible ``\\0``."""
    if isinstance(value, str):
        return value.replace("\x00", "\\0")
    if isinstance(value, list):
        return [_no_nul(v) for v in value]
    if isinstance(value, dict):
        return {_no_nul(k): _no_nul(v) for k, v in value.items()}
    return value


def jsonable(value: Any) -> Any:
    """The value as plain JSON (dates, decimals, UUIDs as text), as the database will give it back."""
    return _no_nul(json.loads(json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False)))


def _when(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).isoformat(timespec="microseconds")


def digest(record: AuditRecord) -> str:
    """SHA-256 over the record's content and its predecessor's hash."""
    content = {name: getattr(record, name) for name in HASHED_FIELDS}
    content["created_at"] = _when(record.created_at)
    text = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _head(using: str) -> ChainHead:
    head = ChainHead.objects.using(using).select_for_update().filter(pk=1).first()
    if head is None:  # the migration creates it; a database emptied by hand gets it back
        ChainHead.objects.using(using).get_or_create(pk=1)
        head = ChainHead.objects.using(using).select_for_update().get(pk=1)
    return head


_deferring = threading.local()


def _deferred(using: str) -> int:
    return getattr(_deferring, using, 0)


@contextmanager
def deferred_head(using: str = "default") -> Iterator[None]:
    """Inside a transaction: appends leave the head row alone; the outermost block moves it to the last
    record when it ends without an exception (its transaction rolls back otherwise)."""
    depth = _deferred(using)
    setattr(_deferring, using, depth + 1)
    try:
        yield
    finally:
        setattr(_deferring, using, depth)
    if not depth:
        settle_head(using)


def _last(head: ChainHead, using: str) -> tuple[int, str]:
    """The id and hash the next record follows: the newest record after the head's, else the head's."""
    newer = (
        AuditRecord.objects.using(using)
        .filter(id__gt=head.last_id)
        .order_by("-id")
        .values_list("id", "hash")
        .first()
    )
    return newer if newer else (head.last_id, head.last_hash)


def settle_head(using: str = "default") -> ChainHead:
    """Move the head to the last record appended while it was deferred (nothing when none was); the
    head, locked for the rest of the transaction."""
    head = _head(using)
    last_id, last_hash = _last(head, using)
    if last_id != head.last_id:
        ChainHead.objects.using(using).filter(pk=1).update(last_id=last_id, last_hash=last_hash)
        head.last_id, head.last_hash = last_id, last_hash
    return head


def hold_head(using: str = "default") -> None:
    """Lock the chain head for the rest of the caller's transaction (see :mod:`banli.core.transactions`)."""
    _head(using)


def append(using: str = "default", **fields: Any) -> AuditRecord:
    """Add one record at the end of the chain and move the head; see the module docstring for locking."""
    for name, limit in LIMITS.items():
        value = fields.get(name)
        if isinstance(value, str):
            value = _no_nul(value)
            fields[name] = value[: limit - 1] + "…" if len(value) > limit else value
    fields["detail"] = jsonable(fields.get("detail") or {})
    with transaction.atomic(using=using):
        head = _head(using)
        deferred = _deferred(using)
        last_id, last_hash = _last(head, using) if deferred else (head.last_id, head.last_hash)
        record = AuditRecord(id=last_id + 1, prev_hash=last_hash, created_at=timezone.now(), **fields)
        record.hash = digest(record)
        record.save(using=using, force_insert=True)
        if not deferred:
            ChainHead.objects.using(using).filter(pk=1).update(last_id=record.id, last_hash=record.hash)
    return record


@dataclass(frozen=True)
class Problem:
    """One break in the chain, named by the id of the record concerned."""

    record_id: int
    kind: str  # "edited", "deleted", "relinked"
    message: str


@dataclass
class Report:
    checked: int
    problems: list[Problem]
    first_id: int | None = None
    last_id: int | None = None

    @property
    def ok(self) -> bool:
        return not self.problems


def _deleted(first: int, last: int) -> Iterator[Problem]:
    for missing in range(first, last + 1):
        yield Problem(missing, "deleted", f"第 {missing} 号审计记录已被删除")


def verify(using: str = "default", chunk: int = 2000) -> Report:
    """Walk the chain from the purge anchor to the head and report every edited or missing record.

    Edited: the stored hash is not that of the content. Deleted: an id between the anchor and the head
    is missing (ids are gapless). Relinked: a record whose ``prev_hash`` is not its predecessor's hash
    (a record before it was replaced, or the order was tampered with).
    """
    if _deferred(using):  # inside a writing block: the head is moved when it ends
        head = settle_head(using)
    else:
        head = ChainHead.objects.using(using).filter(pk=1).first() or ChainHead(pk=1)
    problems: list[Problem] = []
    expected_id, prev_hash = head.anchor_id + 1, head.anchor_hash
    checked = 0
    first_id: int | None = None
    rows = AuditRecord.objects.using(using).order_by("id")
    if head.anchor_id:
        before = rows.filter(id__lte=head.anchor_id).values_list("id", flat=True)
        # Records at or below the anchor should have been purged: still there is no harm, but say so.
        for stale in before[:1]:
            problems.append(
                Problem(stale, "relinked", f"第 {stale} 号审计记录早于清理锚点（第 {head.anchor_id} 号）")
            )
    for record in rows.filter(id__gt=head.anchor_id).iterator(chunk_size=chunk):
        checked += 1
        first_id = first_id if first_id is not None else record.id
        if record.id > expected_id:
            problems.extend(_deleted(expected_id, record.id - 1))
            prev_hash = None  # the predecessor is gone: its hash cannot be checked against
        if digest(record) != record.hash:
            problems.append(Problem(record.id, "edited", f"第 {record.id} 号审计记录的内容已被修改"))
        elif prev_hash is not None and record.prev_hash != prev_hash:
            problems.append(
                Problem(
                    record.id - 1 if record.id - 1 > head.anchor_id else record.id,
                    "relinked",
                    f"第 {record.id} 号审计记录与前一条记录不衔接（第 {record.id - 1} 号记录被替换或改动）",
                )
            )
        expected_id, prev_hash = record.id + 1, record.hash
    if head.last_id >= expected_id:
        problems.extend(_deleted(expected_id, head.last_id))
    elif head.last_id and expected_id - 1 > head.last_id:
        problems.append(
            Problem(expected_id - 1, "relinked", f"第 {expected_id - 1} 号审计记录不在链头记载的范围内")
        )
    elif head.last_id and prev_hash is not None and prev_hash != head.last_hash:
        problems.append(Problem(head.last_id, "edited", f"第 {head.last_id} 号审计记录与链头记载的哈希不符"))
    return Report(checked, problems, first_id, expected_id - 1 if checked else None)
