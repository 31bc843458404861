"""Timing of fit and query for 3,000 synthetic items: run on demand, prints, asserts no timing.

BANLI_TEXT_TIMING=1 .venv/bin/pytest banli/textindex/tests/test_timing.py -s
"""

from __future__ import annotations

import os
import statistics
import time
from types import SimpleNamespace

import pytest
from django.db import connection

from banli.core.policies import scope
from banli.core.tests.factories import SubmissionFactory
from banli.submissions.models import Submission
from banli.textindex import similarity
from banli.textindex.similarity import get_index, rebuild, similar_to
from banli.textindex.tests.corpus import REWORDED, synthetic

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not os.environ.get("BANLI_TEXT_TIMING"), reason="timing runs on demand"),
]

COUNT = 3000


def timed(fn, *args, **kwargs):  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    result = fn(*args, **kwargs)
    return result, time.perf_counter() - started


def test_fit_and_query_3000_items(org: SimpleNamespace) -> None:
    model = SubmissionFactory.build(lead_author=org.deputy, state="registered")
    items = synthetic(COUNT)
    Submission.objects.bulk_create(
        [
            Submission(
                jurisdiction=model.jurisdiction,
                assembly=model.assembly,
                lead_author=model.lead_author,
                created_by=model.created_by,
                kind=model.kind,
                state="registered",
                year=2020 + n % 6,
                number=n + 1,
                title=title[:200],
                problem=problem,
                advice=advice,
            )
            for n, (title, problem, advice) in enumerate(items)
        ],
        batch_size=500,
    )
    jid = org.jurisdiction.pk
    candidates = scope(org.users.registry, Submission.objects.exclude(state="draft"))
    lines = [
        f"{connection.vendor}, {COUNT} items of {statistics.mean(len(''.join(i)) for i in items):.0f} characters"
    ]

    index, cold = timed(get_index, jid)
    assert len(index) == COUNT
    lines.append(f"first fit, segmenting everything: {cold:.2f} s {index.stats}")

    queries = [(t, f"{p}\n{a}") for _, (t, p, a) in REWORDED] + [("关于加快推进老旧小区加装电梯的建议", "")]
    took = []
    for _ in range(5):
        for title, body in queries:
            matches, seconds = timed(similar_to, title, body, jurisdiction_id=jid, candidates_qs=candidates)
            took.append(seconds)
            assert isinstance(matches, list)  # synthetic mixtures rarely pass MIN_SCORE; timing only
    lines.append(
        f"query (fingerprint check + score + scope filter): median {statistics.median(took) * 1000:.0f} ms, max {max(took) * 1000:.0f} ms"
    )

    changed = Submission.objects.order_by("pk").first()
    assert changed is not None
    changed.title = "关于规范共享单车停放秩序的建议"
    changed.save()
    index, refit = timed(get_index, jid)
    lines.append(f"refit after one item changed: {refit:.2f} s {index.stats}")

    similarity.clear_cache()
    index, restart = timed(get_index, jid)
    lines.append(f"first fit in a new process, words from the database: {restart:.2f} s {index.stats}")

    index, full = timed(rebuild, jid, resegment=True)
    lines.append(f"rebuild --resegment: {full:.2f} s")
    nnz = sum(m.nnz for m in index.matrices.values())
    mb = sum(m.data.nbytes + m.indices.nbytes + m.indptr.nbytes for m in index.matrices.values()) / 2**20
    lines.append(
        f"{index.width['words']} words, {index.width['chars']} n-grams, {nnz} non-zeros, {mb:.1f} MB of weights"
    )
    print("\n" + "\n".join(lines))
