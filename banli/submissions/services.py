"""Writes on submissions that are not a state change of their own: drafting, files, co-signing, flags.

Every function here checks the policy itself (views may not be the only callers), runs in one
transaction and records what it did on the item's timeline.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from banli.core.files import store_attachment
from banli.core.models import Assembly, Attachment, Category, Member, Session
from banli.core.models.org import User
from banli.core.policies import capacity
from banli.core.transactions import writing
from banli.core.workflow import GuardFailed, NotAllowed, WorkflowError, record, transition
from banli.core.yearly import in_force
from banli.submissions.models import (
    Cosignature,
    CosignatureState,
    IntakePolicy,
    NumberSequence,
    Submission,
    SubmissionKind,
    SubmissionState,
)

S = SubmissionState
EDITABLE = (S.DRAFT, S.RETURNED)


def next_number(submission: Submission) -> int:
    """Take the next gapless number for the submission's assembly, session (or year) and kind.

    Must run inside the registering transaction: the UPDATE locks the sequence row until commit, so
    concurrent registrations queue instead of sharing or skipping a number. If the transaction rolls
    back, the number is given back with it.
    """
    assert transaction.get_connection().in_atomic_block, "next_number must run inside a transaction"
    key: dict[str, Any] = {"assembly_id": submission.assembly_id, "kind": submission.kind}
    if submission.session_id:
        key["session_id"] = submission.session_id
        defaults = {"year": submission.year}
    else:
        key.update(session=None, year=submission.year)
        defaults = {}
    seq, _ = NumberSequence.objects.get_or_create(**key, defaults=defaults)
    NumberSequence.objects.filter(pk=seq.pk).update(last=F("last") + 1)
    return NumberSequence.objects.values_list("last", flat=True).get(pk=seq.pk)


def intake_policy(assembly: Assembly, year: int) -> IntakePolicy:
    """The assembly's rules for the year, its general rules, or the defaults (unsaved)."""
    return in_force(IntakePolicy, assembly.pk, year)


def session_on(assembly: Assembly, day: dt.date) -> Session | None:
    """The session in progress on ``day`` (大会期间), or None between sessions (闭会期间)."""
    return Session.objects.filter(assembly=assembly, opens_on__lte=day, closes_on__gte=day).first()


def allowed_kinds(assembly: Assembly) -> list[tuple[str, str]]:
    if assembly.kind == "npc":
        return [(SubmissionKind.SUGGESTION, "建议"), (SubmissionKind.MOTION, "议案")]
    return [(SubmissionKind.PROPOSAL, "提案")]


def _require_author(sub: Submission, actor: User) -> str:
    role = capacity(actor, "submission.edit", sub)
    if not role:
        raise NotAllowed("只有领衔人可以修改本件。")
    if sub.state not in EDITABLE:
        raise GuardFailed("只有草稿或退回修改的件可以修改。")
    return role


@writing()
def create_draft(member: Member, actor: User, *, kind: str, **fields: Any) -> Submission:
    """Start a draft for ``member`` (the lead author). It belongs to the session in progress, else to the year.

    Writes the Submission and a 起草 event.
    """
    if member.user_id != actor.pk:
        raise NotAllowed("只能以本人名义起草。")
    if kind not in dict(allowed_kinds(member.assembly)):
        raise GuardFailed("该类型不适用于本届人大或政协。")
    today = timezone.localdate()
    assembly = member.assembly
    sub = Submission.objects.create(
        jurisdiction_id=assembly.jurisdiction_id,
        assembly=assembly,
        session=session_on(assembly, today),
        year=today.year,
        kind=kind,
        lead_author=member,
        created_by=actor,
        **fields,
    )
    record(sub, "create", "起草", actor, role="领衔人")
    return sub


DRAFT_FIELDS = (
    "title",
    "problem",
    "advice",
    "category",
    "publication_consent",
    "publication_refusal_reason",
    "is_confidential",
)


@writing()
def update_draft(sub: Submission, actor: User, **fields: Any) -> Submission:
    """Save the author's edits of a draft (or of an item returned for revision).

    Writes the changed fields; records a 修改 event only for items the registry has seen (returned),
    so that the review shows what changed.
    """
    role = _require_author(sub, actor)
    changed = [name for name in DRAFT_FIELDS if name in fields and getattr(sub, name) != fields[name]]
    for name in changed:
        setattr(sub, name, fields[name])
    if not sub.publication_consent and not sub.publication_refusal_reason.strip():
        raise GuardFailed("不同意公开时须说明理由。")
    if sub.publication_consent:
        sub.publication_refusal_reason = ""
    sub.save()
    if changed and sub.state == S.RETURNED:
        labels = [str(Submission._meta.get_field(n).verbose_name) for n in changed]
        record(sub, "edit", "修改", actor, role=role, payload={"fields": labels})
    return sub


@writing()
def delete_draft(sub: Submission, actor: User) -> None:
    """Delete a draft that was never submitted, with its files and invitations (the author confirmed)."""
    _require_author(sub, actor)
    if sub.state != S.DRAFT or sub.submitted_at is not None:
        raise GuardFailed("只能删除从未提交过的草稿。")
    for att in sub.attachments.all():
        att.file.delete(save=False)
    Submission.objects.filter(pk=sub.pk, state=S.DRAFT).delete()


# ---- attachments ---------------------------------------------------------------------------------------


@writing()
def add_attachment(sub: Submission, actor: User, upload: UploadedFile) -> Attachment:
    """Store a PDF, Word or image file for the draft after checking its content and size."""
    role = _require_author(sub, actor)
    limit = intake_policy(sub.assembly, sub.year).max_attachment_mb
    att = store_attachment(sub, actor, upload, limit_mb=limit, submission=sub)
    if sub.state == S.RETURNED:
        record(sub, "attach", "上传附件", actor, role=role, payload={"name": att.name})
    return att


