"""录入纸质件: the Excel import of paper submissions, its template and its pages.

Workbooks are built in memory with openpyxl; everything runs against the real database.
"""

from __future__ import annotations

import io
import time
from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from banli.core.models import Event, Member
from banli.core.tests.factories import CategoryFactory, MemberFactory, SubmissionFactory
from banli.core.workflow import NotAllowed
from banli.submissions.models import Cosignature, Submission
from banli.submissions.paper import HEADERS, RowError, import_workbook, title_key
from banli.submissions.views_import import MAX_UPLOAD_BYTES

BIG = 2000


@pytest.fixture
def people(org: SimpleNamespace) -> list[str]:
    """Forty more deputies of the npc assembly (names 代表01…代表40), and two categories."""
    Member.objects.bulk_create(
        [Member(assembly=org.npc, name=f"代表{i:02d}", delegation="埇桥区代表团") for i in range(1, 41)]
    )
    CategoryFactory(jurisdiction=org.jurisdiction, name="城建")
    CategoryFactory(jurisdiction=org.jurisdiction, name="教育")
    return [f"代表{i:02d}" for i in range(1, 41)]


def good_row(i: int, names: list[str]) -> dict[str, Any]:
    """A valid row; every 100th is a motion with ten co-signers, every 7th refuses publication."""
    motion = i % 100 == 99
    cosigners = [names[(i + k) % len(names)] for k in range(1, 11 if motion else 3)]
    refuses = i % 7 == 3
    return {
        "领衔人": names[i % len(names)],
        "联名人": "、".join(cosigners),
        "类型": "议案" if motion else "建议",
        "案由": f"关于第{i}号路段交通综合治理的{'议案' if motion else '建议'}",
        "问题/情况": f"第{i}号路段早晚高峰拥堵严重。",
        "建议/办法": "建议优化信号配时，增设公交专用道。" if i % 5 else None,
        "分类": "城建" if i % 2 else None,
        "是否同意公开": "否" if refuses else ("是" if i % 3 else None),
        "不同意公开理由": "涉及个人隐私" if refuses else None,
        "涉密": "是" if i % 50 == 0 else "否",
    }


def workbook(
    rows: list[dict[str, Any]], headers: tuple[str, ...] = HEADERS, name: str = "纸质件.xlsx"
) -> io.BytesIO:
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("建议提案")
    ws.append(list(headers))
    for row in rows:
        ws.append([row.get(h) for h in headers])
    out = io.BytesIO()
    wb.save(out)
    out.seek(0)
    out.name = name
    return out


def counts() -> tuple[int, int, int]:
    return Submission.objects.count(), Cosignature.objects.count(), Event.objects.count()


@pytest.fixture
def report(capsys: pytest.CaptureFixture[str]) -> Iterator[Any]:
    """Print past pytest's capture: the timings are for the reader, not asserted."""

    def say(text: str) -> None:
        with capsys.disabled():
            print(f"\n[{connection.vendor}] {text}")

    yield say


# ---- the 2,000-row workbook -------------------------------------------------------------------------


def test_a_2000_row_workbook_with_one_bad_row_changes_nothing_and_names_the_row(
    org: SimpleNamespace, people: list[str], report: Any
) -> None:
    rows = [good_row(i, people) for i in range(BIG)]
    rows[1234]["领衔人"] = "查无此人"
    before = counts()
    started = time.perf_counter()
    result = import_workbook(workbook(rows), assembly=org.npc, actor=org.users.registry, session=org.session)
    report(f"{BIG} rows, one bad: checked in {time.perf_counter() - started:.2f}s")
    assert result.errors == [RowError(1236, "领衔人", "本届代表中没有“查无此人”，请核对姓名")]
    assert result.created == []
    assert counts() == before


