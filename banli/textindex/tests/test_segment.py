"""Segmentation: domain terms stay whole, punctuation and stop words go, administrators' terms count."""

from __future__ import annotations

import pytest
from django.utils import timezone

from banli.textindex import segment as seg
from banli.textindex.models import Term
from banli.textindex.segment import segment, shipped_terms

pytestmark = pytest.mark.django_db


def test_domain_term_stays_whole_in_a_title() -> None:
    words = segment("关于推动我市民营经济高质量发展的建议")
    assert "民营经济" in words
    assert words == ["民营经济", "高质量", "发展"]


@pytest.mark.parametrize(
    "text, term",
    [
        ("全面推进乡村振兴战略", "乡村振兴"),
        ("持续优化我市营商环境", "营商环境"),
        ("加快老旧小区改造和背街小巷整治", "老旧小区"),
        ("加快老旧小区改造和背街小巷整治", "背街小巷"),
        ("实施城区雨污分流改造，建设韧性城市", "雨污分流"),
        ("实施城区雨污分流改造，建设韧性城市", "韧性城市"),
        ("建设大学生创业孵化基地", "创业孵化"),
        ("发展社区嵌入式养老服务", "养老服务"),
        ("推进义务教育优质均衡发展", "义务教育"),
        ("提高城乡居民医疗保障水平", "医疗保障"),
        ("以城市更新带动消费", "城市更新"),
        ("充分听取人大代表和政协委员意见", "人大代表"),
        ("充分听取人大代表和政协委员意见", "政协委员"),
    ],
)
def test_named_domain_terms_stay_whole(text: str, term: str) -> None:
    assert term in segment(text)


@pytest.mark.parametrize("term", [w for w, _ in shipped_terms()])
def test_every_shipped_term_stays_whole_in_a_sentence(term: str) -> None:
    assert term in segment(f"建议推动{term}工作取得实效")


def test_the_shipped_dictionary_has_enough_terms() -> None:
    terms = [w for w, _ in shipped_terms()]
    assert len(terms) >= 60
    assert len(set(terms)) == len(terms)


def test_punctuation_numbers_and_stop_words_are_dropped() -> None:
    words = segment("关于进一步加强我市“背街小巷”整治的建议：2025年完成100条！（附表）")
    assert words == ["背街小巷", "整治", "年", "完成", "条", "附表"]


def test_full_width_letters_are_normalised() -> None:
    assert segment("推广５Ｇ网络和ＡＩ应用") == ["推广", "5g", "网络", "ai", "应用"]


def test_empty_text_gives_no_words() -> None:
    assert segment("") == []
    assert segment("，。！？ 的 了") == []


def test_a_term_added_in_the_admin_is_used_after_commit(django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    assert "银发经济" not in segment("大力发展银发经济")
    with django_capture_on_commit_callbacks(execute=True):
        term = Term.objects.create(word="银发经济", note="养老相关产业")
    assert "银发经济" in segment("大力发展银发经济")
    with django_capture_on_commit_callbacks(execute=True):
        term.is_active = False
        term.save()
    assert "银发经济" not in segment("大力发展银发经济")


def test_a_term_changed_by_another_process_is_noticed_through_the_fingerprint() -> None:
    segment("预热")  # the tokenizer is built with the terms of now
    # written without signals, as another process's change looks from here
    Term.objects.bulk_create([Term(word="低空经济", updated_at=timezone.now())])
    assert "低空经济" not in segment("发展低空经济")
    seg.ensure_terms_current()
    assert "低空经济" in segment("发展低空经济")
