"""Full-text search of the published replies: jieba words, AND of the words, the better match first,
filters, pages, safe snippets; the index in step with publishing; the same results on SQLite and
PostgreSQL (this file runs on both)."""

from __future__ import annotations

from io import StringIO
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse

from banli.core.tests.factories import CategoryFactory
from banli.portal.public import PublicFilters, filtered, public_publications
from banli.portal.search import search_publications
from banli.portal.services import withdraw
from banli.portal.tests.conftest import publish, sent_reply
from banli.textindex.models import SearchDocument


def found(query: str, **filters: object) -> list[int]:
    qs = filtered(PublicFilters(q=query, **filters))  # type: ignore[arg-type]
    return search_publications(query, qs, offset=0, limit=50).ids


@pytest.fixture
def corpus(org: SimpleNamespace) -> SimpleNamespace:
    school = sent_reply(
        org,
        title="关于增加城区中小学学位的建议",
        text="今年新建小学2所、初中1所，增加学位3600个。明年继续新建学校，学位紧张问题将逐步缓解。",
        year=2024,
        category=CategoryFactory(jurisdiction=org.jurisdiction, name="教育"),
    )
    elderly = sent_reply(
        org,
        title="关于加快社区养老服务设施建设的建议",
        text="新建社区养老服务中心12个，养老床位600张；推进居家养老服务，发展老年助餐。",
        unit=org.units.unit_b,
    )
    road = sent_reply(
        org,
        title="关于改造城东道路的建议",
        text="城东道路改造已列入计划，沿线新建一所学校的配套道路同步建设。",
    )
    pubs = publish(org, school, elderly, road)
    return SimpleNamespace(school=pubs[0], elderly=pubs[1], road=pubs[2])


def test_search_finds_a_published_reply_by_words_in_its_text(corpus: SimpleNamespace) -> None:
    assert found("老年助餐") == [corpus.elderly.pk]
    assert found("床位") == [corpus.elderly.pk]
    assert found("居家养老") == [corpus.elderly.pk]


def test_every_word_must_occur(corpus: SimpleNamespace) -> None:
    assert found("学校 道路") == [corpus.road.pk]
    assert found("养老 学位") == []


def test_the_better_match_ranks_first(org: SimpleNamespace) -> None:
    weak = sent_reply(
        org,
        title="关于完善城东片区配套设施的建议",
        text="城东片区将完善道路、绿化、商业配套，并适当增加学位供给，同步建设停车设施。",
    )
    strong = sent_reply(
        org,
        title="关于增加城东片区学位的建议",
        text="今年城东片区增加学位1200个，明年再增加学位900个，学位紧张问题将逐步缓解。",
    )
    weak_pub, strong_pub = publish(org, weak, strong)
    assert found("学位") == [strong_pub.pk, weak_pub.pk]
    assert found("城东 学位") == [strong_pub.pk, weak_pub.pk]


def test_a_shorter_word_finds_the_longer_word_it_is_part_of(corpus: SimpleNamespace) -> None:
    # 养老服务 is one word of the domain dictionary; 养老 and 服务 are indexed inside it
    assert found("养老") == [corpus.elderly.pk]
    assert found("服务设施") == [corpus.elderly.pk]


def test_a_query_of_stop_words_only_finds_nothing(corpus: SimpleNamespace) -> None:
    hits = search_publications("关于 建议 的", public_publications(), offset=0, limit=10)
    assert (hits.words, hits.total, hits.ids) == ([], 0, [])


def test_search_combines_with_the_filters(org: SimpleNamespace, corpus: SimpleNamespace) -> None:
    assert found("学校", year=2024) == [corpus.school.pk]
    assert found("学校", unit=org.units.unit_b.pk) == []
    assert found("学校", category=corpus.school.submission.category_id) == [corpus.school.pk]


def test_search_pages_through_the_ranked_matches(org: SimpleNamespace) -> None:
    pubs = publish(org, *[sent_reply(org, text=f"第{i}批新建公园{'口袋公园' * i}。") for i in range(1, 6)])
    first = search_publications("公园", public_publications(), offset=0, limit=2)
    second = search_publications("公园", public_publications(), offset=2, limit=2)
    last = search_publications("公园", public_publications(), offset=4, limit=2)
    assert (first.total, len(first.ids), len(second.ids), len(last.ids)) == (5, 2, 2, 1)
    assert set(first.ids + second.ids + last.ids) == {p.pk for p in pubs}
    assert first.ids[0] == pubs[-1].pk  # the most occurrences first


def test_the_index_follows_withdrawing_and_a_rolled_back_publishing(
    org: SimpleNamespace, corpus: SimpleNamespace
) -> None:
    withdraw(corpus.road, org.users.registry, "需更正")
    assert found("道路") == []
    reply = sent_reply(org, text="新建地下停车场三处。")
    with pytest.raises(RuntimeError), transaction.atomic():
        publish(org, reply)
        raise RuntimeError("rolled back")
    assert not SearchDocument.objects.filter(kind="publication", object_id__gt=corpus.road.pk).exists()
    assert found("停车场") == []


