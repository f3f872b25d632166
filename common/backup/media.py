"""The private uploads under MEDIA_ROOT: the files to archive, and swapping them for a restored set."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings

from .base import MEDIA_DIR, REPLACED_PREFIX


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
