"""Removing a photo or file: asked first, in the record's history, left out everywhere,
restorable by the branch for a while. And files chosen on a form that is refused: kept
for the next try."""

import datetime
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from PIL import Image

from activities.models import Honour, Meeting
from attachments.models import Attachment, StagedUpload
from reports import document
from reports.forms import photos_of_the_year
from reports.rendering import BASE_URL, LedgerFetcher

from .factories import ItemFactory, attach_photo, png_bytes


def _remove_url(attachment):
    return reverse("attachments:delete", args=[attachment.pk])


def test_removing_a_photo_asks_first(login, world):
    client = login(world.users["secretary"])
    page = client.get(world.meeting.get_absolute_url()).content.decode()
    assert f'href="{_remove_url(world.photo)}"' in page
    response = client.get(_remove_url(world.photo))
    assert response.status_code == 200
    assert "photo.png" in response.content.decode()
    assert Attachment.objects.filter(pk=world.photo.pk).exists()  # only asked so far
    response = client.post(_remove_url(world.photo))
    assert response.status_code == 302 and response.url == world.meeting.get_absolute_url()
    assert not Attachment.objects.filter(pk=world.photo.pk).exists()
    removed = Attachment.with_removed.get(pk=world.photo.pk)
    assert removed.removed_by == world.users["secretary"] and removed.file.read()


def _history_line(action, name):
    return gettext(action) % {"file": name}


def test_the_records_history_says_who_removed_which_photo_and_who_restored_it(login, world):
    world.users["secretary"].first_name = "书记"
    world.users["secretary"].save()
    client = login(world.users["secretary"])
    client.post(_remove_url(world.photo))
    page = client.get(world.meeting.get_absolute_url()).content.decode()
    removed = _history_line("removed “%(file)s”", "photo.png（现场照片）")
    assert removed in page
    history = page[page.index(gettext("Change history")) :]
    assert "书记" in history[: history.index(removed)]
    client.post(reverse("attachments:restore", args=[world.photo.pk]))
    page = client.get(world.meeting.get_absolute_url()).content.decode()
    assert _history_line("restored “%(file)s”", "photo.png（现场照片）") in page
    assert removed in page


def test_a_removed_photo_is_left_out_of_every_page_list_report_and_download(login, world):
    meeting = world.meeting
    meeting.held_on = datetime.date(2024, 5, 1)
    meeting.save()
    report = world.report
    report.photos.set([world.photo])
    assert world.photo in photos_of_the_year(world.branch, 2024)
    url = world.photo.get_absolute_url()
    assert url in document.html(report)

    client = login(world.users["secretary"])
    client.post(_remove_url(world.photo))

    assert client.get(url).status_code == 404
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert f'src="{url}"' not in page
    assert (
        "photo.png"
        not in client.get(reverse("activities:meeting_edit", args=[meeting.pk])).content.decode()
    )
    assert world.photo not in photos_of_the_year(world.branch, 2024)
    assert url not in document.html(report)
    assert not meeting.attachments.exists() and not report.photos.exists()
    with pytest.raises(ValueError, match="refused"):
        LedgerFetcher(world.branch.pk).fetch(f"{BASE_URL}attachments/{world.photo.pk}/")
    # The member sees nothing of it; the committee sees it among those it may restore.
    page = login(world.users["member"]).get(meeting.get_absolute_url()).content.decode()
    assert reverse("attachments:restore", args=[world.photo.pk]) not in page
    page = login(world.users["secretary"]).get(meeting.get_absolute_url()).content.decode()
    assert reverse("attachments:restore", args=[world.photo.pk]) in page


