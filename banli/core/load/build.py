"""Twenty years of items for the benchmarks, written in bulk into the grown demo city (:mod:`.org`).

Each year the NPC session brings 60% of the year's items and the CPPCC session the rest; 85% arrive during
the session (numbered per session), 15% in the year between (闭会期间, numbered per year), more in spring and
autumn. An item is registered and formally assigned to a lead (or sole) unit with up to five co-handlers;
every unit signs for it and appoints a handler; the answering unit's reply goes through submit, approval and
signature and is sent; the lead author rates it; the item closes (or is tracked a while when the result is
"in progress"). Items of the last year stop where :data:`NOW` finds them, so open deadlines of every duty
exist for the reminder sweep. Every step leaves its event and deadline, as the services would.

Deterministic for a seed: the same ``random.Random`` stream gives the same rows.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction

from banli.assignments.models import Assignment, AssignmentRole, AssignmentState
from banli.core.calendar import due_date, load_calendar
from banli.core.demo_history.compose import compose
from banli.core.demo_history.plan import UNIT_SHARE
from banli.core.load.org import LAST_YEAR, build_org, term_of
from banli.core.load.province import build_province
from banli.core.load.writer import Table
from banli.core.models import AssemblyKind, Deadline, DeadlineUnit, Duty, Event, RoleCode
from banli.evaluation.models import Evaluation, RatingOption
from banli.handling.models import Reply, ReplyRecipient, ReplyState, ResultCategory
from banli.portal.models import Publication, PublicationState
from banli.reports.summary import rebuild
from banli.submissions.models import HandlingMode, NumberSequence, Submission, SubmissionState
from banli.textindex.fulltext import indexed_text as indexed
from banli.textindex.models import SearchDocument
from banli.textindex.segment import dictionary_version

BEIJING = dt.timezone(dt.timedelta(hours=8))
#: The moment the load stands at: items of the last year are where this finds them.
NOW = dt.datetime(LAST_YEAR, 12, 1, 10, 0, tzinfo=BEIJING)
#: Relative arrivals of 闭会期间 items by month.
MONTHS = (0.2, 0.5, 1.3, 1.4, 1.3, 1.0, 0.7, 0.6, 1.2, 1.3, 1.0, 0.5)
#: Co-handlers per item (0 = sole) and their weights: about three units per item in all.
CO_COUNTS, CO_WEIGHTS = (0, 1, 2, 3, 4, 5), (25, 15, 20, 18, 12, 10)


@dataclass(frozen=True)
class Scale:
    name: str
    years: int
    per_year: int
    handling_units: int
    members: int
    #: More than one: the demo city is one of a province's (:mod:`.province`), ``per_year`` is shared
    #: among them by weight, and each other one has up to ``handling_units`` bureaus and ``members`` / 10
    #: deputies and members.
    jurisdictions: int = 1


SCALES = {
    "tiny": Scale("tiny", 2, 150, 40, 200),
    "small": Scale("small", 5, 3_000, 120, 2_000),
    "national": Scale("national", 20, 15_000, 250, 8_000),
    "province": Scale("province", 20, 50_000, 40, 3_000, jurisdictions=150),
    "province-tiny": Scale("province-tiny", 2, 400, 12, 200, jurisdictions=20),
}


class Loader:
    """Writes one scale's items; :meth:`run` answers the number of submissions written."""

    def __init__(self, scale: Scale, seed: int) -> None:
        self.scale = scale
        self.rng = random.Random(seed)
        self.cal = load_calendar()
        self.tables = {
            m: Table(m)
            for m in (
                Submission,
                Assignment,
                Event,
                Deadline,
                Reply,
                ReplyRecipient,
                Evaluation,
                Publication,
                SearchDocument,
            )
        }
        self.types = {m: ContentType.objects.get_for_model(m).pk for m in (Submission, Assignment, Reply)}
        self.types[ReplyRecipient] = ContentType.objects.get_for_model(ReplyRecipient).pk
        self.version = dictionary_version()

    @cache  # noqa: B019 - one loader per run; dates repeat a great deal
    def due(self, start: dt.date, amount: int, unit: str) -> dt.date:
        return due_date(start, amount, unit, self.cal).on

    def run(self, progress: Callable[[str], None] = lambda _m: None) -> int:
        first_year = LAST_YEAR - self.scale.years + 1
        scale = self.scale
        with transaction.atomic():
            if scale.jurisdictions > 1:
                places = build_province(scale.jurisdictions, self.rng)
                weights = sum(p.weight for p in places)
            else:
                places, weights = [], 1.0
            total = 0
            for place in places or [None]:
                share = place.weight / weights if place else 1.0
                members = scale.members if place is None or place.home else scale.members // 10
                j, prefix = (place.jurisdiction, place.prefix) if place else (None, "市")
                self.org = build_org(first_year, scale.handling_units, members, self.rng, j, prefix)
                self._lookups()
                for year in range(first_year, LAST_YEAR + 1):
                    for kind, kind_share in ((AssemblyKind.NPC, 0.6), (AssemblyKind.CPPCC, 0.4)):
                        total += self._year(year, kind, round(scale.per_year * share * kind_share))
                    if place is None:
                        progress(f"{year} 年：累计 {total} 件")
                self._sequences()
                if place is not None:
                    progress(f"{place.jurisdiction.name}：累计 {total} 件")
            for table in self.tables.values():
                table.finish()
            progress("统计汇总表")
            rebuild(queue=False)  # COPY sends no signal; one set-based pass over the load
        return total

    def _lookups(self) -> None:
        j = self.org.jurisdiction
        scheme_categories = list(
            ResultCategory.objects.filter(scheme__jurisdiction__isnull=True).order_by("scheme_id", "sort")
        )
        first_scheme = scheme_categories[0].scheme_id
        self.results = [c for c in scheme_categories if c.scheme_id == first_scheme]
        self.result_weights = [60, 28, 9, 3, 1, 1][: len(self.results)]
        options = list(RatingOption.objects.filter(jurisdiction__isnull=True, reopens=False).order_by("sort"))
        self.ratings, self.rating_weights = options, [82, 18][: len(options)]
        self.lead_weights = [UNIT_SHARE.get(self.org.base_of[x.pk], 1.0) * (3 if x.name.startswith(self.org.prefix) else 0.4)
                             for x in self.org.units]  # fmt: skip
        self.numbers: dict[tuple[Any, ...], int] = {}
        for assembly_id, session_id, year, kind, number in Submission.objects.filter(
            jurisdiction=j, number__isnull=False
        ).values_list("assembly_id", "session_id", "year", "kind", "number"):
            key = (assembly_id, session_id) if session_id else (assembly_id, None, year)
            self.numbers[(*key, kind)] = max(self.numbers.get((*key, kind), 0), number)

    # ---- one item -------------------------------------------------------------------------------------

    def _year(self, year: int, kind: str, count: int) -> int:
        org, rng = self.org, self.rng
        assembly = org.assemblies[(kind, term_of(year))]
        session = org.sessions[(kind, year)]
        members = org.members[(kind, term_of(year))]
        weights = [4.0 if i % 9 == 0 else 1.0 for i in range(len(members))]
        demo_author = org.demo_authors.get(kind)
        written = 0
        for _ in range(count):
            in_session = rng.random() < 0.85
            if in_session:
                day = session.opens_on + dt.timedelta(
                    days=rng.randint(0, (session.closes_on - session.opens_on).days)
                )
            else:
                month = rng.choices(range(1, 13), weights=MONTHS)[0]
                day = dt.date(year, month, rng.randint(1, 28))
            submitted = dt.datetime.combine(day, dt.time(rng.randint(8, 17), rng.randint(0, 59)), BEIJING)
            if submitted >= NOW:
                continue
            if demo_author is not None and demo_author.assembly_id == assembly.pk and rng.random() < 0.0015:
                author = demo_author
            else:
                author = rng.choices(members, weights=weights)[0]
            sub_kind = "proposal" if kind == AssemblyKind.CPPCC else "suggestion"
            key = (assembly.pk, session.pk, sub_kind) if in_session else (assembly.pk, None, year, sub_kind)
            self.numbers[key] = number = self.numbers.get(key, 0) + 1
            self._item(year, kind, assembly.pk, session.pk if in_session else None, number, author, submitted)
            written += 1
        return written

    def _at(self, moment: dt.datetime, days: int, *, hour: tuple[int, int] = (9, 17)) -> dt.datetime:
        day = (moment + dt.timedelta(days=days)).date()
        while day.weekday() >= 5:
            day += dt.timedelta(days=1)
        return dt.datetime.combine(day, dt.time(self.rng.randint(*hour), self.rng.randint(0, 59)), BEIJING)

    def _item(
        self, year: int, kind: str, assembly_id: int, session_id: int | None, number: int, author: Any,
        submitted: dt.datetime,
    ) -> None:  # fmt: skip
        org, rng, t = self.org, self.rng, self.tables
        lead = rng.choices(org.units, weights=self.lead_weights)[0]
        text = compose(
            org.base_of[lead.pk], rng, kind="proposal" if kind == AssemblyKind.CPPCC else "suggestion"
        )
        co_count = rng.choices(CO_COUNTS, weights=CO_WEIGHTS)[0]
        peers = org.same_system[lead.system]
        co = list(
            dict.fromkeys(x for x in rng.sample(peers, min(len(peers), co_count + 2)) if x.pk != lead.pk)
        )
        units = [lead, *co[:co_count]]
        registered = self._at(submitted, rng.randint(5, 12) if session_id else rng.randint(3, 10))
        sent_to_system = registered + dt.timedelta(minutes=30)
        assigned = self._at(
            registered, rng.randint(10, 20) if session_id else rng.randint(5, 15), hour=(9, 10)
        )
        reply_days = (
            rng.choice((35, 45, 55, 60, 70, 80, 85, 88)) if rng.random() < 0.93 else rng.randint(92, 200)
        )
        reply_sent = self._at(assigned, reply_days)
        evaluated = self._at(reply_sent, rng.randint(3, 28))
        result_index = rng.choices(range(len(self.results)), weights=self.result_weights)[0]
        result = self.results[result_index]
        tracked = result.semantic_type in ("in_progress", "planned") and rng.random() < 0.5
        closed = evaluated + dt.timedelta(days=rng.randint(90, 240) if tracked else 0, minutes=10)

        state = SubmissionState.SUBMITTED
        for moment, reached in (
            (registered, SubmissionState.REGISTERED), (sent_to_system, SubmissionState.ASSIGNING),
            (assigned, SubmissionState.HANDLING), (reply_sent, SubmissionState.REPLIED),
            (evaluated, SubmissionState.TRACKING if tracked else SubmissionState.CLOSED),
            (closed, SubmissionState.CLOSED),
        ):  # fmt: skip
            if moment <= NOW:
                state = reached
        category = org.categories.get(text.category)
        system = lead.system
        sub = t[Submission].add(
            jurisdiction_id=org.jurisdiction.pk, assembly_id=assembly_id, session_id=session_id, year=year,
            kind="proposal" if kind == AssemblyKind.CPPCC else "suggestion", number=number, title=text.title,
            problem=text.problem, advice=text.advice, category_id=category.pk if category else None,
            lead_author_id=author.pk, created_by_id=author.user_id or org.office_staff[kind].pk, state=state,
            system=system if assigned <= NOW else "",
            handling_mode=(HandlingMode.SOLE if len(units) == 1 else HandlingMode.LEAD_CO) if assigned <= NOW else "",
            is_key=rng.random() < 0.02, submitted_at=submitted, registered_at=registered if registered <= NOW else None,
            created_at=submitted - dt.timedelta(hours=2), updated_at=min(NOW, closed),
        )  # fmt: skip
        t[SearchDocument].add(
            kind="submission", object_id=sub, jurisdiction_id=org.jurisdiction.pk, title_words=indexed(text.title),
            body_words=indexed(f"{text.problem}\n{text.advice}"), dictionary=self.version, indexed_at=submitted,
        )  # fmt: skip
        registry = org.office_staff[kind]
        office = org.office_staff.get(system, registry)
        author_user = author.user_id
        ev = self._event_writer(sub)
        ev(
            submitted - dt.timedelta(hours=2),
            "submission",
            sub,
            "create",
            "起草",
            "draft",
            "draft",
            author_user,
            "领衔人",
        )
        ev(submitted, "submission", sub, "submit", "提交", "draft", "submitted", author_user, "领衔人")
        ev(
            registered,
            "submission",
            sub,
            "register",
            "立案",
            "submitted",
            "registered",
            registry.pk,
            "交办机构工作人员",
        )
        ev(
            sent_to_system,
            "submission",
            sub,
            "send_to_system",
            "转交办理系统",
            "registered",
            "assigning",
            registry.pk,
            "交办机构工作人员",
            payload={"system": system},
        )
        ev(
            assigned,
            "submission",
            sub,
            "assign",
            "正式交办",
            "assigning",
            "handling",
            office.pk,
            "协调机构工作人员",
            comment="交" + "、".join(x.name for x in units) + "办理",
            payload={"units": [x.pk for x in units]},
        )
        if assigned > NOW:
            return
        for position, unit in enumerate(units):
            self._assignment(sub, unit, position, len(units), assigned, reply_sent, office.pk, text, result,
                             author, evaluated)  # fmt: skip
        if evaluated <= NOW:
            action, label = ("track", "跟踪办理") if tracked else ("close", "办结")
            ev(evaluated + dt.timedelta(minutes=5), "submission", sub, action, label, "replied",
               "tracking" if tracked else "closed", None, "系统")  # fmt: skip
        if tracked and closed <= NOW:
            ev(
                closed,
                "submission",
                sub,
                "close_solved",
                "跟踪办结",
                "tracking",
                "closed",
                office.pk,
                "协调机构工作人员",
            )

    def _event_writer(self, sub: int) -> Callable[..., None]:
        events, j, sub_type = self.tables[Event], self.org.jurisdiction.pk, self.types[Submission]

        def add(at: dt.datetime, workflow: str, obj: int, action: str, label: str, from_state: str, to_state: str,
                actor: int | None, role: str, *, comment: str = "", payload: dict[str, Any] | None = None,
                content_type: int = sub_type) -> None:  # fmt: skip
            if at <= NOW:
                events.add(
                    jurisdiction_id=j, submission_id=sub, content_type_id=content_type, object_id=obj,
                    workflow=workflow, action=action, action_label=label, actor_id=actor, actor_role=role,
                    from_state=from_state, to_state=to_state, comment=comment, payload=payload or {}, created_at=at,
                )  # fmt: skip

        return add

    def _deadline(self, sub: int, model: type, obj: int, duty: str, start: dt.datetime, amount: int, unit: str,
                  done: dt.datetime | None) -> None:  # fmt: skip
        self.tables[Deadline].add(
            jurisdiction_id=self.org.jurisdiction.pk, submission_id=sub, content_type_id=self.types[model],
            object_id=obj, duty=duty, round=1, start_on=start.date(), amount=amount, unit=unit,
            due_on=self.due(start.date(), amount, unit), follows_policy=True,
            closed_at=done if done is not None and done <= NOW else None, created_at=start,
        )  # fmt: skip

    def _assignment(self, sub: int, unit: Any, position: int, count: int, assigned: dt.datetime,
                    reply_sent: dt.datetime, office: int, text: Any, result: Any, author: Any,
                    evaluated: dt.datetime) -> None:  # fmt: skip
        org, rng, t = self.org, self.rng, self.tables
        role = (
            AssignmentRole.SOLE
            if count == 1
            else (AssignmentRole.LEAD if position == 0 else AssignmentRole.CO)
        )
        received = self._at(assigned, rng.choice((0, 1, 1, 2, 3, 5)), hour=(10, 17))
        liaison, handler = org.staff[(unit.pk, RoleCode.LIAISON)], org.staff[(unit.pk, RoleCode.HANDLER)]
        state = AssignmentState.ASSIGNED
        if received <= NOW:
            state = AssignmentState.RECEIVED
        if reply_sent <= NOW:
            state = AssignmentState.REPLIED
        a = t[Assignment].add(
            jurisdiction_id=org.jurisdiction.pk, submission_id=sub, unit_id=unit.pk, round=1, role=role, state=state,
            handler_id=handler.pk if received <= NOW else None, assigned_at=assigned,
            received_at=received if received <= NOW else None, created_at=assigned,
        )  # fmt: skip
        ev = self._event_writer(sub)
        kind = self.types[Assignment]
        ev(assigned, "assignment", a, "assign", "正式交办", "assigned", "assigned", office, "协调机构工作人员",
           comment=f"{role.label}：{unit.name}", content_type=kind)  # fmt: skip
        ev(received, "assignment", a, "sign_receipt", "签收", "assigned", "received", liaison.pk, f"{unit.name}联络员",
           content_type=kind)  # fmt: skip
        ev(received + dt.timedelta(minutes=5), "assignment", a, "appoint_handler", "指定经办人", "received", "received",
           liaison.pk, f"{unit.name}联络员", comment=handler.full_name,
           payload={"handler": {"id": handler.pk, "label": handler.full_name}}, content_type=kind)  # fmt: skip
        self._deadline(
            sub, Assignment, a, Duty.SIGN_RECEIPT, assigned, 3, DeadlineUnit.WORKING_DAYS, received
        )
        if role == AssignmentRole.CO:
            self._deadline(sub, Assignment, a, Duty.OPINION, assigned, 1, DeadlineUnit.MONTHS,
                           self._at(assigned, rng.randint(10, 35)))  # fmt: skip
            return
        self._deadline(sub, Assignment, a, Duty.REPLY, assigned, 3, DeadlineUnit.MONTHS, reply_sent)
        self._reply(sub, a, unit, handler.pk, reply_sent, office, text, result, author, evaluated)

    def _reply(self, sub: int, assignment: int, unit: Any, handler: int, sent: dt.datetime, office: int, text: Any,
               result: Any, author: Any, evaluated: dt.datetime) -> None:  # fmt: skip
        rng, t, j = self.rng, self.tables, self.org.jurisdiction.pk
        drafted = sent - dt.timedelta(days=rng.randint(6, 12))
        if drafted > NOW:
            return
        body = reply_text(author.name, text.title, text.advice, unit.name, rng)
        state = ReplyState.SENT if sent <= NOW else ReplyState.REVIEWING
        year = sent.year
        r = t[Reply].add(
            jurisdiction_id=j, submission_id=sub, assignment_id=assignment, round=1, state=state,
            result_id=result.pk, text=body, contact_person="张明", contact_phone="0557-3021234",
            doc_number=f"{unit.short_name or unit.name}复〔{year}〕{rng.randint(1, 400)}号" if state == ReplyState.SENT else "",
            drafted_by_id=handler, signed_at=sent - dt.timedelta(days=1) if state == ReplyState.SENT else None,
            sent_at=sent if state == ReplyState.SENT else None, created_at=drafted, updated_at=min(sent, NOW),
        )  # fmt: skip
        ev = self._event_writer(sub)
        kind = self.types[Reply]
        ev(
            drafted,
            "reply",
            r,
            "submit",
            "提交审核",
            "draft",
            "reviewing",
            handler,
            f"{unit.name}经办人",
            content_type=kind,
        )
        ev(sent - dt.timedelta(days=3), "reply", r, "approve", "审核通过", "reviewing", "signing", None,
           f"{unit.name}分管负责人", content_type=kind)  # fmt: skip
        ev(sent - dt.timedelta(days=1), "reply", r, "sign", "签发", "signing", "signed", None, f"{unit.name}主要负责人",
           content_type=kind)  # fmt: skip
        ev(
            sent,
            "reply",
            r,
            "send",
            "审核通过并答复",
            "signed",
            "sent",
            office,
            "协调机构工作人员",
            content_type=kind,
        )
        if state != ReplyState.SENT:
            return
        recipient = t[ReplyRecipient].add(reply_id=r, submission_id=sub, member_id=author.pk, is_lead=True,
                                           read_at=self._at(sent, 2) if rng.random() < 0.7 else None)  # fmt: skip
        self._deadline(
            sub, ReplyRecipient, recipient, Duty.EVALUATION, sent, 1, DeadlineUnit.MONTHS, evaluated
        )
        published = self._at(sent, rng.randint(5, 25))
        publish = rng.random() < 0.4
        self._deadline(sub, Reply, r, Duty.PUBLICATION, sent, 20, DeadlineUnit.WORKING_DAYS,
                       published if publish else sent + dt.timedelta(days=3))  # fmt: skip
        if publish and published <= NOW:
            title = f"{unit.name}对{text.title.removesuffix('的建议').removesuffix('的提案')}的答复"
            pub = t[Publication].add(
                jurisdiction_id=j, reply_id=r, submission_id=sub, state=PublicationState.PUBLISHED, title=title[:200],
                public_text=body, redactions=[], phrases=[], source_digest=hashlib.sha256(body.encode()).hexdigest(),
                created_by_id=office, published_at=published, published_by_id=office, created_at=published,
                updated_at=published,
            )  # fmt: skip
            t[SearchDocument].add(
                kind="publication", object_id=pub, jurisdiction_id=j, title_words=indexed(f"{title} {text.title}"),
                body_words=indexed(body), dictionary=self.version, indexed_at=published,
            )  # fmt: skip
        if evaluated <= NOW:
            option = rng.choices(self.ratings, weights=self.rating_weights)[0]
            t[Evaluation].add(
                jurisdiction_id=j, submission_id=sub, reply_id=r, recipient_id=recipient, member_id=author.pk,
                rating_id=option.pk, contact_made=True, attitude="good", relevance="good", created_at=evaluated,
            )  # fmt: skip
            self._event_writer(sub)(evaluated, "submission", sub, "evaluate", "满意度评价", "", "", author.user_id,
                                    "提出人", comment=f"{author.name}：{option.label}",
                                    payload={"rating": option.code, "reply": r, "automatic": False})  # fmt: skip

    def _sequences(self) -> None:
        """Raise every number sequence past the numbers given here, so new items number on."""
        year_of = {s.pk: s.year for s in self.org.sessions.values()}
        for key, last in self.numbers.items():
            if len(key) == 3:
                assembly_id, session_id, kind = key
                lookup = {"assembly_id": assembly_id, "session_id": session_id, "kind": kind}
                year = year_of.get(session_id)
                if year is None:
                    continue  # a session of the demo outside the generated years
            else:
                assembly_id, _none, year, kind = key
                lookup = {"assembly_id": assembly_id, "session_id": None, "year": year, "kind": kind}
            seq, _ = NumberSequence.objects.get_or_create(**lookup, defaults={"year": year, "last": last})
            if seq.last < last:
                NumberSequence.objects.filter(pk=seq.pk).update(last=last)


