"""The offices' publishing pages: the list of replies due with its filters, selecting many, the preview
and the confirmation, one reply's public version, withdrawing; the yearly reports; query counts."""

from __future__ import annotations

import datetime as dt
import io
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from banli.core.models import Deadline, Event
from banli.portal.models import Publication, PublicReport
from banli.portal.services import preview as preview_of
from banli.portal.tests.conftest import publish, sent_reply


def due(client: Client, **params: object) -> str:
    response = client.get(reverse("publications:due"), params)
    assert response.status_code == 200
    return response.content.decode()


def test_anonymous_readers_go_to_the_login_and_units_are_refused(
    client: Client, org: SimpleNamespace
) -> None:
    response = client.get(reverse("publications:due"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    client.force_login(org.users.liaison)
    assert client.get(reverse("publications:due")).status_code == 403
    assert client.get(reverse("publications:reports")).status_code == 403


def test_the_list_shows_what_is_due_soonest_first_and_what_may_never_go_out_apart(
    client: Client, org: SimpleNamespace
) -> None:
    today = timezone.now()
    late = sent_reply(org, title="关于早已答复的建议", sent_at=today - dt.timedelta(days=60))
    soon = sent_reply(org, title="关于刚刚答复的建议")
    secret = sent_reply(org, title="关于涉密事项的建议", is_confidential=True)
    done = sent_reply(org, title="关于已经公开的建议")
    publish(org, done)
    other_system = sent_reply(org, title="关于党委系统事项的建议", system="party")
    client.force_login(org.users.coordinator)
    html = due(client)
    assert html.index("关于早已答复的建议") < html.index("关于刚刚答复的建议")
    assert "逾期" in html
    for absent in ("关于涉密事项的建议", "关于已经公开的建议", "关于党委系统事项的建议"):
        assert absent not in html
    assert f'name="replies" value="{late.pk}"' in html and f'name="replies" value="{soon.pk}"' in html
    assert "关于涉密事项的建议" in due(client, status="blocked")
    assert f'name="replies" value="{secret.pk}"' not in due(client, status="blocked")
    assert "关于已经公开的建议" in due(client, status="published")
    overdue = due(client, status="overdue")
    assert "关于早已答复的建议" in overdue and "关于刚刚答复的建议" not in overdue
    assert "关于刚刚答复的建议" not in due(client, unit=org.units.unit_b.pk)
    assert "关于刚刚答复的建议" not in due(client, year=2024)
    client.force_login(org.users.party_coordinator)
    assert "关于党委系统事项的建议" in due(client) and "关于刚刚答复的建议" not in due(client)
    assert other_system.pk


def test_the_list_is_exported_as_the_page_filters_it(client: Client, org: SimpleNamespace) -> None:
    from openpyxl import load_workbook

    today = timezone.now()
    late = sent_reply(org, title="关于早已答复的建议", sent_at=today - dt.timedelta(days=60))
    sent_reply(org, title="关于刚刚答复的建议")
    secret = sent_reply(org, title="关于涉密事项的建议", is_confidential=True)
    client.force_login(org.users.coordinator)

    def sheet(**params: str) -> list[tuple]:
        response = client.get(reverse("publications:due"), {**params, "export": "xlsx"})
        assert response.status_code == 200
        return list(load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.values)

    rows = sheet()
    assert rows[0][0] == "答复公开台账" and "公开状态：待公开" in rows[1][0]
    body = rows[4:]
    assert [r[1] for r in body] == ["关于早已答复的建议", "关于刚刚答复的建议"]  # soonest due first
    assert body[0][0] == late.submission.reference and body[0][2] == org.units.unit_a.name
    assert (body[0][6], body[0][7], body[1][6]) == ("是", "待公开", None)  # an empty cell
    [blocked_row] = sheet(status="blocked")[4:]
    assert (blocked_row[0], blocked_row[7]) == (secret.submission.reference, "不得公开")
    assert [r[1] for r in sheet(status="overdue")[4:]] == ["关于早已答复的建议"]


def test_the_office_selects_many_previews_and_confirms(client: Client, org: SimpleNamespace) -> None:
    replies = [sent_reply(org, title=f"关于第{i}件事项的建议") for i in range(3)]
    client.force_login(org.users.registry)
    preview = client.post(reverse("publications:preview"), {"replies": [r.pk for r in replies]})
    html = preview.content.decode()
    assert preview.status_code == 200
    assert html.count("data-preview=") == 3 and "确认公开以上 3 件" in html
    assert "0557-3021234" not in html
    assert not Publication.objects.exists()  # the preview writes nothing
    token = preview.context["token"]
    response = client.post(
        reverse("publications:publish"), {"replies": [r.pk for r in replies], "token": token}, follow=True
    )
    assert "已公开答复 3 件" in response.content.decode()
    assert Publication.objects.filter(state="published").count() == 3
    assert not Deadline.objects.filter(duty="publication", closed_at__isnull=True).exists()


def test_a_preview_with_a_forbidden_reply_offers_no_confirmation(
    client: Client, org: SimpleNamespace
) -> None:
    ok, secret = sent_reply(org), sent_reply(org, is_confidential=True)
    client.force_login(org.users.registry)
    html = client.post(reverse("publications:preview"), {"replies": [ok.pk, secret.pk]}).content.decode()
    assert "涉密件，不得公开" in html and "确认公开以上" not in html
    response = client.post(
        reverse("publications:publish"), {"replies": [ok.pk, secret.pk], "token": "x"}, follow=True
    )
    assert "未公开任何一件" in response.content.decode()
    assert not Publication.objects.exists()


def test_the_office_edits_one_reply_then_publishes_and_withdraws_it(
    client: Client, org: SimpleNamespace
) -> None:
    reply = sent_reply(org)
    client.force_login(org.users.registry)
    url = reverse("publications:edit", args=[reply.pk])
    html = client.get(url).content.decode()
    assert "尚未生成公开稿" in html and 'class="redact-note"' in html
    assert not Publication.objects.exists()
    response = client.post(url, {"title": "标题", "phrases": "原文里没有的字"}, follow=True)
    assert "没有找到须隐去的文字：原文里没有的字" in response.content.decode()
    assert not Publication.objects.exists()  # a refused edit leaves no draft behind
    response = client.post(
        url, {"title": "关于社区养老服务设施建设建议的答复", "phrases": "600张\n"}, follow=True
    )
    assert "公开稿已保存" in response.content.decode()
    pub = Publication.objects.get()
    assert pub.phrases == ["600张"] and "600张" not in pub.public_text
    _, token = preview_of(org.users.registry, [reply.pk])
    client.post(reverse("publications:publish"), {"replies": [reply.pk], "token": token})
    html = client.get(url).content.decode()
    assert "撤回公开" in html and "保存公开稿" not in html
    response = client.post(reverse("publications:withdraw", args=[pub.pk]), {"reason": ""}, follow=True)
    assert "“撤回公开”须填写意见或理由" in response.content.decode()
    assert Publication.objects.get().state == "published"
    client.post(reverse("publications:withdraw", args=[pub.pk]), {"reason": "发现需隐去的商业信息"})
    pub.refresh_from_db()
    assert (pub.state, pub.withdrawal_reason) == ("withdrawn", "发现需隐去的商业信息")


def test_the_list_costs_the_same_queries_for_three_or_twenty_replies(
    client: Client, org: SimpleNamespace, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(org.users.registry)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            due(client, status="all")
        return len(ctx.captured_queries)

    for _ in range(3):
        sent_reply(org)
    publish(org, sent_reply(org))
    few = count()
    for i in range(16):
        sent_reply(org, is_confidential=i % 3 == 0, unit=org.units.unit_b)
    assert count() == few
    with django_assert_max_num_queries(12):
        due(client, status="all")


# ---- reports ---------------------------------------------------------------------------------------------


def docx_bytes(text: str = "关于市六届人大三次会议代表建议办理情况的报告") -> bytes:
    from docx import Document

    document = Document()
    document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def upload(client: Client, org: SimpleNamespace, data: bytes, name: str, **extra: object):  # type: ignore[no-untyped-def]
    form = {
        "assembly": org.npc.pk,
        "year": "2025",
        "title": "2025年度代表建议办理情况报告",
        "file": SimpleUploadedFile(name, data),
        **extra,
    }
    return client.post(reverse("publications:reports"), form, follow=True)


def test_the_registry_uploads_and_publishes_the_yearly_report(client: Client, org: SimpleNamespace) -> None:
    client.force_login(org.users.registry)
    data = docx_bytes()  # made once: a Word file written in another second differs in its zip dates
    assert "报告已上传" in upload(client, org, data, "办理情况报告.docx").content.decode()
    report = PublicReport.objects.get()
    assert (report.is_published, report.file_name, report.extension) == (False, "办理情况报告.docx", "Word")
    client.logout()
    assert client.get(reverse("portal:report_download", args=[report.pk])).status_code == 404
    assert report.title not in client.get(reverse("portal:reports")).content.decode()
    client.force_login(org.users.registry)
    client.post(reverse("publications:report_publish", args=[report.pk]))
    client.logout()
    assert report.title in client.get(reverse("portal:reports")).content.decode()
    assert report.title in client.get(reverse("portal:home")).content.decode()
    response = client.get(reverse("portal:report_download", args=[report.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == data
    assert "filename*=UTF-8''%E5%8A%9E" in response["Content-Disposition"]
    assert [e.action for e in Event.objects.filter(object_id=report.pk, workflow="")] == ["upload", "publish"]
    client.force_login(org.users.registry)
    client.post(reverse("publications:report_unpublish", args=[report.pk]))
    client.logout()
    assert client.get(reverse("portal:report_download", args=[report.pk])).status_code == 404


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (b"MZ\x90\x00 an executable", "报告.pdf"),
        (b"PK\x03\x04 not a zip at all", "报告.docx"),
        (b"", "空.pdf"),
    ],
)
def test_a_report_that_is_no_pdf_or_word_file_is_refused(
    client: Client, org: SimpleNamespace, data: bytes, name: str
) -> None:
    client.force_login(org.users.registry)
    html = upload(client, org, data, name).content.decode()
    assert "PDF 或 Word" in html or "请选择报告文件" in html
    assert not PublicReport.objects.exists()


def test_a_pdf_report_is_stored_as_pdf(client: Client, org: SimpleNamespace) -> None:
    client.force_login(org.users.registry)
    upload(client, org, PDF, "report.docx")
    assert PublicReport.objects.get().file_name == "report.pdf"


def test_the_other_assemblys_registry_may_not_publish_the_report(
    client: Client, org: SimpleNamespace
) -> None:
    client.force_login(org.users.registry)
    upload(client, org, PDF, "报告.pdf")
    report = PublicReport.objects.get()
    client.force_login(org.users.cppcc_registry)
    assert client.post(reverse("publications:report_publish", args=[report.pk])).status_code == 404
    html = upload(client, org, PDF, "报告.pdf").content.decode()
    assert "请选择人大或政协届次" in html
    assert PublicReport.objects.count() == 1
