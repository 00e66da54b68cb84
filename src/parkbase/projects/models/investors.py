"""Investors, hidden from everyone but the insiders where only confidential projects
name them."""

from django.db import models
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from parkbase.core.choices import Action
from parkbase.core.models import Park, VersionedModel
from parkbase.core.scoping import SUBQUERY, ScopedQuerySet
from parkbase.projects.choices import InvestorKind, InvestorOrigin
from parkbase.projects.models.common import ParkRecord, insider_q


class InvestorQuerySet(ScopedQuerySet):
    """Who invests in a confidential project is its insiders' to know: an investor
    that only such projects name is not visible to anyone else (in lists, exports,
    choices and the API alike)."""

    def visible_to(self, user, action: str = Action.VIEW):
        from parkbase.projects.models.parts import ProjectInvestor  # imports this module

        links = ProjectInvestor.objects.unscoped(SUBQUERY).filter(investor=OuterRef("pk"))
        known = insider_q(user, "project__")
        return (
            super()
            .visible_to(user, action)
            .filter(Exists(links.filter(known)) | ~Exists(links.exclude(known)))
        )


class Investor(VersionedModel, ParkRecord):
    park = models.ForeignKey(Park, models.PROTECT, related_name="investors", verbose_name=_("park"))
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(
        _("kind"), max_length=20, choices=InvestorKind.choices, default=InvestorKind.COMPANY
    )
    origin = models.CharField(_("origin"), max_length=20, choices=InvestorOrigin.choices)
    region = models.CharField(
        _("region"), max_length=100, blank=True, help_text=_("City, province or country.")
    )
    uscc = models.CharField(_("credit code"), max_length=18, blank=True)
    contact = models.CharField(_("contact person"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    note = models.TextField(_("note"), blank=True)

    objects = InvestorQuerySet.as_manager()

    class Meta:
        verbose_name = _("investor")
        verbose_name_plural = _("investors")
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["park", "name"], name="investor_name_unique")
        ]

    def __str__(self):
        return self.name