REPLY_OPENINGS = ("您提出的《{title}》收悉。", "您在{session}期间提出的《{title}》已收悉，现答复如下。")
REPLY_STEPS = ("一是", "二是", "三是", "四是")
REPLY_VERBS = ("我们已", "我局将", "下一步，我们将", "目前已", "我们正在")
REPLY_CLOSINGS = (
    "感谢您对我们工作的关心和支持，欢迎继续提出宝贵意见。",
    "再次感谢您对我们工作的关心和支持。",
)


def reply_text(author: str, title: str, advice: str, unit: str, rng: random.Random) -> str:
    """A reply letter's body: the address, the receipt, the measures taken on each point of the advice,
    and the closing."""
    points = [
        p.strip(" ：:；;。") for p in re.split(r"[一二三四五六]是|；|。", advice) if len(p.strip()) > 6
    ][:4]
    lines = [f"尊敬的{author}：", rng.choice(REPLY_OPENINGS).format(title=title, session="大会"),
             f"{unit}高度重视，认真研究办理，现将有关情况答复如下："]  # fmt: skip
    for step, point in zip(REPLY_STEPS, points, strict=False):
        lines.append(f"{step}{rng.choice(REPLY_VERBS)}{point.removeprefix('建议')}。")
    lines.append(rng.choice(REPLY_CLOSINGS))
    return "\n".join(lines)


def generate(scale: str, seed: int, progress: Callable[[str], None] = lambda _m: None) -> int:
    """Write one scale's load into the demo city; answers how many submissions were written."""
    loader = Loader(SCALES[scale], seed)
    if connection.vendor == "sqlite" and not connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA synchronous = OFF")
    count = loader.run(progress)
    # Every page's plan after a bulk load depends on the tables' statistics; on PostgreSQL a VACUUM also
    # marks the new pages all-visible, without which no count or list can be an index-only scan
    # (autovacuum would do both, some time later). VACUUM cannot run inside a transaction (a test's).
    vacuum = connection.vendor == "postgresql" and not connection.in_atomic_block
    progress("整理表（VACUUM ANALYZE）" if vacuum else "表统计（ANALYZE）")
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE)" if vacuum else "ANALYZE")
    return count
