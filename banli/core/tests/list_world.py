"""A jurisdiction that grows: each ``grow`` adds one row to every list page and API list of the system,
built through the services and transitions the pages use (the query-count sweep in
``test_list_queries.py`` measures every list before and after growing it)."""

from __future__ import annotations

import datetime as dt
import itertools
from types import SimpleNamespace

import time_machine
from django.utils import timezone

from banli.api.tokens import create_token
from banli.assignments.models import Assignment
from banli.assignments.services import Plan, request_adjustment
from banli.core.models import Unit, User
from banli.core.tests.factories import CategoryFactory, RoleFactory, SubmissionFactory, UnitFactory
from banli.core.workflow import transition
from banli.evaluation.models import RatingOption, ReviewCampaign
from banli.evaluation.services import Rating, evaluate, follow_up_of, save_follow_up, start_review
from banli.handling.models import Reply, ResultCategory
from banli.handling.services import (
    ContactInput,
    ReplyDraft,
    add_contact,
    request_extension,
    save_opinion,
    save_reply,
)
from banli.portal.services import add_report, preview, publish_many, set_report_published
from banli.portal.tests.conftest import sent_reply
from banli.reports.services import RectificationInput, save_rectification_item
from banli.submissions.models import HandlingMode, Submission
from banli.submissions.services import invite_cosigners
from banli.supervision.services import (
    AssessmentInput,
    RecordInput,
    TopicInput,
    add_items,
    choose_excellent,
    create_topic,
    record_assessment,
    record_supervision,
    urge,
)
from banli.supervision.services.appraisal import IndicatorWeight, SchemeInput, save_scheme

#: When the late items were assigned: their reply (3 months) has long been overdue since.
LONG_AGO = dt.datetime(2026, 3, 2, 2, 0, tzinfo=dt.UTC)
YEAR = 2025
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


