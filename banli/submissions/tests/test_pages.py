"""The submission list and item pages: scope, actions, timeline, and a constant number of queries."""

from __future__ import annotations

from types import SimpleNamespace

from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from banli.core.models import Event
from banli.core.tests.factories import SubmissionFactory
from banli.reports.summary import flush
from banli.submissions.models import Submission


def login(client: Client, user) -> Client:  # type: ignore[no-untyped-def]
    client.force_login(user)
    return client


def test_anonymous_visitor_is_sent_to_login(client: Client) -> None:
    response = client.get(reverse("submissions:list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_registry_list_shows_its_queue_with_a_constant_number_of_queries(
    org: SimpleNamespace, client: Client, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    login(client, org.users.registry)
    SubmissionFactory(lead_author=org.deputy, state="submitted", session=org.session)
    client.get(reverse("submissions:list"))  # warm caches (content types, session)
    cache.clear()  # the list's count is counted, not read from the cache, in both requests
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("submissions:list"))
    SubmissionFactory.create_batch(15, lead_author=org.deputy, state="submitted", session=org.session)
    flush()  # the writes' own refresh of the figures, which a commit runs (the test never commits)
    cache.clear()
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("submissions:list"), {"state": "submitted"})
    assert response.status_code == 200
    assert response.content.decode().count('name="ids"') == 16  # one row (with its checkbox) per item


def test_list_filters_by_state_and_title(org: SimpleNamespace, client: Client) -> None:
    login(client, org.users.registry)
    SubmissionFactory(lead_author=org.deputy, state="submitted", title="关于治理城区内涝的建议")
    SubmissionFactory(lead_author=org.deputy, state="registered", title="关于发展夜间经济的建议")
    html = client.get(reverse("submissions:list"), {"q": "内涝"}).content.decode()
    assert "治理城区内涝" in html and "夜间经济" not in html
    html = client.get(reverse("submissions:list"), {"state": "registered", "sort": "-title"}).content.decode()
    assert "夜间经济" in html and "内涝" not in html


def test_bad_filter_values_are_ignored_not_errors(org: SimpleNamespace, client: Client) -> None:
    login(client, org.users.registry)
    response = client.get(reverse("submissions:list"), {"state": "nonsense", "year": "abc", "sort": "x;drop"})
    assert response.status_code == 200


def test_item_page_shows_the_actions_allowed_and_the_timeline(org: SimpleNamespace, client: Client) -> None:
    sub = SubmissionFactory(lead_author=org.deputy, state="submitted", session=org.session)
    login(client, org.users.registry)
    html = client.get(reverse("submissions:detail", args=[sub.pk])).content.decode()
    for label in ("立案", "不予立案", "退回修改"):
        assert label in html
    response = client.post(reverse("submissions:action", args=[sub.pk, "register"]), follow=True)
    html = response.content.decode()
    assert "已立案" in html
    assert "第1号" in html
    assert Event.objects.filter(submission=sub, action="register").count() == 1


def test_a_refused_action_shows_a_chinese_message_and_changes_nothing(
    org: SimpleNamespace, client: Client
) -> None:
    sub = SubmissionFactory(lead_author=org.deputy, state="submitted")
    login(client, org.users.registry)
    response = client.post(
        reverse("submissions:action", args=[sub.pk, "reject"]), {"comment": ""}, follow=True
    )
    assert "须填写：不予立案理由" in response.content.decode()
    assert Submission.objects.get(pk=sub.pk).state == "submitted"


