"""The committee's document library: documents (one row per version of a file), the
category tree, the links to the records a document is about, the text read from each
page, and the log of who opened a confidential project's documents.

Who sees a document (``Document.scope_narrowing``, applied by ``visible_to`` like every
scope): whoever sees any record it is linked to; a document linked to nothing is the
park's own (its administrators, leaders and staff); a document linked to a
confidential project is its insiders' only, whatever else it is linked to."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from parkbase.core.choices import COMMITTEE_ROLES, Action
from parkbase.core.models import Park, ParkHistory, ScopedModel, VersionedModel
from parkbase.core.names import in_language
from parkbase.core.scoping import SUBQUERY, ScopedManager
from parkbase.documents.choices import AccessAction, Kind, LinkKind, TextStatus
from parkbase.enterprises.models import Enterprise
from parkbase.evaluation.models import Run
from parkbase.land.models import Approval, Parcel
from parkbase.projects.models import Project, secret_projects

USER = settings.AUTH_USER_MODEL
# the records a document may be linked to: the link's field and the model
TARGETS = {
    LinkKind.ENTERPRISE: Enterprise,
    LinkKind.PROJECT: Project,
    LinkKind.PARCEL: Parcel,
    LinkKind.APPROVAL: Approval,
    LinkKind.RUN: Run,
}


class Category(ScopedModel):
    """A node of the park's category tree (管理文书 › 工作总结); every role of the park
    reads the tree, the park's staff edit it."""

    park = models.ForeignKey(
        Park, models.CASCADE, related_name="document_categories", verbose_name=_("park")
    )
    parent = models.ForeignKey(
        "self",
        models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent category"),
    )
    name = models.CharField(_("name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=100, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    history = ParkHistory()

    objects = ScopedManager()
    scope_park_path = "park__"
    scope_enterprise_path = None

    class Meta:
        verbose_name = _("document category")
        verbose_name_plural = _("document categories")
        ordering = ["park", "order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["park", "parent", "name"], name="document_category_unique"
            )
        ]

    def __str__(self):
        return self.label

    @property
    def label(self) -> str:
        """管理文书 › 工作总结 (in the reader's language where an English name is held)."""
        own = in_language(self.name, self.name_en)
        parent = self.parent
        return f"{in_language(parent.name, parent.name_en)} › {own}" if parent else own


class Document(VersionedModel):
    park = models.ForeignKey(Park, models.PROTECT, related_name="documents", verbose_name=_("park"))
    title = models.CharField(_("title"), max_length=300)
    number = models.CharField(
        _("document number"),
        max_length=100,
        blank=True,
        help_text=_("文号, e.g. 沈高新发〔2019〕12号"),
    )
    issuer = models.CharField(_("issued by"), max_length=200, blank=True)
    issued_on = models.DateField(_("date"), null=True, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    category = models.ForeignKey(
        Category,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("category"),
    )
    tags = models.CharField(
        _("tags"), max_length=300, blank=True, help_text=_("Words separated by commas.")
    )
    description = models.TextField(pgettext_lazy("document", "description"), blank=True)
    # the file: stored under its checksum, never under the name it came with
    file = models.FileField(_("file"), max_length=200, editable=False)
    original_name = models.CharField(_("file name"), max_length=255, editable=False)
    kind = models.CharField(_("file type"), max_length=10, choices=Kind.choices, editable=False)
    size = models.PositiveBigIntegerField(_("size (bytes)"), editable=False)
    sha256 = models.CharField(_("SHA-256 checksum"), max_length=64, editable=False)
    # versions of one document: each keeps its file; ``first`` is the first version's
    first = models.ForeignKey(
        "self",
        models.CASCADE,
        null=True,
        blank=True,
        related_name="later_versions",
        editable=False,
        verbose_name=_("first version"),
    )
    edition = models.PositiveSmallIntegerField(_("version number"), default=1, editable=False)
    current = models.BooleanField(_("current version"), default=True, editable=False)
    # the text read from the file (by page: ``pages``), and how that went
    text_status = models.CharField(
        _("text"),
        max_length=20,
        choices=TextStatus.choices,
        default=TextStatus.PENDING,
        editable=False,
    )
    text_note = models.CharField(_("text note"), max_length=40, blank=True, editable=False)
    text_params = models.JSONField(default=dict, blank=True, editable=False)
    page_count = models.PositiveIntegerField(_("pages"), null=True, blank=True, editable=False)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0, editable=False)
    heartbeat = models.DateTimeField(_("last sign of work"), null=True, blank=True, editable=False)
    preview_pdf = models.CharField(max_length=200, blank=True, editable=False)
    uploaded_by = models.ForeignKey(
        USER, models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    history_unindexed = ("first", "category", "park", "uploaded_by")
    scope_park_path = "park__"
    scope_enterprise_path = None

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-uploaded_at", "-id"]
        indexes = [
            models.Index(fields=["park", "current", "-uploaded_at"], name="document_recent"),
            models.Index(fields=["park", "sha256"], name="document_checksum"),
            models.Index(fields=["park", "year", "category"], name="document_year"),
        ]

    def __str__(self):
        return self.title

    @classmethod
    def scope_narrowing(cls, user, action=Action.VIEW) -> Q:
        """Seen by whoever sees a record it is linked to; linked to nothing: the
        committee's (administrators, leaders, staff); linked to a confidential project:
        its insiders' only."""
        links = DocumentLink.objects.unscoped(SUBQUERY)
        secret = links.filter(project__in=secret_projects(user)).values("document_id")
        outside_secrets = ~Q(pk__in=secret)
        if user.is_superuser or user.role in COMMITTEE_ROLES:
            return outside_secrets  # every record of the park is theirs to see
        seen = Q()
        for kind, model in TARGETS.items():
            seen |= Q(**{f"{kind}__in": model.objects.visible_to(user).values("pk")})
        return outside_secrets & Q(pk__in=links.filter(seen).values("document_id"))

    @property
    def busy(self) -> bool:
        return self.text_status in (TextStatus.PENDING, TextStatus.RUNNING)

    @property
    def tag_list(self) -> list[str]:
        return [t.strip() for t in self.tags.replace("，", ",").split(",") if t.strip()]


class DocumentPage(ScopedModel):
    """The text of one page of a document (a PDF's page, a sheet, or about 2,000
    characters of a file without pages): what the preview shows where it has no image,
    and what a search will read."""

    document = models.ForeignKey(Document, models.CASCADE, related_name="pages")
    number = models.PositiveIntegerField(_("page"))
    text = models.TextField(_("text"), blank=True)

    objects = ScopedManager()
    scope_park_path = "document__park__"
    scope_enterprise_path = None

    class Meta:
        verbose_name = _("document page")
        verbose_name_plural = _("document pages")
        ordering = ["document", "number"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="document_page_unique")
        ]

    @classmethod
    def scope_narrowing(cls, user, action=Action.VIEW) -> Q:
        return Q(document__in=Document.objects.visible_to(user).values("pk"))


class DocumentLink(ScopedModel):
    """A document is about one record: an enterprise, a project, a parcel, a land
    approval or an evaluation run (one of them per link)."""

    document = models.ForeignKey(
        Document, models.CASCADE, related_name="links", verbose_name=_("document")
    )
    enterprise = models.ForeignKey(
        Enterprise, models.CASCADE, null=True, blank=True, related_name="document_links"
    )
    project = models.ForeignKey(
        Project, models.CASCADE, null=True, blank=True, related_name="document_links"
    )
    parcel = models.ForeignKey(
        Parcel, models.CASCADE, null=True, blank=True, related_name="document_links"
    )
    approval = models.ForeignKey(
        Approval, models.CASCADE, null=True, blank=True, related_name="document_links"
    )
    run = models.ForeignKey(
        Run, models.CASCADE, null=True, blank=True, related_name="document_links"
    )
    created_by = models.ForeignKey(
        USER, models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    history = ParkHistory()

    objects = ScopedManager()
    scope_park_path = "document__park__"
    scope_enterprise_path = None

    class Meta:
        verbose_name = _("document link")
        verbose_name_plural = _("document links")
        ordering = ["document", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(enterprise__isnull=False, project=None, parcel=None, approval=None, run=None)
                    | Q(
                        enterprise=None, project__isnull=False, parcel=None, approval=None, run=None
                    )
                    | Q(
                        enterprise=None, project=None, parcel__isnull=False, approval=None, run=None
                    )
                    | Q(
                        enterprise=None, project=None, parcel=None, approval__isnull=False, run=None
                    )
                    | Q(
                        enterprise=None, project=None, parcel=None, approval=None, run__isnull=False
                    )
                ),
                name="document_link_one_target",
            ),
            *(
                models.UniqueConstraint(
                    fields=["document", kind],
                    condition=Q(**{f"{kind}__isnull": False}),
                    name=f"document_link_{kind}_unique",
                )
                for kind in TARGETS
            ),
        ]

    def __str__(self):
        return f"{self.document_id} → {self.kind}:{self.target_id}"

    @property
    def kind(self) -> str:
        return next(kind for kind in TARGETS if getattr(self, f"{kind}_id"))

    @property
    def target(self):
        return getattr(self, self.kind)

    @property
    def target_id(self) -> int:
        return getattr(self, f"{self.kind}_id")

    @classmethod
    def scope_narrowing(cls, user, action=Action.VIEW) -> Q:
        """The links of documents the user sees, to records the user sees."""
        seen = Q(document__in=Document.objects.visible_to(user).values("pk"))
        for kind, model in TARGETS.items():
            seen &= Q(**{f"{kind}__isnull": True}) | Q(
                **{f"{kind}__in": model.objects.visible_to(user).values("pk")}
            )
        return seen


class DocumentAccess(ScopedModel):
    """Who previewed or downloaded a document linked to a confidential project, and
    when: its insiders read the log on the document's page."""

    document = models.ForeignKey(Document, models.CASCADE, related_name="accesses")
    user = models.ForeignKey(USER, models.SET_NULL, null=True, related_name="+")
    action = models.CharField(_("action"), max_length=10, choices=AccessAction.choices)
    at = models.DateTimeField(_("when"), auto_now_add=True)

    objects = ScopedManager()
    scope_park_path = "document__park__"
    scope_enterprise_path = None

    class Meta:
        verbose_name = _("document access")
        verbose_name_plural = _("document accesses")
        ordering = ["-at", "-id"]

    @classmethod
    def scope_narrowing(cls, user, action=Action.VIEW) -> Q:
        return Q(document__in=Document.objects.visible_to(user).values("pk"))
