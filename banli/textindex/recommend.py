"""Recommended units (智能分办): for an item, the units most likely to lead it, with the words why.

Learned from the jurisdiction's past assignments: each submission whose lead (or sole) unit was formally
assigned is a training item labelled with that unit (the latest round's, so an adjustment counts as the
right answer). The model (:mod:`banli.textindex.centroids`) uses the words and character n-grams the
similarity index keeps for every item, so training segments nothing that is already segmented.

- :func:`train` fits and stores the model of a jurisdiction (:class:`~banli.textindex.models.RecommenderModel`);
  ``manage.py train_recommender`` calls it. A fit of ~1,200 items takes well under a second once the
  items' words are stored.
- New assignments feed it by a retrain, not an update in place: :func:`retrain_if_stale` retrains when
  :data:`RETRAIN_AFTER` new lead/sole assignments have been made since the last training
  (``train_recommender --if-stale``, meant to run from cron or the task worker, e.g. hourly).
- :func:`recommend` scores an item in a few milliseconds with three queries: the model's version (the
  arrays are read again only when another process trained a newer one), the keyword table, the units.
- :class:`~banli.textindex.models.UnitKeyword` rows are the cold start: with no history they alone
  decide; with ``n`` training items the model weighs ``n / (n + BLEND_SAMPLES)`` and the keywords the
  rest, for the items that contain any.
"""

from __future__ import annotations

import logging
import threading
import time
import zipfile
from dataclasses import dataclass, field

from django.utils import timezone

from banli.assignments.models import Assignment, AssignmentRole, AssignmentState
from banli.core.models import Jurisdiction, Unit, UnitKind
from banli.core.transactions import writing
from banli.submissions.models import Submission
from banli.textindex import centroids
from banli.textindex.centroids import CentroidModel
from banli.textindex.models import RecommenderModel, UnitKeyword
from banli.textindex.segment import dictionary_version, normalise, segment
from banli.textindex.similarity import get_index

logger = logging.getLogger("banli.textindex")

#: The assignments that say which unit leads an item: formally made, not withdrawn.
LEAD_ROLES = (AssignmentRole.SOLE, AssignmentRole.LEAD)
DECIDED_STATES = (AssignmentState.ASSIGNED, AssignmentState.RECEIVED, AssignmentState.REPLIED)
#: Retrain once this many new lead/sole assignments have been made since the last training.
RETRAIN_AFTER = 20
#: With this many training items the model and the keyword table weigh the same.
BLEND_SAMPLES = 100
#: Words shown per recommendation.
WORDS = 5

Sample = tuple[int, int]  # (submission pk, lead unit pk)


@dataclass(frozen=True)
class Recommendation:
    """A unit proposed to lead an item: its score (0..1) and the words that drove it."""

    unit: Unit
    score: float
    words: tuple[str, ...] = ()
    #: "model", "keywords" or "model+keywords": what the score came from.
    source: str = "model"

    @property
    def percent(self) -> int:
        return round(self.score * 100)


# ---- training -------------------------------------------------------------------------------------------


def training_samples(jurisdiction_id: int) -> tuple[list[Sample], int]:
    """(submission, lead unit) of every item of the jurisdiction with a formal lead or sole assignment
    (the highest round's), and the highest assignment pk seen. One query."""
    rows = (
        Assignment.objects.filter(
            jurisdiction_id=jurisdiction_id, role__in=LEAD_ROLES, state__in=DECIDED_STATES
        )
        .order_by("submission_id", "round", "pk")
        .values_list("submission_id", "unit_id", "pk")
    )
    lead: dict[int, int] = {}
    top = 0
    for submission_id, unit_id, pk in rows.iterator(chunk_size=5000):
        lead[submission_id] = unit_id  # a later round replaces an earlier one
        top = max(top, pk)
    return sorted(lead.items()), top


def fit(jurisdiction_id: int, samples: list[Sample]) -> CentroidModel | None:
    """A model fitted on ``samples`` with the words of the jurisdiction's similarity index (which may
    segment and store items not segmented yet); None when no sample is in the index."""
    index = get_index(jurisdiction_id)
    usable = [(pk, unit) for pk, unit in samples if pk in index.rows]
    if not usable:
        return None
    tokens = index.corpus.words.tokens(index.width["words"])
    return centroids.fit([index.rows[pk] for pk, _ in usable], [unit for _, unit in usable], tokens)