def test_items_outside_the_users_scope_are_not_found(
    org: SimpleNamespace, other_org: SimpleNamespace, client: Client
) -> None:
    theirs = SubmissionFactory(lead_author=other_org.deputy, state="submitted")
    login(client, org.users.registry)
    assert client.get(reverse("submissions:detail", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("submissions:action", args=[theirs.pk, "register"])).status_code == 404
    assert Submission.objects.get(pk=theirs.pk).state == "submitted"


def test_get_on_an_action_is_refused(org: SimpleNamespace, client: Client) -> None:
    sub = SubmissionFactory(lead_author=org.deputy, state="submitted")
    login(client, org.users.registry)
    assert client.get(reverse("submissions:action", args=[sub.pk, "register"])).status_code == 405


def test_list_exports_to_excel_with_the_filters_applied(org: SimpleNamespace, client: Client) -> None:
    from io import BytesIO

    from openpyxl import load_workbook

    SubmissionFactory(lead_author=org.deputy, state="submitted", title='=HYPERLINK("x")关于公交的建议')
    SubmissionFactory(lead_author=org.deputy, state="registered", title="关于发展夜间经济的建议")
    login(client, org.users.registry)
    response = client.get(reverse("submissions:list"), {"state": "submitted", "export": "xlsx"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    ws = load_workbook(BytesIO(b"".join(response.streaming_content))).active
    rows = list(ws.values)
    assert rows[0][0] == "建议提案台账"
    assert rows[1][0] == "筛选条件：状态：待审查"
    assert rows[3][:2] == ("编号", "案由")
    assert len(rows) == 5  # header block of four rows, then the one submitted item
    assert rows[4][1] == '\'=HYPERLINK("x")关于公交的建议'  # neutralised, not a formula
    assert ws.freeze_panes == "A5"


def test_the_lists_count_follows_every_change_of_its_items(org: SimpleNamespace, client: Client) -> None:
    """The list's count is kept under the figures' versions (``reports.cache.count``): a new item and an
    item leaving the filtered state each show at once."""
    from banli.core.workflow import transition

    login(client, org.users.registry)
    url = reverse("submissions:list")
    first = SubmissionFactory(lead_author=org.deputy, state="submitted", session=org.session)

    def total(**params: str) -> str:
        html = client.get(url, params).content.decode()
        return html.split("共 ", 1)[1].split(" 条", 1)[0]

    assert total(state="submitted") == "1"
    assert total(state="submitted") == "1"  # read again from the cache
    SubmissionFactory(lead_author=org.deputy, state="submitted", session=org.session)
    assert total(state="submitted") == "2"
    transition(first, "register", org.users.registry)
    assert total(state="submitted") == "1"
    assert total(state="registered") == "1"


def test_a_search_with_more_matches_than_the_cap_says_so_and_pages_up_to_it(
    org: SimpleNamespace, client: Client, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from banli.core import lists
    from banli.submissions import views

    monkeypatch.setattr(views, "SEARCH_CAP", 3)
    monkeypatch.setattr(lists, "PAGE_SIZE", 2)
    login(client, org.users.registry)
    for n in range(5):
        SubmissionFactory(lead_author=org.deputy, state="submitted", title=f"关于治理城区内涝的建议{n}")
    SubmissionFactory(lead_author=org.deputy, state="submitted", title="关于发展夜间经济的建议")
    html = client.get(reverse("submissions:list"), {"q": "内涝"}).content.decode()
    assert "第 1 / 2 页，超过 3 条，只列出前 3 条" in html and "缩小范围" in html
    last = client.get(reverse("submissions:list"), {"q": "内涝", "page": "2"}).content.decode()
    assert last.count('name="ids"') == 1  # the cap's third match, not a fourth
    # under the cap, the exact count
    html = client.get(reverse("submissions:list"), {"q": "夜间经济"}).content.decode()
    assert "共 1 条" in html and "超过" not in html
    # the export is not capped
    export = client.get(reverse("submissions:list"), {"q": "内涝", "export": "xlsx"})
    from io import BytesIO

    from openpyxl import load_workbook

    sheet = load_workbook(BytesIO(b"".join(export.streaming_content))).active
    assert (
        sum(1 for row in sheet.iter_rows(values_only=True) if row and "治理城区内涝的建议" in str(row)) == 5
    )
