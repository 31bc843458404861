"""The service: check every row, flag duplicates, then write everything in one transaction.

A clean file is written with bulk inserts: the submissions (state 待审查, no number yet: the registry
registers and numbers them in its queue as usual), the confirmed co-signatures of the 联名人 and one
录入纸质件 event per item.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from banli.audit.log import audit
from banli.audit.models import AuditAction
from banli.core import changes
from banli.core.models import Assembly, Event, Session
from banli.core.models.org import User
from banli.core.policies import capacity
from banli.core.transactions import writing
from banli.core.workflow import GuardFailed, NotAllowed
from banli.submissions.models import Cosignature, CosignatureState, Submission, SubmissionState
from banli.submissions.paper.layout import EXAMPLE_MARK, TITLE
from banli.submissions.paper.lookups import title_key
from banli.submissions.paper.reading import Unreadable, WorkbookFile, file_name, read_workbook
from banli.submissions.paper.results import Duplicate, ImportResult, RowError
from banli.submissions.paper.rows import Checker, ParsedRow


def import_workbook(
    file: WorkbookFile,
    *,
    assembly: Assembly,
    actor: User,
    session: Session | None = None,
    year: int | None = None,
    skip_duplicates: bool = False,
    dry_run: bool = False,
) -> ImportResult:
    """Check every row of ``file`` (an .xlsx path or file object); if all are right, create the items.

    Items belong to ``session`` (and its year) or, between sessions, to ``year``. On success writes, in
    one transaction: a Submission per row (待审查, submitted now, entered by ``actor``, unnumbered), a
    confirmed Cosignature per 联名人 and a 录入纸质件 Event per item. Rows flagged as duplicates are
    created too unless ``skip_duplicates``. With any row error, or with ``dry_run``, nothing is written.

    Raises ``NotAllowed`` when ``actor`` is not the registry of ``assembly`` and ``GuardFailed`` for a
    session of another assembly or a missing year; problems of the file are returned, not raised.
    """
    role = capacity(actor, "submission.import", assembly)
    if not role:
        raise NotAllowed(f"只有{assembly.short_name}的交办机构工作人员可以录入纸质件。")
    if session is not None:
        if session.assembly_id != assembly.pk:
            raise GuardFailed("所选会议不属于该届人大或政协。")
        year = session.year
    if year is None:
        raise GuardFailed("请选择会议，或填写闭会期间提出的年度。")

    result = ImportResult(dry_run=dry_run)
    try:
        columns, data = read_workbook(file)
    except Unreadable as exc:
        result.errors.append(exc.error)
        return result

    checker = Checker(assembly, year, columns)
    rows: list[ParsedRow] = []
    for number, values in data:
        if checker.cell(values, TITLE).startswith(EXAMPLE_MARK):
            result.example_rows += 1
            continue
        result.rows += 1
        parsed = checker.check(number, values)
        if parsed is not None:
            rows.append(parsed)
    result.errors = checker.errors
    if not result.rows and not result.errors:
        result.errors.append(RowError(2, "", "表中只有示例行，没有要导入的数据。"))
    if result.errors:
        return result

    to_create, result.duplicates = flag_duplicates(rows, existing_titles(assembly, year), skip_duplicates)
    if dry_run:
        return result

    created = _create(to_create, assembly, session, year, actor, role, file_name(file))
    result.created = [sub for _, sub in created]
    result.cosignatures = sum(len(row.cosigners) for row in to_create)
    by_row = {row.row: sub for row, sub in created}
    for dup in result.duplicates:
        dup.created = by_row.get(dup.row)
        if dup.first_row is not None:
            dup.first_item = by_row.get(dup.first_row)
    return result


# ---- duplicates ----------------------------------------------------------------------------------------


def existing_titles(assembly: Assembly, year: int) -> dict[str, Submission]:
    """The assembly's items of the year (drafts aside) by normalised 案由, the oldest for each, in one query."""
    found: dict[str, Submission] = {}
    items = (
        Submission.objects.filter(assembly=assembly, year=year)
        .exclude(state=SubmissionState.DRAFT)
        .only("pk", "title", "number", "kind", "state", "year", "session_id", "assembly_id")
        .order_by("pk")
    )
    for sub in items:
        found.setdefault(title_key(sub.title), sub)
    return found


def flag_duplicates(
    rows: Sequence[ParsedRow], existing: dict[str, Submission], skip: bool
) -> tuple[list[ParsedRow], list[Duplicate]]:
    """The rows to create and the duplicates: rows whose 案由 repeats an item or an earlier row.

    Duplicates are flagged, not refused: they are created too unless ``skip``.
    """
    to_create: list[ParsedRow] = []
    first_rows: dict[str, int] = {}
    flagged: list[Duplicate] = []
    for row in rows:
        earlier = first_rows.get(row.key)
        first_rows.setdefault(row.key, row.row)
        if row.key in existing or earlier is not None:
            flagged.append(Duplicate(row.row, row.title, existing.get(row.key), earlier, skipped=skip))
            if skip:
                continue
        to_create.append(row)
    return to_create, flagged


# ---- writing -----------------------------------------------------------------------------------------


def _create(
    rows: Sequence[ParsedRow],
    assembly: Assembly,
    session: Session | None,
    year: int,
    actor: User,
    role: str,
    source: str,
) -> list[tuple[ParsedRow, Submission]]:
    """Write the items, their confirmed co-signatures and their events in one transaction (bulk inserts)."""
    now = timezone.now()
    today = timezone.localdate()
    subs = [
        Submission(
            jurisdiction_id=assembly.jurisdiction_id,
            assembly=assembly,
            session=session,
            year=year,
            kind=row.kind,
            title=row.title,
            problem=row.problem,
            advice=row.advice,
            category=row.category,
            lead_author=row.lead,
            created_by=actor,
            state=SubmissionState.SUBMITTED,
            submitted_at=now,
            is_confidential=row.secret,
            publication_consent=row.consent,
            publication_refusal_reason=row.reason,
        )
        for row in rows
    ]
    submission_type = ContentType.objects.get_for_model(Submission)
    with writing():
        Submission.objects.bulk_create(subs, batch_size=500)
        changes.touch(s.pk for s in subs)  # bulk_create sends no post_save
        Cosignature.objects.bulk_create(
            [
                Cosignature(
                    submission=sub,
                    member=member,
                    state=CosignatureState.CONFIRMED,
                    due_on=today,
                    responded_at=now,
                    comment="纸质件录入",
                )
                for row, sub in zip(rows, subs, strict=True)
                for member in row.cosigners
            ],
            batch_size=1000,
        )
        Event.objects.bulk_create(
            [
                Event(
                    jurisdiction_id=assembly.jurisdiction_id,
                    submission=sub,
                    content_type=submission_type,
                    object_id=sub.pk,
                    workflow="submission",
                    action="import_paper",
                    action_label="录入纸质件",
                    actor=actor,
                    actor_role=role,
                    from_state="",
                    to_state=SubmissionState.SUBMITTED,
                    payload={"file": source, "row": row.row, "cosigners": [m.name for m in row.cosigners]},
                )
                for row, sub in zip(rows, subs, strict=True)
            ],
            batch_size=500,
        )
        # Bulk inserts send no signals: one audit record stands for the whole import.
        audit(
            AuditAction.IMPORT,
            assembly,
            actor=actor,
            capacity=role,
            detail={
                "file": source,
                "submissions": [sub.pk for sub in subs],
                "cosignatures": sum(len(row.cosigners) for row in rows),
            },
        )
    return list(zip(rows, subs, strict=True))
