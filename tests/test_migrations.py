"""Data migrations, run forward from the state before them on records as they were."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

MEETINGS = ("activities", "0004_versioned_study_plan_items")
BEFORE_DIRECTORIES = [("branches", "0004_group_set_up_on"), MEETINGS]
WITH_DIRECTORIES = [("branches", "0005_partner_directory_per_headquarters"), MEETINGS]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture(autouse=True)
def latest_schema_after():
    """Later tests need every migration applied again, whatever went back here."""
    yield
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_a_partner_two_companies_shared_is_split_into_each_directory():
    apps = _migrate(BEFORE_DIRECTORIES)
    Organization = apps.get_model("branches", "Organization")
    Partner = apps.get_model("branches", "PartnerOrganization")
    Meeting = apps.get_model("activities", "Meeting")

    def branch_under(committee_name, branch_name):
        committee = Organization.objects.create(kind="committee", name=committee_name)
        committee.path = f"/{committee.pk}/"
        committee.save()
        branch = Organization.objects.create(kind="branch", name=branch_name, parent=committee)
        branch.path = f"{committee.path}{branch.pk}/"
        branch.save()
        return committee, branch

    ours, our_branch = branch_under("甲公司党委", "甲支部")
    theirs, their_branch = branch_under("乙公司党委", "乙支部")
    shared = Partner.objects.create(name="某街道党工委", contact_person="李主任")
    our_branch.partners.add(shared)
    their_branch.partners.add(shared)
    their_meeting = Meeting.objects.create(
        branch=their_branch, kind="joint", held_on="2024-05-01", topic="共建"
    )
    their_meeting.partners.add(shared)

    apps = _migrate(WITH_DIRECTORIES)
    Partner = apps.get_model("branches", "PartnerOrganization")
    Organization = apps.get_model("branches", "Organization")
    Meeting = apps.get_model("activities", "Meeting")
    copies = Partner.objects.filter(name="某街道党工委").order_by("pk")
    assert [p.headquarters_id for p in copies] == [ours.pk, theirs.pk]
    assert {p.contact_person for p in copies} == {"李主任"}
    assert list(Organization.objects.get(pk=our_branch.pk).partners.all()) == [copies[0]]
    assert list(Organization.objects.get(pk=their_branch.pk).partners.all()) == [copies[1]]
    assert list(Meeting.objects.get(pk=their_meeting.pk).partners.all()) == [copies[1]]


@pytest.mark.django_db(transaction=True)
def test_a_partner_nothing_names_goes_to_whoever_entered_it_or_nowhere():
    apps = _migrate(BEFORE_DIRECTORIES)
    Organization = apps.get_model("branches", "Organization")
    Partner = apps.get_model("branches", "PartnerOrganization")
    History = apps.get_model("branches", "HistoricalPartnerOrganization")
    Officer = apps.get_model("branches", "Officer")
    User = apps.get_model("accounts", "User")
    roots = []
    for name in ("甲公司党委", "乙公司党委"):
        committee = Organization.objects.create(kind="committee", name=name)
        committee.path = f"/{committee.pk}/"
        committee.save()
        roots.append(committee)
    officer = User.objects.create(username="乙officer")
    Officer.objects.create(user=officer, organization=roots[1])
    entered = Partner.objects.create(name="乙录入的单位", contact_person="王")
    History.objects.create(
        id=entered.pk,
        name=entered.name,
        history_type="+",
        history_date="2024-01-01T00:00:00Z",
        history_user=officer,
        created_at="2024-01-01T00:00:00Z",
        updated_at="2024-01-01T00:00:00Z",
    )
    Partner.objects.create(name="来历不明的单位")

    apps = _migrate(WITH_DIRECTORIES)
    Partner = apps.get_model("branches", "PartnerOrganization")
    assert Partner.objects.get(name="乙录入的单位").headquarters_id == roots[1].pk
    assert not Partner.objects.filter(name="来历不明的单位").exists()
