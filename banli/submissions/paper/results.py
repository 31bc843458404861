"""What an import reports: the errors by row and column, the duplicates and what was created."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from banli.submissions.models import Submission, SubmissionKind


@dataclass(frozen=True)
class RowError:
    """One problem: the Excel row (1 is the header, 0 the file as a whole), the column and what is wrong."""

    row: int
    column: str
    message: str


@dataclass
class Duplicate:
    """A row whose 案由 repeats an item already in the system (``existing``) or an earlier row (``first_row``).

    After an import ``first_item`` is the item created from that earlier row and ``created`` the item made
    from this row (None when skipped, or when only checked).
    """

    row: int
    title: str
    existing: Submission | None = None
    first_row: int | None = None
    first_item: Submission | None = None
    created: Submission | None = None
    skipped: bool = False


@dataclass
class ImportResult:
    """What an import found and did. With any error nothing was written."""

    errors: list[RowError] = field(default_factory=list)
    duplicates: list[Duplicate] = field(default_factory=list)
    created: list[Submission] = field(default_factory=list)
    rows: int = 0  # data rows read (blank rows and the example row not counted)
    example_rows: int = 0
    cosignatures: int = 0
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def skipped(self) -> int:
        return sum(1 for d in self.duplicates if d.skipped)

    @property
    def error_rows(self) -> int:
        return len({e.row for e in self.errors})

    def counts_by_kind(self) -> list[tuple[str, int]]:
        """(建议, 1998), (议案, 2): how many items of each kind were created."""
        counts: dict[str, int] = defaultdict(int)
        for sub in self.created:
            counts[sub.kind] += 1
        return [(str(label), counts[value]) for value, label in SubmissionKind.choices if counts[value]]
