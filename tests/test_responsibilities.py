import datetime

from django.urls import reverse
from django.utils import timezone

from responsibilities.models import Responsibility

from .factories import MilestoneFactory, ResponsibilityFactory


def test_secretary_sets_up_a_zone_with_members_and_a_key_node(login, world):
    client = login(world.users["secretary"])
    response = client.post(
        reverse("responsibilities:create", args=[world.branch.pk]),
        {
            "kind": "pioneer_post",
            "name": "安全管理先锋岗",
            "commitment": "带头排查隐患",
            "members": [world.member.pk, world.secretary.pk],
        },
    )
    post = Responsibility.objects.get(name="安全管理先锋岗")
    assert response.status_code == 302
    assert post.branch == world.branch
    assert set(post.members.all()) == {world.member, world.secretary}

    response = client.post(
        reverse("responsibilities:milestone_create", args=[post.pk]),
        {"title": "季度安全检查", "due_on": "2027-01-15"},
    )
    assert response.status_code == 302
    assert post.milestones.get().due_on == datetime.date(2027, 1, 15)


def test_members_of_another_branch_cannot_be_assigned(login, world):
    client = login(world.users["secretary"])
    response = client.post(
        reverse("responsibilities:create", args=[world.branch.pk]),
        {"kind": "pioneer_post", "name": "越界", "members": [world.sibling_member.pk]},
    )
    assert response.status_code == 200
    assert "members" in response.context["form"].errors
    assert not Responsibility.objects.filter(name="越界").exists()


def test_my_page_lists_my_zone_with_its_next_key_node(login, world):
    MilestoneFactory(
        responsibility=world.zone,
        title="已逾期节点",
        due_on=timezone.localdate() - datetime.timedelta(days=3),
    )
    ResponsibilityFactory(branch=world.branch, name="别人的责任区")
    client = login(world.users["member"])
    response = client.get(reverse("responsibilities:mine"))
    content = response.content.decode()
    assert "甲责任区" in content and "别人的责任区" not in content
    [zone] = response.context["responsibilities"]
    # The late node comes first and is marked late.
    assert zone.next_milestone().title == "已逾期节点"
    assert 'class="late"' in content


def test_my_page_runs_a_fixed_number_of_queries(login, world, django_assert_max_num_queries):
    client = login(world.users["member"])
    client.get(reverse("responsibilities:mine"))
    for _ in range(10):
        zone = ResponsibilityFactory(branch=world.branch)
        zone.members.add(world.member)
        MilestoneFactory.create_batch(3, responsibility=zone)
    # The session (saved on every request for the idle timeout), the user, his member
    # record, the unread reminders, his items, his posts and their key nodes.
    with django_assert_max_num_queries(11):
        response = client.get(reverse("responsibilities:mine"))
    assert len(response.context["responsibilities"]) == 11


def test_assigned_member_marks_his_key_node_done(login, world):
    world.users["member"].first_name = "刘施工"
    world.users["member"].save()
    client = login(world.users["member"])
    response = client.post(
        reverse("responsibilities:milestone_done", args=[world.milestone.pk]),
        {"done_on": "2026-11-20", "note": "桩基全部完成", "next": reverse("responsibilities:mine")},
    )
    assert response.status_code == 302 and response.url == reverse("responsibilities:mine")
    world.milestone.refresh_from_db()
    assert world.milestone.done_on == datetime.date(2026, 11, 20)
    assert world.milestone.done_by == world.users["member"]
    assert world.milestone.done_note == "桩基全部完成"
    page = login(world.users["secretary"]).get(world.zone.get_absolute_url()).content.decode()
    assert "桩基全部完成" in page and "刘施工" in page


def test_marking_done_needs_a_note_and_ignores_foreign_redirects(login, world):
    client = login(world.users["member"])
    url = reverse("responsibilities:milestone_done", args=[world.milestone.pk])
    response = client.post(url, {"done_on": "2026-11-20", "note": ""})
    assert response.status_code == 200
    world.milestone.refresh_from_db()
    assert world.milestone.done_on is None
    response = client.post(
        url, {"done_on": "2026-11-20", "note": "完成", "next": "https://evil.example/"}
    )
    assert response.url == world.zone.get_absolute_url()


