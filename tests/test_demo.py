import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.urls import reverse

from branches.demo import DEMO_PASSWORD
from branches.models import Member, Organization
from responsibilities.models import Milestone, Responsibility

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_loading_twice_changes_nothing(demo):
    counts = [model.objects.count() for model in (Organization, Member, Responsibility, Milestone)]
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert counts == [
        model.objects.count() for model in (Organization, Member, Responsibility, Milestone)
    ]


def test_baiyun_branch_holds_the_case_study_figures(demo):
    baiyun = Organization.objects.get(name="白云轨交项目党支部")
    assert baiyun.members.active().count() == 11
    assert (baiyun.founded_on.year, baiyun.founded_on.month) == (2022, 5)
    assert baiyun.project_location == "广州市白云区"
    assert (baiyun.land_area_m2, baiyun.floor_area_m2) == (13800, 61900)
    assert baiyun.parent.kind == Organization.Kind.COMMITTEE
    kinds = set(baiyun.responsibilities.values_list("kind", flat=True))
    assert kinds == set(Responsibility.Kind.values)


def test_huigang_branch_has_its_partner_and_a_term_ending_soon(demo):
    huigang = Organization.objects.get(name="会港大道项目部党支部")
    assert list(huigang.partners.values_list("name", flat=True)) == ["江门市市区公路局党总支部"]
    assert huigang.term_end_warning() == "soon"


@pytest.mark.parametrize("username", ["admin", "hq", "baiyun", "huigang", "baiyun_member"])
def test_demo_accounts_log_in_with_the_documented_password(demo, rf, username):
    request = rf.post("/accounts/login/")
    assert authenticate(request, username=username, password=DEMO_PASSWORD) is not None


def test_baiyun_member_has_a_zone_a_post_and_a_key_node_ahead(demo):
    from django.utils import timezone

    member = Member.objects.get(user__username="baiyun_member")
    kinds = set(member.responsibilities.values_list("kind", flat=True))
    assert {Responsibility.Kind.RESPONSIBILITY_ZONE, Responsibility.Kind.PIONEER_POST} <= kinds
    assert (
        Milestone.objects.open()
        .filter(responsibility__members=member, due_on__gt=timezone.localdate())
        .exists()
    )


def test_baiyun_secretary_cannot_reach_huigang_records(demo, client):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username="baiyun"))
    huigang = Organization.objects.get(name="会港大道项目部党支部")
    member = huigang.members.first()
    zone = huigang.responsibilities.first()
    milestone = Milestone.objects.filter(responsibility__branch=huigang).first()
    for url in [
        reverse("branches:detail", args=[huigang.pk]),
        reverse("branches:member_list", args=[huigang.pk]),
        reverse("branches:member_detail", args=[member.pk]),
        reverse("branches:member_edit", args=[member.pk]),
        reverse("responsibilities:detail", args=[zone.pk]),
        reverse("responsibilities:milestone_done", args=[milestone.pk]),
    ]:
        assert client.get(url).status_code == 404, url
