"""Template helpers that need the workflow registry (labels of states)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import template
from django.utils import timezone

from banli.core.workflow import workflows

register = template.Library()


@register.simple_tag
def state_label(workflow_name: str, state: str) -> str:
    """Chinese label of a state of the named workflow (the raw value if unknown)."""
    for wf in workflows():
        if wf.name == workflow_name:
            return wf.state_label(state)
    return state


@register.filter
def get_item(mapping: dict[Any, Any], key: Any) -> Any:
    """``{{ counts|get_item:key }}``: a dictionary's value for a key (None when absent)."""
    return mapping.get(key) if mapping else None


@register.filter
def is_past(day: dt.date | None) -> bool:
    """True when a due date lies before today (Beijing time): the duty is overdue."""
    return day is not None and day < timezone.localdate()
