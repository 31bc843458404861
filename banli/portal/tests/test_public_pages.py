"""The public portal without login: what is published shows, nothing else does (confidential, refused,
unpublished, withdrawn, merged with a confidential item), nor the deputies' contact details; read-only;
the list costs the same queries however long it is."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from banli.core.tests.factories import CategoryFactory, SubmissionFactory
from banli.portal.models import Publication
from banli.portal.services import publication_of, withdraw
from banli.portal.tests.conftest import publish, sent_reply


def page(client: Client, name: str, *args: object, **params: object) -> str:
    response = client.get(reverse(name, args=args), params)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


@pytest.fixture
def portal(org: SimpleNamespace) -> SimpleNamespace:
    """One published reply, and one of each kind that must never show, all about 养老."""
    shown = sent_reply(org, title="关于加快社区养老服务设施建设的建议")
    publish(org, shown)
    confidential = sent_reply(org, title="关于涉密养老设施选址的建议")
    refused = sent_reply(
        org,
        title="关于个人养老困难救助的建议",
        publication_consent=False,
        publication_refusal_reason="涉及个人隐私",
    )
    unpublished = sent_reply(org, title="关于未公开养老答复的建议")
    publication_of(unpublished, org.users.registry)  # a draft only
    withdrawn = sent_reply(org, title="关于已撤回养老答复的建议")
    (gone,) = publish(org, withdrawn)
    withdraw(gone, org.users.registry, "需更正")
    secret = SubmissionFactory(
        lead_author=org.other_deputy, state="merged", number=8, title="并案涉密养老事项"
    )
    merged = sent_reply(org, title="关于并案养老答复的建议", merged=[secret])
    (merged_pub,) = publish(org, merged)
    # Flags set after publishing: the portal's queries hold the rules again, whatever the row's state.
    type(secret).objects.filter(pk=secret.pk).update(is_confidential=True)
    (late,) = publish(org, confidential)
    type(late.submission).objects.filter(pk=late.submission_id).update(is_confidential=True)
    (late_refused,) = publish(org, refused_copy := sent_reply(org, title="关于事后不同意公开养老答复的建议"))
    type(refused_copy.submission).objects.filter(pk=refused_copy.submission_id).update(
        publication_consent=False, publication_refusal_reason="事后不同意"
    )
    return SimpleNamespace(
        shown=Publication.objects.get(reply=shown),
        hidden_titles=[
            "关于涉密养老设施选址的建议",
            "关于个人养老困难救助的建议",
            "关于未公开养老答复的建议",
            "关于已撤回养老答复的建议",
            "关于并案养老答复的建议",
            "并案涉密养老事项",
            "关于事后不同意公开养老答复的建议",
        ],
        hidden_pubs=[gone, merged_pub, late, late_refused, Publication.objects.get(reply=unpublished)],
        refused=refused,
    )


def test_only_what_may_be_published_appears_on_the_portal_and_in_the_search(
    client: Client, portal: SimpleNamespace
) -> None:
    pages = [
        page(client, "portal:home"),
        page(client, "portal:replies"),
        page(client, "portal:replies", q="养老"),
        page(client, "portal:replies", q="养老设施"),
        page(client, "portal:replies", q="涉密"),
        page(client, "portal:replies", q="撤回"),
    ]
    for html in pages:
        for title in portal.hidden_titles:
            assert title not in html
    assert "关于加快社区<mark>养老</mark>服务设施建设的建议" in pages[2]
    assert "找到 1 件" in pages[2]
    assert "找到 0 件" in pages[4]
    assert portal.shown.title in pages[0] and portal.shown.title in pages[1]
    page(client, "portal:reply", portal.shown.pk)
    for pub in portal.hidden_pubs:
        assert client.get(reverse("portal:reply", args=[pub.pk])).status_code == 404


def test_the_reply_page_shows_the_public_version_and_no_contact_details(
    client: Client, org: SimpleNamespace
) -> None:
    org.deputy.mobile, org.deputy.address = "13800001111", "宿州市埇桥区胜利路1号"
    org.deputy.save()
    category = CategoryFactory(jurisdiction=org.jurisdiction, name="民政")
    reply = sent_reply(
        org,
        category=category,
        text="张三代表提出的建议收悉。请拨打13800001111或到宿州市埇桥区胜利路1号面谈，"
        "也可发邮件至wangwu@suzhou.gov.cn；申请人身份证号34130219800101123X。\n"
        "（联系人：王五，联系电话：0557-3021234）",
    )
    (pub,) = publish(org, reply)
    html = page(client, "portal:reply", pub.pk)
    private_details = (
        "13800001111",
        "胜利路1号",
        "0557-3021234",
        "王五",
        "wangwu@suzhou.gov.cn",
        "34130219800101123X",
        org.deputy.employer or "单位及职务",
    )
    search = page(client, "portal:replies", q="邮件")
    assert "找到 1 件" in search
    for private in private_details:
        assert private not in search
        assert private not in html
    for public in (
        pub.title,
        reply.submission.title,
        org.units.unit_a.name,
        "民政",
        reply.result.name,
        reply.doc_number,
    ):
        assert public in html
    assert f"{org.deputy.name}代表" in html
    assert "（此处内容已隐去）" in html


def test_the_list_filters_by_year_category_unit_and_result(client: Client, org: SimpleNamespace) -> None:
    education = CategoryFactory(jurisdiction=org.jurisdiction, name="教育")
    a = sent_reply(org, title="关于增加学位的建议", year=2024, category=education, result="A")
    b = sent_reply(org, title="关于改造道路的建议", year=2025, unit=org.units.unit_b, result="B")
    publish(org, a, b)
    assert "关于改造道路的建议" not in page(client, "portal:replies", year=2024)
    assert "关于改造道路的建议" not in page(client, "portal:replies", category=education.pk)
    only_b = page(client, "portal:replies", unit=org.units.unit_b.pk)
    assert "关于改造道路的建议" in only_b and "关于增加学位的建议" not in only_b
    result_b = a.result.scheme.categories.get(code="B").pk
    assert "关于增加学位的建议" not in page(client, "portal:replies", result=result_b)
    assert "关于增加学位的建议" in page(client, "portal:replies", year="x", unit="'; drop")


def test_the_portal_is_read_only(client: Client, portal: SimpleNamespace) -> None:
    for name, args in [("portal:home", []), ("portal:replies", []), ("portal:reply", [portal.shown.pk])]:
        assert client.post(reverse(name, args=args)).status_code == 405
    assert client.head(reverse("portal:replies")).status_code == 200


def test_a_page_past_the_end_shows_the_last(client: Client, portal: SimpleNamespace) -> None:
    assert portal.shown.title in page(client, "portal:replies", page=99)
    assert portal.shown.title in page(client, "portal:replies", q="养老", page=99)


def test_the_list_costs_the_same_queries_for_three_or_twenty_five_replies(
    client: Client, org: SimpleNamespace, django_assert_num_queries
) -> None:  # type: ignore[no-untyped-def]
    def count(**params: object) -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            page(client, "portal:replies", **params)
        return len(ctx.captured_queries)

    publish(org, *[sent_reply(org) for _ in range(3)])
    few, few_search = count(), count(q="养老")
    publish(org, *[sent_reply(org, unit=org.units.unit_b) for _ in range(22)])
    assert count() == few
    assert count(q="养老") == few_search
    # site name, the publications' version (the options, the list's count and a search's page of ids
    # are cached under it) and the page's rows (list or search)
    with django_assert_num_queries(3):
        page(client, "portal:replies")
    with django_assert_num_queries(3):
        page(client, "portal:replies", q="养老")
    cache.clear()  # a search not asked before: its count and its page of ids too
    with django_assert_num_queries(5 + 5):  # and the five choices, computed again
        page(client, "portal:replies", q="养老")


def test_a_kept_search_is_renewed_by_a_publication_and_never_shows_what_became_secret(
    client: Client, org: SimpleNamespace
) -> None:
    from banli.submissions.models import Submission

    first = sent_reply(org, title="关于社区养老食堂运营补贴的建议")
    publish(org, first)
    assert "找到 1 件" in page(client, "portal:replies", q="养老")
    publish(org, sent_reply(org, unit=org.units.unit_b, title="关于居家养老上门服务的建议"))
    html = page(client, "portal:replies", q="养老")  # the version changed: searched again
    assert "找到 2 件" in html and "上门服务" in html
    # made confidential without touching its publication: the kept page of ids still names it, the
    # rows are read through the public rules again, so it is not shown
    Submission.objects.filter(pk=first.submission_id).update(is_confidential=True)
    html = page(client, "portal:replies", q="养老")
    assert "食堂运营" not in html and "上门服务" in html


def test_the_list_count_is_cached_per_filter_until_a_publication_changes(
    client: Client, org: SimpleNamespace, django_assert_num_queries
) -> None:  # type: ignore[no-untyped-def]
    from banli.portal.public import PublicFilters, filtered, public_count

    publish(org, sent_reply(org), sent_reply(org, unit=org.units.unit_b))
    everything, theirs = PublicFilters(), PublicFilters(unit=org.units.unit_b.pk)
    assert public_count(everything, filtered(everything)) == 2
    assert public_count(theirs, filtered(theirs)) == 1
    with django_assert_num_queries(1):  # the version only
        assert public_count(everything, filtered(everything)) == 2
    publish(org, sent_reply(org, unit=org.units.unit_b))
    with django_assert_num_queries(2):  # the version, then the count again
        assert public_count(theirs, filtered(theirs)) == 2
    assert "共 3 件" in page(client, "portal:replies")


def test_the_filter_options_are_cached_until_a_publication_changes(
    client: Client, org: SimpleNamespace, django_assert_num_queries
) -> None:  # type: ignore[no-untyped-def]
    from banli.portal.public import filter_options

    publish(org, sent_reply(org))
    first = filter_options()
    with django_assert_num_queries(1):  # the key only
        assert filter_options() == first
    assert [u.pk for u in first.units] == [org.units.unit_a.pk]
    publish(org, sent_reply(org, unit=org.units.unit_b))
    with django_assert_num_queries(6):  # the key, then the five choices again
        renewed = filter_options()
    assert {u.pk for u in renewed.units} == {org.units.unit_a.pk, org.units.unit_b.pk}


def test_warming_computes_the_choices_and_the_count_the_list_then_reads(
    client: Client, org: SimpleNamespace, django_assert_num_queries
) -> None:  # type: ignore[no-untyped-def]
    from io import StringIO

    from django.core.management import call_command

    publish(org, sent_reply(org), sent_reply(org, unit=org.units.unit_b))
    out = StringIO()
    call_command("warm_portal", stdout=out)
    assert "公开答复 2 件" in out.getvalue() and "承办单位 2 个" in out.getvalue()
    with django_assert_num_queries(
        3
    ):  # site, version, page: the choices and the count are read from the cache
        assert "共 2 件" in page(client, "portal:replies")


def test_the_kept_choices_of_the_page_follow_publications_and_the_selection(
    client: Client, org: SimpleNamespace
) -> None:
    a, b = org.units.unit_a, org.units.unit_b
    publish(org, sent_reply(org))
    html = page(client, "portal:replies")
    assert f'<option value="{a.pk}">{a.name}</option>' in html and f'value="{b.pk}"' not in html
    publish(org, sent_reply(org, unit=b))
    html = page(client, "portal:replies", unit=b.pk)
    assert f'<option value="{b.pk}" selected>{b.name}</option>' in html
    assert f'<option value="{a.pk}">{a.name}</option>' in html
    assert f'<option value="{b.pk}">{b.name}</option>' in page(client, "portal:replies")  # nothing selected
