"""manage.py rebuild_text_index: refits and reports how many items were indexed and how long it took."""

from __future__ import annotations

import re
from io import StringIO
from types import SimpleNamespace

import pytest
from django.core.management import CommandError, call_command

from banli.core.tests.factories import SubmissionFactory
from banli.submissions.models import Submission
from banli.textindex import similarity
from banli.textindex.similarity import get_index

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command("rebuild_text_index", *args, stdout=out)
    return out.getvalue()


def test_the_command_reports_the_count_per_jurisdiction(
    org: SimpleNamespace, other_org: SimpleNamespace, corpus: list[Submission]
) -> None:
    SubmissionFactory(lead_author=org.deputy, state="draft")  # drafts are not indexed
    SubmissionFactory(lead_author=other_org.deputy, state="submitted")
    output = run()
    assert re.search(
        rf"宿州市（341300）：已索引 {len(corpus)} 件（新分词 {len(corpus)} 件，沿用已存分词 0 件），用时 \d+\.\d\d 秒",
        output,
    )
    assert re.search(r"合肥市（340100）：已索引 1 件", output)
    assert f"合计已索引 {len(corpus) + 1} 件" in output
    cached = similarity._indexes[org.jurisdiction.pk]
    assert len(cached) == len(corpus)
    assert get_index(org.jurisdiction.pk) is cached  # this process's cache holds what the command built


def test_the_command_rebuilds_one_jurisdiction(
    org: SimpleNamespace, other_org: SimpleNamespace, corpus: list[Submission]
) -> None:
    output = run("--jurisdiction", "341300")
    assert f"已索引 {len(corpus)} 件（新分词 {len(corpus)} 件" in output
    assert "合肥市" not in output
    assert f"沿用已存分词 {len(corpus)} 件" in run("--jurisdiction", "341300")
    assert f"新分词 {len(corpus)} 件" in run("--jurisdiction", "341300", "--resegment")


def test_an_unknown_code_is_refused(org: SimpleNamespace) -> None:
    with pytest.raises(CommandError, match="未找到区划代码为 999999 的行政区域"):
        run("--jurisdiction", "999999")
