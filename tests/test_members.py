from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from branches.models import Member

from .factories import MemberFactory


def _member_data(**overrides):
    return {
        "name": "新党员",
        "gender": "female",
        "birth_date": "1995-04-01",
        "joined_on": "2020-07-01",
        "full_member_on": "2021-07-01",
        "status": "full",
        "group": "",
        "committee_role": "",
        "job": "资料员",
        "phone": "13900000000",
    } | overrides


def test_secretary_adds_a_member(login, world):
    client = login(world.users["secretary"])
    response = client.post(
        reverse("branches:member_create", args=[world.branch.pk]),
        _member_data(group=world.group.pk),
    )
    member = Member.objects.get(name="新党员")
    assert response.status_code == 302 and response.url == member.get_absolute_url()
    assert member.branch == world.branch and member.group == world.group
    assert member.history.first().history_user == world.users["secretary"]


def test_bad_member_input_is_refused_with_a_clear_message(login, world):
    client = login(world.users["secretary"])
    count = Member.objects.count()
    response = client.post(
        reverse("branches:member_create", args=[world.branch.pk]),
        _member_data(name="", joined_on="2021-07-01", full_member_on="2020-07-01", phone="abc"),
    )
    assert response.status_code == 200
    assert Member.objects.count() == count
    errors = response.context["form"].errors
    assert {"name", "full_member_on", "phone"} <= errors.keys()


def test_group_of_another_branch_cannot_be_chosen(login, world):
    other_group = world.sibling.party_groups.create(name="乙小组")
    client = login(world.users["secretary"])
    response = client.post(
        reverse("branches:member_create", args=[world.branch.pk]),
        _member_data(group=other_group.pk),
    )
    assert response.status_code == 200
    assert "group" in response.context["form"].errors


def test_member_list_searches_filters_and_hides_transferred_out(login, world):
    MemberFactory(branch=world.branch, name="王木匠", job="木工")
    gone = MemberFactory(branch=world.branch, name="已调走")
    gone.transfer_out(gone.joined_on)
    client = login(world.users["secretary"])
    url = reverse("branches:member_list", args=[world.branch.pk])

    names = [m.name for m in client.get(url).context["page"]]
    assert "王木匠" in names and "甲党员" in names and "已调走" not in names
    names = [m.name for m in client.get(url, {"q": "木工"}).context["page"]]
    assert names == ["王木匠"]
    names = [m.name for m in client.get(url, {"status": "transferred_out"}).context["page"]]
    assert names == ["已调走"]
    names = [m.name for m in client.get(url, {"group": world.group.pk}).context["page"]]
    assert sorted(names) == ["甲书记", "甲党员"]


def test_member_list_runs_a_fixed_number_of_queries(login, world, django_assert_max_num_queries):
    client = login(world.users["secretary"])
    url = reverse("branches:member_list", args=[world.branch.pk])
    client.get(url)
    MemberFactory.create_batch(20, branch=world.branch, group=world.group)
    with django_assert_max_num_queries(12):
        response = client.get(url)
    assert len(response.context["page"]) == 22


def test_transfer_out_through_the_page(login, world):
    client = login(world.users["secretary"])
    response = client.post(
        reverse("branches:member_transfer_out", args=[world.member.pk]),
        {"transferred_out_on": "2026-10-01", "note": "调往总部"},
    )
    assert response.status_code == 302
    world.member.refresh_from_db()
    assert world.member.status == Member.Status.TRANSFERRED_OUT
    assert world.member.transfer_note == "调往总部"


def test_member_page_shows_history(login, world):
    client = login(world.users["secretary"])
    client.post(
        reverse("branches:member_edit", args=[world.member.pk]),
        _member_data(name="甲党员", job="测量员"),
    )
    response = client.get(reverse("overview:member", args=[world.member.pk]))
    entries = response.context["history"]
    assert entries[0].who == world.users["secretary"]
    assert any(change.new == "测量员" for change in entries[0].changes)


