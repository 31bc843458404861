"""公开 services: the public version of a sent reply (title, automatic and marked redactions), publishing
many at once (all or nothing), withdrawing; and the yearly reports the registry publishes.

Publishing and withdrawing are transitions of :mod:`banli.portal.workflow` (each writes an event, keeps
the search index in step and, on publishing, closes the reply's publication deadline); the other acts
here record events of their own. Every write checks the policy and runs in one transaction.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.core.files.base import ContentFile
from django.db import IntegrityError
from django.db.models import Q
from django.utils import timezone

from banli.core.models import Assembly, User
from banli.core.policies import capacity
from banli.core.transactions import writing
from banli.core.workflow import Conflict, GuardFailed, NotAllowed, WorkflowError, record, transition
from banli.documents.letters import reply_title
from banli.handling.models import Reply, ReplyRecipient, ReplyState
from banli.portal import redaction
from banli.portal.models import Publication, PublicationState, PublicReport
from banli.submissions.models import Submission

#: States in which the office may still change the public version.
EDITABLE = (PublicationState.DRAFT, PublicationState.WITHDRAWN)
MAX_TITLE = 200
MAX_REPORT_BYTES = 30 * 1024 * 1024
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF = "application/pdf"


def _must(user: User, perm: str, obj: object, message: str) -> str:
    role = capacity(user, perm, obj)
    if not role:
        raise NotAllowed(message)
    return role


def digest(text: str) -> str:
    return hashlib.sha256((text or "").encode()).hexdigest()


# ---- what may be published ------------------------------------------------------------------------------


def answered_items(reply: Reply) -> list[Submission]:
    """Every item the reply answers: its own, and each item merged into it or answered through a
    recipient (ReplyRecipient.submission); the reply's own first."""
    ids = ReplyRecipient.objects.filter(reply_id=reply.pk).values("submission_id")
    items = Submission.objects.filter(Q(pk=reply.submission_id) | Q(pk__in=ids)).select_related(
        "session__assembly", "assembly"
    )
    return sorted(items, key=lambda s: (s.pk != reply.submission_id, s.number or 0, s.pk))


def blockers(reply: Reply, items: Sequence[Submission] | None = None) -> list[str]:
    """Why a reply may never be published (Chinese), empty when it may: not sent yet, or any item it
    answers is confidential (涉密) or its author refused publication."""
    if reply.state != ReplyState.SENT:
        return ["答复尚未正式发出，不能公开。"]
    reasons = []
    for item in items if items is not None else answered_items(reply):
        if item.is_confidential:
            reasons.append(f"《{item.title}》为涉密件，不得公开。")
        elif not item.publication_consent:
            why = f"（理由：{item.publication_refusal_reason}）" if item.publication_refusal_reason else ""
            reasons.append(f"《{item.title}》的提出人不同意公开{why}。")
    return reasons


def publication_problems(pub: Publication) -> list[str]:
    """Everything that keeps this public version from going out now (Chinese), empty when ready."""
    problems = blockers(pub.reply)
    if pub.source_digest != digest(pub.reply.text):
        problems.append("答复正文与生成公开稿时不一致，请重新核对隐去内容。")
    if not pub.title.strip():
        problems.append("请填写公开标题。")
    if not pub.public_text.strip():
        problems.append("公开正文为空。")
    return problems


# ---- the public version ---------------------------------------------------------------------------------


def default_title(sub: Submission) -> str:
    """关于市六届人大三次会议第39号建议的答复, as the letter is titled."""
    return reply_title(sub.source_label, sub.number or 0, sub.kind)


def known_contacts(reply: Reply, items: Iterable[Submission]) -> list[str]:
    """Values that are contact details wherever they appear in the text: the reply's contact person and
    phone, and the mobile numbers and addresses of everybody the reply is addressed to."""
    values = [reply.contact_person, reply.contact_phone]
    members = {item.lead_author for item in items}
    members |= {r.member for r in ReplyRecipient.objects.filter(reply_id=reply.pk).select_related("member")}
    for member in members:
        values += [member.mobile, member.address]
    return [v for v in values if v and v.strip()]


def compute_spans(reply: Reply, phrases: Iterable[str], items: Iterable[Submission]) -> list[redaction.Span]:
    spans = redaction.contact_spans(reply.text, known_contacts(reply, items))
    return redaction.merge([*spans, *redaction.occurrences(reply.text, phrases, "manual")])


