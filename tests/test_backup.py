"""A backup (scripts/backup.sh) restored into a fresh database (scripts/restore.sh) holds
every record and every file again."""

import os
import subprocess
from pathlib import Path

import psycopg
from django.apps import apps
from django.conf import settings
from django.db import connection
from psycopg import sql

from attachments.models import Attachment
from reports import rendering

from .workers import shared_database_url

SCRIPTS = Path(settings.BASE_DIR) / "scripts"


def _counts(url):
    """Rows in every table of the app, read through psycopg from the database at `url`."""
    tables = sorted({model._meta.db_table for model in apps.get_models(include_auto_created=True)})
    count = sql.SQL("SELECT count(*) FROM {}")
    with psycopg.connect(url) as db:
        return {
            table: db.execute(count.format(sql.Identifier(table))).fetchone()[0] for table in tables
        }


def test_backup_and_restore_bring_back_every_record_and_file(
    postgres, transactional_db, world, tmp_path
):
    rendering.render(world.report.pk)  # a rendered PDF in the media folder too
    world.report.refresh_from_db()
    files = [a.file.name for a in Attachment.objects.all()] + [world.report.pdf.name]
    source_url = shared_database_url()
    restored_name = f"{connection.settings_dict['NAME']}_restored"
    restored_url = source_url.rsplit("/", 1)[0] + "/" + restored_name
    admin_url = source_url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as db:
        db.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(restored_name)))
        db.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(restored_name)))
    backup, media = tmp_path / "backup", tmp_path / "restored-media"
    try:
        env = {
            **os.environ,
            "DATABASE_URL": source_url,
            "DJANGO_MEDIA_ROOT": str(settings.MEDIA_ROOT),
        }
        subprocess.run([SCRIPTS / "backup.sh", backup], env=env, check=True, capture_output=True)
        env |= {"DATABASE_URL": restored_url, "DJANGO_MEDIA_ROOT": str(media)}
        subprocess.run([SCRIPTS / "restore.sh", backup], env=env, check=True, capture_output=True)

        source_counts = _counts(source_url)
        assert source_counts["activities_meeting"] and source_counts["rectifications_item"]
        assert _counts(restored_url) == source_counts
        for name in files:
            assert (media / name).read_bytes() == (Path(settings.MEDIA_ROOT) / name).read_bytes()
    finally:
        with psycopg.connect(admin_url, autocommit=True) as db:
            db.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(restored_name)))
