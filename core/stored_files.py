"""Every file of the default storage (uploads, rendered reports) copied into a tar
archive and back, whether the storage is the local disk or a bucket: what
scripts/backup.sh and restore.sh use when the files are in a bucket."""

import tarfile
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

from django.core.exceptions import SuspiciousFileOperation
from django.core.files import File
from django.core.files.storage import Storage, default_storage


class RestoreError(Exception):
    pass


def stored_names(storage: Storage, folder: str = "") -> Iterator[str]:
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:  # a media folder not made yet holds nothing
        return
    # A bucket's console makes empty "folder/" objects, listed as a file named ".".
    for name in sorted(name for name in files if name not in ("", ".")):
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
            try:
                stored = storage.open(name, "rb")
            except FileNotFoundError:
                continue  # removed since it was listed: a staged upload the app discarded
            with stored:
                entry = tarfile.TarInfo(name)
                entry.size = stored.size
                tar.addfile(entry, stored)
            count += 1
    partial.rename(archive)
    return count


def restore(archive: Path, storage: Storage = default_storage) -> int:
    """Put every file of the archive back under its own name into an empty storage; the
    number restored. A name that would leave its folder stops it."""
    if next(stored_names(storage), None) is not None:
        raise RestoreError("files are stored already: restore into an empty storage")
    count = 0
    with tarfile.open(archive, "r:gz") as tar:
        for entry in tar:
            if not entry.isfile():
                continue
            path = PurePosixPath(entry.name)
            if path.is_absolute() or ".." in path.parts:
                raise RestoreError(f"refused: {entry.name}")
            name = str(path)  # "./reports/a.pdf" from a tar of the media folder: "reports/a.pdf"
            content = tar.extractfile(entry)
            assert content is not None  # a regular file always has content
            try:
                saved = storage.save(name, File(content, name=name))
            except SuspiciousFileOperation as error:
                raise RestoreError(f"refused: {entry.name}") from error
            if saved != name:
                raise RestoreError(f"{name} was stored as {saved}")
            count += 1
    return count