def build(reply: Reply, actor: User, items: Sequence[Submission] | None = None) -> Publication:
    """The public version a reply would have now (unsaved): the default title, the contact details removed."""
    items = list(items) if items is not None else answered_items(reply)
    spans = compute_spans(reply, [], items)
    return Publication(
        jurisdiction_id=reply.jurisdiction_id,
        reply=reply,
        submission=reply.submission,
        title=default_title(reply.submission),
        public_text=redaction.apply(reply.text, spans),
        redactions=[s.as_list() for s in spans],
        phrases=[],
        source_digest=digest(reply.text),
        created_by=actor,
    )


def publication_of(reply: Reply, actor: User) -> Publication:
    """The reply's public version, made (draft, event 生成公开稿) on first use. Inside a transaction."""
    existing = Publication.objects.filter(reply_id=reply.pk).select_related("reply").first()
    if existing is not None:
        return existing
    role = _must(actor, "publication.decide", reply, "只有交办机构或协调机构可以决定答复公开。")
    try:
        with writing():
            pub = build(reply, actor)
            pub.save()
            record(pub, "prepare", "生成公开稿", actor, role=role)
    except IntegrityError:  # another office made it at the same moment (one per reply)
        raise Conflict("该答复的公开稿已由他人同时生成，您的操作未生效，请刷新后查看。") from None
    return pub


def edit(pub: Publication, actor: User, title: str, phrases: Iterable[str]) -> Publication:
    """Change the public title and the passages hidden by hand (every occurrence of each phrase), while
    not published; contact details stay removed whatever is marked. Records 修改公开稿."""
    role = _must(actor, "publication.decide", pub, "只有交办机构或协调机构可以修改公开稿。")
    title = (title or "").strip()
    wanted = list(dict.fromkeys(p.strip() for p in phrases if p and p.strip()))
    if not title:
        raise GuardFailed("请填写公开标题。")
    if len(title) > MAX_TITLE:
        raise GuardFailed(f"公开标题不能超过{MAX_TITLE}字。")
    with writing():
        locked = Publication.objects.select_for_update().select_related("reply").get(pk=pub.pk)
        if locked.state not in EDITABLE:
            raise GuardFailed(f"公开稿当前为“{locked.get_state_display()}”，请先撤回再修改。")
        folded = redaction.fold(locked.reply.text)
        missing = [p for p in wanted if redaction.fold(p) not in folded]
        if missing:
            raise GuardFailed(f"答复正文中没有找到须隐去的文字：{'、'.join(missing)}。")
        items = answered_items(locked.reply)
        spans = compute_spans(locked.reply, wanted, items)
        locked.title = title
        locked.phrases = wanted
        locked.redactions = [s.as_list() for s in spans]
        locked.public_text = redaction.apply(locked.reply.text, spans)
        locked.source_digest = digest(locked.reply.text)
        locked.save()
        record(locked, "edit", "修改公开稿", actor, role=role, payload={"hidden_phrases": len(wanted)})
    return locked


def save_public_version(reply: Reply, actor: User, title: str, phrases: Iterable[str]) -> Publication:
    """The office's form: make the reply's public version if needed and set its title and hidden
    phrases, in one transaction (a refused edit leaves no draft behind)."""
    with writing():
        return edit(publication_of(reply, actor), actor, title, phrases)


# ---- publishing many at once ------------------------------------------------------------------------------


@dataclass
class PreviewRow:
    reply: Reply
    publication: Publication
    problems: list[str] = field(default_factory=list)


def _selected(actor: User, reply_ids: Iterable[int]) -> list[Reply]:
    from banli.portal.policies import decidable

    ids = sorted(set(reply_ids))
    if not ids:
        raise GuardFailed("请先选择要公开的答复。")
    replies = list(
        decidable(actor, Reply.objects.filter(pk__in=ids), "submission__")
        .select_related("submission__session__assembly", "submission__assembly", "assignment__unit", "result")
        .order_by("pk")
    )
    if len(replies) != len(ids):
        raise GuardFailed("所选答复中有不存在或您无权决定公开的，请刷新后重新选择。")
    return replies


def preview(actor: User, reply_ids: Iterable[int]) -> tuple[list[PreviewRow], str]:
    """What publishing these replies would put on the portal, with the problems of each, and a token
    naming exactly that content for :func:`publish_many`. Writes nothing."""
    _must(actor, "publication.decide", None, "只有交办机构或协调机构可以决定答复公开。")
    rows = []
    for reply in _selected(actor, reply_ids):
        pub = Publication.objects.filter(reply_id=reply.pk).first()
        if pub is None:
            pub = build(reply, actor)
        else:
            pub.reply = reply
        problems = publication_problems(pub)
        if pub.state == PublicationState.PUBLISHED:
            problems.append("该答复已经公开。")
        rows.append(PreviewRow(reply, pub, problems))
    return rows, content_token([r.publication for r in rows])


