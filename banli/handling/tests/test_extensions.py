"""延期: asked before the due date with a reason, granted up to the ceiling or refused, on the timeline."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
import time_machine

from banli.core.models import Deadline, Event
from banli.core.workflow import GuardFailed, NotAllowed, transition
from banli.handling.models import Extension
from banli.handling.services import request_extension
from banli.handling.tests.conftest import handled

ASSIGNED = dt.datetime(2026, 3, 2, 2, 0, tzinfo=dt.UTC)  # Monday 03-02, 10:00 in Beijing


def reply_due(item: SimpleNamespace) -> dt.date:
    return Deadline.objects.get(object_id=item.lead.pk, duty="reply", closed_at__isnull=True).due_on


def test_an_extension_granted_moves_the_reply_date_and_is_on_the_timeline(org: SimpleNamespace) -> None:
    with time_machine.travel(ASSIGNED, tick=False):
        item = handled(org, co=False)
        assert reply_due(item) == dt.date(2026, 6, 2)
        ext = request_extension(item.lead, org.users.handler, dt.date(2026, 8, 31), "需省级部门批复用地指标")
    with pytest.raises(NotAllowed):
        transition(ext, "grant", org.users.liaison)
    transition(ext, "grant", org.users.coordinator)
    assert reply_due(item) == dt.date(2026, 8, 31)
    event = Event.objects.get(workflow="extension", action="grant")
    assert event.comment == "答复期限由2026年6月2日延至2026年8月31日"
    assert Deadline.objects.get(object_id=item.lead.pk, duty="reply").follows_policy is False


def test_the_office_may_grant_less_than_asked_but_never_past_the_ceiling(org: SimpleNamespace) -> None:
    with time_machine.travel(ASSIGNED, tick=False):
        item = handled(org, co=False)
        with pytest.raises(GuardFailed, match="不得晚于2026年9月2日"):
            request_extension(item.lead, org.users.handler, dt.date(2026, 10, 1), "工程量大")
        ext = request_extension(item.lead, org.users.handler, dt.date(2026, 9, 2), "工程量大")
        with pytest.raises(GuardFailed, match="不得晚于2026年9月2日"):
            transition(ext, "grant", org.users.coordinator, until=dt.date(2026, 9, 3))
        transition(ext, "grant", org.users.coordinator, until=dt.date(2026, 7, 31))
    assert reply_due(item) == dt.date(2026, 7, 31)


def test_a_request_needs_a_reason_a_later_date_and_time_left(org: SimpleNamespace) -> None:
    with time_machine.travel(ASSIGNED, tick=False):
        item = handled(org, co=False)
        with pytest.raises(GuardFailed, match="说明理由"):
            request_extension(item.lead, org.users.handler, dt.date(2026, 7, 1), " ")
        with pytest.raises(GuardFailed, match="须晚于现答复期限"):
            request_extension(item.lead, org.users.handler, dt.date(2026, 5, 1), "理由")
    with (
        time_machine.travel(dt.datetime(2026, 6, 3, 2, 0, tzinfo=dt.UTC), tick=False),
        pytest.raises(GuardFailed, match="已过，不能再申请延期"),
    ):
        request_extension(item.lead, org.users.handler, dt.date(2026, 7, 1), "来不及")
    assert not Extension.objects.exists()


def test_refusal_keeps_the_date_and_needs_a_reason(org: SimpleNamespace) -> None:
    with time_machine.travel(ASSIGNED, tick=False):
        item = handled(org, co=False)
        ext = request_extension(item.lead, org.users.handler, dt.date(2026, 7, 1), "人手紧张")
        with pytest.raises(GuardFailed, match="须填写意见或理由"):
            transition(ext, "refuse", org.users.coordinator)
        transition(ext, "refuse", org.users.coordinator, comment="理由不充分，请按期答复")
    assert reply_due(item) == dt.date(2026, 6, 2)
    assert Extension.objects.get().state == "refused"


def test_a_co_handler_cannot_ask_for_an_extension(org: SimpleNamespace) -> None:
    item = handled(org)
    with pytest.raises(GuardFailed, match="只有尚未答复的主办"):
        request_extension(item.co, org.users.other_liaison, dt.date(2026, 12, 1), "需要时间")


def test_the_request_and_its_reason_stay_with_those_who_see_the_extension(org: SimpleNamespace) -> None:
    """Found by the authorization matrix: the author, the co-handling unit and a committee read the
    unit's request for more time, with its reason, on the item's timeline, though the Extension scope
    shows the extension only to its unit, the offices and the leaders."""
    from banli.core.policies import scope
    from banli.core.selectors import timeline

    with time_machine.travel(ASSIGNED, tick=False):
        item = handled(org)  # unit_a leads, unit_b co-handles
        ext = request_extension(item.lead, org.users.handler, dt.date(2026, 8, 31), "需省级部门批复用地指标")
        transition(ext, "grant", org.users.coordinator)

    def acts(user) -> list[str]:  # type: ignore[no-untyped-def]
        return [
            e.action
            for e in timeline(item.sub.pk, user, item.sub)
            if e.action in ("request_extension", "grant")
        ]

    for outsider in (org.users.deputy, org.users.other_liaison):
        assert not scope(outsider, Extension.objects.all()).exists()
        assert acts(outsider) == []
    for insider in (org.users.handler, org.users.coordinator, org.users.registry, org.users.leader):
        assert scope(insider, Extension.objects.filter(pk=ext.pk)).exists()
        assert acts(insider) == ["request_extension", "grant"]
