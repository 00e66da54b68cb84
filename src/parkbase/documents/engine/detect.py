"""What a file is, told from its content, and whether the library may keep it.

The name a user gives a file decides nothing: a renamed program is refused whatever it
is called, and a Word file called ``report.pdf`` is kept as the Word file it is.

* PDF: ``%PDF-`` near the start (within the first KiB, as readers allow).
* Zip containers, by their inner structure: ``word/document.xml`` (DOCX),
  ``xl/workbook.xml`` (XLSX), a ``mimetype`` part of OpenDocument text (ODT). Before
  anything is read, the archive's parts are counted and their declared sizes summed
  against the bounds (``imports.reader.bounds``: a zip bomb is refused); then every
  XML part is read in pieces, counting what really comes out, and a part that holds a
  document type declaration (``<!DOCTYPE``, ``<!ENTITY``: an entity bomb, or an
  external entity reaching for the server's files) is refused. Office and
  OpenDocument files never hold one.
* OLE2 compound files by their streams: ``WordDocument`` (DOC), ``Workbook`` / ``Book``
  (XLS); an ``EncryptionInfo`` stream is a password-protected Office file (refused:
  nothing of it can be read).
* JPEG and PNG by their signatures, then opened by Pillow, which must find them whole
  and of a bounded number of pixels.
* Plain text: no NUL bytes, next to no control characters, and UTF-8, GB18030 or
  UTF-16 (with its byte-order mark).
* Anything else is refused: programs (``MZ``, ``ELF``, Mach-O, scripts marked ``#!``)
  by name, the rest as a kind the library does not keep.

Plain Python: no Django. A refusal is ``Refused(code, params)``; the app words it.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path

from parkbase.core.text import clean_text
from parkbase.imports.reader import UnreadableFile, looks_like_text, ole_stream_names
from parkbase.imports.reader.bounds import Bounds, check_members, pieces

PDF_MAGIC = b"%PDF-"
JPEG_MAGIC = b"\xff\xd8\xff"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
ODT_MIME = b"application/vnd.oasis.opendocument.text"
PROGRAMS = (
    b"MZ",  # Windows .exe, .dll
    b"\x7fELF",  # Linux
    b"\xca\xfe\xba\xbe",  # Mach-O universal
    b"\xcf\xfa\xed\xfe",  # Mach-O 64-bit
    b"\xfe\xed\xfa\xcf",
    b"#!",  # a script
)
MAX_PIXELS = 50_000_000  # an image larger than this is refused (a pixel bomb)
NAME_CHARS = 200


class Refused(Exception):
    """The file is not kept: ``code`` names the rule, ``params`` fill its message."""

    def __init__(self, code: str, **params):
        super().__init__(code)
        self.code = code
        self.params = params


@dataclass(frozen=True)
class Detected:
    kind: str  # a value of choices.Kind


def safe_name(name: str) -> str:
    """The last part of a file name as a user may see it: no folders (``../``, ``\\``),
    no control, zero-width or direction characters (a right-to-left override that
    makes ``gpj.exe`` read ``exe.jpg``), no leading dots, at most 200 characters. Only
    ever shown and offered as a download's name: files are stored under their
    checksum."""
    text = clean_text(str(name or ""))
    text = text.replace("\\", "/").rsplit("/", 1)[-1]
    text = text.strip().lstrip(".").strip()
    if len(text) > NAME_CHARS:
        stem, dot, ending = text.rpartition(".")
        if dot and len(ending) <= 10:
            text = stem[: NAME_CHARS - len(ending) - 1] + "." + ending
        else:
            text = text[:NAME_CHARS]
    return text or "document"


def title_from_name(name: str) -> str:
    """A document's first title: its safe name without the ending."""
    text = safe_name(name)
    stem, dot, ending = text.rpartition(".")
    return stem.strip() if dot and stem.strip() and len(ending) <= 10 else text