def content_token(pubs: Iterable[Publication]) -> str:
    """A digest of what the public would read: each reply's id, public title and public text."""
    parts = [f"{p.reply_id}\x1f{p.title}\x1f{p.public_text}" for p in sorted(pubs, key=lambda p: p.reply_id)]
    return hashlib.sha256("\x1e".join(parts).encode()).hexdigest()


def publish_many(actor: User, reply_ids: Iterable[int], token: str) -> list[Publication]:
    """Publish every selected reply, or none: in one transaction each gets its public version (made if
    absent) and the ``publish`` transition (event, deadline closed, search index). Refused, with every
    reason, when any one cannot be published or when the content differs from the preview (``token``)."""
    _must(actor, "publication.decide", None, "只有交办机构或协调机构可以决定答复公开。")
    with writing():
        replies = _selected(actor, reply_ids)
        pubs = [publication_of(reply, actor) for reply in replies]
        for reply, pub in zip(replies, pubs, strict=True):
            pub.reply = reply
        if content_token(pubs) != token:
            raise GuardFailed("待公开的内容在预览后有变化，未公开任何一件，请重新预览后确认。")
        errors = []
        for pub in pubs:
            try:
                transition(pub, "publish", actor)
            except WorkflowError as exc:
                errors.append(f"《{pub.title}》：{exc.message}")
        if errors:
            raise GuardFailed("以下答复不能公开，所选各件均未公开：" + " ".join(errors))
    return pubs


def withdraw(pub: Publication, actor: User, reason: str) -> Publication:
    """Take a published reply off the portal and out of the search, with a reason (an event)."""
    reason = (reason or "").strip()
    if len(reason) > 200:
        raise GuardFailed("撤回理由不能超过200字。")
    transition(pub, "withdraw", actor, comment=reason, reason=reason)
    return pub


# ---- the yearly reports -----------------------------------------------------------------------------------


def sniff_report(data: bytes) -> str | None:
    """PDF, or a Word .docx without macros; None for anything else."""
    if data.startswith(b"%PDF-"):
        return PDF
    if not data.startswith(b"PK"):
        return None
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
    except zipfile.BadZipFile:
        return None
    if "word/document.xml" not in names or any(n.endswith("vbaProject.bin") for n in names):
        return None
    return DOCX


def add_report(
    actor: User, assembly: Assembly, year: int | None, title: str, data: bytes, file_name: str
) -> PublicReport:
    """Store a handling report (uploaded, or generated by the report builder) unpublished; records 上传."""
    title = (title or "").strip()
    if not title:
        raise GuardFailed("请填写报告标题。")
    if year is None or not 2000 <= year <= 2100:
        raise GuardFailed("请填写有效的年度。")
    report = PublicReport(
        jurisdiction_id=assembly.jurisdiction_id, assembly=assembly, year=year, title=title[:120]
    )
    role = _must(actor, "report.manage", report, "只有本级交办机构可以上传办理情况报告。")
    if not data:
        raise GuardFailed("请选择报告文件。")
    if len(data) > MAX_REPORT_BYTES:
        raise GuardFailed("报告文件不能超过30 MB。")
    mime = sniff_report(data)
    if mime is None:
        raise GuardFailed("报告须为 PDF 或 Word（.docx，不含宏）文件。")
    extension = ".pdf" if mime == PDF else ".docx"
    stem = (file_name or title).rsplit("/", 1)[-1].rsplit("\\", 1)[-1].rsplit(".", 1)[0].strip() or title
    report.file_name = f"{stem[:150]}{extension}"
    report.mime_type, report.size = mime, len(data)
    report.sha256 = hashlib.sha256(data).hexdigest()
    report.uploaded_by = actor
    with writing():
        report.file.save(report.sha256, ContentFile(data), save=False)
        report.save()
        record(report, "upload", "上传办理情况报告", actor, role=role, payload={"title": report.title})
    return report


def set_report_published(report: PublicReport, actor: User, published: bool) -> PublicReport:
    """Publish the report on the portal, or take it off; records the act."""
    role = _must(actor, "report.manage", report, "只有本级交办机构可以发布办理情况报告。")
    with writing():
        changed = PublicReport.objects.filter(pk=report.pk, is_published=not published).update(
            is_published=published,
            published_at=timezone.now() if published else None,
            published_by=actor if published else None,
        )
        if not changed:
            raise GuardFailed("该报告已经发布。" if published else "该报告尚未发布。")
        report.refresh_from_db()
        record(
            report,
            "publish" if published else "unpublish",
            "发布办理情况报告" if published else "取消发布办理情况报告",
            actor,
            role=role,
            payload={"title": report.title},
        )
    return report
