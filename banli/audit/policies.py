"""Only the auditor (审计管理员) reads and exports the audit trail; nobody edits it."""

from __future__ import annotations

from banli.core.policies import is_auditor, rule

rule("audit.view", is_auditor)
