"""GET /text/similar/: the htmx fragment, for logged-in users only, scoped by the permission policy."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import reverse

from banli.submissions.models import Submission
from banli.textindex.tests.corpus import REWORDED

pytestmark = pytest.mark.django_db

TITLE, PROBLEM, ADVICE = REWORDED[0][1]


def get(client: Client, **params: str) -> str:
    response = client.get(reverse("textindex:similar"), params)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    return response.content.decode()


def test_a_deputy_sees_their_own_similar_item(
    client: Client, org: SimpleNamespace, corpus: list[Submission]
) -> None:
    client.force_login(org.users.deputy)
    html = get(client, title=TITLE, body=f"{PROBLEM}\n{ADVICE}")
    original = corpus[0]  # led by org.deputy
    assert "<h2" in html and "相似建议提案" in html
    assert '<ol class="list-group' in html
    assert reverse("submissions:detail", args=[original.pk]) in html
    assert original.title in html
    assert f"{original.number_label}建议" in html
    assert f"{original.year}年" in html
    assert original.get_state_display() in html
    assert "%" in html and "相同词语：" in html and "电梯" in html
    # the other deputy's items are not theirs to see
    assert not any(s.title in html for s in corpus if s.lead_author_id != org.deputy.pk)


def test_the_fragment_lists_at_most_five(
    client: Client, org: SimpleNamespace, corpus: list[Submission]
) -> None:
    client.force_login(org.users.registry)
    html = get(
        client,
        title="老旧小区改造",
        body="老旧小区加装电梯、物业管理、背街小巷整治、雨污分流、停车难、充电桩",
    )
    assert 1 <= html.count("<li") <= 5


def test_short_input_gives_an_empty_fragment(
    client: Client, org: SimpleNamespace, corpus: list[Submission]
) -> None:
    client.force_login(org.users.deputy)
    assert get(client, title="电梯") == ""
    assert get(client, title=" 加装 ", body=" ") == ""
    assert get(client) == ""


def test_no_match_says_so(client: Client, org: SimpleNamespace, corpus: list[Submission]) -> None:
    client.force_login(org.users.deputy)
    html = get(client, title="周末郊游钓鱼的几点体会", body="钓鱼要有耐心，鱼竿和鱼饵要选对。")
    assert "相似建议提案" in html
    assert "未发现相似的建议提案。" in html
    assert "<li" not in html


def test_the_item_being_edited_is_excluded_and_a_bad_pk_ignored(
    client: Client, org: SimpleNamespace, corpus: list[Submission]
) -> None:
    client.force_login(org.users.registry)
    original = corpus[0]
    link = reverse("submissions:detail", args=[original.pk])
    assert link not in get(client, title=original.title, body=original.problem, exclude=str(original.pk))
    assert link in get(client, title=original.title, body=original.problem, exclude="abc")


def test_anonymous_users_are_sent_to_login(client: Client, org: SimpleNamespace) -> None:
    response = client.get(reverse("textindex:similar"), {"title": "老旧小区加装电梯"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_only_get_is_allowed(client: Client, org: SimpleNamespace) -> None:
    client.force_login(org.users.deputy)
    assert client.post(reverse("textindex:similar"), {"title": "老旧小区加装电梯"}).status_code == 405


def test_another_deputys_published_item_shows_its_result_and_reply(
    client: Client, org: SimpleNamespace, corpus: list[Submission]
) -> None:
    """A repeat of another deputy's item is flagged once its reply is public: result and the portal link,
    not the item's own page (which is not the deputy's to open)."""
    from banli.portal.tests.conftest import publish, sent_reply
    from banli.textindex import similarity

    reply = sent_reply(org, title=TITLE, problem=PROBLEM, advice=ADVICE, author=org.other_deputy, result="B")
    unpublished = sent_reply(
        org, title=f"{TITLE}（二）", problem=PROBLEM, advice=ADVICE, author=org.other_deputy
    )
    [publication] = publish(org, reply)
    similarity.clear_cache()
    client.force_login(org.users.deputy)
    html = get(client, title=TITLE, body=f"{PROBLEM}\n{ADVICE}")
    assert reply.submission.title in html
    assert f"办理结果：{reply.result.name}" in html
    assert reverse("portal:reply", args=[publication.pk]) in html and "查看已公开的答复" in html
    assert reverse("submissions:detail", args=[reply.submission.pk]) not in html
    assert unpublished.submission.title not in html  # sent but not public: not the deputy's to see

    # the registry may open both, and sees both results; only the published one links to the portal
    client.force_login(org.users.registry)
    html = get(client, title=TITLE, body=f"{PROBLEM}\n{ADVICE}")
    assert reverse("submissions:detail", args=[reply.submission.pk]) in html
    assert reverse("submissions:detail", args=[unpublished.submission.pk]) in html
    assert html.count("查看已公开的答复") == 1
    assert f"办理结果：{unpublished.result.name}" in html