def test_snippets_mark_the_words_and_escape_the_text(client: Client, org: SimpleNamespace) -> None:
    reply = sent_reply(org, text="<script>alert(1)</script>新建口袋公园20个，" + "绿道建设稳步推进。" * 30)
    publish(org, reply)
    html = client.get(reverse("portal:replies"), {"q": "口袋公园"}).content.decode()
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;新建<mark>口袋公园</mark>20个" in html
    assert "…" in html  # the long text is cut to a passage


def test_rebuild_search_index_restores_the_index(org: SimpleNamespace, corpus: SimpleNamespace) -> None:
    SearchDocument.objects.all().delete()
    assert found("养老") == []
    out = StringIO()
    call_command("rebuild_search_index", stdout=out)
    assert "公开的答复：已索引 3 项" in out.getvalue()
    assert found("养老") == [corpus.elderly.pk]
    withdraw(corpus.elderly, org.users.registry, "需更正")
    SearchDocument.objects.create(kind="publication", object_id=corpus.elderly.pk, title_words="养老")
    call_command("rebuild_search_index", "--kind", "publication", stdout=out)
    assert (
        SearchDocument.objects.filter(kind="publication").count() == 2
    )  # a withdrawn reply leaves the index


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the FTS5 table and its triggers are SQLite's")
@pytest.mark.django_db
def test_the_sqlite_index_and_its_triggers_exist() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE name LIKE 'textindex_searchdocument_%'")
        names = {row[0] for row in cursor.fetchall()}
    assert {
        "textindex_searchdocument_fts",
        "textindex_searchdocument_ai",
        "textindex_searchdocument_ad",
        "textindex_searchdocument_au",
    } <= names


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the tsvector column is PostgreSQL's")
@pytest.mark.django_db
def test_the_postgresql_index_is_a_gin_over_a_simple_tsvector_per_kind() -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'textindex_searchdocument' "
            "AND indexdef LIKE '%%gin%%' ORDER BY indexname"
        )
        definitions = dict(cursor.fetchall())
        cursor.execute(
            "SELECT generation_expression FROM information_schema.columns "
            "WHERE table_name = 'textindex_searchdocument' AND column_name = 'search_vector'"
        )
        (expression,) = cursor.fetchone()
    assert set(definitions) == {"textindex_vector_publication", "textindex_vector_submission"}
    for kind in ("publication", "submission"):
        definition = definitions[f"textindex_vector_{kind}"]
        assert "gin (search_vector)" in definition and f"'{kind}'" in definition
    assert "'simple'::regconfig" in expression


TEXTS = [
    "新建社区养老服务中心12个，推进居家养老服务。",
    "推进5G基站建设，城区实现5G网络全覆盖。",
    "ＡＩ辅助诊疗系统在市立医院试点，AI影像诊断准确率提高。",
    "中华人民共和国老年人权益保障法规定的优待政策全面落实。",
    "改造老旧小区30个，加装电梯120部，同步建设充电桩。",
    "新能源汽车充电桩建设纳入城市规划，新建公共充电桩800个。",
    "农村客运网络进一步完善，开通城乡公交线路15条。",
    "中小学课后服务实现全覆盖，学位供给持续增加。",
    "口袋公园建设稳步推进，新建口袋公园20个、绿道30公里。",
    "城东道路改造列入计划，配套建设停车设施和公交站台。",
]
QUERIES = [
    "养老",
    "养老服务",
    "5G",
    "5g 基站",
    "AI",
    "ai 诊断",
    "老年人 权益",
    "人民共和国",
    "充电桩",
    "充电桩 规划",
    "公交",
    "公交 农村",
    "服务设施",
    "口袋公园 绿道",
    "停车",
    "学位",
    "不存在的词语",
]


def reference(query: str) -> set[int]:
    """What the search must find, computed in Python over the stored words: documents holding every query
    word whole, or all the dictionary words inside it."""
    from banli.textindex.fulltext import query_terms, query_words

    terms = query_terms(query_words(query))
    out = set()
    for doc in SearchDocument.objects.filter(kind="publication"):
        tokens = set(doc.title_words.split()) | set(doc.body_words.split())
        if terms and all(w in tokens or (parts and set(parts) <= tokens) for w, parts in terms):
            out.add(doc.object_id)
    return out


def test_the_database_finds_exactly_what_the_words_say(org: SimpleNamespace) -> None:
    """The same on SQLite and PostgreSQL: both index engines agree with one Python reference."""
    publish(org, *[sent_reply(org, text=text) for text in TEXTS])
    nonempty = 0
    for query in QUERIES:
        expected = reference(query)
        assert set(found(query)) == expected, query
        nonempty += bool(expected)
    assert nonempty == len(QUERIES) - 1
