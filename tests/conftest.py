import os
from dataclasses import dataclass

import pytest
from django.core.files.base import ContentFile
from django.db import connection

from reports.defaults import report_for
from reports.models import ReportBundle

from .factories import (
    ActivityFactory,
    BranchFactory,
    ChecklistFactory,
    CommitteeFactory,
    HonourFactory,
    ItemFactory,
    MeetingFactory,
    MemberFactory,
    MilestoneFactory,
    OfficerFactory,
    PartyGroupFactory,
    ResponsibilityFactory,
    StudyPlanItemFactory,
    UserFactory,
    attach_photo,
)

# CI lists the services that must be there (LEDGER_REQUIRE=postgres,redis,chromium);
# a test that needs one of them fails instead of skipping when it is missing.
REQUIRED = {name for name in os.environ.get("LEDGER_REQUIRE", "").split(",") if name}


def needs(service, available, why):
    if available:
        return
    if service in REQUIRED:
        pytest.fail(f"{service} is required here (LEDGER_REQUIRE) but {why}")
    pytest.skip(why)


@pytest.fixture
def postgres():
    needs("postgres", connection.vendor == "postgresql", "the database is not PostgreSQL")


@pytest.fixture
def redis():
    """Tasks go through the configured Redis broker, to real workers, for this test."""
    from django.conf import settings

    from config.celery_app import app

    needs(
        "redis",
        settings.CELERY_BROKER_URL.startswith("redis://"),
        "CELERY_BROKER_URL does not point at Redis",
    )
    app.conf.task_always_eager = False
    yield
    app.conf.task_always_eager = True


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: ids are reused from test to test."""
    from django.core.cache import cache

    cache.clear()


@dataclass
class World:
    """An HQ with two sibling branches, and another party committee (another company)
    with its officer and a branch whose secretary is `other_secretary`."""

    committee: object
    branch: object
    sibling: object
    group: object
    secretary: object
    member: object
    sibling_secretary: object
    sibling_member: object
    zone: object
    milestone: object
    users: dict
    other_branch: object = None
    meeting: object = None
    activity: object = None
    honour: object = None
    plan_item: object = None
    photo: object = None
    checklist: object = None
    item: object = None
    submitted_item: object = None
    report: object = None
    bundle: object = None


@pytest.fixture
def world(db):
    committee = CommitteeFactory(name="测试工程公司党委")
    branch = BranchFactory(name="甲项目党支部", parent=committee)
    sibling = BranchFactory(name="乙项目党支部", parent=committee)
    group = PartyGroupFactory(branch=branch, name="第一党小组")
    users = {
        role: UserFactory(username=role)
        for role in [
            "admin",
            "hq",
            "secretary",
            "member",
            "sibling_secretary",
            "sibling_member",
            "other_hq",
            "other_secretary",
        ]
    }
    users["admin"].is_superuser = users["admin"].is_staff = True
    users["admin"].save()
    OfficerFactory(user=users["hq"], organization=committee)
    other_committee = CommitteeFactory(name="另一公司党委")
    OfficerFactory(user=users["other_hq"], organization=other_committee)
    other_branch = BranchFactory(name="丙项目党支部", parent=other_committee)
    MemberFactory(
        branch=other_branch,
        name="丙书记",
        user=users["other_secretary"],
        committee_role="secretary",
    )
    secretary = MemberFactory(
        branch=branch,
        name="甲书记",
        user=users["secretary"],
        committee_role="secretary",
        group=group,
    )
    member = MemberFactory(branch=branch, name="甲党员", user=users["member"], group=group)
    sibling_secretary = MemberFactory(
        branch=sibling, name="乙书记", user=users["sibling_secretary"], committee_role="secretary"
    )
    sibling_member = MemberFactory(branch=sibling, name="乙党员", user=users["sibling_member"])
    zone = ResponsibilityFactory(branch=branch, name="甲责任区")
    zone.members.add(member)
    milestone = MilestoneFactory(responsibility=zone, title="甲节点")
    world = World(
        committee,
        branch,
        sibling,
        group,
        secretary,
        member,
        sibling_secretary,
        sibling_member,
        zone,
        milestone,
        users,
        other_branch,
    )
    world.meeting = MeetingFactory(branch=branch, topic="甲支委会", host=secretary)
    world.photo = attach_photo(world.meeting, users["secretary"])
    world.activity = ActivityFactory(branch=branch, title="甲志愿服务")
    world.honour = HonourFactory(branch=branch, title="甲表扬信")
    world.plan_item = StudyPlanItemFactory(plan__branch=branch, plan__year=2024, topic="甲学习专题")
    world.checklist = ChecklistFactory(branch=branch, title="甲隐患清单")
    # The member's own item, being rectified; and one awaiting verification.
    world.item = ItemFactory(
        checklist=world.checklist, owner=member, problem="甲隐患一", status="in_progress"
    )
    world.submitted_item = ItemFactory(
        checklist=world.checklist, owner=member, problem="甲隐患二", status="awaiting"
    )
    world.report = report_for(branch, 2024)
    world.bundle = ReportBundle.objects.create(requested_by=users["hq"], year=2024)
    world.bundle.reports.set([world.report])
    world.bundle.zip.save("bundle.zip", ContentFile(b"PK\x05\x06" + b"\0" * 18))
    return world


@pytest.fixture
def login(client):
    def as_user(user):
        client.force_login(user)
        return client

    return as_user
