"""Files in an S3-compatible bucket, named by settings alone (DJANGO_STORAGE_*): photos
uploaded through the forms land in the bucket and nowhere on disk, come back only through
the views that check access, are printed in a report rendered by a worker that shares
nothing with the web process but the database, Redis and the bucket, and survive a
backup and restore. CI starts moto's S3 server (.ci/run) and names it in
LEDGER_S3_ENDPOINT; elsewhere these tests skip. core.stored_files is also checked on the
local disk, which needs nothing."""

import io
import os
import runpy
import socket
import subprocess
import sys
import tarfile
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings as django_settings
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.core.management import CommandError, call_command
from django.urls import reverse
from pypdf import PdfReader

from attachments.models import Attachment
from config.celery_app import app
from core.stored_files import RestoreError, back_up, restore, stored_names
from reports.models import AnnualReport, Render
from reports.queue import request_render

from .conftest import needs
from .factories import png_bytes
from .test_backup import SCRIPTS, _files, _tables, empty_database
from .test_uploads import _upload
from .workers import running_worker, shared_database_url

ENDPOINT = os.environ.get("LEDGER_S3_ENDPOINT", "")
KEY = "ledger-test"


def _server_answers():
    address = urlsplit(ENDPOINT)
    try:
        socket.create_connection((address.hostname, address.port or 80), timeout=2).close()
    except OSError:
        return False
    return True


def _s3():
    import boto3

    return boto3.client(
        "s3",
        endpoint_url=ENDPOINT,
        aws_access_key_id=KEY,
        aws_secret_access_key=KEY,
        region_name="us-east-1",
    )


def _new_bucket():
    """What an operator sets for a new, empty bucket."""
    name = f"ledger-test-{uuid.uuid4().hex[:12]}"
    _s3().create_bucket(Bucket=name)
    return {
        "DJANGO_STORAGE_BUCKET": name,
        "DJANGO_STORAGE_ENDPOINT_URL": ENDPOINT,
        "DJANGO_STORAGE_ACCESS_KEY": KEY,
        "DJANGO_STORAGE_SECRET_KEY": KEY,
        "DJANGO_STORAGE_REGION": "us-east-1",
        "DJANGO_STORAGE_ADDRESSING_STYLE": "path",
    }


def _objects(bucket):
    """{key: bytes} of everything in the bucket, read past the app."""
    s3 = _s3()
    listed = s3.list_objects_v2(Bucket=bucket).get("Contents", [])
    return {
        item["Key"]: s3.get_object(Bucket=bucket, Key=item["Key"])["Body"].read() for item in listed
    }


@pytest.fixture
def bucket(settings, monkeypatch):
    """The default storage is a new bucket, configured by the settings module itself from
    the environment an operator sets; returns that environment."""
    needs("s3", bool(ENDPOINT) and _server_answers(), "LEDGER_S3_ENDPOINT names no S3 server")
    env = _new_bucket()
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    base = Path(django_settings.BASE_DIR) / "config" / "settings" / "base.py"
    settings.STORAGES = runpy.run_path(str(base))["STORAGES"]
    assert settings.STORAGES["default"]["BACKEND"] == "storages.backends.s3.S3Storage"
    return env


def test_an_uploaded_photo_is_in_the_bucket_and_served_only_through_access(bucket, login, world):
    photo = png_bytes((64, 48), "green")
    assert _upload(login(world.users["secretary"]), world, "现场.png", photo).status_code == 302
    attachment = Attachment.objects.of(world.meeting).get(original_name="现场.png")

    stored = _objects(bucket["DJANGO_STORAGE_BUCKET"])
    assert stored[attachment.file.name][:4] == b"\x89PNG"
    media = Path(django_settings.MEDIA_ROOT)
    assert not media.exists() or not _files(media), "nothing on the web host's disk"

    response = login(world.users["member"]).get(attachment.get_absolute_url())
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content) == stored[attachment.file.name]
    sibling = login(world.users["sibling_member"])
    assert sibling.get(attachment.get_absolute_url()).status_code == 404

    # Nothing makes the object public: no ACL grants it to everyone.
    acl = _s3().get_object_acl(Bucket=bucket["DJANGO_STORAGE_BUCKET"], Key=attachment.file.name)
    assert not [grant for grant in acl["Grants"] if "AllUsers" in str(grant["Grantee"])]


