"""Forms fuzzed with hypothesis: whatever a browser (or an attacker) posts, the answer is a page or a
redirect with a Chinese message, never a server error."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from banli.core.tests.factories import SubmissionFactory

FUZZ = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture], database=None
)
# Any text, control characters and NUL included; now and then a value near a field's limits.
text = st.one_of(
    st.text(max_size=60), st.text(min_size=190, max_size=260), st.sampled_from(["", " ", "\x00", "0"])
)
maybe = st.one_of(st.none(), text)


def posted(**fields: object) -> dict[str, object]:
    return {k: v for k, v in fields.items() if v is not None}


def answered(response, data: dict[str, object], *ok: int) -> None:  # type: ignore[no-untyped-def]
    """A page or redirect; 400 (the NUL refusal) only when a value carries a NUL character."""
    nul = any("\x00" in str(v) for v in data.values())
    assert response.status_code in ok or (nul and response.status_code == 400), response.status_code


@pytest.fixture
def deputy(org: SimpleNamespace, client: Client) -> Client:
    client.force_login(org.users.deputy)
    return client


@FUZZ
@given(title=maybe, problem=maybe, advice=maybe, category=maybe, consent=maybe, reason=maybe, secret=maybe)
def test_the_draft_form_never_fails(
    deputy: Client, title, problem, advice, category, consent, reason, secret
) -> None:  # type: ignore[no-untyped-def]
    data = posted(
        title=title,
        problem=problem,
        advice=advice,
        category=category,
        publication_consent=consent,
        publication_refusal_reason=reason,
        is_confidential=secret,
    )

    response = deputy.post(reverse("submissions:new"), data)

    answered(response, data, 200, 302)


@FUZZ
@given(name=st.text(min_size=1, max_size=80), content=st.binary(max_size=2048))
def test_any_file_uploaded_to_a_draft_is_refused_or_kept_never_a_crash(
    org: SimpleNamespace, deputy: Client, name, content
) -> None:  # type: ignore[no-untyped-def]
    from django.core.files.uploadedfile import SimpleUploadedFile

    sub = SubmissionFactory(lead_author=org.deputy)
    # "." and ".." are no file names: Django refuses to build such an upload object in a test (a real
    # multipart body naming them is cleaned by Django's parser and answered like any other: 302)
    safe = name.replace("/", "_").replace("\\", "_")
    upload = SimpleUploadedFile(safe if safe not in ("", ".", "..") else "x", content)

    response = deputy.post(reverse("submissions:upload", args=[sub.pk]), {"files": [upload]})

    assert response.status_code == 302


@FUZZ
@given(username=text, password=text)
def test_the_login_form_never_fails(db, username, password) -> None:  # type: ignore[no-untyped-def]
    data = {"username": username, "password": password}
    response = Client().post(reverse("login"), data)

    answered(response, data, 200, 429)


@FUZZ
@given(user=maybe, action=maybe, since=maybe, until=maybe, page=maybe, sort=maybe)
def test_the_audit_filters_never_fail(
    org: SimpleNamespace, client: Client, user, action, since, until, page, sort
) -> None:  # type: ignore[no-untyped-def]
    client.force_login(org.users.auditor)

    data = posted(user=user, action=action, since=since, until=until, page=page, sort=sort)
    response = client.get(reverse("audit:records"), data)

    answered(response, data, 200)


@pytest.mark.otp
@FUZZ
@given(token=maybe, next_url=maybe)
def test_the_code_form_never_fails(org: SimpleNamespace, client: Client, token, next_url) -> None:  # type: ignore[no-untyped-def]
    client.force_login(org.users.registry)

    data = posted(token=token, next=next_url)
    response = client.post(reverse("accounts:otp_setup"), data)

    answered(response, data, 200, 302)


@FUZZ
@given(state=maybe, kind=maybe, year=maybe, q=maybe, sort=maybe, page=maybe, mine=maybe)
def test_the_list_filters_never_fail(
    org: SimpleNamespace, client: Client, state, kind, year, q, sort, page, mine
) -> None:  # type: ignore[no-untyped-def]
    client.force_login(org.users.registry)

    data = posted(state=state, kind=kind, year=year, q=q, sort=sort, page=page, mine=mine)
    response = client.get(reverse("submissions:list"), data)

    answered(response, data, 200)