class World:
    """``org`` plus whatever ``grow`` has added; ``steps`` counts the growths."""

    def __init__(self, org: SimpleNamespace) -> None:
        self.org = org
        self.steps = 0
        self.numbers = itertools.count(1000)
        self.field_category = CategoryFactory(
            jurisdiction=org.jurisdiction, name="财政经济", committee=org.units.committee
        )
        u = org.users
        self.scheme = save_scheme(
            u.registry,
            org.jurisdiction.pk,
            SchemeInput(
                year=YEAR, title=f"{YEAR}年度承办工作考核", weights=_weights(), excellence_percent=50
            ),
        )
        self.topic = create_topic(
            u.registry,
            TopicInput(org.npc, YEAR, "城市内涝治理", leader=u.leader, committee=org.units.committee),
        )
        self.campaign: ReviewCampaign | None = None
        self.units: list[Unit] = []
        self.sent: list[Reply] = []
        #: The first late item, urged at every step: its timeline and events grow.
        self.urged: Submission | None = None

    # -- the pieces of one step ------------------------------------------------------------------

    def _item(self, **fields: object) -> Submission:
        base = {
            "lead_author": self.org.deputy,
            "session": self.org.session,
            "system": "government",
            "number": next(self.numbers),
            "year": YEAR,
        }
        return SubmissionFactory(**{**base, **fields})

    def _new_unit(self) -> tuple[Unit, User]:
        """A handling unit of its own per step, so the lists of units (board, ranking, 交办清单) grow."""
        unit = UnitFactory(jurisdiction=self.org.jurisdiction, name=f"宿州市第{self.steps + 1}测试局")
        liaison = RoleFactory(code="liaison", unit=unit, jurisdiction=self.org.jurisdiction).user
        self.units.append(unit)
        return unit, liaison

    def _answered(self, unit: Unit, liaison: User) -> Reply:
        """An item led by unit_a with ``unit`` co-handling: opinion sent, contact made, reply sent with a
        commitment (result B), rated, its follow-up drafted, the reply published."""
        org, u = self.org, self.org.users
        sub = self._item(state="assigning", category=self.field_category)
        plan = Plan.build(HandlingMode.LEAD_CO, org.units.unit_a, [unit])
        transition(sub, "assign", u.coordinator, plan=plan, recommended=[org.units.unit_a.pk])
        lead = Assignment.objects.get(submission=sub, unit=org.units.unit_a)
        co = Assignment.objects.get(submission=sub, unit=unit)
        transition(lead, "sign_receipt", u.liaison)
        transition(lead, "appoint_handler", u.liaison, handler=u.handler)
        transition(co, "sign_receipt", liaison)
        transition(save_opinion(co, liaison, "我单位将配合做好相关工作。"), "send", liaison)
        self._contact(lead)
        promise = [("新建泵站两座", timezone.localdate() + dt.timedelta(days=90))]
        reply = save_reply(lead, u.handler, self._draft("B", promise))
        for user, action in (
            (u.handler, "submit"),
            (u.reviewing_head, "approve"),
            (u.signing_head, "sign"),
            (u.coordinator, "send"),
        ):
            transition(reply, action, user)
        reply.refresh_from_db()
        option = RatingOption.objects.get(jurisdiction=None, code="basically_satisfied")
        evaluate(reply.recipients.get(), u.deputy, Rating(option))
        save_follow_up(follow_up_of(reply, u.handler), u.handler, None, "泵站已开工建设。")
        ids = [reply.pk]
        _, token = preview(u.registry, ids)
        publish_many(u.registry, ids, token)
        return reply

    def _late(self) -> Submission:
        """An item led by the leader (领导领办), in the committee's field, assigned long ago to unit_a and
        signed for: its reply is overdue now."""
        org, u = self.org, self.org.users
        with time_machine.travel(LONG_AGO, tick=False):
            sub = self._item(state="assigning", category=self.field_category)
            plan = Plan.build(HandlingMode.LEADER_LED, org.units.unit_a, [], leader=u.leader)
            transition(sub, "assign", u.coordinator, plan=plan)
            lead = Assignment.objects.get(submission=sub)
            transition(lead, "sign_receipt", u.liaison)
            request_adjustment(lead, u.liaison, "replace", "主要职责在其他部门。", org.units.unit_b)
        return sub

    def _handling(self, unit: Unit, liaison: User) -> None:
        """An item assigned long ago to the step's unit alone, signed, with an adjustment and an
        extension asked (so the unit is late now); one assigned to unit_a, not signed for yet; one
        pre-assigned to unit_a; and one whose reply unit_a signed, waiting for the office's check."""
        org, u = self.org, self.org.users
        with time_machine.travel(LONG_AGO, tick=False):
            sub = self._item(state="assigning")
            transition(sub, "assign", u.coordinator, plan=Plan.build(HandlingMode.SOLE, unit, []))
            lead = Assignment.objects.get(submission=sub)
            transition(lead, "sign_receipt", liaison)
            request_adjustment(lead, liaison, "remove", "不属本单位职责。")
            request_extension(lead, liaison, timezone.localdate() + dt.timedelta(days=120), "需跨年度实施。")
        sole = Plan.build(HandlingMode.SOLE, org.units.unit_a, [])
        transition(self._item(state="assigning"), "assign", u.coordinator, plan=sole)
        transition(self._item(state="assigning"), "pre_assign", u.coordinator, plan=sole)
        signed = self._item(state="assigning")
        transition(signed, "assign", u.coordinator, plan=sole)
        lead = Assignment.objects.get(submission=signed)
        transition(lead, "sign_receipt", u.liaison)
        transition(lead, "appoint_handler", u.liaison, handler=u.handler)
        self._contact(lead)
        reply = save_reply(lead, u.handler, self._draft("A"))
        for user, action in ((u.handler, "submit"), (u.reviewing_head, "approve"), (u.signing_head, "sign")):
            transition(reply, action, user)

    def _contact(self, lead: Assignment) -> None:
        day = timezone.localdate() - dt.timedelta(days=1)
        add_contact(lead, self.org.users.handler, ContactInput("phone", "before", day, "电话听取代表意见"))

    def _draft(self, result: str, commitments: list[tuple[str, dt.date]] | None = None) -> ReplyDraft:
        return ReplyDraft(
            result=ResultCategory.objects.get(scheme__code="abcd", code=result),
            text="您提出的建议收悉，现答复如下。\n一、关于排涝设施\n今年计划新建泵站两座。",
            contact_person="王五",
            contact_phone="0557-3021234",
            commitments=commitments or [],
        )

    def _intake(self) -> None:
        """A submitted item waiting for the registry, and a draft inviting the other deputy to co-sign."""
        org = self.org
        self._item(state="submitted", submitted_at=timezone.now(), number=None)
        sent_reply(org, year=YEAR)  # sent, not published yet (numbered from 100, apart from ours)
        draft = self._item(state="draft", number=None, session=None)
        invite_cosigners(draft, org.users.deputy, [org.other_deputy])

    def _supervise(self, answered: Submission, late: Submission) -> None:
        u = self.org.users
        add_items(self.topic, u.registry, [answered, late])
        extra = create_topic(
            u.registry, TopicInput(self.org.npc, YEAR, f"专题{self.steps + 1}", leader=u.leader)
        )
        add_items(extra, u.registry, [late])
        record_supervision(
            u.registry, RecordInput("meeting", timezone.localdate(), "听取办理情况汇报。", [answered, late])
        )
        record_assessment(
            answered,
            u.registry,
            AssessmentInput("第三方评估机构", timezone.localdate(), "continue", "评估报告"),
        )
        choose_excellent(answered, u.registry, "建议具体可行。")

    def _paperwork(self) -> None:
        org, u = self.org, self.org.users
        n = self.steps + 1
        save_rectification_item(
            u.registry,
            org.jurisdiction.pk,
            RectificationInput(YEAR, f"方面{n}", "问题", "建议", "措施", "市发展改革委", "2025年底"),
        )
        create_token(u.registry, f"对接{n}", 30)
        report = add_report(
            u.registry, org.npc, 2000 + n, f"{2000 + n}年度代表建议办理情况报告", PDF, "报告.pdf"
        )
        set_report_published(report, u.registry, True)
        save_scheme(
            u.registry,
            org.jurisdiction.pk,
            SchemeInput(year=2000 + n, title=f"{2000 + n}年度考核", weights=_weights()),
        )

    # -- the public entry point -----------------------------------------------------------------

    def grow(self, times: int = 1) -> None:
        for _ in range(times):
            unit, liaison = self._new_unit()
            reply = self._answered(unit, liaison)
            self.sent.append(reply)
            late = self._late()
            self.urged = self.urged or late
            urge(Assignment.objects.get(submission=self.urged), self.org.users.coordinator, "请抓紧办理。")
            self._handling(unit, liaison)
            self._intake()
            self._supervise(reply.submission, late)
            self._paperwork()
            self.steps += 1
        # The 回头看 checklist is drawn when the campaign starts: a fresh one holds every item so far.
        self.campaign = start_review(
            self.org.jurisdiction.pk, f"回头看{self.steps}", [YEAR], self.org.users.registry
        )


def _weights() -> dict[str, IndicatorWeight]:
    from decimal import Decimal

    return {
        "on_time": IndicatorWeight(30),
        "contact": IndicatorWeight(20),
        "satisfaction": IndicatorWeight(30),
        "returned": IndicatorWeight(10, Decimal(2)),
        "commitments": IndicatorWeight(10),
    }