@writing()
def remove_attachment(att: Attachment, actor: User) -> None:
    """Remove a file from a draft (the stored file goes when no other attachment shares its content)."""
    sub = att.submission
    assert sub is not None
    _require_author(sub, actor)
    shared = Attachment.objects.filter(sha256=att.sha256).exclude(pk=att.pk).exists()
    att.delete()
    if not shared:
        transaction.on_commit(lambda: att.file.storage.delete(att.file.name))


# ---- co-signing ------------------------------------------------------------------------------------------


def is_lapsed(cos: Cosignature, today: dt.date | None = None) -> bool:
    return cos.state == CosignatureState.INVITED and cos.due_on < (today or timezone.localdate())


@writing()
def invite_cosigners(sub: Submission, actor: User, members: Iterable[Member]) -> list[Cosignature]:
    """Invite deputies (members) of the same assembly to co-sign; each must answer before the due date."""
    role = _require_author(sub, actor)
    policy = intake_policy(sub.assembly, sub.year)
    due = timezone.localdate() + dt.timedelta(days=policy.cosign_days)
    invited = []
    existing = set(sub.cosignatures.values_list("member_id", flat=True))
    for member in members:
        if member.assembly_id != sub.assembly_id or not member.is_active:
            raise GuardFailed(f"{member.name}不是本届的代表或委员，不能联名。")
        if member.pk == sub.lead_author_id or member.pk in existing:
            continue
        invited.append(Cosignature.objects.create(submission=sub, member=member, due_on=due))
    if invited:
        record(
            sub, "invite", "邀请联名", actor, role=role, payload={"members": [c.member.name for c in invited]}
        )
    return invited


@writing()
def withdraw_invitation(cos: Cosignature, actor: User) -> None:
    """The lead author takes back an invitation not yet confirmed."""
    sub = cos.submission
    role = _require_author(sub, actor)
    if cos.state == CosignatureState.CONFIRMED and sub.state != S.DRAFT:
        raise GuardFailed("已确认的联名人只能在草稿阶段移除。")
    cos.delete()
    record(sub, "uninvite", "撤销联名邀请", actor, role=role, payload={"member": cos.member.name})


@writing()
def respond_to_invitation(cos: Cosignature, actor: User, *, accept: bool, comment: str = "") -> Cosignature:
    """The invited deputy confirms or declines, before the due date, while the item is still a draft."""
    cos = Cosignature.objects.select_for_update().select_related("member", "submission").get(pk=cos.pk)
    if cos.member.user_id != actor.pk:
        raise NotAllowed("只能答复发给本人的联名邀请。")
    if cos.state != CosignatureState.INVITED:
        raise GuardFailed("该邀请已答复。")
    if is_lapsed(cos):
        raise GuardFailed(f"该邀请已于{cos.due_on:%Y年%m月%d日}过期。")
    if cos.submission.state not in EDITABLE:
        raise GuardFailed("该件已提交，不能再答复联名邀请。")
    cos.state = CosignatureState.CONFIRMED if accept else CosignatureState.DECLINED
    cos.responded_at = timezone.now()
    cos.comment = comment.strip()[:200]
    cos.save(update_fields=["state", "responded_at", "comment"])
    label = "确认联名" if accept else "谢绝联名"
    record(
        cos.submission, "cosign" if accept else "decline", label, actor, role="联名人", comment=cos.comment
    )
    return cos


def confirmed_cosigners(sub: Submission) -> int:
    return sub.cosignatures.filter(state=CosignatureState.CONFIRMED).count()


# ---- registry: classification ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Classification:
    category: Category | None
    is_key: bool
    is_confidential: bool


@writing()
def classify(sub: Submission, actor: User, new: Classification) -> list[str]:
    """The registry sets category, key (重点) and confidential (涉密) flags; returns what changed."""
    role = capacity(actor, "submission.classify", sub)
    if not role:
        raise NotAllowed("只有交办机构可以设置分类和标记。")
    if new.category is not None and new.category.jurisdiction_id != sub.jurisdiction_id:
        raise GuardFailed("分类不属于本行政区域。")
    changes = []
    if sub.category_id != (new.category.pk if new.category else None):
        changes.append(f"分类：{sub.category or '无'} → {new.category or '无'}")
    if sub.is_key != new.is_key:
        changes.append("标为重点" if new.is_key else "取消重点")
    if sub.is_confidential != new.is_confidential:
        changes.append("标为涉密" if new.is_confidential else "取消涉密")
    if not changes:
        return []
    Submission.objects.filter(pk=sub.pk).update(
        category=new.category, is_key=new.is_key, is_confidential=new.is_confidential
    )
    sub.category, sub.is_key, sub.is_confidential = new.category, new.is_key, new.is_confidential
    record(sub, "classify", "设置分类和标记", actor, role=role, comment="；".join(changes))
    return changes


def bulk_register(
    subs: list[Submission], actor: User
) -> tuple[list[Submission], list[tuple[Submission, str]]]:
    """Register the selected items in the order they were submitted, each in its own transaction.

    One refused item (already registered by a colleague, not the actor's) does not hold back the others;
    returns the registered items (with their numbers) and the refused ones with the reason.
    """
    done: list[Submission] = []
    failed: list[tuple[Submission, str]] = []
    for sub in sorted(subs, key=lambda s: (s.submitted_at or timezone.now(), s.pk)):
        try:
            transition(sub, "register", actor)
        except WorkflowError as exc:
            failed.append((sub, exc.message))
        else:
            done.append(sub)
    return done, failed
