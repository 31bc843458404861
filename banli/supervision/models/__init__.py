"""督: key supervision topics, supervision actions, and the appraisal of units (schemes, third-party
assessments, excellent suggestions). Urging (催办) is an event on the assignment, not a row here."""

from banli.supervision.models.appraisal import (
    AppraisalIndicator,
    AppraisalScheme,
    Assessment,
    AssessmentConclusion,
    Excellence,
    Indicator,
)
from banli.supervision.models.topics import (
    KeyTopic,
    KeyTopicItem,
    KeyTopicState,
    SupervisionKind,
    SupervisionRecord,
)

__all__ = [
    "AppraisalIndicator",
    "AppraisalScheme",
    "Assessment",
    "AssessmentConclusion",
    "Excellence",
    "Indicator",
    "KeyTopic",
    "KeyTopicItem",
    "KeyTopicState",
    "SupervisionKind",
    "SupervisionRecord",
]