def test_the_same_workbook_corrected_imports_all_2000_rows(
    org: SimpleNamespace, people: list[str], report: Any
) -> None:
    rows = [good_row(i, people) for i in range(BIG)]
    expected_cosignatures = sum(len(r["联名人"].split("、")) for r in rows)
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        result = import_workbook(
            workbook(rows), assembly=org.npc, actor=org.users.registry, session=org.session
        )
        elapsed = time.perf_counter() - started
    report(f"{BIG} rows imported in {elapsed:.2f}s with {len(queries.captured_queries)} queries")
    assert result.ok and len(result.created) == BIG and result.duplicates == []
    assert len(queries.captured_queries) < BIG / 8  # batches, never a query per row

    subs = Submission.objects.filter(assembly=org.npc)
    assert subs.count() == BIG
    assert subs.filter(number__isnull=True, state="submitted", submitted_at__isnull=False).count() == BIG
    assert set(subs.values_list("session_id", "year", "created_by_id").distinct()) == {
        (org.session.pk, 2025, org.users.registry.pk)
    }
    assert subs.filter(kind="motion").count() == 20
    assert subs.filter(publication_consent=False).exclude(publication_refusal_reason="").count() == sum(
        1 for r in rows if r["是否同意公开"] == "否"
    )
    assert subs.filter(is_confidential=True).count() == 40
    assert subs.filter(category__name="城建").count() == 1000

    first = subs.get(title="关于第0号路段交通综合治理的建议")
    assert first.lead_author.name == "代表01" and first.problem == "第0号路段早晚高峰拥堵严重。"
    assert first.advice == "" and first.publication_consent and first.category is None
    assert sorted(first.cosignatures.values_list("member__name", flat=True)) == ["代表02", "代表03"]

    cos = Cosignature.objects.filter(submission__assembly=org.npc)
    assert cos.count() == expected_cosignatures == result.cosignatures
    assert cos.filter(state="confirmed", responded_at__isnull=False).count() == expected_cosignatures

    events = Event.objects.filter(action="import_paper")
    assert events.count() == BIG
    event = events.get(submission=first)
    assert (event.workflow, event.action_label, event.from_state, event.to_state) == (
        "submission",
        "录入纸质件",
        "",
        "submitted",
    )
    assert event.actor == org.users.registry and event.actor_role == "宿州市人大常委会代表工委工作人员"
    assert (
        event.object_id == first.pk and event.payload["row"] == 2 and event.payload["file"] == "纸质件.xlsx"
    )


# ---- one message per kind of mistake ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "column", "message"),
    [
        ({"领衔人": "查无此人"}, "领衔人", "本届代表中没有“查无此人”，请核对姓名"),
        ({"领衔人": None}, "领衔人", "请填写领衔人"),
        ({"类型": "提案"}, "类型", "市六届人大只能录入“建议”或“议案”，不能录入“提案”"),
        ({"类型": "意见"}, "类型", "类型应为“建议”或“议案”，而不是“意见”"),
        ({"案由": None}, "案由", "请填写案由"),
        ({"案由": "关于" * 101}, "案由", "案由不能超过200字（本行202字）"),
        ({"是否同意公开": "否"}, "不同意公开理由", "不同意公开时须填写理由"),
        ({"是否同意公开": "也许"}, "是否同意公开", "应填写“是”或“否”，而不是“也许”"),
        ({"涉密": "机密"}, "涉密", "应填写“是”或“否”，而不是“机密”"),
        (
            {"问题/情况": None, "建议/办法": " "},
            "问题/情况、建议/办法",
            "“问题/情况”和“建议/办法”至少填写一项",
        ),
        ({"联名人": "代表02、无名氏"}, "联名人", "本届代表中没有“无名氏”，请核对姓名"),
        (
            {"联名人": "代表02 代表03"},
            "联名人",
            "本届代表中没有“代表02 代表03”，请核对姓名；多人请用“、”分隔",
        ),
        ({"联名人": "代表01"}, "联名人", "领衔人“代表01”不能同时列为联名人"),
        ({"类型": "议案"}, "联名人", "议案须有至少 10 名代表附议（联名），本行只有 2 名"),
        ({"分类": "火星"}, "分类", "没有名为“火星”的分类，可选：城建、教育"),
    ],
)
def test_each_mistake_gets_its_message_and_nothing_is_written(
    org: SimpleNamespace, people: list[str], change: dict[str, Any], column: str, message: str
) -> None:
    row = {**good_row(0, people), **change}
    result = import_workbook(workbook([row]), assembly=org.npc, actor=org.users.registry, year=2025)
    assert result.errors == [RowError(2, column, message)]
    assert counts() == (0, 0, 0)


def test_every_error_of_every_row_is_reported_in_row_and_column_order(
    org: SimpleNamespace, people: list[str]
) -> None:
    rows = [good_row(i, people) for i in range(4)]
    rows[1].update({"涉密": "?", "领衔人": "查无此人"})
    rows[3]["案由"] = None
    result = import_workbook(workbook(rows), assembly=org.npc, actor=org.users.registry, year=2025)
    assert [(e.row, e.column) for e in result.errors] == [(3, "领衔人"), (3, "涉密"), (5, "案由")]
    assert result.error_rows == 2 and counts() == (0, 0, 0)