def test_a_worker_sharing_only_database_redis_and_bucket_renders_with_photos(
    bucket, postgres, redis, transactional_db, world, tmp_path, login
):
    app.control.purge()
    world.report.photos.add(world.photo)
    # The worker's own media folder, empty: whatever it reads comes from the bucket.
    worker_media = tmp_path / "worker-media"
    worker_env = {
        **bucket,
        "DATABASE_URL": shared_database_url(),
        "DJANGO_MEDIA_ROOT": str(worker_media),
    }
    with running_worker("celery", **worker_env):
        assert request_render(world.report) == "queued"
        deadline = time.monotonic() + 120
        while AnnualReport.objects.get(pk=world.report.pk).render_status != Render.DONE:
            assert time.monotonic() < deadline, "the worker did not render within 120 s"
            time.sleep(0.1)
    world.report.refresh_from_db()
    assert world.report.pdf.name in _objects(bucket["DJANGO_STORAGE_BUCKET"])
    assert not worker_media.exists() or not _files(worker_media)

    download = reverse("reports:download", args=[world.branch.pk, 2024])
    response = login(world.users["hq"]).get(download)
    assert response.status_code == 200
    reader = PdfReader(io.BytesIO(b"".join(response.streaming_content)))
    text = "".join(page.extract_text() for page in reader.pages)
    assert world.branch.name in text.replace(" ", "")
    assert [image for page in reader.pages for image in page.images], "the photo is printed"


def test_backup_and_restore_bring_back_the_bucket(
    bucket, postgres, transactional_db, world, tmp_path
):
    from reports import rendering

    world.report.photos.add(world.photo)
    rendering.render(world.report.pk)
    source = _objects(bucket["DJANGO_STORAGE_BUCKET"])
    world.report.refresh_from_db()
    assert {world.photo.file.name, world.report.pdf.name} <= source.keys()

    backup = tmp_path / "backup"
    env = {**os.environ, **bucket, "DATABASE_URL": shared_database_url(), "PYTHON": sys.executable}
    subprocess.run([SCRIPTS / "backup.sh", backup], env=env, check=True, capture_output=True)
    with empty_database() as restored_url:
        restored = _new_bucket()
        env |= {**restored, "DATABASE_URL": restored_url}
        done = subprocess.run(
            [SCRIPTS / "restore.sh", backup], env=env, check=True, capture_output=True, text=True
        )
        assert _tables(restored_url) == _tables(shared_database_url())
        assert f"{len(source)} files restored" in done.stdout
        assert _objects(restored["DJANGO_STORAGE_BUCKET"]) == source
        # A second restore into the bucket, which holds the files now, changes nothing.
        again = subprocess.run(
            [sys.executable, "manage.py", "restore_files", backup / "media.tar.gz"],
            env=env,
            capture_output=True,
            text=True,
            cwd=django_settings.BASE_DIR,
        )
        assert again.returncode != 0 and "stored already" in again.stderr
        assert _objects(restored["DJANGO_STORAGE_BUCKET"]) == source


def test_stored_files_round_trip_on_the_local_disk(tmp_path):
    source = FileSystemStorage(location=tmp_path / "source")
    names = {"attachments/2024/03/a.png": b"png", "reports/1-2024.pdf": b"pdf", "top.txt": b"t"}
    for name, content in names.items():
        source.save(name, ContentFile(content))
    archive = tmp_path / "files.tar.gz"
    assert back_up(archive, source) == 3
    target = FileSystemStorage(location=tmp_path / "target")
    assert restore(archive, target) == 3
    assert {name: target.open(name).read() for name in stored_names(target)} == names
    with pytest.raises(RestoreError, match="stored already"):
        restore(archive, target)
    # Into a media folder not made yet.
    assert restore(archive, FileSystemStorage(location=tmp_path / "new" / "media")) == 3


@pytest.mark.parametrize("name", ["../outside.txt", "/etc/outside.txt", "a/../../outside.txt"])
def test_a_restore_refuses_names_leaving_the_storage(tmp_path, name):
    archive = tmp_path / "hostile.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        entry = tarfile.TarInfo(name)
        entry.size = 4
        tar.addfile(entry, io.BytesIO(b"evil"))
    target = FileSystemStorage(location=tmp_path / "target")
    with pytest.raises(RestoreError, match="refused"):
        restore(archive, target)
    assert not list(tmp_path.rglob("outside.txt"))


def test_the_commands_report_what_they_did(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    FileSystemStorage(location=settings.MEDIA_ROOT).save("reports/x.pdf", ContentFile(b"x"))
    out = io.StringIO()
    call_command("backup_files", tmp_path / "files.tar.gz", stdout=out)
    assert "1 files written" in out.getvalue()
    with pytest.raises(CommandError, match="stored already"):
        call_command("restore_files", tmp_path / "files.tar.gz", stdout=out)
