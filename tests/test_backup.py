"""A backup (scripts/backup.sh) restored into a fresh database (scripts/restore.sh) holds
every record and every file again: the same rows with the same contents in every table,
the same sequences, and the media folder byte for byte."""

import os
import subprocess
from contextlib import contextmanager
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
# Each table's rows, in the order of their primary key, as PostgreSQL prints them.
TABLE_DIGEST = sql.SQL(
    "SELECT count(*), md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t.{pk}), '')) "
    "FROM {table} AS t"
)


def _tables(url):
    """{table: (row count, digest of its rows)} for every table of the app, read through
    psycopg from the database at `url`."""
    tables = {
        model._meta.db_table: model._meta.pk.column
        for model in apps.get_models(include_auto_created=True)
    }
    with psycopg.connect(url) as db:
        return {
            table: db.execute(
                TABLE_DIGEST.format(table=sql.Identifier(table), pk=sql.Identifier(pk))
            ).fetchone()
            for table, pk in sorted(tables.items())
        }


def _sequences(url):
    """Where each sequence stands: a restored database must not hand out used ids."""
    with psycopg.connect(url) as db:
        rows = db.execute("SELECT sequencename, last_value FROM pg_sequences ORDER BY 1")
        return dict(rows.fetchall())


def _files(root):
    return {
        str(path.relative_to(root)): path.read_bytes()
        for path in Path(root).rglob("*")
        if path.is_file()
    }


@contextmanager
def empty_database():
    """The URL of a new, empty database beside the test's own, dropped afterwards."""
    source_url = shared_database_url()
    name = f"{connection.settings_dict['NAME']}_restored"
    admin_url = source_url.rsplit("/", 1)[0] + "/postgres"
    drop = sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name))
    with psycopg.connect(admin_url, autocommit=True) as db:
        db.execute(drop)
        db.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield source_url.rsplit("/", 1)[0] + "/" + name
    finally:
        with psycopg.connect(admin_url, autocommit=True) as db:
            db.execute(drop)


def test_backup_and_restore_bring_back_every_record_and_file(
    postgres, transactional_db, world, tmp_path
):
    rendering.render(world.report.pk)  # a rendered PDF in the media folder too
    world.report.refresh_from_db()
    expected_files = [a.file.name for a in Attachment.objects.all()] + [world.report.pdf.name]
    source_url = shared_database_url()
    backup, media = tmp_path / "backup", tmp_path / "restored-media"
    with empty_database() as restored_url:
        env = {
            **os.environ,
            "DATABASE_URL": source_url,
            "DJANGO_MEDIA_ROOT": str(settings.MEDIA_ROOT),
        }
        subprocess.run([SCRIPTS / "backup.sh", backup], env=env, check=True, capture_output=True)
        env |= {"DATABASE_URL": restored_url, "DJANGO_MEDIA_ROOT": str(media)}
        subprocess.run([SCRIPTS / "restore.sh", backup], env=env, check=True, capture_output=True)

        source_tables = _tables(source_url)
        assert source_tables["activities_meeting"][0] and source_tables["rectifications_item"][0]
        assert _tables(restored_url) == source_tables
        assert _sequences(restored_url) == _sequences(source_url)
        source_files = _files(settings.MEDIA_ROOT)
        assert set(expected_files) <= source_files.keys()
        assert _files(media) == source_files
