"""The reply letters (答复函): one per recipient, rendered from the jurisdiction's template when the reply
is sent, and kept as the official record (an attachment of the recipient row)."""

from __future__ import annotations

import hashlib

from django.core.files.base import ContentFile
from django.utils import timezone

from banli.core.models import Attachment, User
from banli.documents.letters import ReplyLetter, render_reply_letter, reply_title, salutation
from banli.documents.selection import active_template
from banli.handling.models import Reply, ReplyRecipient

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
FEEDBACK_NOTE = "附件：办理情况征询意见表（请在系统中评价）"


def letter_for(reply: Reply, recipient: ReplyRecipient) -> ReplyLetter:
    """What the letter to one recipient says: the recipient's own item in the title, its author named."""
    item = recipient.submission
    unit = reply.assignment.unit
    signed = timezone.localdate(reply.signed_at or reply.sent_at or timezone.now())
    return ReplyLetter(
        title=reply_title(item.source_label, item.number or 0, item.kind),
        document_number=reply.doc_number,
        addressee=salutation(recipient.member.name, item.assembly.kind),
        paragraphs=[p for p in reply.text.splitlines() if p.strip()],
        signer=unit.name,
        date=signed,
        letterhead=unit.name,
        result_mark=reply.result.mark if reply.result else "",
        contact_person=reply.contact_person,
        contact_phone=reply.contact_phone,
        cc=[c.strip() for c in reply.copy_to.replace(",", "，").split("，") if c.strip()],
        feedback_note=FEEDBACK_NOTE,
    )


def attach_letters(reply: Reply, actor: User) -> int:
    """Render and store the letter of every recipient that has none yet; returns how many were made."""
    template = active_template("reply_letter", reply.submission.jurisdiction)
    made = 0
    for recipient in reply.recipients.filter(letter__isnull=True).select_related(
        "member", "submission__session__assembly", "submission__assembly"
    ):
        letter = letter_for(reply, recipient)
        data = render_reply_letter(letter, template)
        digest = hashlib.sha256(data).hexdigest()
        attachment = Attachment(
            jurisdiction_id=reply.jurisdiction_id,
            submission=recipient.submission,
            content_type_id=_recipient_type(),
            object_id=recipient.pk,
            name=f"{letter.title}（{recipient.member.name}）.docx",
            mime_type=DOCX,
            size=len(data),
            sha256=digest,
            uploaded_by=actor,
        )
        attachment.file.save(digest, ContentFile(data), save=False)
        attachment.save()
        ReplyRecipient.objects.filter(pk=recipient.pk).update(letter=attachment)
        made += 1
    return made


def _recipient_type() -> int:
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(ReplyRecipient).pk