def test_the_committee_restores_a_removed_photo_within_the_grace_period(login, world, settings):
    settings.ATTACHMENT_RESTORE_DAYS = 30
    client = login(world.users["secretary"])
    client.post(_remove_url(world.photo))
    response = client.post(reverse("attachments:restore", args=[world.photo.pk]))
    assert response.status_code == 302 and response.url == world.meeting.get_absolute_url()
    assert Attachment.objects.get(pk=world.photo.pk).removed_by is None
    page = client.get(world.meeting.get_absolute_url()).content.decode()
    assert f'src="{world.photo.get_absolute_url()}"' in page

    client.post(_remove_url(world.photo))
    Attachment.with_removed.filter(pk=world.photo.pk).update(
        removed_at=timezone.now() - datetime.timedelta(days=31)
    )
    page = client.get(world.meeting.get_absolute_url()).content.decode()
    assert reverse("attachments:restore", args=[world.photo.pk]) not in page
    response = client.post(reverse("attachments:restore", args=[world.photo.pk]))
    assert response.status_code == 404
    assert not Attachment.objects.filter(pk=world.photo.pk).exists()
    assert _history_line("removed “%(file)s”", "photo.png（现场照片）") in page


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("anonymous", 302),
        ("member", 403),
        ("hq", 403),
        ("sibling_secretary", 404),
        ("other_hq", 404),
        ("secretary", 302),
    ],
)
def test_only_the_committee_restores(client, world, role, status):
    world.photo.remove(world.users["secretary"])
    if role != "anonymous":
        client.force_login(world.users[role])
    response = client.post(reverse("attachments:restore", args=[world.photo.pk]))
    assert response.status_code == status
    assert Attachment.objects.filter(pk=world.photo.pk).exists() == (role == "secretary")


def test_a_step_s_evidence_once_removed_is_off_the_item_page(login, world):
    step = world.item.move("report", world.users["member"], "进展", world.item.steps.count())
    evidence = attach_photo(step)
    evidence.remove(world.users["secretary"])
    page = login(world.users["member"]).get(world.item.get_absolute_url()).content.decode()
    assert evidence.get_absolute_url() not in page


# Files chosen on a refused form.


def _meeting_data(world, **fields):
    data = {"held_on": "2024-03-05", "starts_at": "09:00", "topic": "学习传达会议精神"}
    data[f"attendance-status_{world.secretary.pk}"] = "present"
    data.update(fields)
    return data


def _photo(name="会议照片.png"):
    return SimpleUploadedFile(name, png_bytes((40, 30)), content_type="image/png")


def _kept_ids(response):
    return [int(key) for key in response.context["form"].data.getlist("kept_uploads")]


def test_a_refused_meeting_form_keeps_the_chosen_photo(
    login, world, django_capture_on_commit_callbacks
):
    client = login(world.users["secretary"])
    url = reverse("activities:meeting_create", args=[world.branch.pk]) + "?kind=committee"
    response = client.post(url, _meeting_data(world, topic="", uploads=_photo()))
    assert response.status_code == 200
    staged = StagedUpload.objects.get()
    page = response.content.decode()
    assert f'<input type="hidden" name="kept_uploads" value="{staged.pk}"' in page
    assert "会议照片.png" in page
    assert not Attachment.objects.filter(original_name="会议照片.png").exists()

    # Chosen again by nobody, saved with the topic given: the kept photo is attached.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, _meeting_data(world, kept_uploads=[staged.pk]))
    meeting = Meeting.objects.get(topic="学习传达会议精神")
    assert response.status_code == 302
    attachment = Attachment.objects.of(meeting).get()
    assert attachment.original_name == "会议照片.png" and attachment.file.read()[:4] == b"\x89PNG"
    assert not StagedUpload.objects.exists()
    assert not staged.file.storage.exists(staged.file.name)


def test_a_photo_refused_among_others_leaves_the_others_kept(login, world):
    client = login(world.users["secretary"])
    url = reverse("activities:honour_edit", args=[world.honour.pk])
    data = {
        "kind": world.honour.kind,
        "title": world.honour.title,
        "level": world.honour.level,
        "awarded_on": "2024-03-05",
        "quantity": 1,
        "version": world.honour.version,
        "uploads": [_photo("表扬信.png"), SimpleUploadedFile("notes.txt", b"plain text")],
    }
    response = client.post(url, data)
    assert response.status_code == 200 and "notes.txt" in response.content.decode()
    kept = StagedUpload.objects.get()
    assert kept.original_name == "表扬信.png" and _kept_ids(response) == [kept.pk]
    data.update(uploads=[], kept_uploads=[kept.pk])
    assert client.post(url, data).status_code == 302
    assert Attachment.objects.of(Honour.objects.get()).get().original_name == "表扬信.png"


