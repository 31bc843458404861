"""Every list exports to Excel with its filters, a header block, a frozen header row and set widths;
formulas are neutralised; 15,000 rows stream with a constant number of queries; LibreOffice opens one."""

from __future__ import annotations

import csv
import datetime as dt
import os
import subprocess
import tempfile
from io import BytesIO
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from banli.assignments.models import AdjustmentRequest, Assignment
from banli.documents.pdf import soffice
from banli.evaluation.services import start_review
from banli.handling.models import Commitment, Extension, Reply
from banli.reports.tests.builders import Item, abc, write_items
from banli.submissions.models import Submission

FORMULAS = ['=HYPERLINK("http://evil.example","点此")', "+1+1", "-2+3", "@SUM(A1:A2)"]


def workbook(response):  # type: ignore[no-untyped-def]
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    return load_workbook(BytesIO(b"".join(response.streaming_content)))


def submissions(org: SimpleNamespace, n: int, year: int, titles: list[str] | None = None) -> None:
    """``n`` registered suggestions of ``year``, written in batches."""
    titles = titles or []
    Submission.objects.bulk_create(
        [
            Submission(
                jurisdiction=org.jurisdiction,
                assembly=org.npc,
                year=year,
                kind="suggestion",
                number=i + 1,
                title=titles[i] if i < len(titles) else f"关于第{i + 1}项工作的建议",
                lead_author=org.deputy,
                created_by=org.deputy.user,
                state="registered",
                submitted_at=timezone.now(),
            )
            for i in range(n)
        ],
        batch_size=2000,
    )


def test_fifteen_thousand_rows_export_with_a_constant_number_of_queries(
    org: SimpleNamespace, client: Client, django_assert_num_queries, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    client.force_login(org.users.registry)
    url = reverse("submissions:list")
    submissions(org, 10, 2023)
    client.get(url, {"export": "xlsx", "year": "2023"})
    with django_assert_max_num_queries(14) as few:  # session, user, roles, memberships, rows, names, audit…
        small = client.get(url, {"export": "xlsx", "year": "2023"})
    submissions(org, 15_000, 2024)
    with django_assert_num_queries(len(few.captured_queries)):
        big = client.get(url, {"export": "xlsx", "year": "2024"})
    assert len(list(workbook(small).active.values)) == 4 + 10
    rows = load_workbook(BytesIO(b"".join(big.streaming_content)), read_only=True).active.iter_rows(
        values_only=True
    )
    assert sum(1 for _ in rows) == 4 + 15_000


def test_a_real_export_neutralises_formulas_and_has_the_ledger_layout(
    org: SimpleNamespace, client: Client
) -> None:
    submissions(org, 6, 2025, FORMULAS)
    client.force_login(org.users.registry)
    ws = workbook(
        client.get(reverse("submissions:list"), {"export": "xlsx", "year": "2025", "registered": "1"})
    ).active
    assert ws["A1"].value == "建议提案台账"
    assert ws["A2"].value == "筛选条件：年度：2025；范围：立案件"
    assert ws["A3"].value.startswith("导出时间：") and org.users.registry.display_name in ws["A3"].value
    assert [c.value for c in ws[4]][:3] == ["编号", "案由", "类型"]
    assert ws.freeze_panes == "A5"
    assert ws.column_dimensions["B"].width == 48
    titles = [ws.cell(row=r, column=2).value for r in range(5, 11)]
    for formula in FORMULAS:
        assert "'" + formula in titles
    assert all(ws.cell(row=r, column=2).data_type == "s" for r in range(5, 11))


def test_an_exported_ledger_opens_in_libreoffice(org: SimpleNamespace, client: Client) -> None:
    assert soffice(), "LibreOffice (Calc) is a test dependency: make sysdeps"
    submissions(org, 300, 2025, FORMULAS)
    client.force_login(org.users.registry)
    response = client.get(reverse("submissions:list"), {"export": "xlsx", "year": "2025"})
    with tempfile.TemporaryDirectory(prefix="banli-xlsx-") as tmp:
        source = Path(tmp) / "ledger.xlsx"
        source.write_bytes(b"".join(response.streaming_content))
        subprocess.run(
            [
                soffice(),
                f"-env:UserInstallation={(Path(tmp) / 'profile').as_uri()}",
                "--headless",
                "--norestore",
                "--convert-to",
                "csv:Text - txt - csv (StarCalc):44,34,76",
                "--outdir",
                tmp,
                str(source),
            ],
            check=True,
            capture_output=True,
            timeout=180,
            env={**os.environ, "HOME": tmp},
        )
        with open(Path(tmp) / "ledger.csv", encoding="utf-8") as f:
            rows = list(csv.reader(f))
    assert rows[0][0] == "建议提案台账"
    assert rows[3][:2] == ["编号", "案由"]
    assert len(rows) == 4 + 300
    assert rows[4][1] == "'" + FORMULAS[0]  # shown as text, never evaluated


@pytest.fixture
def work(org: SimpleNamespace) -> SimpleNamespace:
    """Items of unit_a with a pending adjustment, an extension, a commitment, a signed reply each."""
    subs = write_items(org, [Item([(org.units.unit_a, "sole")], abc("A"))] * 3, year=2025)
    for sub in subs:
        assignment = Assignment.objects.get(submission=sub)
        AdjustmentRequest.objects.create(
            jurisdiction=org.jurisdiction,
            submission=sub,
            assignment=assignment,
            kind="remove",
            reason="=不属本单位职责",
            requested_by=org.users.liaison,
        )
        Extension.objects.create(
            jurisdiction=org.jurisdiction,
            submission=sub,
            assignment=assignment,
            old_due_on=dt.date(2025, 5, 6),
            requested_due_on=dt.date(2025, 6, 6),
            reason="需实地调研",
            requested_by=org.users.handler,
        )
        reply = Reply.objects.get(submission=sub)
        Commitment.objects.create(
            jurisdiction=org.jurisdiction,
            submission=sub,
            reply=reply,
            text="年内建成",
            due_on=dt.date(2025, 12, 31),
        )
    Reply.objects.filter(submission=subs[0]).update(state="signed", doc_number="宿发改提〔2025〕1号")
    return SimpleNamespace(subs=subs)


LISTS = [
    # (user, url name, query, title, first column, rows)
    ("coordinator", "assignments:adjustments", {"state": "pending"}, "调整申请台账", "编号", 3),
    ("coordinator", "handling:checks", {"list": "extensions"}, "延期申请台账", "编号", 3),
    ("coordinator", "handling:checks", {"list": "replies"}, "待审核答复清单", "编号", 1),
    ("liaison", "evaluation:commitments", {"state": "open"}, "承诺事项台账", "件", 3),
    ("liaison", "assignments:list", {"state": "replied"}, "承办件台账", "编号", 3),
    ("registry", "submissions:list", {"year": "2025"}, "建议提案台账", "编号", 3),
]


@pytest.mark.parametrize(("who", "name", "query", "title", "first", "count"), LISTS)
def test_each_list_exports_its_filtered_rows(
    org: SimpleNamespace, work: SimpleNamespace, client: Client, who, name, query, title, first, count
) -> None:  # type: ignore[no-untyped-def]
    client.force_login(getattr(org.users, who))
    ws = workbook(client.get(reverse(name), {**query, "export": "xlsx"})).active
    assert ws["A1"].value == title and ws.freeze_panes == "A5"
    assert ws["A4"].value == first and ws.column_dimensions["B"].width >= 10
    assert ws.max_row == 4 + count
    if name == "assignments:adjustments":
        assert ws["A2"].value == "筛选条件：状态：待审定"
        assert ws.cell(row=5, column=6).value == "'=不属本单位职责"


@pytest.mark.parametrize(("who", "name", "query", "title", "first", "count"), LISTS)
def test_list_exports_cost_the_same_queries_with_more_rows(
    org: SimpleNamespace,
    work: SimpleNamespace,
    client: Client,
    django_assert_max_num_queries,
    who,
    name,
    query,
    title,
    first,
    count,
) -> None:  # type: ignore[no-untyped-def]
    client.force_login(getattr(org.users, who))
    client.get(reverse(name), {**query, "export": "xlsx"})
    with django_assert_max_num_queries(40) as few:
        client.get(reverse(name), {**query, "export": "xlsx"})
    more = write_items(org, [Item([(org.units.unit_a, "sole")], abc("B"))] * 20, year=2025, first_number=100)
    for sub in more:
        assignment = Assignment.objects.get(submission=sub)
        AdjustmentRequest.objects.create(
            jurisdiction=org.jurisdiction,
            submission=sub,
            assignment=assignment,
            kind="remove",
            reason="理由",
            requested_by=org.users.liaison,
        )
        Extension.objects.create(
            jurisdiction=org.jurisdiction,
            submission=sub,
            assignment=assignment,
            old_due_on=dt.date(2025, 5, 6),
            requested_due_on=dt.date(2025, 6, 6),
            reason="理由",
            requested_by=org.users.handler,
        )
        Commitment.objects.create(
            jurisdiction=org.jurisdiction,
            submission=sub,
            reply=Reply.objects.get(submission=sub),
            text="承诺",
            due_on=dt.date(2025, 12, 31),
        )
    Reply.objects.filter(submission__in=more).update(state="signed")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse(name), {**query, "export": "xlsx"})


