"""Factories for tests: real rows in the real database, no fixtures files."""

from __future__ import annotations

import datetime as dt

import factory
from factory.django import DjangoModelFactory

from banli.assignments.models import Assignment
from banli.core.models import Assembly, Category, Jurisdiction, Member, Role, Session, Unit, User
from banli.submissions.models import Submission

PASSWORD = "Test-pass-2026"


class JurisdictionFactory(DjangoModelFactory):
    class Meta:
        model = Jurisdiction
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"34{n:04d}")
    name = factory.Sequence(lambda n: f"测试市{n}")
    short_name = "市"
    level = "city"


class AssemblyFactory(DjangoModelFactory):
    class Meta:
        model = Assembly

    jurisdiction = factory.SubFactory(JurisdictionFactory)
    kind = "npc"
    term = 6
    name = factory.LazyAttribute(
        lambda o: f"{o.jurisdiction.name}第六届{'人民代表大会' if o.kind == 'npc' else '政协'}"
    )
    short_name = factory.LazyAttribute(lambda o: "市六届人大" if o.kind == "npc" else "市六届政协")
    start_year = 2022
    end_year = 2026


class SessionFactory(DjangoModelFactory):
    class Meta:
        model = Session

    assembly = factory.SubFactory(AssemblyFactory)
    number = 3
    name = "六届三次会议"
    opens_on = dt.date(2025, 1, 10)
    closes_on = dt.date(2025, 1, 13)


class UnitFactory(DjangoModelFactory):
    class Meta:
        model = Unit

    jurisdiction = factory.SubFactory(JurisdictionFactory)
    name = factory.Sequence(lambda n: f"测试局{n}")
    kind = "handling"
    system = "government"


class CategoryFactory(DjangoModelFactory):
    class Meta:
        model = Category

    jurisdiction = factory.SubFactory(JurisdictionFactory)
    name = factory.Sequence(lambda n: f"分类{n}")


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"用户{n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def saved(self, create: bool, extracted: object, **kwargs: object) -> None:
        if create:
            self.save()


class RoleFactory(DjangoModelFactory):
    class Meta:
        model = Role

    user = factory.SubFactory(UserFactory)
    code = "liaison"
    unit = factory.SubFactory(UnitFactory)
    jurisdiction = factory.LazyAttribute(lambda o: o.unit.jurisdiction if o.unit else JurisdictionFactory())


class MemberFactory(DjangoModelFactory):
    class Meta:
        model = Member

    assembly = factory.SubFactory(AssemblyFactory)
    user = factory.SubFactory(UserFactory)
    name = factory.LazyAttribute(lambda o: o.user.full_name if o.user else "代表")
    delegation = "埇桥区代表团"


class SubmissionFactory(DjangoModelFactory):
    class Meta:
        model = Submission

    lead_author = factory.SubFactory(MemberFactory)
    assembly = factory.LazyAttribute(lambda o: o.lead_author.assembly)
    jurisdiction = factory.LazyAttribute(lambda o: o.assembly.jurisdiction)
    session = None
    year = 2025
    kind = factory.LazyAttribute(lambda o: "suggestion" if o.assembly.kind == "npc" else "proposal")
    title = factory.Sequence(lambda n: f"关于加强社区养老服务设施建设的建议{n}")
    problem = "我市社区养老服务设施不足，分布不均。"
    advice = "建议统筹规划，新建一批社区养老服务中心。"
    created_by = factory.LazyAttribute(lambda o: o.lead_author.user)


class AssignmentFactory(DjangoModelFactory):
    class Meta:
        model = Assignment

    submission = factory.SubFactory(SubmissionFactory)
    jurisdiction = factory.LazyAttribute(lambda o: o.submission.jurisdiction)
    unit = factory.SubFactory(UnitFactory, jurisdiction=factory.SelfAttribute("..jurisdiction"))
    role = "sole"
    state = "assigned"