def detect(path: Path, *, max_bytes: int, bounds: Bounds) -> Detected:
    """The kind of the file at ``path``, or ``Refused``."""
    size = path.stat().st_size
    if size == 0:
        raise Refused("empty")
    if size > max_bytes:
        raise Refused("too_large", size_mb=round(size / (1 << 20), 1), limit_mb=max_bytes >> 20)
    with path.open("rb") as f:
        head = f.read(65536)
    if PDF_MAGIC in head[:1024]:
        return Detected("pdf")
    if head.startswith(ZIP_MAGIC):
        return Detected(_zip_kind(path, bounds))
    if head.startswith(OLE_MAGIC):
        return Detected(_ole_kind(path))
    if head.startswith(JPEG_MAGIC):
        _check_image(path)
        return Detected("jpeg")
    if head.startswith(PNG_MAGIC):
        _check_image(path)
        return Detected("png")
    if head.startswith(PROGRAMS):
        raise Refused("program")
    if looks_like_text(head):
        return Detected("txt")
    raise Refused("unknown_kind")


def _zip_kind(path: Path, bounds: Bounds) -> str:
    try:
        with zipfile.ZipFile(path) as zf:
            too_many = check_members(zf, bounds)
            if too_many is not None:
                raise Refused("zip_members", count=too_many[0], limit=too_many[1])
            declared = sum(info.file_size for info in zf.infolist())
            if declared > bounds.unpacked_bytes:
                raise Refused("zip_unpacked", limit_mb=bounds.unpacked_mb)
            names = set(zf.namelist())
            kind = _container_kind(zf, names)
            _check_xml_parts(path, zf, bounds)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError) as exc:
        raise Refused("damaged", detail=str(exc)[:200]) from None
    except UnreadableFile:  # more came out of a part than the bounds allow
        raise Refused("zip_unpacked", limit_mb=bounds.unpacked_mb) from None
    return kind


def _container_kind(zf: zipfile.ZipFile, names: set[str]) -> str:
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "mimetype" in names:
        mime = zf.read("mimetype")[:200].strip()
        if mime == ODT_MIME:
            return "odt"
    raise Refused("unknown_kind")


def _check_xml_parts(path: Path, zf: zipfile.ZipFile, bounds: Bounds) -> None:
    """Every XML part, read in bounded pieces: none may declare a document type, and
    all of them together may not unpack to more than the bound (whatever their headers
    said)."""
    total = 0
    for info in zf.infolist():
        if not info.filename.endswith((".xml", ".rels")):
            continue
        tail = b""
        for piece in pieces(path, zf, info.filename, bounds):
            total += len(piece)
            if total > bounds.unpacked_bytes:
                raise Refused("zip_unpacked", limit_mb=bounds.unpacked_mb)
            window = tail + piece
            if b"<!DOCTYPE" in window or b"<!ENTITY" in window:
                raise Refused("xml_entities", part=info.filename[:100])
            tail = piece[-16:]


def _ole_kind(path: Path) -> str:
    try:
        names = ole_stream_names(path.read_bytes())
    except (ValueError, IndexError) as exc:
        raise Refused("damaged", detail=str(exc)[:200]) from None
    if "encryptioninfo" in names or "encryptedpackage" in names:
        raise Refused("encrypted")
    if "worddocument" in names:
        return "doc"
    if "workbook" in names or "book" in names:
        return "xls"
    raise Refused("unknown_kind")


def _check_image(path: Path) -> None:
    from PIL import Image

    try:
        with Image.open(path) as image:
            width, height = image.size
            if width * height > MAX_PIXELS:
                raise Refused("image_pixels", width=width, height=height)
            if image.format == "JPEG":
                # decoded at a small scale: a damaged stream fails, a large one costs little
                image.draft("RGB", (512, 512))
                image.load()
            else:
                image.verify()  # PNG: every chunk's checksum
    except Refused:
        raise
    except Exception as exc:  # Pillow raises many kinds for a damaged image
        raise Refused("damaged_image", detail=str(exc)[:200]) from None
