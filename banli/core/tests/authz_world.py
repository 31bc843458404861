"""The world the authorization matrix runs over: two jurisdictions built alike, each with an object of
every kind a URL takes, at the steps where scope matters (a draft, someone else's draft, a registered
item, items handled by unit_a and by unit_b, a confidential one, a replied and published one, a tracked
one), made through the real services and ``transition()``.

Every object carries a marker (``〔甲07〕``) in its title or text; a page that shows a marker of an object
its reader may not see (by the policy's ``scope``) is a leak.
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
from dataclasses import dataclass, field
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.utils import timezone

from banli.api.tokens import create_token
from banli.assignments.models import AdjustmentRequest, Assignment
from banli.assignments.services import Plan, request_adjustment
from banli.core.models import User
from banli.core.tests.factories import CategoryFactory, SubmissionFactory
from banli.core.workflow import transition
from banli.evaluation.models import RatingOption
from banli.evaluation.services import Rating, evaluate, follow_up_of, save_follow_up, start_review
from banli.handling.models import Commitment, ResultCategory
from banli.handling.services import opinion_of, request_extension, save_opinion
from banli.handling.tests.conftest import complete_draft, contact
from banli.handling.tests.test_reply_flow import approve_and_sign
from banli.portal.services import add_report, preview, publish_many
from banli.reports.services import RectificationInput, save_rectification_item
from banli.submissions.models import HandlingMode
from banli.submissions.services import add_attachment, create_draft, invite_cosigners
from banli.supervision.models import Indicator
from banli.supervision.services.appraisal import (
    AssessmentInput,
    IndicatorWeight,
    SchemeInput,
    choose_excellent,
    record_assessment,
    save_scheme,
)
from banli.supervision.services.records import RecordInput, record_supervision
from banli.supervision.services.topics import TopicInput, add_items, create_topic

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@dataclass
class Side:
    """One jurisdiction of the world: its ``build_org()`` and its objects by name."""

    tag: str
    org: SimpleNamespace
    objects: dict[str, models.Model] = field(default_factory=dict)
    markers: list[tuple[models.Model, str]] = field(default_factory=list)
    _count: Any = field(default_factory=lambda: itertools.count(1))

    def mark(self, what: str) -> str:
        """A fresh marker, unique in the world and never a part of another one."""
        return f"〔{self.tag}{next(self._count):02d}〕{what}"

    def keep(self, name: str, obj: models.Model, marker: str | None = None) -> Any:
        self.objects[name] = obj
        if marker:
            self.markers.append((obj, marker.split("〕")[0] + "〕"))
        return obj


def _pdf(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def _docx(text: str) -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _assign(org: SimpleNamespace, number: int, lead: Any, co: list[Any], **fields: Any) -> Any:
    """An item formally assigned by the government office and signed for by every unit."""
    sub = SubmissionFactory(
        lead_author=org.deputy,
        state="assigning",
        session=org.session,
        system="government",
        number=number,
        **fields,
    )
    mode = HandlingMode.LEAD_CO if co else HandlingMode.SOLE
    transition(sub, "assign", org.users.coordinator, plan=Plan.build(mode, lead, co))
    signers = {org.units.unit_a.pk: org.users.liaison, org.units.unit_b.pk: org.users.other_liaison}
    for a in Assignment.objects.filter(submission=sub):
        transition(a, "sign_receipt", signers[a.unit_id])
    if lead == org.units.unit_a:
        a = Assignment.objects.get(submission=sub, unit=lead)
        transition(a, "appoint_handler", org.users.liaison, handler=org.users.handler)
    sub.refresh_from_db()
    return sub


def _draft_reply(org: SimpleNamespace, assignment: Assignment, marker: str, result: str = "A") -> Any:
    return complete_draft(
        org,
        assignment,
        result=ResultCategory.objects.get(scheme__code="abcd", code=result),
        text=f"您提出的建议收悉，现答复如下。{marker}今年新建学校2所。",
        commitments=[(f"{marker}建成第二所学校", timezone.localdate() + dt.timedelta(days=90))],
    )


def _send(org: SimpleNamespace, reply: Any) -> Any:
    approve_and_sign(org, reply)
    transition(reply, "send", org.users.coordinator)
    reply.refresh_from_db()
    return reply


def build_side(org: SimpleNamespace, tag: str) -> Side:
    """Every kind of object for one jurisdiction (see the module docstring)."""
    side = Side(tag, org)
    u = org.users
    numbers = itertools.count(101)

    # 提: drafts, with a file and an invitation; a registered item
    title = side.mark("关于完善社区养老服务的建议")
    draft = create_draft(org.deputy, u.deputy, kind="suggestion", title=title, problem="问题", advice="建议")
    side.keep("submission.draft", draft, title)
    side.keep("attachment.draft", add_attachment(draft, u.deputy, _pdf("调研报告.pdf")))
    (cos,) = invite_cosigners(draft, u.deputy, [org.other_deputy])
    side.keep("cosignature.draft", cos)
    title = side.mark("关于治理背街小巷的建议")
    other = create_draft(
        org.other_deputy, u.other_deputy, kind="suggestion", title=title, problem="问题", advice="建议"
    )
    side.keep("submission.other_draft", other, title)
    title = side.mark("关于公交线路优化的建议")
    side.keep(
        "submission.registered",
        SubmissionFactory(
            lead_author=org.deputy, state="registered", session=org.session, number=next(numbers), title=title
        ),
        title,
    )

    # 交 and 办: unit_a leads with unit_b co-handling; unit_b alone; a confidential one for unit_a
    field_category = CategoryFactory(
        jurisdiction=org.jurisdiction, name="财政经济", committee=org.units.committee
    )
    title = side.mark("关于新建城区学校的建议")
    handled = _assign(
        org, next(numbers), org.units.unit_a, [org.units.unit_b], title=title, category=field_category
    )
    side.keep("submission.handled", handled, title)
    lead = side.keep("assignment.lead", Assignment.objects.get(submission=handled, unit=org.units.unit_a))
    co = side.keep("assignment.co", Assignment.objects.get(submission=handled, unit=org.units.unit_b))
    marker = side.mark("答复草稿")
    side.keep("reply.draft", _draft_reply(org, lead, marker), marker)
    contact(org, lead)
    marker = side.mark("会办意见")
    opinion = save_opinion(co, u.other_liaison, f"同意主办单位意见。{marker}", "赵六", "0557-3020000")
    side.keep("opinion.draft", opinion_of(co), marker)
    del opinion
    due = timezone.localdate() + dt.timedelta(days=120)
    marker = side.mark("需协调省级部门")
    side.keep("extension.pending", request_extension(lead, u.handler, due, marker), marker)
    marker = side.mark("不属本单位职责")
    side.keep("adjustment.pending", request_adjustment(co, u.other_liaison, "remove", marker))

    title = side.mark("关于改造老旧小区的建议")
    side.keep("submission.other_unit", _assign(org, next(numbers), org.units.unit_b, []), title)
    side.objects["submission.other_unit"].title = title
    side.objects["submission.other_unit"].save(update_fields=["title"])
    side.keep(
        "assignment.other_unit", Assignment.objects.get(submission=side.objects["submission.other_unit"])
    )

    title = side.mark("关于国防设施保护的建议")
    secret = _assign(org, next(numbers), org.units.unit_a, [], title=title, is_confidential=True)
    side.keep("submission.confidential", secret, title)
    secret_lead = side.keep("assignment.confidential", Assignment.objects.get(submission=secret))
    marker = side.mark("涉密答复")
    side.keep("reply.confidential", _draft_reply(org, secret_lead, marker), marker)

    # 评 and 公开: a replied item, published; a tracked one with its second reply in draft
    title = side.mark("关于增设便民市场的建议")
    replied = _assign(org, next(numbers), org.units.unit_a, [], title=title)
    side.keep("submission.replied", replied, title)
    replied_lead = Assignment.objects.get(submission=replied)
    contact(org, replied_lead)
    marker = side.mark("便民市场答复")
    reply = _send(org, _draft_reply(org, replied_lead, marker))
    side.keep("reply.sent", reply, marker)
    side.keep("recipient.sent", reply.recipients.get())
    side.keep("commitment.sent", Commitment.objects.filter(reply=reply).first())
    ids = [reply.pk]
    _, token = preview(u.registry, ids)
    (publication,) = publish_many(u.registry, ids, token)
    side.keep("publication.published", publication)

    title = side.mark("关于建设体育公园的建议")
    tracked = _assign(org, next(numbers), org.units.unit_a, [], title=title)
    side.keep("submission.tracked", tracked, title)
    tracked_lead = Assignment.objects.get(submission=tracked)
    contact(org, tracked_lead)
    tracked_reply = _send(org, _draft_reply(org, tracked_lead, side.mark("体育公园答复"), result="B"))
    satisfied = RatingOption.objects.get(jurisdiction=None, code="satisfied")
    evaluate(tracked_reply.recipients.get(), u.deputy, Rating(satisfied))
    follow_up = follow_up_of(tracked_reply, u.handler)
    marker = side.mark("二次答复")
    result = ResultCategory.objects.get(scheme__code="abcd", code="A")
    side.keep(
        "follow_up.draft", save_follow_up(follow_up, u.handler, result, f"工程已完工。{marker}"), marker
    )

    # 督: a key topic, a supervision record with its file, an assessment, an excellent item, a scheme
    marker = side.mark("城区教育资源")
    topic = create_topic(
        u.registry,
        TopicInput(assembly=org.npc, year=2025, title=marker, leader=u.leader, committee=org.units.committee),
    )
    add_items(topic, u.registry, [handled])
    side.keep("topic.open", topic, marker)
    marker = side.mark("实地督办")
    record = record_supervision(
        u.registry,
        RecordInput(
            kind="site_visit",
            held_on=timezone.localdate(),
            notes=marker,
            items=[handled],
            files=[_pdf("纪要.pdf")],
        ),
    )
    side.keep("record.handled", record, marker)
    from banli.core.models import Attachment

    side.keep("attachment.record", Attachment.objects.filter(object_id=record.pk).latest("pk"))
    marker = side.mark("评估报告")
    side.keep(
        "assessment.replied",
        record_assessment(
            replied,
            u.registry,
            AssessmentInput(
                assessor="第三方机构", assessed_on=timezone.localdate(), conclusion="solved", report=marker
            ),
        ),
        marker,
    )
    marker = side.mark("办理扎实")
    side.keep("excellence.replied", choose_excellent(replied, u.registry, marker), marker)
    weights = {
        code: IndicatorWeight(20, Decimal(1) if code == Indicator.RETURNED else Decimal(0))
        for code in Indicator.values
    }
    marker = side.mark("年度考核")
    side.keep(
        "scheme.current",
        save_scheme(u.registry, org.jurisdiction.pk, SchemeInput(2025, marker, weights)),
        marker,
    )

    # reports, the public report, 回头看, tokens
    marker = side.mark("整改措施")
    side.keep(
        "rectification.item",
        save_rectification_item(
            u.registry,
            org.jurisdiction.pk,
            RectificationInput(
                2025, "办理质量", "答复不够具体", "细化答复", marker, "各承办单位", "2025年6月底前"
            ),
        ),
        marker,
    )
    marker = side.mark("办理情况报告")
    side.keep(
        "report.upload", add_report(u.registry, org.npc, 2025, marker, _docx("报告正文"), "报告.docx"), marker
    )
    campaign = start_review(
        org.jurisdiction.pk, side.mark("回头看"), [timezone.localdate().year, 2025], u.registry
    )
    side.keep("campaign.review", campaign)
    item = campaign.items.first()
    if item is not None:
        side.keep("review_item.first", item)
    create_token(u.deputy, "对接", 30)
    side.keep("token.deputy", token_of(u.deputy))
    side.keep("unit.a", org.units.unit_a)
    side.keep("unit.b", org.units.unit_b)
    return side


def api_keys(users: list[User]) -> dict[int, str]:
    """A live API token for every user who may hold one (the three administrators may not: theirs is a
    key the API does not know), sent as the bearer on the API's routes."""
    from banli.core.policies import is_admin_only

    return {
        user.pk: "banli_unknown" if is_admin_only(user) else create_token(user, "授权矩阵", 30).key
        for user in users
    }


def token_of(user: User) -> Any:
    from banli.api.models import ApiToken

    return ApiToken.objects.filter(user=user).latest("pk")


__all__ = ["AdjustmentRequest", "Side", "api_keys", "build_side", "token_of"]
