"""Where the library's files live: under the data directory through Django's storage
API (``default_storage``, so an object store can replace it), each original under its
SHA-256 checksum (``documents/originals/ab/abcdef….pdf``: never a name a user chose, so
nothing can climb out of the directory), and what is made from it (a Word file's PDF,
page images) under ``documents/derived/ab/abcdef…/``, where it can be deleted and made
again at any time."""

from __future__ import annotations

import hashlib
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

ORIGINALS = "documents/originals"
DERIVED = "documents/derived"
CHUNK = 1 << 20


def original_name(sha256: str, ending: str) -> str:
    return f"{ORIGINALS}/{sha256[:2]}/{sha256}{ending}"


def derived_name(sha256: str, part: str) -> str:
    return f"{DERIVED}/{sha256[:2]}/{sha256}/{part}"


class Received:
    """An upload written to a temporary file while its checksum is computed; at most
    ``limit`` + 1 bytes are read (``too_large`` then tells)."""

    def __init__(self, upload, limit: int):
        self.digest = hashlib.sha256()
        self.size = 0
        self.too_large = False
        self._file = tempfile.NamedTemporaryFile(prefix="parkbase-upload-", delete=False)  # noqa: SIM115 (kept past this block: ``discard`` removes it)
        self.path = Path(self._file.name)
        try:
            chunks = (
                upload.chunks(CHUNK)
                if hasattr(upload, "chunks")
                else iter(lambda: upload.read(CHUNK), b"")
            )
            for chunk in chunks:
                self.size += len(chunk)
                if self.size > limit:
                    self.too_large = True
                    break
                self.digest.update(chunk)
                self._file.write(chunk)
        finally:
            self._file.close()

    @property
    def sha256(self) -> str:
        return self.digest.hexdigest()

    def discard(self) -> None:
        self.path.unlink(missing_ok=True)


def keep_original(received: Received, ending: str) -> str:
    """The stored name of the received file (written unless the same content is kept
    already: one copy serves every document of that content)."""
    name = original_name(received.sha256, ending)
    if not default_storage.exists(name):
        with received.path.open("rb") as f:
            saved = default_storage.save(name, File(f))
        if saved != name:  # a concurrent upload of the same file won: keep one copy
            default_storage.delete(saved)
    return name


def keep_derived(sha256: str, part: str, data: bytes) -> str:
    name = derived_name(sha256, part)
    if default_storage.exists(name):
        default_storage.delete(name)
    return default_storage.save(name, ContentFile(data))


def read_derived(sha256: str, part: str) -> bytes | None:
    name = derived_name(sha256, part)
    if not default_storage.exists(name):
        return None
    with default_storage.open(name, "rb") as f:
        return f.read()


@contextmanager
def local_copy(name: str) -> Iterator[Path]:
    """A path on this machine holding the stored file (itself, for the file system;
    a temporary copy for storages without paths)."""
    try:
        path = default_storage.path(name)
    except NotImplementedError:
        path = None
    if path is not None:
        yield Path(path)
        return
    with tempfile.TemporaryDirectory(prefix="parkbase-doc-") as work:
        copy = Path(work) / Path(name).name
        with default_storage.open(name, "rb") as source, copy.open("wb") as target:
            shutil.copyfileobj(source, target, CHUNK)
        yield copy


def forget(sha256: str, name: str, still_used: bool) -> None:
    """Delete the original (unless another document keeps the same content) and what
    was made from it."""
    if still_used:
        return
    default_storage.delete(name)
    _delete_tree(derived_name(sha256, ""))


def _delete_tree(folder: str) -> None:
    try:
        folders, files = default_storage.listdir(folder)
    except (FileNotFoundError, NotImplementedError):
        return
    for file in files:
        default_storage.delete(folder + file)
    for inner in folders:
        _delete_tree(f"{folder}{inner}/")
