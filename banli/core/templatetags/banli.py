"""Template helpers that need the workflow registry (labels of states)."""

from __future__ import annotations

from django import template

from banli.core.workflow import workflows

register = template.Library()


@register.simple_tag
def state_label(workflow_name: str, state: str) -> str:
    """Chinese label of a state of the named workflow (the raw value if unknown)."""
    for wf in workflows():
        if wf.name == workflow_name:
            return wf.state_label(state)
    return state
