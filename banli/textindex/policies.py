"""Who sees recommended units and the report of how often they were right."""

from __future__ import annotations

from banli.core.policies import rule
from banli.submissions.policies import is_coordinator, is_leader, is_registry

#: The offices that assign (the registry proposes units and systems, the coordinating office decides).
rule("submission.recommend", is_registry | is_coordinator)
#: The report is the offices' and the leaders' (no object: the jurisdiction's figures).
rule("recommendation.report", is_registry | is_coordinator | is_leader)
