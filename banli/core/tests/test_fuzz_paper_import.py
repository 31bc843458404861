"""The paper import fuzzed with hypothesis: any file, and any cell values in a well-formed workbook, end
in a clear result (rows imported, or errors naming row and column), never an exception, and a file with
any error writes nothing."""

from __future__ import annotations

import datetime as dt
import io
from types import SimpleNamespace

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from banli.core.models import Category, Member
from banli.submissions.models import Submission
from banli.submissions.paper import HEADERS, import_workbook

FUZZ = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture], database=None
)
NAMES = ["代表01", "代表02", "代表03"]
# What a cell can hold in a real workbook: text without control characters, numbers, dates, booleans.
cell_text = st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=40)
cell = st.one_of(
    st.none(),
    cell_text,
    st.sampled_from(
        [*NAMES, "、".join(NAMES[:2]), "建议", "提案", "议案", "是", "否", "城建", "=1+1", "'=A1"]
    ),
    st.integers(-(10**12), 10**12),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.datetimes(min_value=dt.datetime(1900, 3, 1), max_value=dt.datetime(2100, 1, 1)),
)
row = st.fixed_dictionaries({h: cell for h in HEADERS})


@pytest.fixture
def assembly(org: SimpleNamespace) -> SimpleNamespace:
    Member.objects.bulk_create([Member(assembly=org.npc, name=name) for name in NAMES])
    Category.objects.create(jurisdiction=org.jurisdiction, name="城建")
    return org


def xlsx(rows: list[dict[str, object]], headers: tuple[str, ...] = HEADERS) -> io.BytesIO:
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("建议提案")
    ws.append(list(headers))
    for r in rows:
        ws.append([r.get(h) for h in headers])
    out = io.BytesIO()
    wb.save(out)
    out.seek(0)
    out.name = "纸质件.xlsx"
    return out


@FUZZ
@given(rows=st.lists(row, min_size=1, max_size=4), order=st.permutations(HEADERS))
def test_any_cells_give_rows_imported_or_errors_named(assembly: SimpleNamespace, rows, order) -> None:  # type: ignore[no-untyped-def]
    before = Submission.objects.count()

    result = import_workbook(
        xlsx(rows, tuple(order)),
        assembly=assembly.npc,
        actor=assembly.users.registry,
        session=assembly.session,
    )

    if result.errors:
        assert Submission.objects.count() == before
        assert all(e.message for e in result.errors)
        assert all(e.row == 0 or 2 <= e.row <= len(rows) + 1 for e in result.errors)
    else:
        assert Submission.objects.count() == before + len(result.created)


@FUZZ
@given(content=st.binary(max_size=4096))
def test_any_bytes_are_refused_with_a_reason(assembly: SimpleNamespace, content: bytes) -> None:
    file = io.BytesIO(content)
    file.name = "纸质件.xlsx"

    result = import_workbook(
        file, assembly=assembly.npc, actor=assembly.users.registry, session=assembly.session
    )

    assert result.errors and not result.created
    assert Submission.objects.filter(assembly=assembly.npc).count() == 0


@FUZZ
@given(content=st.binary(max_size=2048), source=st.text(max_size=20), year=st.text(max_size=8))
def test_the_import_page_answers_any_post(
    assembly: SimpleNamespace, client: Client, content, source, year
) -> None:  # type: ignore[no-untyped-def]
    client.force_login(assembly.users.registry)
    upload = SimpleUploadedFile("纸质件.xlsx", content)

    response = client.post(reverse("submissions:import"), {"source": source, "year": year, "file": upload})

    assert response.status_code == 200
    assert Submission.objects.filter(assembly=assembly.npc).count() == 0
