"""Every file of the default storage (uploads, rendered reports) copied into a tar
archive and back, whether the storage is the local disk or a bucket: what
scripts/backup.sh and restore.sh use when the files are in a bucket."""

import tarfile
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

from django.core.files import File
from django.core.files.storage import Storage, default_storage


class RestoreError(Exception):
    pass


def stored_names(storage: Storage, folder: str = "") -> Iterator[str]:
    folders, files = storage.listdir(folder)
    for name in sorted(files):
        yield f"{folder}{name}"
    for subfolder in sorted(folders):
        yield from stored_names(storage, f"{folder}{subfolder}/")


def back_up(archive: Path, storage: Storage = default_storage) -> int:
    """Write every stored file into a gzipped tar at `archive`; the number written.
    Written under a temporary name, so an archive cut short is never taken for a whole one."""
    partial = archive.with_name(archive.name + ".partial")
    count = 0
    with tarfile.open(partial, "w:gz") as tar:
        for name in stored_names(storage):
            entry = tarfile.TarInfo(name)
            entry.size = storage.size(name)
            with storage.open(name, "rb") as stored:
                tar.addfile(entry, stored)
            count += 1
    partial.rename(archive)
    return count


def restore(archive: Path, storage: Storage = default_storage) -> int:
    """Put every file of the archive back under its own name into an empty storage; the
    number restored. A name already taken, or one that would leave its folder, stops it."""
    count = 0
    with tarfile.open(archive, "r:gz") as tar:
        for entry in tar:
            if not entry.isfile():
                continue
            path = PurePosixPath(entry.name)
            if path.is_absolute() or ".." in path.parts:
                raise RestoreError(f"refused: {entry.name}")
            name = str(path)  # "./reports/a.pdf" from a tar of the media folder: "reports/a.pdf"
            if storage.exists(name):
                raise RestoreError(f"{name} is already stored: restore into an empty storage")
            content = tar.extractfile(entry)
            assert content is not None  # a regular file always has content
            saved = storage.save(name, File(content, name=name))
            if saved != name:
                raise RestoreError(f"{name} was stored as {saved}")
            count += 1
    return count
