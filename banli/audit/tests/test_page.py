"""审计日志: the auditor reads, filters, pages through and exports the trail; nobody else opens it."""

from __future__ import annotations

import datetime as dt
import io
from types import SimpleNamespace

import openpyxl
import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from banli.audit.log import audit
from banli.audit.models import AuditAction, AuditRecord
from banli.core.lists import PAGE_SIZE

URL = reverse("audit:records")


@pytest.fixture
def auditor(org: SimpleNamespace, client: Client) -> Client:
    client.force_login(org.users.auditor)
    return client


def test_only_the_auditor_opens_the_audit_log(org: SimpleNamespace, client: Client) -> None:
    for user in (org.users.system_admin, org.users.security_admin, org.users.registry, org.users.deputy):
        client.force_login(user)
        response = client.get(URL)
        assert response.status_code == 403, user.username
        assert "只有审计管理员可以查阅审计日志" in response.content.decode()
        assert client.get(URL, {"export": "xlsx"}).status_code == 403


def test_the_auditor_finds_the_log_in_the_menu(org: SimpleNamespace, auditor: Client) -> None:
    page = auditor.get(reverse("home")).content.decode()

    assert f'href="{URL}"' in page and "审计日志" in page


def test_filters_by_account_action_and_dates(org: SimpleNamespace, auditor: Client) -> None:
    with time_machine.travel(dt.datetime(2025, 3, 1, 9, 0, tzinfo=dt.UTC), tick=False):
        march = audit(AuditAction.DOWNLOAD, actor=org.users.deputy, object_label="三月下载")
    with time_machine.travel(dt.datetime(2025, 5, 1, 9, 0, tzinfo=dt.UTC), tick=False):
        may = audit(AuditAction.DOWNLOAD, actor=org.users.deputy, object_label="五月下载")
        audit(AuditAction.EXPORT, actor=org.users.registry, object_label="五月导出")

    page = auditor.get(URL, {"action": "download", "user": org.users.deputy.username}).content.decode()
    assert f'data-record="{march.pk}"' in page and f'data-record="{may.pk}"' in page
    assert "五月导出" not in page

    page = auditor.get(
        URL, {"action": "download", "since": "2025-04-01", "until": "2025-05-01"}
    ).content.decode()
    assert f'data-record="{may.pk}"' in page and f'data-record="{march.pk}"' not in page


def test_a_bad_date_is_explained_and_the_page_still_opens(auditor: Client) -> None:
    response = auditor.get(URL, {"since": "2025-13-45", "until": "昨天"})

    assert response.status_code == 200
    assert "日期格式应为 2025-01-31" in response.content.decode()


def test_pages_of_twenty(org: SimpleNamespace, auditor: Client) -> None:
    for i in range(PAGE_SIZE + 5):
        audit(AuditAction.EXPORT, actor=org.users.registry, object_label=f"导出{i}")
    total = AuditRecord.objects.count()

    first = auditor.get(URL).content.decode()
    second = auditor.get(URL, {"page": 2}).content.decode()

    assert first.count("data-record=") == PAGE_SIZE
    assert f"共 {total} 条" in first
    newest = AuditRecord.objects.order_by("-id").first()
    assert (
        newest is not None
        and f'data-record="{newest.pk}"' in first
        and f'data-record="{newest.pk}"' not in second
    )


def test_the_export_holds_every_matching_record_and_is_itself_recorded(
    org: SimpleNamespace, auditor: Client
) -> None:
    for i in range(3):
        audit(AuditAction.DOWNLOAD, actor=org.users.deputy, object_label=f"材料{i}", detail={"i": i})

    response = auditor.get(URL, {"action": "download", "export": "xlsx"})

    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = list(book.active.iter_rows(min_row=5, values_only=True))
    assert len(rows) == AuditRecord.objects.filter(action="download").count() == 3
    assert {r[7] for r in rows} == {"材料0", "材料1", "材料2"}
    assert all(r[4] == "下载附件" for r in rows)
    export = AuditRecord.objects.filter(action="export").order_by("-id").first()
    assert export is not None and export.actor_id == org.users.auditor.pk
    assert export.object_label == "审计日志" and export.detail["rows"] == 3
