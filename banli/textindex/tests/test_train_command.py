"""manage.py train_recommender: trains each jurisdiction, or with --if-stale only those that are due."""

from __future__ import annotations

import re
from io import StringIO
from types import SimpleNamespace

import pytest
from django.core.management import CommandError, call_command

from banli.textindex.models import RecommenderModel
from banli.textindex.recommend import RETRAIN_AFTER
from banli.textindex.tests.history import add_history

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command("train_recommender", *args, stdout=out)
    return out.getvalue()


def test_the_command_trains_every_jurisdiction_and_reports_it(
    org: SimpleNamespace, other_org: SimpleNamespace
) -> None:
    add_history(org, 3)
    output = run()
    assert re.search(r"宿州市（341300）：第1版模型，样本 12 件、单位 4 个，用时 \d+\.\d\d 秒", output)
    assert "合肥市（340100）：尚无交办记录，未训练（将仅按分办关键词推荐）" in output
    assert "完成" in output
    assert RecommenderModel.objects.get(jurisdiction=org.jurisdiction).sample_count == 12
    assert "第2版模型" in run("--jurisdiction", "341300")


def test_if_stale_retrains_only_when_enough_new_assignments_came(org: SimpleNamespace) -> None:
    add_history(org, 3)
    assert "第1版模型" in run("--if-stale")  # no model yet
    assert "自上次训练以来新增交办 0 件，无需重新训练" in run("--if-stale")
    add_history(org, RETRAIN_AFTER // 4, seed=2)  # four units: RETRAIN_AFTER new assignments
    assert "第2版模型" in run("--if-stale")


def test_an_unknown_jurisdiction_is_refused_in_chinese(org: SimpleNamespace) -> None:
    with pytest.raises(CommandError, match="未找到区划代码为 999999 的行政区域"):
        run("--jurisdiction", "999999")
