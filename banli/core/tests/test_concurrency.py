"""Conflicting acts in parallel (each on its own thread and connection) end with exactly one winner and a
clear message for the other; a crash in the middle of a multi-step write leaves nothing half-written.

Run on SQLite (IMMEDIATE transactions queue the writers) and on PostgreSQL (the compare-and-swap update
waits for the first writer's row lock, then finds the state changed)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

import pytest
from django.db import connections
from django.test import Client
from django.urls import reverse

from banli.assignments.models import Assignment
from banli.assignments.services import Plan
from banli.core.models import Event
from banli.core.tests.factories import CategoryFactory, RoleFactory, SubmissionFactory
from banli.core.workflow import WorkflowError, transition
from banli.handling.models import Reply
from banli.submissions.models import HandlingMode, Submission

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def race(*acts: Callable[[], Any]) -> tuple[list[Any], list[WorkflowError]]:
    """Start every act at the same moment; answer what succeeded and the refusals."""
    barrier = threading.Barrier(len(acts))
    done: list[Any] = []
    refused: list[WorkflowError] = []
    crashed: list[BaseException] = []

    def run(act: Callable[[], Any]) -> None:
        try:
            prepared = act()  # read its own copy of the objects first
            barrier.wait(timeout=30)
            done.append(prepared())
        except WorkflowError as exc:
            refused.append(exc)
        except BaseException as exc:
            crashed.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(act,)) for act in acts]
    for t in threads:
        t.start()
    for t in threads:
        t.join(90)
    assert not crashed, crashed
    return done, refused


def signed_ready(org: SimpleNamespace) -> Reply:
    """A reply approved by the reviewing head, waiting for the signing head."""
    from banli.handling.tests.conftest import complete_draft, contact, handled

    item = handled(org, co=False)
    contact(org, item.lead)
    reply = complete_draft(org, item.lead)
    transition(reply, "submit", org.users.handler)
    transition(reply, "approve", org.users.reviewing_head)
    return reply


def test_two_heads_signing_at_once_one_wins_and_one_number_is_given() -> None:
    from conftest import build_org

    org = build_org()
    reply = signed_ready(org)
    deputy_head = RoleFactory(code="signing_head", unit=org.units.unit_a, jurisdiction=org.jurisdiction).user

    def sign(user):  # type: ignore[no-untyped-def]
        def prepare():  # type: ignore[no-untyped-def]
            fresh = Reply.objects.select_related("assignment__unit", "submission__assembly").get(pk=reply.pk)
            return lambda: transition(fresh, "sign", user)

        return prepare

    done, refused = race(sign(org.users.signing_head), sign(deputy_head))
    assert len(done) == 1 and len(refused) == 1
    assert "已被他人处理" in refused[0].message or "当前状态" in refused[0].message
    reply.refresh_from_db()
    assert reply.state == "signed" and reply.doc_number.endswith("〕1号")
    assert Event.objects.filter(workflow="reply", action="sign", object_id=reply.pk).count() == 1


def test_two_clerks_registering_one_item_register_it_once() -> None:
    from conftest import build_org

    org = build_org()
    sub = SubmissionFactory(lead_author=org.deputy, state="submitted", session=org.session)
    other_clerk = RoleFactory(
        code="registry_staff", unit=org.units.npc_registry, jurisdiction=org.jurisdiction
    ).user

    def register(user):  # type: ignore[no-untyped-def]
        def prepare():  # type: ignore[no-untyped-def]
            fresh = Submission.objects.select_related("assembly").get(pk=sub.pk)
            return lambda: transition(fresh, "register", user)

        return prepare

    done, refused = race(register(org.users.registry), register(other_clerk))
    assert (len(done), len(refused)) == (1, 1)
    sub.refresh_from_db()
    assert (sub.state, sub.number) == ("registered", 1)
    assert Event.objects.filter(submission=sub, action="register").count() == 1


def test_a_unit_replying_while_the_office_reassigns_ends_one_way_or_the_other() -> None:
    from conftest import build_org

    org = build_org()
    reply = signed_ready(org)
    transition(Reply.objects.get(pk=reply.pk), "sign", org.users.signing_head)
    sub_pk, unit_a, unit_b = reply.submission_id, org.units.unit_a, org.units.unit_b

    def send():  # type: ignore[no-untyped-def]
        fresh = Reply.objects.select_related("assignment__unit", "submission__assembly").get(pk=reply.pk)
        return lambda: transition(fresh, "send", org.users.coordinator)

    def reassign():  # type: ignore[no-untyped-def]
        fresh = Submission.objects.select_related("assembly").get(pk=sub_pk)
        plan = Plan.build(HandlingMode.SOLE, unit_b, [])
        return lambda: transition(
            fresh, "reassign", org.users.coordinator, plan=plan, comment="改由教育局办理"
        )

    done, refused = race(send, reassign)
    assert len(done) == 1 and len(refused) == 1, (done, refused)
    states = dict(Assignment.objects.filter(submission_id=sub_pk).values_list("unit_id", "state"))
    reply.refresh_from_db()
    if reply.state == "sent":  # the reply went first: the reassignment found the item answered
        assert states == {unit_a.pk: "replied"}
        assert Submission.objects.get(pk=sub_pk).state == "replied"
    else:  # the office went first: the unit's reply was not sent, the new unit has the item
        assert reply.state == "signed"
        assert states == {unit_a.pk: "cancelled", unit_b.pk: "assigned"}


def test_a_crash_in_the_middle_of_a_bulk_assignment_writes_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    from banli.assignments import workflow as assignment_workflow
    from conftest import build_org

    org = build_org()
    subs = [
        SubmissionFactory(lead_author=org.deputy, state="assigning", session=org.session, system="government")
        for _ in range(3)
    ]
    real = assignment_workflow.apply_plan
    calls = {"n": 0}

    def crash_on_the_second(*args: Any, **kwargs: Any) -> Any:
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("磁盘已满")  # the process dies half-way through the second item
        return real(*args, **kwargs)

    monkeypatch.setattr(assignment_workflow, "apply_plan", crash_on_the_second)
    client = Client(raise_request_exception=False)
    client.force_login(org.users.coordinator)
    response = client.post(
        reverse("assignments:bulk"),
        {"ids": [s.pk for s in subs], "action": "assign", "mode": "sole", "lead": org.units.unit_a.pk},
    )
    assert response.status_code == 500
    assert not Assignment.objects.exists()
    assert set(Submission.objects.values_list("state", flat=True)) == {"assigning"}
    assert not Event.objects.filter(action="assign").exists()


def test_a_crash_in_the_middle_of_an_import_writes_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    """The items are written, then the co-signatures fail: the items go too."""
    from banli.core.models import Member
    from banli.submissions.paper import importing
    from banli.submissions.tests.test_paper_import import good_row, workbook
    from conftest import build_org

    org = build_org()
    Member.objects.bulk_create(
        [Member(assembly=org.npc, name=f"代表{i:02d}", delegation="埇桥区代表团") for i in range(1, 41)]
    )
    names = [f"代表{i:02d}" for i in range(1, 41)]
    for name in ("城建", "教育"):
        CategoryFactory(jurisdiction=org.jurisdiction, name=name)
    before = Submission.objects.count()

    def crash(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("连接中断")

    monkeypatch.setattr(importing.Cosignature.objects, "bulk_create", crash)
    with pytest.raises(RuntimeError, match="连接中断"):
        importing.import_workbook(
            workbook([good_row(i, names) for i in range(50)]),
            assembly=org.npc,
            actor=org.users.registry,
            session=org.session,
        )
    assert Submission.objects.count() == before
    assert not Event.objects.filter(submission__isnull=False, workflow="submission").exists()


def test_audited_writers_take_their_locks_in_one_order_so_they_never_deadlock() -> None:
    """A writer that locked a row and then appends to the audit chain, against one that appended first and
    then wants that row: entering through ``writing()`` the second waits at the door, and both commit."""
    from banli.core.models import Unit
    from banli.core.transactions import writing
    from conftest import build_org

    org = build_org()
    a_pk, b_pk = org.units.unit_a.pk, org.units.unit_b.pk
    locked, second_inside = threading.Event(), threading.Event()
    crashed: list[BaseException] = []

    def first() -> None:
        try:
            with writing():
                unit = Unit.objects.select_for_update().get(pk=a_pk)
                locked.set()
                second_inside.wait(timeout=1.5)  # without one lock order the second would be inside by now
                unit.name = "发展和改革委员会（一）"
                unit.save()  # audited: needs the chain head
        except BaseException as exc:
            crashed.append(exc)
        finally:
            connections.close_all()

    def second() -> None:
        try:
            locked.wait(timeout=30)
            with writing():
                other = Unit.objects.get(pk=b_pk)
                other.name = "教育局（二）"
                other.save()  # audited: holds the chain head from here on
                second_inside.set()
                unit = Unit.objects.select_for_update().get(pk=a_pk)
                unit.short_name = "发改委"
                unit.save()
        except BaseException as exc:
            crashed.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not crashed, crashed
    a = Unit.objects.get(pk=a_pk)
    assert (a.name, a.short_name) == ("发展和改革委员会（一）", "发改委")
    assert Unit.objects.get(pk=b_pk).name == "教育局（二）"
    from banli.audit.chain import verify

    assert verify().ok
