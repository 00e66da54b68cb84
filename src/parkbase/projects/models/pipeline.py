"""The park's pipeline: its stages in order, each with its gate, and its rules (when
a project is landed, how fast a lead is answered, when a project is stalled)."""

from django.db import models
from django.utils.functional import lazy
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from parkbase.core.models import Park, VersionedModel
from parkbase.core.scoping import ScopedQuerySet
from parkbase.projects.models.common import ParkRecord


class Stage(ParkRecord):
    """One stage of the park's pipeline (线索 → 研判 → … → 入统), in order, with the
    project fields a move into it requires (its gate)."""

    park = models.ForeignKey(Park, models.CASCADE, related_name="stages", verbose_name=_("park"))
    code = models.SlugField(_("code"), max_length=30)
    name = models.CharField(_("name"), max_length=60)
    name_en = models.CharField(_("English name"), max_length=60, blank=True)
    order = models.PositiveSmallIntegerField(_("order"))
    required_fields = models.JSONField(
        _("required fields"),
        default=list,
        blank=True,
        help_text=_("Project fields that must be filled in before a project enters the stage."),
    )
    history = HistoricalRecords()

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("pipeline stage")
        verbose_name_plural = _("pipeline stages")
        ordering = ["park", "order"]
        constraints = [
            models.UniqueConstraint(fields=["park", "code"], name="stage_code_unique"),
        ]

    def __str__(self):
        return self.name

    def name_in_language(self) -> str:
        """The name in the active language (the Chinese name when no English one)."""
        if (get_language() or "").startswith("en") and self.name_en:
            return self.name_en
        return self.name

    def name_lazy(self):
        """The name in the language a message is rendered in, chosen when it is."""
        return lazy(self.name_in_language, str)()


class Pipeline(VersionedModel, ParkRecord):
    """The park's pipeline rules: when a project counts as landed, how fast a lead must
    be answered, and when a project without progress is stalled."""

    park = models.OneToOneField(
        Park, models.CASCADE, related_name="pipeline", verbose_name=_("park")
    )
    landed_rule = models.JSONField(
        _("landed when dated"),
        default=list,
        help_text=_("The milestone dates that together make a project landed (落地)."),
    )
    answer_days = models.PositiveSmallIntegerField(_("answer a lead within (days)"), default=1)
    screen_days = models.PositiveSmallIntegerField(_("screen a lead within (days)"), default=3)
    feedback_days = models.PositiveSmallIntegerField(
        _("feed back to the investor within (days)"), default=7
    )
    progress_days = models.PositiveSmallIntegerField(_("report progress every (days)"), default=14)
    talk_after_days = models.PositiveSmallIntegerField(
        _("talk with the investor after (days without progress)"), default=91
    )
    drop_after_days = models.PositiveSmallIntegerField(
        _("propose dropping after (days without progress)"), default=273
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("pipeline rules")
        verbose_name_plural = _("pipeline rules")

    def __str__(self):
        return str(self.park)
