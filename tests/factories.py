import datetime

import factory
from django.contrib.auth import get_user_model

from branches.models import Member, Officer, Organization, PartyGroup
from responsibilities.models import Milestone, Responsibility


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("Secret-pass-123")


class CommitteeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    kind = Organization.Kind.COMMITTEE
    name = factory.Sequence(lambda n: f"第{n}工程公司党委")


class BranchFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    kind = Organization.Kind.BRANCH
    name = factory.Sequence(lambda n: f"第{n}项目党支部")
    parent = factory.SubFactory(CommitteeFactory)
    founded_on = datetime.date(2022, 5, 18)
    project_name = factory.Sequence(lambda n: f"第{n}号工程")


class PartyGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartyGroup

    branch = factory.SubFactory(BranchFactory)
    name = factory.Sequence(lambda n: f"第{n}党小组")


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Member

    branch = factory.SubFactory(BranchFactory)
    name = factory.Sequence(lambda n: f"党员{n}")
    gender = Member.Gender.MALE
    joined_on = datetime.date(2015, 7, 1)
    full_member_on = datetime.date(2016, 7, 1)
    status = Member.Status.FULL


class OfficerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Officer

    user = factory.SubFactory(UserFactory)
    organization = factory.SubFactory(CommitteeFactory)


class ResponsibilityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Responsibility

    branch = factory.SubFactory(BranchFactory)
    kind = Responsibility.Kind.RESPONSIBILITY_ZONE
    name = factory.Sequence(lambda n: f"第{n}责任区")


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Milestone

    responsibility = factory.SubFactory(ResponsibilityFactory)
    title = factory.Sequence(lambda n: f"节点{n}")
    due_on = factory.LazyFunction(lambda: datetime.date.today() + datetime.timedelta(days=10))
