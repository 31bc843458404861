"""督 transition table: a key supervision topic is open while it is supervised, closed when the registry
ends it (and may be reopened). Adding and removing items, urging and supervision actions change no state:
they are recorded events (``services``)."""

from __future__ import annotations

from banli.core.workflow import Transition, Workflow
from banli.submissions.policies import is_registry
from banli.supervision.models import KeyTopic, KeyTopicState

T = KeyTopicState

KEY_TOPIC_WORKFLOW = Workflow(
    name="key_topic",
    label="重点督办专题",
    model=KeyTopic,
    states=KeyTopicState,
    submission_of=lambda topic: None,
    transitions=[
        Transition(
            "close",
            "结束督办",
            (T.OPEN,),
            T.CLOSED,
            is_registry,
            confirm="结束后本专题不再列入督办，确定结束吗？",
            style="warning",
            doc="专题各件办理完毕或督办目标达成后结束督办。",
        ),
        Transition("reopen", "恢复督办", (T.CLOSED,), T.OPEN, is_registry, comment_required=True),
    ],
)
