#!/usr/bin/env bash
# Back up the ledger: the PostgreSQL database (pg_dump, custom format) and the stored
# files (uploaded photos, rendered reports): the media folder, or with
# DJANGO_STORAGE_BUCKET set, the bucket, read through the app's storage settings
# (manage.py backup_files). Run it from cron on the database host or anywhere pg_dump
# reaches the database.
#
#   DATABASE_URL=postgres://user:pass@host:5432/ledger DJANGO_MEDIA_ROOT=/srv/ledger/media \
#     scripts/backup.sh /backups/ledger-$(date +%F)
# A password in DATABASE_URL shows in the process list while pg_dump runs: on a shared
# host, leave it out of the URL and put it in ~/.pgpass instead.
set -euo pipefail
umask 077  # the dump holds password hashes: readable by this user only
target=${1:?usage: scripts/backup.sh <empty target folder>}
: "${DATABASE_URL:?set DATABASE_URL}"
media=${DJANGO_MEDIA_ROOT:-$(dirname "$0")/../media}

mkdir -p "$target"
# Written under a temporary name, so a dump cut short is never taken for a whole one.
pg_dump --format=custom --no-owner --no-privileges --file="$target/ledger.dump.partial" \
  "$DATABASE_URL"
mv "$target/ledger.dump.partial" "$target/ledger.dump"
if [ -n "${DJANGO_STORAGE_BUCKET:-}" ]; then
  "${PYTHON:-python3}" "$(dirname "$0")/../manage.py" backup_files "$target/media.tar.gz"
elif [ -d "$media" ]; then
  tar --create --gzip --file="$target/media.tar.gz" --directory="$media" .
fi
echo "backed up to $target"
