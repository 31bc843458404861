"""督 services: every write of the stage, one function per act; each checks the policy itself, runs in
one transaction and leaves events on the items' timelines (which tell people through the notification
rules)."""

from banli.supervision.services.appraisal import (
    AssessmentInput,
    IndicatorWeight,
    Quota,
    SchemeInput,
    choose_excellent,
    excellence_quota,
    record_assessment,
    save_scheme,
    withdraw_excellent,
)
from banli.supervision.services.records import RecordInput, record_supervision
from banli.supervision.services.topics import TopicInput, add_items, create_topic, remove_item, update_topic
from banli.supervision.services.urging import URGE_METHODS, urge, urge_overdue

__all__ = [
    "URGE_METHODS",
    "AssessmentInput",
    "IndicatorWeight",
    "Quota",
    "RecordInput",
    "SchemeInput",
    "TopicInput",
    "add_items",
    "choose_excellent",
    "create_topic",
    "excellence_quota",
    "record_assessment",
    "record_supervision",
    "remove_item",
    "save_scheme",
    "update_topic",
    "urge",
    "urge_overdue",
    "withdraw_excellent",
]