def train(jurisdiction: Jurisdiction | int) -> RecommenderModel | None:
    """Fit the jurisdiction's model on all its decided assignments and store it (a new version).

    Writes :class:`RecommenderModel` (and, through the similarity index, the words of items not yet
    segmented). Without any decided assignment nothing is written and None is returned: the keyword
    table alone then serves.
    """
    jid = jurisdiction if isinstance(jurisdiction, int) else jurisdiction.pk
    started = time.perf_counter()
    samples, top = training_samples(jid)
    model = fit(jid, samples)
    if model is None:
        return None
    blob = model.to_bytes()
    seconds = time.perf_counter() - started
    values = {
        "method": centroids.METHOD,
        "format": centroids.FORMAT,
        "dictionary": dictionary_version(),
        "trained_at": timezone.now(),
        "sample_count": int(model.counts.sum()),
        "unit_count": len(model.units),
        "last_assignment_id": top,
        "seconds": round(seconds, 3),
        "arrays": blob,
    }
    with writing():
        row = RecommenderModel.objects.select_for_update().filter(jurisdiction_id=jid).first()
        if row is None:
            row = RecommenderModel.objects.create(jurisdiction_id=jid, version=1, **values)
        else:
            for key, value in values.items():
                setattr(row, key, value)
            row.version += 1
            row.save()
    _cache[jid] = (row.pk, row.version, model, row.sample_count)
    logger.info("智能分办模型已训练：行政区域 %s，样本 %s 件，用时 %.2f 秒", jid, row.sample_count, seconds)
    return row


def new_since_training(jurisdiction_id: int) -> int | None:
    """How many lead/sole assignments were made after the stored model was trained; None without a
    model. One or two queries."""
    row = (
        RecommenderModel.objects.filter(jurisdiction_id=jurisdiction_id).values("last_assignment_id").first()
    )
    if row is None:
        return None
    return Assignment.objects.filter(
        jurisdiction_id=jurisdiction_id,
        role__in=LEAD_ROLES,
        state__in=DECIDED_STATES,
        pk__gt=row["last_assignment_id"],
    ).count()


def retrain_if_stale(
    jurisdiction: Jurisdiction | int, threshold: int = RETRAIN_AFTER
) -> RecommenderModel | None:
    """Retrain when the jurisdiction has no model (but has history) or ``threshold`` new lead/sole
    assignments since its training; answer the new row, or None when nothing was done."""
    jid = jurisdiction if isinstance(jurisdiction, int) else jurisdiction.pk
    waiting = new_since_training(jid)
    if waiting is None or waiting >= threshold:
        return train(jid)
    return None


# ---- the per-process cache ------------------------------------------------------------------------------

#: jurisdiction pk → (row pk, version, model, training items)
_cache: dict[int, tuple[int, int, CentroidModel, int]] = {}
_lock = threading.Lock()


def clear_cache() -> None:
    """Forget every model this process loaded."""
    _cache.clear()


def current_model(jurisdiction_id: int) -> tuple[CentroidModel | None, int]:
    """The stored model of the jurisdiction and its number of training items ((None, 0) without one).

    One query when this process holds the stored version; a second to read newer arrays. A model of a
    format this code cannot read is skipped (logged) until it is retrained.
    """
    row = (
        RecommenderModel.objects.filter(jurisdiction_id=jurisdiction_id).values_list("pk", "version").first()
    )
    if row is None:
        return None, 0
    cached = _cache.get(jurisdiction_id)
    if cached is not None and cached[:2] == row:
        return cached[2], cached[3]
    with _lock:
        stored = RecommenderModel.objects.filter(pk=row[0]).only("version", "arrays", "sample_count").first()
        if stored is None:
            return None, 0
        try:
            model = CentroidModel.from_bytes(bytes(stored.arrays))
        except (ValueError, KeyError, OSError, zipfile.BadZipFile):
            logger.warning("智能分办模型无法读取（行政区域 %s），请重新训练", jurisdiction_id, exc_info=True)
            return None, 0
        _cache[jurisdiction_id] = (stored.pk, stored.version, model, stored.sample_count)
        return model, stored.sample_count


