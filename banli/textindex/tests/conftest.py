"""Fixtures of the text index tests: clean per-process caches, and a city with a year's suggestions."""

from __future__ import annotations

from collections.abc import Iterator
from types import SimpleNamespace

import pytest

from banli.core.tests.factories import SubmissionFactory
from banli.submissions.models import Submission
from banli.textindex import recommend, segment, similarity
from banli.textindex.tests.corpus import SUGGESTIONS


@pytest.fixture(autouse=True)
def _fresh_text_index() -> Iterator[None]:
    """Each test starts without cached models, and without admin terms of another test's rolled-back rows
    (the tokenizer is rebuilt only then: building one takes half a second)."""
    similarity.clear_cache()
    recommend.clear_cache()
    yield
    similarity.clear_cache()
    recommend.clear_cache()
    if segment.loaded_terms_fingerprint() not in (None, (0, None)):
        segment.mark_terms_stale()


def add_corpus(org: SimpleNamespace, **overrides: object) -> list[Submission]:
    """Every suggestion of the corpus as a registered item of ``org`` over three years, alternating
    between the two deputies; returns them in corpus order."""
    items = []
    for n, (title, problem, advice) in enumerate(SUGGESTIONS):
        values: dict[str, object] = {
            "lead_author": org.deputy if n % 2 == 0 else org.other_deputy,
            "title": title,
            "problem": problem,
            "advice": advice,
            "state": "registered",
            "year": 2023 + n % 3,
            "number": n + 1,
        }
        values.update(overrides)
        items.append(SubmissionFactory(**values))
    return items


@pytest.fixture
def corpus(org: SimpleNamespace) -> list[Submission]:
    return add_corpus(org)
