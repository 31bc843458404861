"""Editing a term in this process reloads the dictionary at the next segmentation.

Other processes notice through the terms' fingerprint, which the similarity index checks on every query.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from banli.textindex.models import Term
from banli.textindex.segment import mark_terms_stale


@receiver(post_save, sender=Term, dispatch_uid="textindex_term_saved")
@receiver(post_delete, sender=Term, dispatch_uid="textindex_term_deleted")
def _term_changed(sender: type[Term], **kwargs: Any) -> None:
    transaction.on_commit(mark_terms_stale)
