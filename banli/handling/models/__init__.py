"""办: results, the work inside the unit, co-handlers' opinions, extensions, and the formal reply."""

from banli.handling.models.replies import (
    EDITABLE_REPLY,
    Commitment,
    CommitmentState,
    DocNumberPattern,
    DocNumberSequence,
    Reply,
    ReplyRecipient,
    ReplyState,
)
from banli.handling.models.results import (
    SOLVED_OR_PLANNED,
    TO_FOLLOW_UP,
    ResultCategory,
    ResultScheme,
    SemanticType,
)
from banli.handling.models.work import (
    ANSWERED_OPINIONS,
    Contact,
    ContactMethod,
    ContactPhase,
    Extension,
    ExtensionState,
    HandlingPlan,
    Opinion,
    OpinionState,
)

__all__ = [
    "ANSWERED_OPINIONS",
    "EDITABLE_REPLY",
    "SOLVED_OR_PLANNED",
    "TO_FOLLOW_UP",
    "Commitment",
    "CommitmentState",
    "Contact",
    "ContactMethod",
    "ContactPhase",
    "DocNumberPattern",
    "DocNumberSequence",
    "Extension",
    "ExtensionState",
    "HandlingPlan",
    "Opinion",
    "OpinionState",
    "Reply",
    "ReplyRecipient",
    "ReplyState",
    "ResultCategory",
    "ResultScheme",
    "SemanticType",
]
