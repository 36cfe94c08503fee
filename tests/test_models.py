import datetime

import pytest
from django.core.exceptions import ValidationError

from branches.access import Access
from branches.models import Member, Organization
from responsibilities.models import Milestone

from .factories import (
    BranchFactory,
    CommitteeFactory,
    MemberFactory,
    MilestoneFactory,
    PartyGroupFactory,
    ResponsibilityFactory,
)

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 21)


def test_subtree_follows_the_tree_and_moves_with_its_parent():
    committee = CommitteeFactory()
    general = Organization.objects.create(
        kind=Organization.Kind.GENERAL_BRANCH, name="总支", parent=committee
    )
    branch = BranchFactory(parent=general)
    other = CommitteeFactory()
    assert set(Organization.objects.within(committee)) == {committee, general, branch}

    general.parent = other
    general.save()
    branch.refresh_from_db()
    assert branch.path == f"{other.path}{general.pk}/{branch.pk}/"
    assert set(Organization.objects.within(committee)) == {committee}
    assert set(Organization.objects.within(other).branches()) == {branch}


def test_a_branch_cannot_sit_under_a_branch():
    parent = BranchFactory()
    with pytest.raises(ValidationError) as error:
        Organization(kind=Organization.Kind.BRANCH, name="x", parent=parent).full_clean()
    assert "parent" in error.value.message_dict


def test_an_organization_cannot_sit_under_its_own_subtree():
    committee = CommitteeFactory()
    child = CommitteeFactory(parent=committee)
    committee.parent = child
    with pytest.raises(ValidationError):
        committee.full_clean()


@pytest.mark.parametrize(
    ("days_left", "warning"), [(-1, "overdue"), (0, "soon"), (90, "soon"), (91, None)]
)
def test_term_end_is_flagged_within_ninety_days(days_left, warning):
    branch = BranchFactory.build(committee_term_end=TODAY + datetime.timedelta(days=days_left))
    assert branch.term_end_warning(today=TODAY) == warning


def test_term_end_before_start_is_refused():
    branch = BranchFactory.build(
        parent=CommitteeFactory(),
        committee_term_start=TODAY,
        committee_term_end=TODAY - datetime.timedelta(days=1),
    )
    with pytest.raises(ValidationError) as error:
        branch.full_clean()
    assert "committee_term_end" in error.value.message_dict


def test_member_group_must_be_of_the_same_branch():
    member = MemberFactory.build(branch=BranchFactory(), group=PartyGroupFactory())
    with pytest.raises(ValidationError) as error:
        member.full_clean()
    assert "group" in error.value.message_dict


def test_probationary_member_has_no_full_membership_date():
    member = MemberFactory.build(
        branch=BranchFactory(),
        status=Member.Status.PROBATIONARY,
        full_member_on=datetime.date(2024, 1, 1),
    )
    with pytest.raises(ValidationError) as error:
        member.full_clean()
    assert "full_member_on" in error.value.message_dict


def test_transfer_out_keeps_the_member_and_drops_the_committee_role():
    member = MemberFactory(committee_role="secretary")
    member.transfer_out(TODAY, "调往广州分公司")
    member.refresh_from_db()
    assert member.status == Member.Status.TRANSFERRED_OUT
    assert member.committee_role == ""
    assert Member.objects.active().filter(pk=member.pk).count() == 0
    assert Member.objects.filter(pk=member.pk).exists()


def test_transferred_out_secretary_loses_access(django_user_model):
    user = django_user_model.objects.create_user("former", password="x")
    member = MemberFactory(user=user, committee_role="secretary")
    assert Access(user).can_edit(member.branch)
    member.transfer_out(TODAY)
    assert not Access(user).can_edit(member.branch)
    assert not Access(user).branches().exists()


def test_milestone_status_is_derived_from_the_dates():
    milestone = MilestoneFactory(due_on=TODAY)
    assert milestone.status(today=TODAY) == Milestone.Status.PLANNED
    assert milestone.status(today=TODAY + datetime.timedelta(days=1)) == Milestone.Status.LATE
    milestone.mark_done(user=None, note="完成", on_date=TODAY)
    assert milestone.status(today=TODAY + datetime.timedelta(days=5)) == Milestone.Status.DONE
    milestone.mark_done(user=None, note="完成", on_date=TODAY + datetime.timedelta(days=2))
    assert milestone.status() == Milestone.Status.DONE_LATE


def test_next_milestone_is_the_earliest_open_one():
    zone = ResponsibilityFactory()
    MilestoneFactory(responsibility=zone, due_on=TODAY, done_on=TODAY)
    later = MilestoneFactory(responsibility=zone, due_on=TODAY + datetime.timedelta(days=30))
    sooner = MilestoneFactory(responsibility=zone, due_on=TODAY + datetime.timedelta(days=3))
    assert zone.next_milestone() == sooner
    sooner.mark_done(user=None, note="ok")
    assert zone.next_milestone() == later


def test_accident_free_days_only_for_safety_zones():
    zone = ResponsibilityFactory(is_safety_zone=True, accident_free_since=TODAY)
    assert zone.accident_free_days(today=TODAY + datetime.timedelta(days=100)) == 100
    plain = ResponsibilityFactory(accident_free_since=TODAY)
    with pytest.raises(ValidationError):
        plain.full_clean()


def test_roster_order_puts_the_secretary_first_then_the_committee():
    branch = BranchFactory()
    MemberFactory(branch=branch, name="阿党员")
    MemberFactory(branch=branch, name="纪委员", committee_role="discipline")
    MemberFactory(branch=branch, name="书记", committee_role="secretary")
    names = list(branch.members.in_roster_order().values_list("name", flat=True))
    assert names == ["书记", "纪委员", "阿党员"]


def test_an_organization_refuses_itself_as_parent_even_without_clean():
    committee = CommitteeFactory()
    child = CommitteeFactory(parent=committee)
    committee.parent = child
    with pytest.raises(ValidationError):
        committee.save()
    committee.parent = committee
    with pytest.raises(ValidationError):
        committee.save()


def test_an_unsaved_organization_contains_nothing():
    unsaved = Organization(kind=Organization.Kind.COMMITTEE, name="未保存")
    BranchFactory()
    assert not Organization.objects.within(unsaved).exists()
    assert not unsaved.contains(BranchFactory())


def test_a_probationary_member_cannot_sit_on_the_committee():
    member = MemberFactory.build(
        branch=BranchFactory(),
        status=Member.Status.PROBATIONARY,
        full_member_on=None,
        committee_role="propaganda",
    )
    with pytest.raises(ValidationError) as error:
        member.full_clean()
    assert "committee_role" in error.value.message_dict


def test_transfer_out_frees_the_account_and_the_group_leadership(django_user_model):
    user = django_user_model.objects.create_user("moving", password="x")
    group = PartyGroupFactory()
    member = MemberFactory(branch=group.branch, group=group, user=user)
    group.leader = member
    group.save()
    member.transfer_out(TODAY)
    group.refresh_from_db()
    assert group.leader is None
    # The account can now be linked to his record in the branch he moved to.
    MemberFactory(user=user)
    assert member.history.filter(user_id=user.pk).exists()