def test_kept_files_stay_their_uploaders_own_and_expire(login, world):
    client = login(world.users["secretary"])
    url = reverse("activities:meeting_create", args=[world.branch.pk]) + "?kind=committee"
    client.post(url, _meeting_data(world, topic="", uploads=_photo()))
    staged = StagedUpload.objects.get()
    # Another committee's secretary cannot attach it to his records, nor see it.
    other = login(world.users["sibling_secretary"])
    sibling_url = reverse("activities:activity_create", args=[world.sibling.pk])
    response = other.post(
        sibling_url,
        {
            "kind": "volunteer",
            "title": "乙活动",
            "held_on": "2024-03-05",
            "kept_uploads": [staged.pk],
        },
    )
    assert response.status_code == 302
    assert not Attachment.objects.filter(original_name="会议照片.png").exists()
    # Kept a day: after that, it is left out, and forgotten when files are next kept.
    StagedUpload.objects.update(created_at=timezone.now() - datetime.timedelta(days=2))
    client = login(world.users["secretary"])
    response = client.post(url, _meeting_data(world, kept_uploads=[staged.pk]))
    assert response.status_code == 302
    assert not Attachment.objects.filter(original_name="会议照片.png").exists()
    client.post(url, _meeting_data(world, topic="", uploads=_photo("新.png")))
    assert list(StagedUpload.objects.values_list("original_name", flat=True)) == ["新.png"]


def test_kept_evidence_goes_with_the_step_once_the_note_is_given(login, world):
    client = login(world.users["member"])
    url = reverse("rectifications:item_progress", args=[world.item.pk])
    data = {"move": "report", "note": "", "steps_seen": 0, "uploads": _photo("整改后.png")}
    response = client.post(url, data)
    assert response.status_code == 200
    kept = _kept_ids(response)
    assert len(kept) == 1 and "整改后.png" in response.content.decode()
    response = client.post(
        url, {"move": "report", "note": "已整改", "steps_seen": 0, "kept_uploads": kept}
    )
    assert response.status_code == 302
    step = world.item.steps.get()
    assert Attachment.objects.of(step).get().original_name == "整改后.png"


def test_kept_photos_go_to_the_saved_record_on_an_edit_conflict(login, world):
    """As photos chosen on a form that meets someone else's save (README)."""
    client = login(world.users["secretary"])
    url = reverse("activities:meeting_edit", args=[world.meeting.pk])
    version = world.meeting.version
    data = _meeting_data(world, version=version, topic="", uploads=_photo())
    data[f"attendance-status_{world.secretary.pk}"] = "present"
    kept = _kept_ids(client.post(url, data))
    Meeting.objects.filter(pk=world.meeting.pk).update(version=version + 1)
    response = client.post(url, _meeting_data(world, version=version, kept_uploads=kept))
    assert response.status_code == 200  # the conflict is shown, the text to be redone
    assert Attachment.objects.of(world.meeting).filter(original_name="会议照片.png").exists()
    assert not StagedUpload.objects.exists()


def test_a_kept_upload_is_a_photo_of_its_own_bytes(login, world):
    """What is kept is the re-encoded photo: nothing of the original's metadata."""
    buffer = BytesIO()
    Image.new("RGB", (40, 30), "blue").save(buffer, "JPEG", comment=b"SecretNote")
    client = login(world.users["secretary"])
    url = reverse("activities:meeting_create", args=[world.branch.pk]) + "?kind=committee"
    client.post(
        url, _meeting_data(world, topic="", uploads=SimpleUploadedFile("p.jpg", buffer.getvalue()))
    )
    assert b"SecretNote" not in StagedUpload.objects.get().file.read()


def test_a_rectification_items_photo_is_restored_from_the_items_page(login, world):
    photo = attach_photo(world.item, world.users["secretary"])
    client = login(world.users["secretary"])
    client.post(_remove_url(photo))
    page = client.get(world.item.get_absolute_url()).content.decode()
    assert reverse("attachments:restore", args=[photo.pk]) in page
    assert _history_line("removed “%(file)s”", photo.described()) in page
    client.post(reverse("attachments:restore", args=[photo.pk]))
    page = client.get(world.item.get_absolute_url()).content.decode()
    assert f'src="{photo.get_absolute_url()}"' in page


def test_evidence_of_a_step_or_a_closed_item_is_not_removed(login, world):
    step = world.item.move("report", world.users["member"], "进展", world.item.steps.count())
    evidence = attach_photo(step, world.users["member"])
    closed = ItemFactory(checklist=world.checklist, owner=world.member, status="closed")
    closed_photo = attach_photo(closed, world.users["secretary"])
    client = login(world.users["secretary"])
    for attachment in (evidence, closed_photo):
        for method in (client.get, client.post):
            assert method(_remove_url(attachment)).status_code == 403
        attachment.refresh_from_db()
        assert attachment.removed_at is None
