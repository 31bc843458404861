"""Similar items: a reworded copy comes first, unrelated text does not match, and nobody sees what they
may not see (confidential items of other units, other jurisdictions, drafts)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.utils import timezone

from banli.core.policies import scope
from banli.core.tests.factories import AssignmentFactory, SubmissionFactory
from banli.submissions.models import Submission
from banli.textindex import similarity
from banli.textindex.models import SegmentedText, Term
from banli.textindex.similarity import char_gram_row, get_index, similar_to
from banli.textindex.tests.conftest import add_corpus
from banli.textindex.tests.corpus import REWORDED, SUGGESTIONS, UNRELATED

pytestmark = pytest.mark.django_db


def visible(user) -> object:  # type: ignore[no-untyped-def]
    return scope(user, Submission.objects.exclude(state="draft"))


def find(org: SimpleNamespace, user, title: str, body: str = "", **kwargs: object) -> list[similarity.Match]:  # type: ignore[no-untyped-def]
    return similar_to(title, body, jurisdiction_id=org.jurisdiction.pk, candidates_qs=visible(user), **kwargs)


@pytest.mark.parametrize("original, reworded", REWORDED, ids=["加装电梯", "民企融资", "校园周边交通"])
def test_a_reworded_copy_finds_its_original_first(
    org: SimpleNamespace, corpus: list[Submission], original: int, reworded: tuple[str, str, str]
) -> None:
    title, problem, advice = reworded
    matches = find(org, org.users.registry, title, f"{problem}\n{advice}")
    assert matches[0].submission == corpus[original]
    assert 0 < matches[0].score <= 1
    assert len(matches) == 1 or matches[0].score > matches[1].score + 0.1
    assert len(matches[0].shared_words) >= 3
    assert all(len(w) > 1 for w in matches[0].shared_words)


def test_a_title_alone_is_enough_while_drafting(org: SimpleNamespace, corpus: list[Submission]) -> None:
    matches = find(org, org.users.registry, "关于加快新能源汽车充电设施建设的建议")
    assert matches[0].submission == corpus[8]
    assert matches[0].shared_words[:2] == ["新能源", "汽车"]  # shared by both titles, so listed first
    assert "充电桩" not in matches[0].shared_words  # the draft says 充电设施


def test_unrelated_text_scores_low(org: SimpleNamespace, corpus: list[Submission]) -> None:
    title, problem, advice = UNRELATED
    assert find(org, org.users.registry, title, f"{problem}\n{advice}") == []
    scores, _ = get_index(org.jurisdiction.pk).scores(title, f"{problem}\n{advice}")
    assert scores.max() < 0.05


def test_distinct_suggestions_do_not_look_alike(org: SimpleNamespace, corpus: list[Submission]) -> None:
    index = get_index(org.jurisdiction.pk)
    for sub in corpus:
        ranked, _ = index.ranked(sub.title, f"{sub.problem}\n{sub.advice}", min_score=0)
        assert ranked[0] == (sub.pk, pytest.approx(1.0, abs=1e-3))  # itself
        assert ranked[1][1] < 0.2, f"{sub.title} ~ {Submission.objects.get(pk=ranked[1][0]).title}"


def test_results_are_limited_ordered_and_rounded(org: SimpleNamespace, corpus: list[Submission]) -> None:
    matches = find(org, org.users.registry, "老旧小区", "老旧小区加装电梯、物业管理、雨污分流改造", limit=3)
    assert 1 <= len(matches) <= 3
    assert [m.score for m in matches] == sorted((m.score for m in matches), reverse=True)
    assert all(m.score == round(m.score, 2) for m in matches)
    assert all(0 <= m.percent <= 100 for m in matches)


def test_the_item_being_edited_is_left_out(org: SimpleNamespace, corpus: list[Submission]) -> None:
    sub = corpus[0]
    assert find(org, org.users.registry, sub.title, sub.problem)[0].submission == sub
    matches = find(org, org.users.registry, sub.title, sub.problem, exclude_pk=sub.pk)
    assert sub not in [m.submission for m in matches]


def test_a_confidential_item_of_another_unit_never_appears(
    org: SimpleNamespace, corpus: list[Submission]
) -> None:
    secret = corpus[0]
    Submission.objects.filter(pk=secret.pk).update(is_confidential=True, state="handling")
    AssignmentFactory(submission=secret, unit=org.units.unit_a)
    AssignmentFactory(submission=corpus[25], unit=org.units.unit_b)  # 物业管理, also about old estates
    title, problem, advice = REWORDED[0][1]
    body = f"{problem}\n{advice}"

    def titles(user) -> list[str]:  # type: ignore[no-untyped-def]
        return [m.submission.title for m in find(org, user, title, body)]

    assert titles(org.users.registry)[0] == secret.title  # the registry handles it
    assert titles(org.users.handler)[0] == secret.title  # so does the unit it was assigned to
    assert titles(org.users.other_liaison) == [corpus[25].title]  # another unit sees only its own item
    assert secret.title not in titles(org.users.leader)  # leaders see everything but confidential items
    assert titles(org.users.leader)  # ... and still get the other matches
    assert titles(org.users.other_deputy) == [corpus[25].title]  # a deputy sees only their own items


def test_items_of_another_jurisdiction_never_appear(
    org: SimpleNamespace, other_org: SimpleNamespace, corpus: list[Submission]
) -> None:
    theirs = add_corpus(other_org)
    title, problem, advice = REWORDED[1][1]
    body = f"{problem}\n{advice}"
    # even an unscoped queryset gets nothing from another jurisdiction's model
    ours = similar_to(
        title, body, jurisdiction_id=org.jurisdiction.pk, candidates_qs=Submission.objects.all()
    )
    assert ours[0].submission == corpus[20]
    assert {m.submission.jurisdiction_id for m in ours} == {org.jurisdiction.pk}
    # and a user of one city asking about the other sees nothing there
    assert find(other_org, org.users.registry, title, body) == []
    assert find(other_org, other_org.users.registry, title, body)[0].submission == theirs[20]


def test_drafts_are_not_indexed(org: SimpleNamespace, corpus: list[Submission]) -> None:
    draft = SubmissionFactory(lead_author=org.deputy, title="关于规范共享单车停放秩序的建议", state="draft")
    assert draft not in [m.submission for m in find(org, org.users.deputy, "共享单车停放秩序")]
    assert draft.pk not in get_index(org.jurisdiction.pk).rows


def test_the_model_is_cached_and_refitted_when_a_submission_changes(
    org: SimpleNamespace, corpus: list[Submission]
) -> None:
    first = get_index(org.jurisdiction.pk)
    assert len(first) == len(SUGGESTIONS)
    assert get_index(org.jurisdiction.pk) is first  # same fingerprint: no refit
    assert find(org, org.users.registry, "共享单车停放秩序") == []

    changed = corpus[5]
    changed.title = "关于规范共享单车停放秩序的建议"
    changed.problem = "共享单车乱停乱放，占用人行道和盲道。"
    changed.save()
    second = get_index(org.jurisdiction.pk)
    assert second is not first
    assert second.fingerprint != first.fingerprint
    assert find(org, org.users.registry, "共享单车停放秩序")[0].submission == changed
    # only the changed item was counted again; the others kept their counts
    assert second.stats == {"memory": len(corpus) - 1, "stored": 0, "segmented": 1}
    assert second.rows[corpus[0].pk] is first.rows[corpus[0].pk]
    assert second.rows[changed.pk] is not first.rows[changed.pk]


def test_a_newly_submitted_item_enters_the_model(org: SimpleNamespace, corpus: list[Submission]) -> None:
    first = get_index(org.jurisdiction.pk)
    draft = SubmissionFactory(lead_author=org.deputy, title="关于规范共享单车停放秩序的建议", state="draft")
    assert get_index(org.jurisdiction.pk) is first  # drafts do not count
    Submission.objects.filter(pk=draft.pk).update(state="submitted", submitted_at=timezone.now())
    second = get_index(org.jurisdiction.pk)
    assert len(second) == len(first) + 1
    assert find(org, org.users.deputy, "共享单车停放秩序")[0].submission == draft


def test_a_new_dictionary_term_refits_the_model(org: SimpleNamespace, corpus: list[Submission]) -> None:
    first = get_index(org.jurisdiction.pk)
    Term.objects.create(word="嵌入式养老")
    second = get_index(org.jurisdiction.pk)
    assert second is not first
    assert second.stats["segmented"] == len(corpus)  # a new dictionary: everything segmented again
    assert SegmentedText.objects.get(pk=corpus[1].pk).title_words == "发展 社区 嵌入式养老 服务"


def test_an_empty_jurisdiction_gives_no_matches(org: SimpleNamespace) -> None:
    assert find(org, org.users.registry, "关于加快推进老旧小区加装电梯的建议") == []
    assert len(get_index(org.jurisdiction.pk)) == 0


def test_a_new_process_takes_the_stored_words_instead_of_segmenting(
    org: SimpleNamespace, corpus: list[Submission]
) -> None:
    first = get_index(org.jurisdiction.pk)
    assert first.stats == {"memory": 0, "stored": 0, "segmented": len(corpus)}
    stored = SegmentedText.objects.get(pk=corpus[0].pk)
    assert stored.title_words == "老旧小区 加装 电梯"
    assert stored.source_updated_at == corpus[0].updated_at

    similarity.clear_cache()  # as a freshly started process
    second = get_index(org.jurisdiction.pk)
    assert second.stats == {"memory": 0, "stored": len(corpus), "segmented": 0}
    assert find(org, org.users.registry, *REWORDED[0][1][:2])[0].submission == corpus[0]

    corpus[0].advice += "同步推进无障碍设施改造。"
    corpus[0].save()
    similarity.clear_cache()
    third = get_index(org.jurisdiction.pk)
    assert third.stats == {"memory": 0, "stored": len(corpus) - 1, "segmented": 1}
    assert "无障碍" in SegmentedText.objects.get(pk=corpus[0].pk).body_words


def test_a_forced_rebuild_segments_everything_again(org: SimpleNamespace, corpus: list[Submission]) -> None:
    get_index(org.jurisdiction.pk)
    index = similarity.rebuild(org.jurisdiction.pk, resegment=True)
    assert index.stats == {"memory": 0, "stored": 0, "segmented": len(corpus)}
    assert similarity.rebuild(org.jurisdiction.pk).stats["stored"] == len(corpus)
    assert get_index(org.jurisdiction.pk) is similarity._indexes[org.jurisdiction.pk]


def test_character_grams_stay_inside_clauses() -> None:
    cols, counts = char_gram_row("老旧小区")
    assert counts.sum() == 5  # 老旧 旧小 小区, 老旧小 旧小区
    assert counts.sum() == len(cols)  # no two of them share a column
    split_cols, split_counts = char_gram_row("老旧 小区")
    assert split_counts.sum() == 2  # 老旧, 小区: nothing across the space
    assert set(split_cols) <= set(cols)
    assert char_gram_row("市 小区")[1].sum() == 2  # a one-character clause counts as itself
    assert char_gram_row("")[1].sum() == 0
    assert sorted(char_gram_row("小区小区")[1]) == [1, 1, 1, 2]  # 小区 twice; 区小, 小区小, 区小区
