"""The quality bar: trained on four fifths of the demo city's history, the recommender names the right
lead unit among its first three for at least 90% of the fifth held back. Prints the figures (run with
``-s`` to see them); timings are printed, never asserted."""

from __future__ import annotations

import random
import statistics
import time
from collections.abc import Iterator
from io import StringIO

import numpy as np
import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from banli.core.models import Jurisdiction
from banli.submissions.models import Submission
from banli.textindex import recommend as rec
from banli.textindex.segment import segment

SPLIT_SEED = 2026


@pytest.fixture(scope="module")
def demo_city(django_db_setup, django_db_blocker) -> Iterator[Jurisdiction]:  # type: ignore[no-untyped-def]
    """The demo city with its four past years, loaded once for the module and rolled back after it."""
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]),
        transaction.atomic(),
    ):
        call_command("load_demo", "--quiet", stdout=StringIO())
        yield Jurisdiction.objects.get(code="341300")
        transaction.set_rollback(True)


def held_back_split(samples: list[rec.Sample]) -> tuple[list[rec.Sample], list[rec.Sample]]:
    """A fixed fifth held back (a seeded shuffle), and the four fifths to train on."""
    shuffled = samples[:]
    random.Random(SPLIT_SEED).shuffle(shuffled)
    held = set(shuffled[: len(shuffled) // 5])
    return [s for s in samples if s not in held], [s for s in samples if s in held]


def test_the_right_lead_unit_is_in_the_top_3_for_nine_in_ten_held_back_items(
    demo_city: Jurisdiction, db
) -> None:  # type: ignore[no-untyped-def]
    samples, _top = rec.training_samples(demo_city.pk)
    assert len(samples) >= 1200
    train, held = held_back_split(samples)
    started = time.perf_counter()
    model = rec.fit(demo_city.pk, train)
    fit_seconds = time.perf_counter() - started
    assert model is not None
    texts = Submission.objects.in_bulk([pk for pk, _ in held])
    top1 = top3 = 0
    took = []
    for pk, unit in held:
        sub = texts[pk]
        title, body = sub.title, f"{sub.problem}\n{sub.advice}"
        started = time.perf_counter()
        vector = model.vector(segment(title), segment(body), title, body)
        ranked = [int(model.units[i]) for i in np.argsort(-model.probabilities(vector))[:3]]
        took.append(time.perf_counter() - started)
        top1 += ranked[0] == unit
        top3 += unit in ranked
    print(
        f"\n智能分办：训练 {len(train)} 件（用时 {fit_seconds:.2f} 秒），留出 {len(held)} 件；"
        f"首位命中 {top1 / len(held):.1%}，前三命中 {top3 / len(held):.1%}；"
        f"每件打分中位数 {statistics.median(took) * 1000:.1f} 毫秒"
    )
    assert top3 / len(held) >= 0.9
    assert top1 / len(held) >= 0.6


def test_recommending_one_item_from_the_stored_model(demo_city: Jurisdiction, db) -> None:  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    row = rec.train(demo_city)
    train_seconds = time.perf_counter() - started
    assert row is not None and row.sample_count >= 1200 and row.unit_count >= 30
    rec.clear_cache()
    items = list(Submission.objects.filter(jurisdiction=demo_city, state="closed").order_by("pk")[:200])
    rec.recommend(items[0], demo_city)  # loads the arrays
    took = []
    for sub in items:
        started = time.perf_counter()
        found = rec.recommend(sub, demo_city)
        took.append(time.perf_counter() - started)
        assert len(found) == 3 and all(r.words for r in found[:1])
    print(
        f"\n智能分办：全部 {row.sample_count} 件训练用时 {train_seconds:.2f} 秒，模型 {len(row.arrays) // 1024} KB；"
        f"推荐一件（含三次查询）中位数 {statistics.median(took) * 1000:.1f} 毫秒，最长 {max(took) * 1000:.1f} 毫秒"
    )
