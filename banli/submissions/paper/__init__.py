"""录入纸质件: the registry imports paper suggestions and proposals from its Excel template.

The template (:func:`template_workbook`) has one row per item under a header row: 领衔人, 联名人, 类型,
案由, 问题/情况, 建议/办法, 分类, 是否同意公开, 不同意公开理由, 涉密 (any order; unknown columns are ignored).
:func:`import_workbook` reads it with openpyxl in read-only mode and checks EVERY row before it writes
anything. Any error in any row means nothing is written, and every error is reported as (row, column,
Chinese message). A clean file is written in one transaction with bulk inserts: the submissions (state
待审查, no number yet: the registry registers and numbers them in its queue as usual), the confirmed
co-signatures of the 联名人 and one 录入纸质件 event per item.

Members and categories are loaded once into dicts, so the number of queries does not grow with the rows
(apart from the batches of the bulk inserts).

Duplicates are flagged, not refused: a row whose 案由, with whitespace and punctuation removed, equals
that of an item already in the system (same assembly and year) or of an earlier row of the file is
listed in :attr:`ImportResult.duplicates`; it is imported anyway unless ``skip_duplicates`` is set.

Importing is permission ``submission.import`` on an :class:`~banli.core.models.Assembly`, registered
by :mod:`.permission` when this package is imported.

Modules: ``layout`` (sheets, columns, limits), ``reading`` (opening the file, the header, safety checks),
``lookups`` (members and categories, loaded once), ``rows`` (the checks of one row), ``importing`` (the
service, duplicates, the bulk writes), ``template`` (the downloadable workbook), ``results``.
"""

from __future__ import annotations

from banli.submissions.paper.importing import import_workbook
from banli.submissions.paper.layout import HEADERS, MAX_UPLOAD_MB
from banli.submissions.paper.lookups import title_key
from banli.submissions.paper.permission import is_assembly_registry
from banli.submissions.paper.results import Duplicate, ImportResult, RowError
from banli.submissions.paper.template import template_workbook

__all__ = [
    "HEADERS",
    "MAX_UPLOAD_MB",
    "Duplicate",
    "ImportResult",
    "RowError",
    "import_workbook",
    "is_assembly_registry",
    "template_workbook",
    "title_key",
]
