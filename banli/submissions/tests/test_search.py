"""The lists' search reads the full-text index of items (title, 问题 and 建议), kept by every save."""

from __future__ import annotations

import importlib
from types import SimpleNamespace

from django.apps import apps
from django.db import connection
from django.test import Client
from django.urls import reverse

from banli.core.tests.factories import SubmissionFactory as Factory
from banli.submissions.selectors import submission_list
from banli.submissions.services import create_draft, update_draft
from banli.textindex.models import SearchDocument


def SubmissionFactory(**fields):  # type: ignore[no-untyped-def]
    """An item the registry has received (the factory's default is a draft, which only its author sees)."""
    return Factory(**{"state": "submitted", **fields})


def found(user, q: str) -> list[int]:  # type: ignore[no-untyped-def]
    return sorted(submission_list(user, {"q": q}).values_list("pk", flat=True))


def test_an_item_is_found_by_the_words_of_its_text_not_only_its_title(org: SimpleNamespace) -> None:
    lift = SubmissionFactory(
        lead_author=org.deputy,
        title="关于老旧小区改造的建议",
        problem="加装电梯进展缓慢。",
        advice="财政补贴。",
    )
    SubmissionFactory(lead_author=org.deputy, title="关于公交线路优化的建议", problem="换乘不便。", advice="")
    registry = org.users.registry
    assert found(registry, "电梯") == [lift.pk]
    assert found(registry, "老旧小区 补贴") == [lift.pk]  # every word, wherever it stands
    assert found(registry, "电梯 公交") == []


def test_a_draft_is_indexed_when_written_and_again_when_edited(org: SimpleNamespace) -> None:
    sub = create_draft(org.deputy, org.users.deputy, kind="suggestion", title="关于垃圾分类的建议")
    doc = SearchDocument.objects.get(kind="submission", object_id=sub.pk)
    assert "垃圾" in doc.title_words.split()
    update_draft(sub, org.users.deputy, advice="增设智能回收站点。")
    assert found(org.users.deputy, "回收") == [sub.pk]
    sub.delete()
    assert not SearchDocument.objects.filter(kind="submission", object_id=sub.pk).exists()


def test_numbers_stand_in_the_title_and_a_number_alone_is_looked_for_there(org: SimpleNamespace) -> None:
    one = SubmissionFactory(lead_author=org.deputy, title="关于建设第3号停车场的建议")
    SubmissionFactory(lead_author=org.deputy, title="关于建设第5号停车场的建议")
    registry = org.users.registry
    assert found(registry, "第3号停车场") == [one.pk]  # the words match both, the number one
    assert found(registry, "3") == [one.pk]


def test_the_search_keeps_to_what_the_user_may_see(org: SimpleNamespace) -> None:
    mine = SubmissionFactory(lead_author=org.deputy, title="关于河道整治的建议", state="draft")
    assert found(org.users.deputy, "河道") == [mine.pk]
    assert found(org.users.registry, "河道") == []  # another deputy's draft


def test_the_list_page_searches_the_index(client: Client, org: SimpleNamespace) -> None:
    item = SubmissionFactory(lead_author=org.deputy, title="关于农贸市场的建议", problem="摊位租金偏高。")
    client.force_login(org.users.registry)
    html = client.get(reverse("submissions:list"), {"q": "租金"}).content.decode()
    assert f"/submissions/{item.pk}/" in html


def test_the_migration_indexes_the_items_written_before_the_index(org: SimpleNamespace) -> None:
    old = SubmissionFactory(lead_author=org.deputy, title="关于城市绿道的建议", advice="连通滨河步道。")
    SearchDocument.objects.filter(kind="submission").delete()
    migration = importlib.import_module("banli.submissions.migrations.0005_index_submission_texts")
    editor = SimpleNamespace(connection=connection)  # all the function reads of its schema editor
    migration.index_existing(apps, editor)
    migration.index_existing(apps, editor)  # again: nothing twice
    assert SearchDocument.objects.filter(kind="submission").count() == 1
    assert found(org.users.registry, "步道") == [old.pk]
