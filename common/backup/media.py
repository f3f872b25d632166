"""The private uploads: where they live, the files under MEDIA_ROOT to archive, and swapping them
for a restored set.

With MEDIA_STORAGE=s3 the uploads are objects in a bucket that every host reads: a backup
records where they are and does not download them (the bucket's own versioning or
replication keeps their copies), and a restore leaves them alone.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages

from .base import FILESYSTEM, MEDIA_DIR, REPLACED_PREFIX


def media_location() -> dict[str, str]:
    """Where this portal keeps its private uploads, as an archive's manifest records it.

    `{"storage": "filesystem"}`: files under MEDIA_ROOT, which the archive holds. Otherwise
    object storage, which the archive does not hold: `{"storage": "s3", "bucket": …,
    "prefix": …, "endpoint_url": …, "region": …}` (those that are set; never the keys).
    """
    storage = storages["default"]
    if isinstance(storage, FileSystemStorage):
        return {"storage": FILESYSTEM}
    kind = type(storage)
    location = {"storage": "s3" if getattr(storage, "bucket_name", None) else f"{kind.__module__}.{kind.__qualname__}"}
    for key, attribute in (
        ("bucket", "bucket_name"),
        ("prefix", "location"),
        ("endpoint_url", "endpoint_url"),
        ("region", "region_name"),
    ):
        if value := getattr(storage, attribute, None):
            location[key] = str(value)
    return location


def archived_media_location(manifest: dict) -> dict[str, str]:
    """Where the uploads were when the archive was made; archives before this record were
    all of MEDIA_ROOT."""
    location = manifest.get("media")
    return location if isinstance(location, dict) and location.get("storage") else {"storage": FILESYSTEM}


def media_location_label(location: dict[str, str]) -> str:
    """`bucket portal-media/son-la (https://s3.example.vn)` for the operator."""
    if location.get("storage") == FILESYSTEM:
        return str(settings.MEDIA_ROOT)
    if "bucket" not in location:
        return location.get("storage", "?")
    label = f"bucket {location['bucket']}"
    if location.get("prefix"):
        label += f"/{location['prefix']}"
    if location.get("endpoint_url"):
        label += f" ({location['endpoint_url']})"
    return label


def media_files(media_root: Path) -> Iterator[tuple[str, Path]]:
    """(archive name, path) of every regular file under MEDIA_ROOT, in a stable order.
    Links and special files are not uploads and are left out."""
    if not media_root.is_dir():
        return
    for directory, dirnames, filenames in os.walk(media_root):
        here = Path(directory)
        dirnames[:] = sorted(
            d
            for d in dirnames
            if not (here / d).is_symlink() and not (here == media_root and d.startswith(REPLACED_PREFIX))
        )
        for filename in sorted(filenames):
            path = here / filename
            if path.is_symlink() or not path.is_file():
                continue
            yield f"{MEDIA_DIR}/{path.relative_to(media_root).as_posix()}", path


def replace_media(staged: Path, media_root: Path) -> tuple[int, int]:
    """Make MEDIA_ROOT hold exactly the staged files. The old contents are moved aside
    inside MEDIA_ROOT (a rename, even when MEDIA_ROOT is a mounted volume) and removed
    once the new ones are in place."""
    media_root.mkdir(parents=True, exist_ok=True)
    aside = Path(tempfile.mkdtemp(dir=media_root, prefix=REPLACED_PREFIX))
    for child in list(media_root.iterdir()):
        if child != aside:
            os.replace(child, aside / child.name)
    files = size = 0
    if staged.is_dir():
        mode = settings.FILE_UPLOAD_PERMISSIONS or 0o640
        for path in staged.rglob("*"):
            if path.is_file():
                os.chmod(path, mode)
                files += 1
                size += path.stat().st_size
        for child in list(staged.iterdir()):
            shutil.move(str(child), str(media_root / child.name))
    shutil.rmtree(aside, ignore_errors=True)
    return files, size