def test_a_name_two_deputies_share_must_say_which_one(org: SimpleNamespace, people: list[str]) -> None:
    MemberFactory(assembly=org.npc, user=None, name="代表01", delegation="砀山县代表团")
    row = good_row(0, people)
    result = import_workbook(workbook([row]), assembly=org.npc, actor=org.users.registry, year=2025)
    assert result.errors == [
        RowError(
            2,
            "领衔人",
            "本届有2名代表叫“代表01”（埇桥区代表团、砀山县代表团），无法确定是哪一位，"
            "请写成“代表01（埇桥区代表团）”",
        )
    ]
    row["领衔人"] = "代表01（砀山县代表团）"
    result = import_workbook(workbook([row]), assembly=org.npc, actor=org.users.registry, year=2025)
    assert result.ok and result.created[0].lead_author.delegation == "砀山县代表团"


def test_padded_names_full_width_text_and_hand_made_headers_are_understood(
    org: SimpleNamespace, people: list[str]
) -> None:
    headers = ("序号", "领衔代表", "附议人", "类型", "案由（必填）", "问题", "建议/办法*")
    row = {
        "序号": 1,
        "领衔代表": "代表 01",
        "附议人": "代表02，代表03、 代表04",
        "类型": "建议",
        "案由（必填）": "关于增设\n社区食堂的建议",
        "问题": "老年人就餐难。",
        "建议/办法*": None,
    }
    result = import_workbook(
        workbook([row], headers=headers), assembly=org.npc, actor=org.users.registry, year=2025
    )
    assert result.ok, result.errors
    sub = result.created[0]
    assert sub.title == "关于增设社区食堂的建议" and sub.session is None and sub.year == 2025
    assert sub.cosignatures.count() == 3


def test_a_sheet_without_the_required_columns_is_refused_at_the_header(org: SimpleNamespace) -> None:
    result = import_workbook(
        workbook([{"案由": "关于某事的建议"}], headers=("案由",)),
        assembly=org.npc,
        actor=org.users.registry,
        year=2025,
    )
    assert len(result.errors) == 1
    assert (
        result.errors[0].row == 1
        and "表头缺少列：领衔人、类型、问题/情况、建议/办法" in result.errors[0].message
    )


def test_only_the_registry_of_that_assembly_may_import(org: SimpleNamespace, people: list[str]) -> None:
    file = workbook([good_row(0, people)])
    for user in (org.users.cppcc_registry, org.users.deputy, org.users.liaison, org.users.coordinator):
        with pytest.raises(NotAllowed):
            import_workbook(file, assembly=org.npc, actor=user, year=2025)
    assert counts() == (0, 0, 0)


def test_cppcc_registry_imports_proposals_and_refuses_suggestions(org: SimpleNamespace) -> None:
    row = {
        "领衔人": org.member.name,
        "类型": "提案",
        "案由": "关于发展夜间经济的提案",
        "建议/办法": "建议规划夜间消费集聚区。",
    }
    result = import_workbook(workbook([row]), assembly=org.cppcc, actor=org.users.cppcc_registry, year=2025)
    assert result.ok and result.created[0].kind == "proposal"
    result = import_workbook(
        workbook([{**row, "类型": "建议", "领衔人": org.deputy.name}]),
        assembly=org.cppcc,
        actor=org.users.cppcc_registry,
        year=2025,
    )
    assert {e.column for e in result.errors} == {"领衔人", "类型"}
    assert RowError(2, "类型", "市六届政协只能录入“提案”，不能录入“建议”") in result.errors


# ---- duplicates ---------------------------------------------------------------------------------------


