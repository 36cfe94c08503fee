"""A refused form says at its top how many problems it has, each a link to its field."""

import re
from html import unescape
from pathlib import Path

from django.conf import settings
from django.urls import reverse
from django.utils.translation import ngettext

TEMPLATES = Path(settings.BASE_DIR) / "templates"


def _summary(page):
    pattern = r'<div class="alert alert-danger error-summary" role="alert".*?</div>'
    match = re.search(pattern, page, re.S)
    assert match, "no error summary"
    return unescape(match[0])


def _heading(count):
    return ngettext(
        "There is %(counter)s problem to correct:",
        "There are %(counter)s problems to correct:",
        count,
    ) % {"counter": count}


def test_a_refused_meeting_lists_its_problems_linked_to_their_fields(login, world):
    client = login(world.users["secretary"])
    url = reverse("activities:meeting_create", args=[world.branch.pk]) + "?kind=committee"
    data = {
        "held_on": "2024-03-05",
        "topic": "",
        f"attendance-status_{world.secretary.pk}": "other",
        f"attendance-note_{world.secretary.pk}": "",
    }
    page = client.post(url, data).content.decode()
    summary = _summary(page)
    assert _heading(2) in summary
    targets = re.findall(r'href="#([^"]+)"', summary)
    assert targets == ["id_topic", f"id_attendance-note_{world.secretary.pk}"]
    for target in targets:
        assert f'id="{target}"' in page
    # It comes before the form's first field.
    assert page.index("error-summary") < page.index('name="held_on"')


def test_a_group_of_checkboxes_is_linked_by_its_first_box(login, world):
    client = login(world.users["secretary"])
    url = reverse("activities:activity_create", args=[world.branch.pk])
    data = {"kind": "volunteer", "title": "", "held_on": "2024-03-05"}
    data["members"] = [world.sibling_member.pk]  # another branch's member
    page = client.post(url, data).content.decode()
    summary = _summary(page)
    assert _heading(2) in summary
    assert re.findall(r'href="#([^"]+)"', summary) == ["id_title", "id_members_0"]
    assert 'id="id_members_0"' in page


def test_a_problem_of_the_whole_form_is_in_the_summary_once(client, world):
    response = client.post(reverse("login"), {"username": "secretary", "password": "wrong"})
    page = response.content.decode()
    message = unescape(response.context["form"].non_field_errors()[0])
    assert message in _summary(page)
    assert unescape(page).count(message) == 1


def test_every_form_template_shows_the_summary():
    for template in TEMPLATES.rglob("*.html"):
        text = template.read_text()
        has_fields = "as_crispy_field" in text or "|crispy" in text
        if 'method="post"' not in text or not has_fields:
            continue
        assert "{% error_summary" in text, f"{template}: no error summary"
        # A whole form through crispy would show its own errors a second time.
        assert "|crispy" not in text, f"{template}: renders the form's errors twice"
