"""The reply letters sent to deputies: GB/T 9704 format, one per author (or the lead only), one per merged
item, downloads by those allowed, and the PDF through LibreOffice."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from docx.oxml.ns import qn

from banli.assignments.models import HandlingPolicy
from banli.core.tests.factories import SubmissionFactory
from banli.core.workflow import transition
from banli.documents.pdf import to_pdf
from banli.documents.tests.docx_reading import (
    alignment,
    east_asian_font,
    find,
    open_docx,
    paragraph_property,
    size_pt,
)
from banli.handling.models import Reply, ReplyRecipient
from banli.handling.tests.conftest import complete_draft, contact, handled
from banli.submissions.models import Cosignature


def send(org: SimpleNamespace, item: SimpleNamespace) -> Reply:
    contact(org, item.lead)
    reply = complete_draft(org, item.lead)
    transition(reply, "submit", org.users.handler)
    transition(reply, "approve", org.users.reviewing_head)
    transition(reply, "sign", org.users.signing_head)
    transition(reply, "send", org.users.coordinator)
    reply.refresh_from_db()
    return reply


def letter_bytes(recipient: ReplyRecipient) -> bytes:
    with recipient.letter.file.open("rb") as f:
        return f.read()


def test_the_letter_is_an_official_reply_in_the_gbt_9704_format(org: SimpleNamespace) -> None:
    reply = send(org, handled(org, co=False))
    recipient = reply.recipients.get()
    doc = open_docx(letter_bytes(recipient))
    section = doc.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert (round(section.top_margin.mm), round(section.left_margin.mm)) == (37, 28)
    title = find(doc, "关于市六届人大三次会议第39号建议的答复")
    assert east_asian_font(doc, title) == "方正小标宋简体" and size_pt(doc, title) == 22
    assert alignment(title) == "center"
    body = find(doc, "您提出的建议收悉，现答复如下。")
    assert east_asian_font(doc, body) == "仿宋_GB2312" and size_pt(doc, body) == 16
    spacing = paragraph_property(body, "spacing")
    assert spacing.get(qn("w:lineRule")) == "exact" and int(spacing.get(qn("w:line"))) == 579
    assert east_asian_font(doc, find(doc, "一、关于新建学校")) == "黑体"
    number = find(doc, reply.doc_number)
    assert alignment(number) == "right"
    assert section.first_page_header.paragraphs[0].text == "A类"
    texts = [p.text.strip() for p in doc.paragraphs]  # the signature block is set off by a tab
    assert f"{org.deputy.name}代表：" in texts
    assert org.units.unit_a.name in texts
    today = timezone.localdate()
    assert f"{today.year}年{today.month}月{today.day}日" in texts
    assert "（联系人：王五，联系电话：0557-3021234）" in texts
    assert any(t.startswith("抄送：") and org.units.npc_registry.name in t for t in texts)


def test_the_letter_converts_to_pdf_with_libreoffice(org: SimpleNamespace) -> None:
    reply = send(org, handled(org, co=False))
    pdf = to_pdf(letter_bytes(reply.recipients.get()))
    assert pdf is not None, "LibreOffice 未安装（make sysdeps 会安装 libreoffice-writer-nogui）"
    assert pdf.startswith(b"%PDF")


def test_each_author_of_a_joint_item_gets_a_letter_or_only_the_lead(org: SimpleNamespace) -> None:
    item = handled(org, co=False)
    Cosignature.objects.create(
        submission=item.sub, member=org.other_deputy, state="confirmed", due_on=timezone.localdate()
    )
    reply = send(org, item)
    addressed = {r.member: r.is_lead for r in reply.recipients.all()}
    assert addressed == {org.deputy: True, org.other_deputy: False}
    assert all(r.letter_id for r in reply.recipients.all())

    HandlingPolicy.objects.create(assembly=org.npc, reply_per_author=False)
    other = handled(org, co=False, number=40)
    Cosignature.objects.create(
        submission=other.sub, member=org.other_deputy, state="confirmed", due_on=timezone.localdate()
    )
    assert [r.member for r in send(org, other).recipients.all()] == [org.deputy]


def test_a_merged_item_gets_its_own_letter_under_its_own_number(org: SimpleNamespace) -> None:
    item = handled(org, co=False)
    merged = SubmissionFactory(
        lead_author=org.other_deputy, state="merged", merged_into=item.sub, session=org.session, number=52
    )
    reply = send(org, item)
    rows = {r.submission_id: r for r in reply.recipients.all()}
    assert set(rows) == {item.sub.pk, merged.pk}
    doc = open_docx(letter_bytes(rows[merged.pk]))
    find(doc, "关于市六届人大三次会议第52号建议的答复")
    assert f"{org.other_deputy.name}代表：" in [p.text for p in doc.paragraphs]


def test_the_deputy_downloads_the_letter_and_strangers_cannot(
    org: SimpleNamespace, other_org: SimpleNamespace, client: Client
) -> None:
    reply = send(org, handled(org, co=False))
    recipient = reply.recipients.get()
    url = reverse("handling:letter", args=[recipient.pk])
    client.force_login(org.users.deputy)
    page = client.get(reverse("submissions:detail", args=[reply.submission_id])).content.decode()
    assert url in page and reply.doc_number in page
    response = client.get(url)
    assert response.status_code == 200
    assert open_docx(b"".join(response.streaming_content)).paragraphs
    assert ReplyRecipient.objects.get(pk=recipient.pk).read_at is not None
    for stranger in (org.users.other_deputy, other_org.users.coordinator, org.users.auditor):
        client.force_login(stranger)
        assert client.get(url).status_code == 404, stranger


@pytest.mark.parametrize("who", ["liaison", "coordinator", "registry"])
def test_the_unit_and_the_offices_may_download_the_letter(
    org: SimpleNamespace, client: Client, who: str
) -> None:
    reply = send(org, handled(org, co=False))
    client.force_login(getattr(org.users, who))
    assert client.get(reverse("handling:letter", args=[reply.recipients.get().pk])).status_code == 200