# ---- recommending ---------------------------------------------------------------------------------------


@dataclass
class _Candidate:
    score: float = 0.0
    position: int = -1  # the unit's row in the model, -1 when the model does not know it
    keywords: list[str] = field(default_factory=list)


def _text_of(item: Submission | str | tuple[str, str]) -> tuple[str, str]:
    if isinstance(item, Submission):
        return item.title or "", f"{item.problem or ''}\n{item.advice or ''}"
    if isinstance(item, tuple):
        return item[0] or "", item[1] or ""
    return "", item or ""


def keyword_matches(title: str, body: str, jurisdiction_id: int) -> dict[int, tuple[float, list[str]]]:
    """unit pk → (summed weight, keywords found) of the keyword table entries the text contains; a
    keyword in the title counts twice. One query."""
    title_n, body_n = normalise(title), normalise(body)
    found: dict[int, tuple[float, list[str]]] = {}
    for keyword, unit_id, weight in UnitKeyword.objects.filter(jurisdiction_id=jurisdiction_id).values_list(
        "keyword", "unit_id", "weight"
    ):
        word = normalise(keyword).strip()
        if not word:
            continue
        hits = 2 * (word in title_n) + (word in body_n)
        if hits:
            total, words = found.get(unit_id, (0.0, []))
            found[unit_id] = (total + weight * min(hits, 2), [*words, keyword.strip()])
    return found


def recommend(
    submission_or_text: Submission | str | tuple[str, str],
    jurisdiction: Jurisdiction | int,
    k: int = 3,
    *,
    system: str | None = None,
) -> list[Recommendation]:
    """The ``k`` units most likely to lead the item, best first, each with a score in 0..1 and up to
    five words that drove it (matched keywords first, then the item's words that speak most for the
    unit in the model).

    ``submission_or_text`` is a submission (title, 问题 and 建议), a ``(title, body)`` pair or a plain
    text (taken as the body). Only active handling units of ``jurisdiction`` are proposed, and only those
    of ``system`` when given (a coordinating office assigns inside its own system). Reads the database
    (three queries, see the module docstring); changes nothing but this process's model cache.
    """
    jid = jurisdiction if isinstance(jurisdiction, int) else jurisdiction.pk
    title, body = _text_of(submission_or_text)
    if not (title.strip() or body.strip()) or k <= 0:
        return []
    model, samples = current_model(jid)
    candidates: dict[int, _Candidate] = {}
    vector = None
    if model is not None:
        vector = model.vector(segment(title), segment(body), title, body)
        for position, probability in enumerate(model.probabilities(vector).tolist()):
            if probability > 0:
                candidates[int(model.units[position])] = _Candidate(probability, position)
    keywords = keyword_matches(title, body, jid)
    if keywords:
        model_weight = samples / (samples + BLEND_SAMPLES) if model is not None else 0.0
        total = sum(weight for weight, _ in keywords.values())
        for c in candidates.values():
            c.score *= model_weight
        for unit_id, (weight, words) in keywords.items():
            c = candidates.setdefault(unit_id, _Candidate())
            c.score += (1.0 - model_weight) * weight / total
            c.keywords = words
    if not candidates:
        return []
    units = Unit.objects.filter(
        pk__in=list(candidates), jurisdiction_id=jid, kind=UnitKind.HANDLING, is_active=True
    )
    if system:
        units = units.filter(system=system)
    by_pk = units.in_bulk()
    ranked = sorted((pk for pk in candidates if pk in by_pk), key=lambda pk: (-candidates[pk].score, pk))
    found = []
    for pk in ranked[:k]:
        c = candidates[pk]
        learned = (
            model.explain(vector, c.position, WORDS)
            if model and vector is not None and c.position >= 0
            else []
        )
        sources = [
            name for name, used in (("model", c.position >= 0), ("keywords", bool(c.keywords))) if used
        ]
        found.append(
            Recommendation(
                unit=by_pk[pk],
                score=round(min(max(c.score, 0.0), 1.0), 4),
                words=tuple(dict.fromkeys([*c.keywords, *learned]))[:WORDS],
                source="+".join(sources),
            )
        )
    return found
