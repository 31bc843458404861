"""schemathesis over the whole schema, in process through the WSGI application, against a real test
database holding an organisation's items at every step, with real tokens of its users.

Every operation is fed examples that fit the schema and examples that break it; each response must be
no server error, have a documented status, content type and headers, and match its declared schema;
input that breaks the schema must be refused. Business refusals of well-formed input (a reply in the
wrong state: 400) are by design, so ``positive_data_acceptance`` is not among the checks.
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.utils import timezone
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.parameters import ParameterLocation
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from banli.api.tests.conftest import key_for
from banli.core.tests.factories import CategoryFactory, SubmissionFactory
from banli.core.workflow import transition
from banli.handling.services import opinion_of, save_opinion
from banli.handling.tests.conftest import complete_draft, contact, handled

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    negative_data_rejection,
]
#: Examples per operation and generation mode: 15 operations × 2 modes × 70 → over 2,000 requests.
EXAMPLES = 70
MINIMUM_REQUESTS = 2000


@pytest.fixture
def wsgi_app():  # type: ignore[no-untyped-def]
    """The project's WSGI handler on the test database: like Django's test client, it must not close
    the test's connection at the end of each request."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield WSGIHandler()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def items_at_every_step(org: SimpleNamespace) -> None:
    """Drafts, submitted and registered items, an item to sign for, one in handling with a draft reply
    and a co-handler's opinion, and one answered."""
    CategoryFactory(jurisdiction=org.jurisdiction, name="教育")
    SubmissionFactory(lead_author=org.deputy, state="draft")
    SubmissionFactory(lead_author=org.deputy, state="submitted")
    SubmissionFactory(lead_author=org.member, state="registered", number=1)
    waiting = SubmissionFactory(lead_author=org.deputy, state="assigning", system="government", number=7)
    from banli.assignments.services import Plan
    from banli.submissions.models import HandlingMode

    transition(
        waiting, "assign", org.users.coordinator, plan=Plan.build(HandlingMode.SOLE, org.units.unit_a, [])
    )
    working = handled(org, number=8)
    contact(org, working.lead)
    complete_draft(org, working.lead)
    save_opinion(working.co, org.users.other_liaison, "我局配合办理。", "赵六", "0557-3020000")
    answered = handled(org, co=False, number=9)
    contact(org, answered.lead)
    reply = complete_draft(
        org, answered.lead, commitments=[("年内完成", timezone.localdate() + dt.timedelta(days=30))]
    )
    for user, action in (
        (org.users.handler, "submit"),
        (org.users.reviewing_head, "approve"),
        (org.users.signing_head, "sign"),
        (org.users.coordinator, "send"),
    ):
        transition(reply, action, user)
    transition(opinion_of(working.co), "send", org.users.other_liaison)


def test_the_whole_schema_holds_under_generated_requests(org: SimpleNamespace, wsgi_app) -> None:  # type: ignore[no-untyped-def]
    items_at_every_step(org)
    callers = [key_for(getattr(org.users, name)) for name in ("liaison", "handler", "deputy", "coordinator")]
    auth = {"Authorization": f"Bearer {callers[0]}"}
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", wsgi_app, headers=auth)
    # mostly a real caller, now and then none (the 401 path); negative cases also drop the header
    headers = st.sampled_from([{"Authorization": f"Bearer {key}"} for key in callers] * 3 + [{}])
    made: dict[str, int] = {}
    statuses: dict[int, int] = {}

    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 16
    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

            @settings(
                max_examples=EXAMPLES,
                deadline=None,
                database=None,
                derandomize=True,
                phases=[Phase.explicit, Phase.generate],
                suppress_health_check=list(HealthCheck),
            )
            @given(case=operation.as_strategy(generation_mode=mode), header=headers)
            def call(case: schemathesis.Case, header: dict[str, str]) -> None:
                # a case whose own headers break the schema (no Authorization, say) is sent as made
                negative_headers = case.meta is not None and case.meta.is_negative_at(
                    ParameterLocation.HEADER
                )
                response = case.call_and_validate(headers=None if negative_headers else header, checks=CHECKS)
                made[case.operation.label] = made.get(case.operation.label, 0) + 1
                statuses[response.status_code] = statuses.get(response.status_code, 0) + 1

            call()
    total = sum(made.values())
    print(f"\nschemathesis: {total} 个请求，{len(made)} 个接口")
    for label, count in sorted(made.items()):
        print(f"  {count:4d}  {label}")
    print("  状态码：" + "，".join(f"{code} × {n}" for code, n in sorted(statuses.items())))
    assert total >= MINIMUM_REQUESTS
    assert len(made) == len(operations)
    assert statuses.get(200, 0) > 200 and max(statuses) < 500