def test_the_review_checklist_exports_with_the_unit_filter(
    org: SimpleNamespace, work: SimpleNamespace, client: Client
) -> None:
    campaign = start_review(org.jurisdiction.pk, "2025年回头看", [2025], org.users.registry)
    client.force_login(org.users.registry)
    ws = workbook(
        client.get(
            reverse("evaluation:review", args=[campaign.pk]), {"export": "xlsx", "unit": org.units.unit_a.pk}
        )
    ).active
    assert (
        ws["A1"].value == "2025年回头看" and ws["A2"].value == f"筛选条件：承办单位：{org.units.unit_a.name}"
    )
    assert ws.max_row == 4 + 2 and ws.freeze_panes == "A5"  # the signed, unsent reply is not reviewed


def test_the_per_unit_workbook_has_a_summary_and_a_sheet_per_indicator(
    org: SimpleNamespace, mixed: SimpleNamespace, client: Client
) -> None:
    client.force_login(org.users.registry)
    wb = workbook(client.get(reverse("reports:dashboard"), {"year": "2024", "export": "xlsx"}))
    assert wb.sheetnames == ["各单位汇总", "办理结果", "答复时效", "满意度"]
    summary = wb["各单位汇总"]
    assert summary["A2"].value == "筛选条件：年度：2024" and summary.freeze_panes == "A5"
    heads = [c.value for c in summary[4]]
    assert heads[:6] == ["序号", "承办单位", "所属系统", "承办件数", "主办/单独/分别办理", "会办"]
    rows = {r[1]: dict(zip(heads, r, strict=True)) for r in summary.iter_rows(min_row=5, values_only=True)}
    unit_a = rows[mixed.units.a.name]
    assert (unit_a["承办件数"], unit_a["会办"], unit_a["逾期答复"], unit_a["尚未答复"]) == (6, 1, 1, 1)
    assert unit_a["A类 已解决或采纳"] == 2 and unit_a["按期答复率（%）"] == 75
    timely = list(wb["答复时效"].iter_rows(min_row=5, values_only=True))
    assert timely[-1][0] == "合计"