def test_unassigned_member_of_the_branch_cannot_mark_done(login, world, django_user_model):
    from .factories import MemberFactory

    bystander = MemberFactory(
        branch=world.branch, user=django_user_model.objects.create(username="bystander")
    )
    client = login(bystander.user)
    url = reverse("responsibilities:milestone_done", args=[world.milestone.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"done_on": "2026-11-20", "note": "x"}).status_code == 403


def test_zone_page_shows_who_changed_it(login, world):
    client = login(world.users["secretary"])
    client.post(
        reverse("responsibilities:edit", args=[world.zone.pk]),
        {"kind": world.zone.kind, "name": "甲责任区（扩大）", "members": [world.member.pk]},
    )
    response = login(world.users["hq"]).get(
        reverse("responsibilities:detail", args=[world.zone.pk])
    )
    latest = response.context["history"][0]
    assert latest.who == world.users["secretary"]
    assert any(change.new == "甲责任区（扩大）" for change in latest.changes)


def test_a_done_key_node_is_not_marked_again(login, world):
    world.milestone.mark_done(world.users["secretary"], "原记录", datetime.date(2026, 11, 1))
    client = login(world.users["member"])
    response = client.post(
        reverse("responsibilities:milestone_done", args=[world.milestone.pk]),
        {"done_on": "2026-11-20", "note": "覆盖"},
    )
    assert response.status_code == 302
    world.milestone.refresh_from_db()
    assert (world.milestone.done_note, world.milestone.done_by) == (
        "原记录",
        world.users["secretary"],
    )


def test_a_key_node_cannot_be_done_in_the_future(login, world):
    client = login(world.users["member"])
    response = client.post(
        reverse("responsibilities:milestone_done", args=[world.milestone.pk]),
        {"done_on": "2999-01-01", "note": "穿越"},
    )
    assert "done_on" in response.context["form"].errors
    world.milestone.refresh_from_db()
    assert world.milestone.done_on is None


def test_editing_a_zone_keeps_a_member_who_transferred_out(login, world):
    world.member.transfer_out(world.member.joined_on)
    client = login(world.users["secretary"])
    form = client.get(reverse("responsibilities:edit", args=[world.zone.pk])).context["form"]
    assert world.member in form.fields["members"].queryset
    client.post(
        reverse("responsibilities:edit", args=[world.zone.pk]),
        {"kind": world.zone.kind, "name": world.zone.name, "members": [world.member.pk]},
    )
    assert list(world.zone.members.all()) == [world.member]


def test_my_page_puts_finished_work_last_and_keeps_ended_work_with_open_nodes(login, world):
    today = timezone.localdate()
    finished = ResponsibilityFactory(branch=world.branch, name="已全部完成")
    MilestoneFactory(responsibility=finished, done_on=today)
    ended = ResponsibilityFactory(
        branch=world.branch, name="已结束仍有节点", ends_on=today - datetime.timedelta(days=30)
    )
    MilestoneFactory(responsibility=ended, due_on=today - datetime.timedelta(days=40))
    over = ResponsibilityFactory(
        branch=world.branch, name="已结束已完成", ends_on=today - datetime.timedelta(days=1)
    )
    for zone in (finished, ended, over):
        zone.members.add(world.member)
    response = login(world.users["member"]).get(reverse("responsibilities:mine"))
    names = [zone.name for zone in response.context["responsibilities"]]
    assert names == ["已结束仍有节点", "甲责任区", "已全部完成"]


def test_zone_page_runs_a_fixed_number_of_queries(login, world, django_assert_max_num_queries):
    secretary = login(world.users["secretary"])
    url = reverse("responsibilities:edit", args=[world.zone.pk])
    for number in range(8):
        MilestoneFactory(responsibility=world.zone)
        members = [world.member.pk] + ([world.secretary.pk] if number % 2 else [])
        secretary.post(
            url, {"kind": world.zone.kind, "name": f"甲责任区{number}", "members": members}
        )
    client = login(world.users["member"])
    with django_assert_max_num_queries(16):
        response = client.get(reverse("responsibilities:detail", args=[world.zone.pk]))
    assert len(response.context["history"]) >= 9
