"""整改清单: the registry or the coordinating office adds, changes and removes lines; leaders read; the
export has exactly seed 002's columns."""

from __future__ import annotations

from io import BytesIO
from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from banli.core.models import Event
from banli.core.workflow import GuardFailed, NotAllowed
from banli.reports.models import RectificationItem
from banli.reports.services import RectificationInput, delete_rectification_item, save_rectification_item

ASPECT = "一、少数承办单位对办理工作认识不深、办法不多"


def line(**changes: object) -> dict[str, object]:
    data = {
        "year": "2024",
        "aspect": ASPECT,
        "problem": "少数承办单位对代表建议办理工作的重要性认识不够。",
        "advice": "各承办单位要进一步压实办理责任。",
        "measures": "在区政府常务会议上对办理工作提出明确要求。",
        "responsible": "区政府办公室 各承办单位",
        "period": "持续推进",
        "sort": "1",
    }
    data.update(changes)
    return data


def test_the_coordinating_office_adds_a_line_and_it_is_logged(org: SimpleNamespace, client: Client) -> None:
    client.force_login(org.users.coordinator)
    response = client.post(reverse("reports:rectification"), line(), follow=True)
    assert "整改事项已添加。" in response.content.decode()
    item = RectificationItem.objects.get()
    assert (item.jurisdiction, item.year, item.period, item.created_by) == (
        org.jurisdiction,
        2024,
        "持续推进",
        org.users.coordinator,
    )
    event = Event.objects.get(action="rectification_add")
    assert event.actor == org.users.coordinator and event.actor_role == f"{org.units.gov_office.name}工作人员"


def test_missing_fields_are_refused_in_chinese_and_nothing_is_saved(
    org: SimpleNamespace, client: Client
) -> None:
    client.force_login(org.users.registry)
    response = client.post(reverse("reports:rectification"), line(year="", measures="  ", period="x" * 61))
    html = response.content.decode()
    assert "请填写有效的年度；请填写整改措施；整改期限不能超过60个字。" in html
    assert RectificationItem.objects.count() == 0


def test_edit_and_delete_keep_the_history(org: SimpleNamespace, client: Client) -> None:
    client.force_login(org.users.registry)
    client.post(reverse("reports:rectification"), line())
    item = RectificationItem.objects.get()
    client.post(reverse("reports:rectification_edit", args=[item.pk]), line(period="2025年6月底前"))
    item.refresh_from_db()
    assert item.period == "2025年6月底前" and item.updated_by == org.users.registry
    client.post(reverse("reports:rectification_delete", args=[item.pk]))
    assert not RectificationItem.objects.exists()
    assert list(Event.objects.order_by("pk").values_list("action", flat=True)) == [
        "rectification_add",
        "rectification_edit",
        "rectification_delete",
    ]


def test_leaders_read_units_and_other_jurisdictions_do_not(
    org: SimpleNamespace, other_org: SimpleNamespace, client: Client
) -> None:
    item = save_rectification_item(
        org.users.registry, org.jurisdiction.pk, RectificationInput(**{**line(), "year": 2024, "sort": 1})
    )
    client.force_login(org.users.leader)
    html = client.get(reverse("reports:rectification")).content.decode()
    assert ASPECT in html and "新增整改事项" not in html
    assert client.post(reverse("reports:rectification"), line()).status_code == 403
    assert client.post(reverse("reports:rectification_delete", args=[item.pk])).status_code == 403
    client.force_login(org.users.liaison)
    assert client.get(reverse("reports:rectification")).status_code == 403
    client.force_login(other_org.users.registry)
    assert ASPECT not in client.get(reverse("reports:rectification")).content.decode()
    assert client.get(reverse("reports:rectification_edit", args=[item.pk])).status_code == 404
    with pytest.raises(NotAllowed):
        delete_rectification_item(other_org.users.registry, item)
    with pytest.raises(GuardFailed):
        save_rectification_item(
            org.users.registry, org.jurisdiction.pk, RectificationInput(**{**line(), "year": None})
        )


def test_the_export_has_exactly_the_columns_of_seed_002(org: SimpleNamespace, client: Client) -> None:
    client.force_login(org.users.coordinator)
    client.post(reverse("reports:rectification"), line())
    client.post(
        reverse("reports:rectification"), line(problem="个别承办单位推进办理工作的力度不大。", sort="2")
    )
    client.post(
        reverse("reports:rectification"),
        line(aspect="二、少数主办会办单位协作配合机制不全", problem="=1+1", sort="3"),
    )
    client.post(reverse("reports:rectification"), line(year="2023", sort="1"))
    response = client.get(reverse("reports:rectification"), {"year": "2024", "export": "xlsx"})
    ws = load_workbook(BytesIO(b"".join(response.streaming_content))).active
    assert ws["A1"].value == "2024年整改清单" and ws["A2"].value == "筛选条件：年度：2024"
    assert [c.value for c in ws[4]] == [
        "主要方面",
        "重点问题",
        "意见建议",
        "整改措施",
        "责任单位",
        "整改期限",
    ]
    assert ws.freeze_panes == "A5" and ws.max_row == 4 + 3 and ws.max_column == 6
    assert [ws.cell(row=r, column=1).value for r in (5, 6, 7)] == [
        ASPECT,
        None,
        "二、少数主办会办单位协作配合机制不全",
    ]
    assert ws["B7"].value == "'=1+1" and ws["B5"].alignment.wrap_text
    assert ws.column_dimensions["D"].width == 50
