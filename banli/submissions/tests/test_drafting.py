"""A deputy drafts, resumes, attaches files and submits; a draft belongs to the session in progress or the year."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from types import SimpleNamespace

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from banli.core.models import Attachment, Event
from banli.core.tests.factories import SessionFactory, SubmissionFactory
from banli.core.workflow import GuardFailed, NotAllowed
from banli.submissions.models import IntakePolicy, Submission
from banli.submissions.services import add_attachment, create_draft, delete_draft, update_draft

FIELDS = {
    "title": "关于推进老旧小区加装电梯的建议",
    "problem": "加装电梯进展慢。",
    "advice": "简化审批，给予补贴。",
}
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 32


def docx_bytes(with_document: bool = True) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml" if with_document else "other/file.xml", "<w:document/>")
    return buf.getvalue()


@time_machine.travel(dt.datetime(2025, 1, 11, 10, 0, tzinfo=dt.UTC), tick=False)
def test_a_draft_during_the_session_belongs_to_it(org: SimpleNamespace) -> None:
    sub = create_draft(org.deputy, org.users.deputy, kind="suggestion", **FIELDS)
    assert sub.session == org.session and sub.year == 2025 and sub.state == "draft"
    assert Event.objects.filter(submission=sub, action="create").exists()


@time_machine.travel(dt.datetime(2025, 6, 1, 10, 0, tzinfo=dt.UTC), tick=False)
def test_a_draft_between_sessions_belongs_to_the_year(org: SimpleNamespace) -> None:
    SessionFactory(
        assembly=org.npc,
        number=4,
        name="六届四次会议",
        opens_on=dt.date(2026, 1, 9),
        closes_on=dt.date(2026, 1, 12),
    )
    sub = create_draft(org.deputy, org.users.deputy, kind="suggestion", **FIELDS)
    assert sub.session is None and sub.year == 2025
    assert sub.source_label == "2025年闭会期间"


def test_only_the_member_drafts_in_their_own_name_and_kind_fits_the_assembly(org: SimpleNamespace) -> None:
    with pytest.raises(NotAllowed):
        create_draft(org.deputy, org.users.other_deputy, kind="suggestion", **FIELDS)
    with pytest.raises(GuardFailed, match="类型"):
        create_draft(org.deputy, org.users.deputy, kind="proposal", **FIELDS)
    proposal = create_draft(org.member, org.users.member, kind="proposal", **FIELDS)
    assert proposal.assembly == org.cppcc


def test_refusing_publication_needs_a_reason(org: SimpleNamespace) -> None:
    sub = create_draft(org.deputy, org.users.deputy, kind="suggestion", **FIELDS)
    with pytest.raises(GuardFailed, match="理由"):
        update_draft(sub, org.users.deputy, publication_consent=False, publication_refusal_reason=" ")
    assert Submission.objects.get(pk=sub.pk).publication_consent is True


def test_nobody_else_edits_and_submitted_items_are_frozen(org: SimpleNamespace) -> None:
    sub = SubmissionFactory(lead_author=org.deputy, state="draft")
    with pytest.raises(NotAllowed):
        update_draft(sub, org.users.other_deputy, title="改掉")
    sub.state = "submitted"
    sub.save()
    with pytest.raises(GuardFailed):
        update_draft(sub, org.users.deputy, title="改掉")


def test_edits_after_a_return_are_on_the_timeline(org: SimpleNamespace) -> None:
    sub = SubmissionFactory(lead_author=org.deputy, state="returned")
    update_draft(sub, org.users.deputy, title="关于加快推进老旧小区加装电梯的建议")
    event = Event.objects.get(submission=sub, action="edit")
    assert event.payload["fields"] == ["案由"]


def test_files_are_checked_by_content_and_size(org: SimpleNamespace, settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path
    sub = SubmissionFactory(lead_author=org.deputy, state="draft")
    for name, data in (("材料.pdf", PDF), ("照片.png", PNG), ("说明.docx", docx_bytes())):
        att = add_attachment(sub, org.users.deputy, SimpleUploadedFile(name, data))
        assert att.size == len(data) and att.name == name
    with pytest.raises(GuardFailed, match="不是可接受"):
        add_attachment(sub, org.users.deputy, SimpleUploadedFile("病毒.pdf", b"MZ\x90\x00 not a pdf at all"))
    with pytest.raises(GuardFailed, match="不是可接受"):
        add_attachment(
            sub, org.users.deputy, SimpleUploadedFile("伪装.docx", docx_bytes(with_document=False))
        )
    IntakePolicy.objects.create(assembly=org.npc, max_attachment_mb=1)
    with pytest.raises(GuardFailed, match="1 MB"):
        add_attachment(sub, org.users.deputy, SimpleUploadedFile("大.pdf", PDF + b"0" * (1024 * 1024)))
    assert Attachment.objects.filter(submission=sub).count() == 3
    stored = Attachment.objects.get(name="材料.pdf").file.path
    assert str(tmp_path) in stored and "材料" not in stored  # outside the web root, under its hash


def test_files_are_served_only_to_those_who_see_the_item(
    org: SimpleNamespace, client: Client, settings, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path
    sub = SubmissionFactory(lead_author=org.deputy, state="submitted")
    att = add_attachment(
        SubmissionFactory(lead_author=org.deputy, state="draft"),
        org.users.deputy,
        SimpleUploadedFile("a.pdf", PDF),
    )
    Attachment.objects.filter(pk=att.pk).update(submission=sub, object_id=sub.pk)
    client.force_login(org.users.registry)
    response = client.get(reverse("submissions:download", args=[att.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert "attachment" in response["Content-Disposition"]
    for user in (org.users.other_deputy, org.users.liaison, org.users.auditor):
        client.force_login(user)
        assert client.get(reverse("submissions:download", args=[att.pk])).status_code == 404


def test_deputy_drafts_resumes_and_submits_through_the_pages(org: SimpleNamespace, client: Client) -> None:
    client.force_login(org.users.deputy)
    response = client.post(
        reverse("submissions:new"), {"kind": "suggestion", "publication_consent": "on", **FIELDS}
    )
    sub = Submission.objects.get(title=FIELDS["title"])
    assert response["Location"] == reverse("submissions:edit", args=[sub.pk])
    page = client.get(reverse("submissions:edit", args=[sub.pk])).content.decode()
    assert FIELDS["problem"] in page  # resumed with what was saved
    response = client.post(
        reverse("submissions:edit", args=[sub.pk]),
        {**FIELDS, "advice": "建议简化审批流程。", "publication_consent": "on", "submit": "1"},
        follow=True,
    )
    sub.refresh_from_db()
    assert sub.state == "submitted" and sub.advice == "建议简化审批流程。"
    assert "已提交" in response.content.decode()


def test_the_draft_form_explains_its_errors(org: SimpleNamespace, client: Client) -> None:
    client.force_login(org.users.deputy)
    html = client.post(
        reverse("submissions:new"), {"kind": "suggestion", "title": "短", "advice": "x"}
    ).content.decode()
    assert "案由至少 4 个字" in html and "不同意公开时须说明理由" in html
    assert not Submission.objects.exists()


def test_only_deputies_and_members_may_draft(org: SimpleNamespace, client: Client) -> None:
    client.force_login(org.users.liaison)
    assert client.get(reverse("submissions:new")).status_code == 403


def test_a_draft_never_submitted_can_be_deleted_by_its_author(org: SimpleNamespace) -> None:
    sub = SubmissionFactory(lead_author=org.deputy, state="draft")
    delete_draft(sub, org.users.deputy)
    assert not Submission.objects.filter(pk=sub.pk).exists()
    returned = SubmissionFactory(lead_author=org.deputy, state="returned")
    with pytest.raises(GuardFailed):
        delete_draft(returned, org.users.deputy)
