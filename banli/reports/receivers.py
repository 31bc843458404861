"""Touch the items whose statistics a save or delete may change (``reports.summary`` refreshes them
before the write commits). Bulk writes send no signals: their services touch the items themselves."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models.signals import post_delete, post_save

from banli.assignments.models import Assignment
from banli.core import changes
from banli.core.models import Deadline, Event
from banli.evaluation.models import Evaluation, FollowUp
from banli.handling.models import Reply, ResultCategory
from banli.submissions.models import Submission


def _touch_item(sender: type[models.Model], instance: models.Model, using: str, **kwargs: Any) -> None:
    if kwargs.get("raw"):  # a backup being restored brings the summary rows with it
        return
    if isinstance(instance, Submission):
        changes.touch([instance.pk], using)
    else:
        changes.touch([instance.submission_id], using)  # type: ignore[attr-defined]


def _renew_deleted(sender: type[models.Model], instance: Submission, using: str, **kwargs: Any) -> None:
    """An item deleted (a draft) is no longer there for the refresh to find: its year's version is
    renewed here, so a cached count of a list it was on is not read again."""
    from banli.reports.cache import renew

    renew([(instance.jurisdiction_id, instance.year)], using)


def _touch_scheme(sender: type[models.Model], instance: ResultCategory, using: str, **kwargs: Any) -> None:
    """A category's order decides which unit's result is an item's (the least advanced): every item with
    a result of the scheme is recomputed."""
    if kwargs.get("raw"):
        return
    from banli.reports.models import UnitMeasures

    scheme = UnitMeasures.objects.using(using).filter(result__scheme_id=instance.scheme_id)
    changes.touch(scheme.values_list("submission_id", flat=True).distinct(), using)


def _renew_names(sender: type[models.Model], instance: models.Model, using: str, **kwargs: Any) -> None:
    """What every figure is shown with or selected by changed: the cached figures are computed again
    (``reports.cache``)."""
    if kwargs.get("raw"):
        return
    from banli.reports.cache import renew_names

    renew_names(using)


def _names_and_rules() -> list[type[models.Model]]:
    from banli.core.models import Assembly, Category, Jurisdiction, Member, Role, Session, Unit
    from banli.evaluation.models import RatingOption
    from banli.handling.models import ResultScheme
    from banli.supervision.models import KeyTopicItem

    return [
        Jurisdiction,
        Assembly,
        Session,
        Unit,
        Category,
        Role,
        Member,
        RatingOption,
        ResultScheme,
        ResultCategory,
        KeyTopicItem,
    ]


def connect() -> None:
    for model in (Submission, Assignment, Reply, FollowUp, Evaluation, Deadline, Event):
        post_save.connect(_touch_item, sender=model, dispatch_uid=f"reports.touch.{model.__name__}")
        post_delete.connect(_touch_item, sender=model, dispatch_uid=f"reports.untouch.{model.__name__}")
    post_save.connect(_touch_scheme, sender=ResultCategory, dispatch_uid="reports.touch.scheme")
    post_delete.connect(_renew_deleted, sender=Submission, dispatch_uid="reports.renew.deleted")
    for model in _names_and_rules():
        post_save.connect(_renew_names, sender=model, dispatch_uid=f"reports.names.{model.__name__}")
        post_delete.connect(_renew_names, sender=model, dispatch_uid=f"reports.unnames.{model.__name__}")
