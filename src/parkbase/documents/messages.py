"""The words of the library's refusals (a file not kept) and of the notes a document's
text carries (how its reading went), by code, in the reader's language; ``both`` gives
Chinese and English together (the command line, the API)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext_lazy as _

REFUSALS = {
    "empty": _("The file is empty (0 bytes)."),
    "too_large": _("The file is {size_mb} MB, more than the {limit_mb} MB a document may be."),
    "program": _("The file is a program, not a document, whatever its name says: it is not kept."),
    "unknown_kind": _(
        "The library keeps PDF, Word (docx, doc), Excel (xlsx, xls), OpenDocument text "
        "(odt), JPG and PNG images and plain text; this file is none of them, whatever "
        "its name says."
    ),
    "damaged": _("The file is damaged and cannot be read ({detail})."),
    "zip_members": _(
        "The file holds {count} parts, more than the {limit} a document may: it is not "
        "kept (a file built to exhaust the server)."
    ),
    "zip_unpacked": _(
        "The file unpacks to more than {limit_mb} MB: it is not kept (a file built to "
        "exhaust the server)."
    ),
    "xml_entities": _(
        "The part {part} of the file declares XML entities, which Word and OpenDocument "
        "files never do: it is not kept (a file built to exhaust or read the server)."
    ),
    "encrypted": _(
        "The file is password-protected (encrypted) and cannot be read. Remove the "
        "password, save, and upload it again."
    ),
    "damaged_image": _("The image is damaged and cannot be shown ({detail})."),
    "image_pixels": _("The image is {width} × {height} pixels, more than a document image may be."),
}

NOTES = {
    "encrypted_pdf": _(
        "The PDF is password-protected (encrypted): neither its text nor its pages can be "
        "read. Download it to open it with its password."
    ),
    "damaged_pdf": _("The PDF is damaged and its pages cannot be read ({detail})."),
    "damaged": _("The file is damaged and its text cannot be read ({detail})."),
    "damaged_image": _("The image is damaged and cannot be read ({detail})."),
    "no_pages": _("The PDF has no pages."),
    "no_text": _("The file holds no text."),
    "bad_encoding": _("The text is neither UTF-8 nor GB18030 nor UTF-16."),
    "too_large": _("A part of the file unpacks to more than {limit_mb} MB: its text is not read."),
    "page_limit": _(
        "Only the first {read} of its {total} pages were read for its text (the limit); "
        "every page can still be previewed."
    ),
    "time_limit": _(
        "Reading stopped after {seconds} seconds, at page {read}: the text of the rest is "
        "not read; every page can still be previewed."
    ),
    "ocr_missing": _(
        "Its pages are images (a scan) and no text recognition is installed: install the "
        "Debian package {package} to read them."
    ),
    "some_scanned": _(
        "{blank} of its pages are images (a scan) and were not read: install the Debian "
        "package {package} to read them."
    ),
    "libreoffice_missing": _(
        "Word 97–2003 files are read by LibreOffice, which is not installed: install the "
        "Debian package {package} to read and preview it. It can be downloaded as it is."
    ),
    "conversion_failed": _("The file could not be converted ({detail})."),
    "unknown_kind": _("This kind of file has no text to read."),
    "worker_stopped": _(
        "The background worker stopped before the text was read (no sign of work for "
        "{minutes} minutes). Read it again from the document's page."
    ),
    "internal_error": _("Reading stopped on an internal error ({detail}). Tell the administrator."),
}


def worded(table: dict, code: str, params: dict | None = None) -> str:
    """The message of ``code`` in the active language, its values filled in."""
    template = table.get(code)
    if template is None:
        return code
    try:
        return str(template).format(**(params or {}))
    except (KeyError, IndexError, ValueError):
        return str(template)


def both(table: dict, code: str, params: dict | None = None) -> dict:
    """{"zh": …, "en": …}: the message in Chinese and in English."""
    out = {}
    for key, language in (("zh", "zh-hans"), ("en", "en")):
        with translation.override(language):
            out[key] = worded(table, code, params)
    return out


class DocumentRefused(ValidationError):
    """An upload the library does not keep: ``code`` names the rule (see REFUSALS)."""

    def __init__(self, code: str, params: dict | None = None, name: str = ""):
        self.refusal, self.refusal_params, self.name = code, dict(params or {}), name
        message = worded(REFUSALS, code, self.refusal_params)
        super().__init__(f"{name}：{message}" if name else message, code=code)

    def both(self) -> dict:
        words = both(REFUSALS, self.refusal, self.refusal_params)
        if self.name:
            words = {"zh": f"{self.name}：{words['zh']}", "en": f"{self.name}: {words['en']}"}
        return words
