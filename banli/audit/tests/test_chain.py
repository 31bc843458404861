"""The hash chain: each record seals the one before; the database refuses edits; verify_audit names
every edited or deleted record by its id."""

from __future__ import annotations

import threading
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, connections, transaction

from banli.audit.chain import digest, verify
from banli.audit.models import AuditRecord, ChainHead
from banli.audit.tests.helpers import raw, write

pytestmark = pytest.mark.django_db


def run_verify() -> tuple[int, str, str]:
    out, err = StringIO(), StringIO()
    try:
        call_command("verify_audit", stdout=out, stderr=err)
    except SystemExit as exc:
        return int(exc.code or 0), out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


def test_each_record_seals_its_content_and_the_one_before() -> None:
    first, second, third = write(3)

    assert [second.id, third.id] == [first.id + 1, first.id + 2]
    assert second.prev_hash == first.hash and third.prev_hash == second.hash
    stored = AuditRecord.objects.get(pk=second.pk)
    assert digest(stored) == stored.hash == second.hash
    assert ChainHead.objects.get(pk=1).last_hash == third.hash
    code, out, _ = run_verify()
    assert code == 0
    assert "校验通过" in out and "哈希链完整" in out


def test_the_database_refuses_to_update_or_delete_a_record() -> None:
    (record,) = write(1)

    with pytest.raises(DatabaseError, match="只能追加"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditrecord SET actor_name = 'x' WHERE id = %s", [record.pk])
    with pytest.raises(DatabaseError, match="只能追加"), transaction.atomic():
        AuditRecord.objects.filter(pk=record.pk).delete()
    with pytest.raises(DatabaseError, match="只能追加"), transaction.atomic():
        AuditRecord.objects.filter(pk=record.pk).update(detail={})
    assert AuditRecord.objects.get(pk=record.pk).hash == record.hash


def test_a_record_edited_in_the_database_is_named_by_its_id() -> None:
    records = write(5)
    target = records[2]

    raw("UPDATE audit_auditrecord SET actor_name = 'someone_else' WHERE id = %s", target.pk)

    code, _, err = run_verify()
    assert code == 1
    assert f"id={target.pk}：第 {target.pk} 号审计记录的内容已被修改" in err
    assert [p.record_id for p in verify().problems] == [target.pk]


def test_an_edit_with_a_recomputed_hash_is_still_caught_by_the_next_record() -> None:
    records = write(5)
    target = records[1]
    forged = AuditRecord.objects.get(pk=target.pk)
    forged.object_label = "伪造的内容"
    raw(
        "UPDATE audit_auditrecord SET object_label = %s, hash = %s WHERE id = %s",
        forged.object_label,
        digest(forged),
        target.pk,
    )

    code, _, err = run_verify()
    assert code == 1
    assert f"id={target.pk}" in err
    assert [p.record_id for p in verify().problems] == [target.pk]


def test_deleting_a_record_in_the_middle_is_reported_with_its_id() -> None:
    records = write(6)
    gone = records[3]

    raw("DELETE FROM audit_auditrecord WHERE id = %s", gone.pk)

    code, _, err = run_verify()
    assert code == 1
    assert f"id={gone.pk}：第 {gone.pk} 号审计记录已被删除" in err
    assert [(p.record_id, p.kind) for p in verify().problems] == [(gone.pk, "deleted")]


def test_deleting_the_newest_records_is_reported_too() -> None:
    records = write(4)

    raw("DELETE FROM audit_auditrecord WHERE id >= %s", records[2].pk)

    assert [(p.record_id, p.kind) for p in verify().problems] == [
        (records[2].pk, "deleted"),
        (records[3].pk, "deleted"),
    ]


def test_a_writing_block_moves_the_head_once_and_keeps_the_chain_through_a_rolled_back_savepoint() -> None:
    from banli.core.transactions import writing

    (before,) = write(1)
    with writing():
        kept = write(3)
        assert ChainHead.objects.get(pk=1).last_id == before.id  # moved when the block ends
        with pytest.raises(RuntimeError), transaction.atomic():
            write(2, "撤销")
            raise RuntimeError
        after = write(2)
        assert verify().ok  # verify inside the block settles the head first
    records = [*kept, *after]
    assert [r.id for r in records] == list(range(before.id + 1, before.id + 6))
    assert after[0].prev_hash == kept[-1].hash
    head = ChainHead.objects.get(pk=1)
    assert (head.last_id, head.last_hash) == (after[-1].id, after[-1].hash)
    assert not AuditRecord.objects.filter(object_label__startswith="撤销").exists()
    assert verify().ok


def test_records_deleted_behind_the_head_stay_a_gap_for_a_writing_block() -> None:
    from banli.core.transactions import writing

    records = write(3)
    raw("DELETE FROM audit_auditrecord WHERE id >= %s", records[1].pk)
    with writing():
        (new,) = write(1)
    # the new record follows the head, not the newest record left: the deletion still shows
    assert new.id == records[2].id + 1 and new.prev_hash == records[2].hash
    assert [(p.record_id, p.kind) for p in verify().problems] == [
        (records[1].pk, "deleted"),
        (records[2].pk, "deleted"),
    ]


# Serialized rollback, as every transactional test here: the flush afterwards then keeps the seeded rows
# restorable for the tests that follow (see conftest.py).
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_writers_on_their_own_connections_never_fork_the_chain() -> None:
    """Four threads, each with its own database connection, append at the same time."""
    errors: list[BaseException] = []
    barrier = threading.Barrier(4)

    def writer(n: int) -> None:
        try:
            barrier.wait()
            write(15, label=f"线程{n}-")
        except BaseException as exc:  # reported below, in the test's thread
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert errors == []
    ids = list(AuditRecord.objects.order_by("id").values_list("id", flat=True))
    assert len(ids) == 60 and ids == list(range(ids[0], ids[0] + 60))
    assert verify().ok
    assert AuditRecord.objects.values("prev_hash").distinct().count() == 60
