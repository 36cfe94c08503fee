"""What administrators fix in /admin/ must not undo the app's rules: a fix raises the
record's edit version, so a form left open in the app cannot overwrite it, and history
is shown but never reverted to."""

from django.urls import reverse


def test_an_administrators_fix_of_a_checklist_stops_a_form_left_open(login, world):
    checklist = world.checklist
    opened = checklist.version
    client = login(world.users["admin"])
    response = client.post(
        reverse("admin:rectifications_checklist_change", args=[checklist.pk]),
        {
            "title": "管理员更正的标题",
            "source": checklist.source,
            "starts_on": checklist.starts_on.isoformat(),
            "description": "",
        },
    )
    assert response.status_code == 302
    checklist.refresh_from_db()
    assert checklist.title == "管理员更正的标题" and checklist.version == opened + 1
    assert checklist.updated_by == world.users["admin"]


def test_an_administrators_fix_of_a_study_plan_item_raises_its_version(login, world):
    item = world.plan_item
    opened = item.version
    client = login(world.users["admin"])
    prefix = "items"
    response = client.post(
        reverse("admin:activities_studyplan_change", args=[item.plan.pk]),
        {
            "branch": item.plan.branch_id,
            "year": item.plan.year,
            "notes": "",
            f"{prefix}-TOTAL_FORMS": 1,
            f"{prefix}-INITIAL_FORMS": 1,
            f"{prefix}-0-id": item.pk,
            f"{prefix}-0-plan": item.plan.pk,
            f"{prefix}-0-month": item.month,
            f"{prefix}-0-topic": "管理员更正的专题",
            f"{prefix}-0-form": item.form,
        },
    )
    assert response.status_code == 302, response.context["errors"]
    item.refresh_from_db()
    assert item.topic == "管理员更正的专题" and item.version == opened + 1


def test_history_is_shown_but_cannot_be_reverted_to(login, world):
    checklist = world.checklist
    checklist.title = "改过的标题"
    checklist.save()
    old = checklist.history.earliest()
    client = login(world.users["admin"])
    history = client.get(reverse("admin:rectifications_checklist_history", args=[checklist.pk]))
    assert history.status_code == 200 and "改过的标题" in history.content.decode()
    url = reverse(
        "admin:rectifications_checklist_simple_history", args=[checklist.pk, old.history_id]
    )
    revert = {
        "title": old.title,
        "source": old.source,
        "starts_on": old.starts_on.isoformat(),
        "description": "",
    }
    assert "revert" not in client.get(url).content.decode().lower()
    client.post(url, revert)
    checklist.refresh_from_db()
    assert checklist.title == "改过的标题"
