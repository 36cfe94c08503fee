#!/usr/bin/env bash
# Restore a backup made by scripts/backup.sh into an empty database and media folder
# (or, with DJANGO_STORAGE_BUCKET set, an empty bucket).
#
#   DATABASE_URL=postgres://user:pass@host:5432/ledger_new DJANGO_MEDIA_ROOT=/srv/ledger/media \
#     scripts/restore.sh /backups/ledger-2026-11-22
set -euo pipefail
source=${1:?usage: scripts/restore.sh <backup folder>}
: "${DATABASE_URL:?set DATABASE_URL}"
media=${DJANGO_MEDIA_ROOT:-$(dirname "$0")/../media}

pg_restore --no-owner --no-privileges --exit-on-error --dbname="$DATABASE_URL" \
  "$source/ledger.dump"
if [ -f "$source/media.tar.gz" ] && [ -n "${DJANGO_STORAGE_BUCKET:-}" ]; then
  "${PYTHON:-python3}" "$(dirname "$0")/../manage.py" restore_files "$source/media.tar.gz"
elif [ -f "$source/media.tar.gz" ]; then
  mkdir -p "$media"
  tar --extract --gzip --file="$source/media.tar.gz" --directory="$media"
fi
echo "restored from $source"
