from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Kind(models.TextChoices):
    """What a file is, told from its content (``engine.detect``), never from its name."""

    PDF = "pdf", "PDF"
    DOCX = "docx", pgettext_lazy("file kind", "Word (docx)")
    DOC = "doc", pgettext_lazy("file kind", "Word 97–2003 (doc)")
    XLSX = "xlsx", pgettext_lazy("file kind", "Excel (xlsx)")
    XLS = "xls", pgettext_lazy("file kind", "Excel 97–2003 (xls)")
    ODT = "odt", pgettext_lazy("file kind", "OpenDocument text (odt)")
    JPEG = "jpeg", pgettext_lazy("file kind", "JPEG image")
    PNG = "png", pgettext_lazy("file kind", "PNG image")
    TXT = "txt", pgettext_lazy("file kind", "Plain text")


# the file name ending a download gets, and the media type it is served as
EXTENSIONS = {
    Kind.PDF: ".pdf",
    Kind.DOCX: ".docx",
    Kind.DOC: ".doc",
    Kind.XLSX: ".xlsx",
    Kind.XLS: ".xls",
    Kind.ODT: ".odt",
    Kind.JPEG: ".jpg",
    Kind.PNG: ".png",
    Kind.TXT: ".txt",
}
MEDIA_TYPES = {
    Kind.PDF: "application/pdf",
    Kind.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    Kind.DOC: "application/msword",
    Kind.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    Kind.XLS: "application/vnd.ms-excel",
    Kind.ODT: "application/vnd.oasis.opendocument.text",
    Kind.JPEG: "image/jpeg",
    Kind.PNG: "image/png",
    Kind.TXT: "text/plain; charset=utf-8",
}
# kinds LibreOffice turns into PDF pages for the preview (and .doc for its text)
OFFICE_TEXT = (Kind.DOCX, Kind.DOC, Kind.ODT)
SPREADSHEETS = (Kind.XLSX, Kind.XLS)
IMAGES = (Kind.JPEG, Kind.PNG)


class TextStatus(models.TextChoices):
    """Where a document's text extraction is: never a silent empty text."""

    PENDING = "pending", _("Waiting to be read")
    RUNNING = "running", _("Being read")
    DONE = "done", _("Text read")
    PARTIAL = "partial", _("Text read in part")
    EMPTY = "empty", _("No text found")
    UNAVAILABLE = "unavailable", _("Converter not installed")
    FAILED = "failed", _("Could not be read")


BUSY = (TextStatus.PENDING, TextStatus.RUNNING)


class Preview(models.TextChoices):
    """How the browser shows a document."""

    PAGES = "pages", _("Page images")
    HTML = "html", _("Web page")
    TABLE = "table", _("Table")
    IMAGE = "image", _("Image")
    TEXT = "text", _("Text")
    NONE = "none", _("No preview")


class LinkKind(models.TextChoices):
    ENTERPRISE = "enterprise", _("enterprise")
    PROJECT = "project", _("investment project")
    PARCEL = "parcel", _("parcel")
    APPROVAL = "approval", _("land approval")
    RUN = "run", _("evaluation run")


class AccessAction(models.TextChoices):
    PREVIEW = "preview", _("previewed")
    DOWNLOAD = "download", _("downloaded")


# The tree every park starts with (管理文书 › 工作总结 …): (name, English name, children)
DEFAULT_CATEGORIES = (
    (
        "管理文书",
        "Administrative documents",
        (
            ("工作总结", "Work summaries"),
            ("工作计划", "Work plans"),
            ("请示", "Requests for instructions"),
            ("批复", "Official replies"),
            ("会议纪要", "Meeting minutes"),
            ("通知", "Notices"),
        ),
    ),
    (
        "项目文件",
        "Project files",
        (
            ("可研报告", "Feasibility studies"),
            ("协议合同", "Agreements and contracts"),
            ("审批材料", "Approval documents"),
        ),
    ),
    ("土地文件", "Land documents", ()),
    ("企业材料", "Enterprise documents", ()),
    ("其他", "Other", ()),
)
