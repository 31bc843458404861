"""The handling report's page: the registry or the coordinating office picks the scope, reads the figures,
downloads Word (and PDF through LibreOffice); nobody else may, and a bad choice is refused in Chinese."""

from __future__ import annotations

import io
from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from banli.documents.selection import document_text
from banli.reports.tests.test_handling_report import seed_001_year


@pytest.fixture
def year(org: SimpleNamespace) -> SimpleNamespace:
    return seed_001_year(org)


def params(org: SimpleNamespace, handled: SimpleNamespace, **changes: object) -> dict[str, object]:
    return {"assembly": org.npc.pk, "session": handled.session.pk, "system": "government", **changes}


def test_the_coordinating_office_downloads_the_word_report(
    org: SimpleNamespace, year: SimpleNamespace, client: Client
) -> None:
    client.force_login(org.users.coordinator)
    page = client.get(reverse("reports:handling_report"), params(org, year)).content.decode()
    assert "共承办市六届人大三次会议代表建议201件" in page and "下载 Word" in page
    response = client.get(reverse("reports:handling_report"), params(org, year, download="docx"))
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.wordprocessingml"
    )
    assert "filename*=UTF-8''" in response["Content-Disposition"]
    text = document_text(response.content)
    assert "已解决或采纳（A类）的67件、约占33.33%" in text and "88件涉及多个部门的职责" in text


def test_the_registry_downloads_the_pdf(org: SimpleNamespace, year: SimpleNamespace, client: Client) -> None:
    client.force_login(org.users.registry)
    response = client.get(reverse("reports:handling_report"), params(org, year, download="pdf"))
    assert response["Content-Type"] == "application/pdf"
    first = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    assert "201" in first and "33.33%" in first


def test_a_coordinating_office_reports_on_its_own_system_only(
    org: SimpleNamespace, year: SimpleNamespace, client: Client
) -> None:
    client.force_login(org.users.party_coordinator)
    html = client.get(reverse("reports:handling_report"), params(org, year)).content.decode()
    assert "请选择本单位负责的办理系统。" in html and "下载 Word" not in html
    html = client.get(reverse("reports:handling_report"), params(org, year, system="party")).content.decode()
    assert "市党委系统共承办市六届人大三次会议代表建议15件" in html


def test_the_cppcc_registry_cannot_report_on_the_npc(
    org: SimpleNamespace, year: SimpleNamespace, client: Client
) -> None:
    client.force_login(org.users.cppcc_registry)
    html = client.get(reverse("reports:handling_report"), params(org, year)).content.decode()
    assert "请选择届次。" in html


def test_a_year_without_a_session_needs_a_valid_year(
    org: SimpleNamespace, year: SimpleNamespace, client: Client
) -> None:
    client.force_login(org.users.registry)
    html = client.get(
        reverse("reports:handling_report"), params(org, year, session="", year="abc")
    ).content.decode()
    assert "请选择会议，或填写年度。" in html
    html = client.get(
        reverse("reports:handling_report"), params(org, year, session="", year="2024")
    ).content.decode()
    assert "2024年，市政府系统共承办市六届人大代表建议201件" in html


def test_units_leaders_and_deputies_may_not_produce_it(org: SimpleNamespace, client: Client) -> None:
    for user in (org.users.liaison, org.users.leader, org.users.deputy):
        client.force_login(user)
        assert client.get(reverse("reports:handling_report")).status_code == 403
