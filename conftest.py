"""Test-wide fixtures: an organisation with a user for every role, and fast password hashing."""

from collections.abc import Generator
from types import SimpleNamespace

import pytest
from hypothesis import HealthCheck, settings

# Shared, loaded machines: a property test is judged on its property, never on how fast it ran.
settings.register_profile("banli", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("banli")

pytest_plugins = ["banli.core.tests.browser"]  # browser_page and chromium fixtures


@pytest.fixture(autouse=True)
def _empty_cache() -> Generator[None, None, None]:
    """Every test starts with an empty cache: what one test kept (figures under its versions, a
    portal count) belongs to data its rollback removed."""
    from django.core.cache import cache

    cache.clear()
    yield


def build_org(code: str = "341300", name: str = "宿州市") -> SimpleNamespace:
    """A small jurisdiction with one user for every role, used across the suite."""
    from banli.core.tests import factories as f

    j = f.JurisdictionFactory(code=code, name=name)
    npc = f.AssemblyFactory(jurisdiction=j, kind="npc")
    cppcc = f.AssemblyFactory(jurisdiction=j, kind="cppcc", short_name="市六届政协")
    session = f.SessionFactory(assembly=npc)
    units = SimpleNamespace(
        npc_registry=f.UnitFactory(
            jurisdiction=j, name=f"{name}人大常委会代表工委", kind="registry", system="", assembly_kind="npc"
        ),
        cppcc_registry=f.UnitFactory(
            jurisdiction=j, name=f"{name}政协提案委", kind="registry", system="", assembly_kind="cppcc"
        ),
        gov_office=f.UnitFactory(
            jurisdiction=j, name=f"{name}政府办公室", kind="coordinator", system="government"
        ),
        party_office=f.UnitFactory(
            jurisdiction=j, name=f"{name}委办公室", kind="coordinator", system="party"
        ),
        unit_a=f.UnitFactory(jurisdiction=j, name=f"{name}发展和改革委员会", system="government"),
        unit_b=f.UnitFactory(jurisdiction=j, name=f"{name}教育局", system="government"),
        committee=f.UnitFactory(jurisdiction=j, name=f"{name}人大财经委", kind="committee", system=""),
    )

    def role(code: str, unit=None):  # type: ignore[no-untyped-def]
        return f.RoleFactory(code=code, unit=unit, jurisdiction=j).user

    users = SimpleNamespace(
        registry=role("registry_staff", units.npc_registry),
        cppcc_registry=role("registry_staff", units.cppcc_registry),
        coordinator=role("coordinator_staff", units.gov_office),
        party_coordinator=role("coordinator_staff", units.party_office),
        liaison=role("liaison", units.unit_a),
        handler=role("handler", units.unit_a),
        reviewing_head=role("reviewing_head", units.unit_a),
        signing_head=role("signing_head", units.unit_a),
        other_liaison=role("liaison", units.unit_b),
        leader=role("leader"),
        committee_member=role("committee_member", units.committee),
        system_admin=role("system_admin"),
        security_admin=role("security_admin"),
        auditor=role("auditor"),
    )
    deputy = f.MemberFactory(assembly=npc)
    other_deputy = f.MemberFactory(assembly=npc)
    member = f.MemberFactory(assembly=cppcc, delegation="", sector="经济界")
    users.deputy, users.other_deputy, users.member = deputy.user, other_deputy.user, member.user
    for u in vars(users).values():
        u.jurisdiction = j
        u.save(update_fields=["jurisdiction"])
    return SimpleNamespace(
        jurisdiction=j,
        npc=npc,
        cppcc=cppcc,
        session=session,
        units=units,
        users=users,
        deputy=deputy,
        other_deputy=other_deputy,
        member=member,
    )


@pytest.fixture
def org(db) -> SimpleNamespace:  # type: ignore[no-untyped-def]
    return build_org()


@pytest.fixture
def other_org(db) -> SimpleNamespace:  # type: ignore[no-untyped-def]
    return build_org(code="340100", name="合肥市")


@pytest.fixture
def live_org(django_db_serialized_rollback: None, transactional_db: None) -> SimpleNamespace:
    """``org`` committed for real, so the live server's thread sees it (browser tests).

    The transactional test flushes every table afterwards, including the rows the migrations seeded;
    serialized rollback keeps a copy of them, which ``pytest_runtest_teardown`` below puts back.
    """
    return build_org()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):  # type: ignore[no-untyped-def]
    """Argon2 is the production hasher; tests that are not about hashing use a fast one."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _second_factor_only_where_tested(request, settings):  # type: ignore[no-untyped-def]
    """Tests log users in with ``force_login`` or a password; only the tests marked ``otp`` (those about
    the second factor) walk the code step too. Production always enforces it."""
    settings.BANLI_OTP_ENFORCED = request.node.get_closest_marker("otp") is not None


def _is_transactional(item: pytest.Item) -> bool:
    marker = item.get_closest_marker("django_db")
    names = set(getattr(item, "fixturenames", ()))
    return bool(marker and marker.kwargs.get("transaction")) or bool(
        names & {"transactional_db", "live_server", "django_db_serialized_rollback"}
    )


def _was_flushed(alias: str) -> bool:
    """Content types always exist in a migrated database: none left means the flush just ran."""
    from django.contrib.contenttypes.models import ContentType

    return not ContentType.objects.using(alias).exists()


def _discard_audit_trail(item: pytest.Item) -> None:
    """Before the flush that ends a transactional test: the audit table refuses plain deletes, so the
    trail the test wrote is discarded the sanctioned way (anchored, then deleted)."""
    from django.db import connections
    from pytest_django.plugin import blocking_manager_key

    from banli.audit.retention import discard_all

    with item.config.stash[blocking_manager_key].unblock():
        for connection in connections.all():
            if "audit_auditrecord" in connection.introspection.table_names():
                discard_all(using=connection.alias)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> Generator[None, None, None]:
    """After a transactional test, put back the rows the migrations seeded (calendar, content types,
    permissions, default reasons): the flush that ends such a test removes them for everyone after.
    Needs the serialized copy, which pytest-django keeps when a test asks for serialized rollback."""
    from django.db import connections
    from pytest_django.plugin import blocking_manager_key

    if _is_transactional(item):
        _discard_audit_trail(item)
    result = yield
    # With no next item the test databases are gone already, and the connections point at the real ones.
    if nextitem is not None and _is_transactional(item):
        with item.config.stash[blocking_manager_key].unblock():
            for connection in connections.all():
                contents = getattr(connection, "_test_serialized_contents", None)
                if contents and _was_flushed(connection.alias):
                    connection.creation.deserialize_db_from_string(contents)
                    connection.close()
    return result


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests marked ``once`` check what the database cannot change (which URL answers whom, what a page
    says to assistive technology) and take minutes: ``make test`` runs them in its SQLite pass only.
    ``BANLI_ONCE_ON_POSTGRES=1`` runs them on PostgreSQL too."""
    import os

    from django.conf import settings as django_settings

    engine = django_settings.DATABASES["default"]["ENGINE"]
    if "postgresql" not in engine or os.environ.get("BANLI_ONCE_ON_POSTGRES") == "1":
        return
    skip = pytest.mark.skip(
        reason="已在 SQLite 测试中运行（与数据库无关；BANLI_ONCE_ON_POSTGRES=1 时也在 PostgreSQL 上运行）"
    )
    for item in items:
        if item.get_closest_marker("once"):
            item.add_marker(skip)