def test_duplicates_of_existing_items_and_within_the_file_are_flagged_and_still_imported(
    org: SimpleNamespace, people: list[str]
) -> None:
    existing = SubmissionFactory(
        lead_author=org.deputy,
        state="registered",
        number=5,
        session=org.session,
        title="关于加强社区养老服务设施建设的建议",
    )
    SubmissionFactory(
        lead_author=org.deputy, state="draft", title="关于治理城区内涝的建议"
    )  # drafts don't count
    SubmissionFactory(lead_author=org.deputy, state="registered", year=2024, title="关于发展夜间经济的建议")
    rows = [good_row(i, people) for i in range(5)]
    rows[0]["案由"] = "关于加强社区养老 服务设施建设的建议。"
    rows[1]["案由"] = "关于治理城区内涝的建议"
    rows[2]["案由"] = "关于发展夜间经济的建议"
    rows[4]["案由"] = "关于“治理城区内涝”的建议！"
    result = import_workbook(workbook(rows), assembly=org.npc, actor=org.users.registry, session=org.session)
    assert result.ok and len(result.created) == 5
    by_row = {d.row: d for d in result.duplicates}
    assert sorted(by_row) == [2, 6]
    assert by_row[2].existing == existing and by_row[2].first_row is None and not by_row[2].skipped
    assert (
        by_row[2].created is not None and by_row[2].created.title == "关于加强社区养老 服务设施建设的建议。"
    )
    assert by_row[6].existing is None and by_row[6].first_row == 3
    assert by_row[6].first_item is not None and by_row[6].first_item.title == "关于治理城区内涝的建议"


def test_skip_duplicates_leaves_them_out_and_check_only_writes_nothing(
    org: SimpleNamespace, people: list[str]
) -> None:
    SubmissionFactory(
        lead_author=org.deputy,
        state="submitted",
        session=org.session,
        title="关于第0号路段交通综合治理的建议",
    )
    rows = [good_row(i, people) for i in range(3)]
    rows.append({**good_row(3, people), "案由": rows[1]["案由"]})
    checked = import_workbook(
        workbook(rows), assembly=org.npc, actor=org.users.registry, session=org.session, dry_run=True
    )
    assert checked.ok and checked.dry_run and [d.row for d in checked.duplicates] == [2, 5]
    assert Submission.objects.count() == 1 and not Event.objects.filter(action="import_paper").exists()
    result = import_workbook(
        workbook(rows), assembly=org.npc, actor=org.users.registry, session=org.session, skip_duplicates=True
    )
    assert len(result.created) == 2 and result.skipped == 2
    assert all(d.skipped and d.created is None for d in result.duplicates)
    assert Submission.objects.count() == 3


def test_title_key_ignores_whitespace_punctuation_and_width() -> None:
    assert title_key("关于 加强“社区”养老，的建议。") == title_key("关于加强社区养老的建议")
    assert title_key("关于降低ＰＭ２．５的建议") == title_key("关于降低pm25的建议")
    assert title_key("关于第1号的建议") != title_key("关于第2号的建议")


# ---- the pages ------------------------------------------------------------------------------------------


def post_file(
    client: Client, org: SimpleNamespace, file: io.BytesIO | SimpleUploadedFile, **extra: Any
) -> Any:
    upload = (
        file
        if isinstance(file, SimpleUploadedFile)
        else SimpleUploadedFile(file.name, file.getvalue(), content_type="application/octet-stream")
    )
    data = {"source": f"session:{org.session.pk}", "year": "", "file": upload, "mode": "import"}
    data.update({k: v for k, v in extra.items() if not k.startswith("HTTP_")})
    headers = {k: v for k, v in extra.items() if k.startswith("HTTP_")}
    return client.post(reverse("submissions:import"), data, **headers)


@pytest.mark.parametrize("who", ["deputy", "liaison", "coordinator", "leader", "system_admin"])
def test_others_than_the_registry_are_refused(
    org: SimpleNamespace, people: list[str], client: Client, who: str
) -> None:
    client.force_login(getattr(org.users, who))
    assert client.get(reverse("submissions:import")).status_code == 403
    assert client.get(reverse("submissions:import_template")).status_code == 403
    assert post_file(client, org, workbook([good_row(0, people)])).status_code == 403
    assert counts() == (0, 0, 0)


def test_the_upload_is_protected_against_cross_site_requests(org: SimpleNamespace, people: list[str]) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(org.users.registry)
    assert post_file(client, org, workbook([good_row(0, people)])).status_code == 403
    page = client.get(reverse("submissions:import"))
    token = page.cookies["csrftoken"].value
    response = post_file(client, org, workbook([good_row(0, people)]), csrfmiddlewaretoken=token)
    assert response.status_code == 200 and Submission.objects.count() == 1