def test_export_lists_the_filtered_members_as_text(login, world):
    MemberFactory(branch=world.branch, name='=HYPERLINK("x")', phone="+86 138 0000 0000")
    client = login(world.users["hq"])
    url = reverse("branches:member_export", args=[world.branch.pk])
    response = client.get(url, {"q": "HYPERLINK"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows(min_row=2))
    assert [row[0].value for row in rows] == ['=HYPERLINK("x")']
    # Kept as the user typed it, but stored as text: a spreadsheet never runs it.
    assert rows[0][0].data_type == "s"
    assert rows[0][9].value == "+86 138 0000 0000"
    sheet = load_workbook(BytesIO(client.get(url).content)).active
    names = {row[0] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert {"甲书记", "甲党员"} <= names


def test_a_transferred_out_member_is_not_edited_back(login, world):
    world.member.transfer_out(world.member.joined_on)
    client = login(world.users["secretary"])
    url = reverse("branches:member_edit", args=[world.member.pk])
    assert client.get(url).status_code == 404
    response = client.post(url, _member_data(name="甲党员", committee_role="secretary"))
    assert response.status_code == 404
    world.member.refresh_from_db()
    assert world.member.status == Member.Status.TRANSFERRED_OUT


def test_transfer_date_cannot_be_in_the_future(login, world):
    client = login(world.users["secretary"])
    response = client.post(
        reverse("branches:member_transfer_out", args=[world.member.pk]),
        {"transferred_out_on": "2999-01-01"},
    )
    assert response.status_code == 200
    assert "transferred_out_on" in response.context["form"].errors
    world.member.refresh_from_db()
    assert world.member.is_active


def test_duplicate_group_name_is_a_form_error(login, world):
    client = login(world.users["secretary"])
    response = client.post(
        reverse("branches:group_create", args=[world.branch.pk]), {"name": world.group.name}
    )
    assert response.status_code == 200
    assert "name" in response.context["form"].errors
    assert world.branch.party_groups.count() == 1


@pytest.mark.parametrize("role", ["secretary", "admin"])
def test_branch_profile_is_edited_by_its_committee(login, world, role):
    client = login(world.users[role])
    response = client.post(
        reverse("branches:edit", args=[world.branch.pk]),
        {
            "name": world.branch.name,
            "project_name": "白云高新轨道交通产业基地项目",
            "land_area_m2": "13800",
            "floor_area_m2": "61900",
            "committee_term_start": "2022-05-18",
            "committee_term_end": "2027-05-17",
        },
    )
    assert response.status_code == 302
    world.branch.refresh_from_db()
    assert world.branch.floor_area_m2 == 61900


def test_a_secretary_adds_a_partner_and_links_one_already_known(login, world):
    from branches.models import PartnerOrganization

    known = PartnerOrganization.objects.create(
        headquarters=world.committee, name="江门市市区公路局党总支部"
    )
    client = login(world.users["secretary"])
    url = reverse("branches:partner_add", args=[world.branch.pk])
    response = client.post(url, {"name": "威东村党支部", "contact_person": "李主任"})
    assert response.status_code == 302
    response = client.post(url, {"name": known.name})
    assert response.status_code == 302
    assert set(world.branch.partners.values_list("name", flat=True)) == {
        "威东村党支部",
        known.name,
    }
    assert PartnerOrganization.objects.filter(name=known.name).count() == 1
    # The sibling branch's secretary is offered the partners of the same 党委 only.
    stranger = PartnerOrganization.objects.create(
        headquarters=world.other_branch.parent, name="别的公司的共建单位"
    )
    client = login(world.users["sibling_secretary"])
    form = client.get(reverse("branches:edit", args=[world.sibling.pk])).context["form"]
    offered = set(form.fields["partners"].queryset.values_list("name", flat=True))
    assert offered == {"威东村党支部", known.name} and stranger.name not in offered


def test_a_partner_of_another_headquarters_is_neither_found_nor_shown(login, world):
    from branches.models import PartnerOrganization

    ours = PartnerOrganization.objects.create(
        headquarters=world.committee,
        name="江门市市区公路局党总支部",
        contact_person="李科长",
        contact_phone="0750-3300001",
    )
    world.branch.partners.add(ours)
    client = login(world.users["other_secretary"])
    response = client.post(
        reverse("branches:partner_add", args=[world.other_branch.pk]),
        {"name": ours.name, "contact_person": "王主任", "contact_phone": "020-1234567"},
        follow=True,
    )
    page = response.content.decode()
    assert "王主任" in page and "李科长" not in page and "0750-3300001" not in page
    theirs = world.other_branch.partners.get()
    assert theirs != ours and theirs.headquarters == world.other_branch.parent
    ours.refresh_from_db()
    assert ours.contact_person == "李科长"
    # Nor is the other company's directory offered on his branch's profile.
    form = client.get(reverse("branches:edit", args=[world.other_branch.pk])).context["form"]
    assert list(form.fields["partners"].queryset) == [theirs]


@pytest.mark.parametrize(
    ("role", "sees_ours"),
    [
        ("admin", True),
        ("hq", True),
        ("secretary", True),
        ("sibling_member", True),
        ("other_hq", False),
        ("other_secretary", False),
    ],
)
def test_the_partner_directory_is_seen_within_its_headquarters(world, role, sees_ours):
    from branches.access import Access
    from branches.models import PartnerOrganization

    ours = PartnerOrganization.objects.create(headquarters=world.committee, name="共建甲")
    theirs = PartnerOrganization.objects.create(
        headquarters=world.other_branch.parent, name="共建丙"
    )
    seen = set(Access(world.users[role]).partners())
    assert (ours in seen) == sees_ours
    assert (theirs in seen) == (role in ("admin", "other_hq", "other_secretary"))