def test_anonymous_visitors_are_sent_to_login(client: Client) -> None:
    response = client.get(reverse("submissions:import"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_the_page_offers_the_sessions_the_year_and_the_template(org: SimpleNamespace, client: Client) -> None:
    client.force_login(org.users.registry)
    html = client.get(reverse("submissions:import")).content.decode()
    assert f'value="session:{org.session.pk}"' in html and f'value="year:{org.npc.pk}"' in html
    assert f"{reverse('submissions:import_template')}?assembly={org.npc.pk}" in html
    assert 'hx-post="' in html and 'hx-encoding="multipart/form-data"' in html
    assert 'hx-indicator="#import-progress"' in html and "banli/import.js" in html
    assert f'value="year:{org.cppcc.pk}"' not in html  # the 人大 office does not import 政协 proposals


@pytest.mark.parametrize("spooled", [False, True], ids=["in-memory", "temporary-file"])
def test_the_registry_imports_through_the_page_and_sees_the_summary(
    org: SimpleNamespace, people: list[str], client: Client, settings: Any, spooled: bool
) -> None:
    if spooled:
        settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 1024  # larger uploads arrive as temporary files
    existing = SubmissionFactory(
        lead_author=org.deputy,
        state="registered",
        number=7,
        session=org.session,
        title="关于第1号路段交通综合治理的建议",
    )
    client.force_login(org.users.registry)
    rows = [good_row(i, people) for i in range(3)]
    response = post_file(client, org, workbook(rows), year="not a year")  # ignored: a session is chosen
    assert response.status_code == 200
    html = response.content.decode()
    assert "已导入 3 件（建议 3 件），联名 6 人次" in html and "<html" in html
    assert f'href="{reverse("submissions:detail", args=[existing.pk])}"' in html and "第3行" in html
    assert Submission.objects.filter(state="submitted", session=org.session).count() == 3


def test_htmx_gets_only_the_result_and_errors_are_listed_by_row_and_column(
    org: SimpleNamespace, people: list[str], client: Client
) -> None:
    client.force_login(org.users.registry)
    rows = [good_row(i, people) for i in range(3)]
    rows[2]["类型"] = "提案"
    response = post_file(client, org, workbook(rows), HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html
    assert "发现 1 处问题，本次未导入任何内容" in html
    assert '<td class="text-nowrap">第4行</td><td class="text-nowrap">类型</td>' in html
    assert counts() == (0, 0, 0)
    rows[2]["类型"] = "建议"
    html = post_file(client, org, workbook(rows), HTTP_HX_REQUEST="true").content.decode()
    assert "已导入 3 件" in html and "data-import-done" in html and "<html" not in html


def test_between_sessions_needs_a_year_within_the_term(
    org: SimpleNamespace, people: list[str], client: Client
) -> None:
    client.force_login(org.users.registry)
    rows = [good_row(0, people)]
    html = post_file(client, org, workbook(rows), source=f"year:{org.npc.pk}").content.decode()
    assert "闭会期间提出的，请填写年度。" in html
    html = post_file(client, org, workbook(rows), source=f"year:{org.npc.pk}", year="2030").content.decode()
    assert "年度应在本届任期内（2022—2026年）。" in html
    assert counts() == (0, 0, 0)
    html = post_file(client, org, workbook(rows), source=f"year:{org.npc.pk}", year="2026").content.decode()
    assert "属于2026年闭会期间" in html
    assert Submission.objects.get().year == 2026 and Submission.objects.get().session is None


def test_a_registry_cannot_choose_another_assemblys_session(
    org: SimpleNamespace, people: list[str], client: Client
) -> None:
    client.force_login(org.users.cppcc_registry)
    html = post_file(client, org, workbook([good_row(0, people)])).content.decode()
    assert "请选择本届人大或政协的会议或闭会期间。" in html
    assert counts() == (0, 0, 0)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("建议.xlsx", b"this is not a spreadsheet", "文件不是 Excel 2007 及以上版本的 .xlsx 工作簿"),
        ("建议.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512, "只能导入 .xlsx 格式的 Excel 文件"),
        ("建议.xlsx", b"PK\x05\x06" + b"\0" * 18, "文件不是 Excel 2007 及以上版本的 .xlsx 工作簿"),
    ],
)
def test_files_that_are_not_xlsx_get_a_clear_message_not_a_500(
    org: SimpleNamespace, client: Client, name: str, content: bytes, message: str
) -> None:
    client.force_login(org.users.registry)
    response = post_file(client, org, SimpleUploadedFile(name, content))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert counts() == (0, 0, 0)


def test_a_damaged_workbook_gets_a_clear_message(org: SimpleNamespace, client: Client) -> None:
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<not-really")
    client.force_login(org.users.registry)
    html = post_file(client, org, SimpleUploadedFile("坏.xlsx", out.getvalue())).content.decode()
    assert "无法读取该文件" in html


def test_a_file_over_10_mb_is_refused_with_a_clear_message(org: SimpleNamespace, client: Client) -> None:
    client.force_login(org.users.registry)
    big = SimpleUploadedFile("大.xlsx", b"0" * (MAX_UPLOAD_BYTES + 1))
    response = post_file(client, org, big)
    assert response.status_code == 200
    assert "文件超过 10MB，无法上传" in response.content.decode()
    assert counts() == (0, 0, 0)


def test_the_template_downloads_and_imports_cleanly_after_filling_one_row(
    org: SimpleNamespace, people: list[str], client: Client
) -> None:
    client.force_login(org.users.registry)
    response = client.get(reverse("submissions:import_template"), {"assembly": org.npc.pk})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    wb = openpyxl.load_workbook(io.BytesIO(response.content))
    assert wb.sheetnames[:3] == ["建议提案", "填写说明", "分类"] and "代表名单" in wb.sheetnames
    ws = wb["建议提案"]
    assert [c.value for c in ws[1]] == list(HEADERS)
    assert ws.freeze_panes == "A2"
    assert ws.column_dimensions["D"].width == 40
    lists = {str(dv.sqref).split(":")[0]: dv.formula1 for dv in ws.data_validations.dataValidation}
    assert lists["C2"] == '"建议,议案"' and lists["H2"] == '"是,否"' and lists["J2"] == '"是,否"'
    assert lists["G2"].startswith("'分类'!")
    assert str(ws["D2"].value).startswith("【示例】")
    assert "须为本届代表" in " ".join(str(c.value) for c in wb["填写说明"]["A"] if c.value)
    assert {c.value for c in wb["分类"]["A"]} >= {"城建", "教育"}

    for column, value in zip(
        HEADERS,
        [
            "代表05",
            "代表06、代表07",
            "建议",
            "关于增设社区食堂的建议",
            "老年人就餐难。",
            None,
            "城建",
            "否",
            "涉及个人信息",
            "否",
        ],
        strict=True,
    ):
        ws.cell(row=3, column=HEADERS.index(column) + 1, value=value)
    out = io.BytesIO()
    wb.save(out)
    html = post_file(client, org, SimpleUploadedFile("模板.xlsx", out.getvalue())).content.decode()
    assert "已导入 1 件（建议 1 件），联名 2 人次" in html and "示例行未导入" in html
    sub = Submission.objects.get()
    assert (sub.title, sub.lead_author.name, sub.category.name) == (
        "关于增设社区食堂的建议",
        "代表05",
        "城建",
    )
    assert not sub.publication_consent and sub.publication_refusal_reason == "涉及个人信息"


def test_the_cppcc_template_offers_proposals_only(org: SimpleNamespace, client: Client) -> None:
    client.force_login(org.users.cppcc_registry)
    response = client.get(reverse("submissions:import_template"), {"assembly": org.npc.pk})
    wb = openpyxl.load_workbook(io.BytesIO(response.content))  # another assembly's id falls back to its own
    ws = wb["建议提案"]
    lists = {str(dv.sqref).split(":")[0]: dv.formula1 for dv in ws.data_validations.dataValidation}
    assert lists["C2"] == '"提案"' and "委员名单" in wb.sheetnames
    assert org.member.name in {c.value for c in wb["委员名单"]["A"]}


def test_formula_like_names_are_neutralised_in_the_template_and_still_match_on_import(
    org: SimpleNamespace, people: list[str], client: Client
) -> None:
    CategoryFactory(jurisdiction=org.jurisdiction, name="=HYPERLINK(1)")
    client.force_login(org.users.registry)
    wb = openpyxl.load_workbook(io.BytesIO(client.get(reverse("submissions:import_template")).content))
    listed = next(c for c in wb["分类"]["A"] if "HYPERLINK" in str(c.value))
    assert (listed.value, listed.data_type) == ("'=HYPERLINK(1)", "s")
    assert wb["建议提案"]["D1"].comment.text == "必填。4至200字，一事一议。"
    row = {**good_row(0, people), "分类": listed.value}
    result = import_workbook(workbook([row]), assembly=org.npc, actor=org.users.registry, year=2025)
    assert result.ok and result.created[0].category.name == "=HYPERLINK(1)"
