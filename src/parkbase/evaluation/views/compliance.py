"""Compliance records (a failed pollution check, unapproved sub-letting…): listed,
filtered, exported, added and removed by staff; scheme rules read them."""

from __future__ import annotations

from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _

from parkbase.core.choices import Action
from parkbase.core.edit_views import refusals
from parkbase.core.views import ScopedListView
from parkbase.enterprises.models import Enterprise
from parkbase.evaluation import services
from parkbase.evaluation.choices import ComplianceKind
from parkbase.evaluation.filtersets import ComplianceFilterSet
from parkbase.evaluation.forms import ComplianceForm
from parkbase.evaluation.models import ComplianceRecord
from parkbase.evaluation.tables import ComplianceTable


class ComplianceListView(ScopedListView):
    model = ComplianceRecord
    filterset_class = ComplianceFilterSet
    table_class = ComplianceTable
    select_related = ("enterprise",)
    template_name = "evaluation/compliance_list.html"
    export_name = "compliance-records"
    title = _("Compliance records")

    def required_action(self) -> str:
        return Action.CHANGE if self.request.method == "POST" else Action.VIEW

    export = staticmethod(ComplianceTable.export_full)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context.update(
            enterprises=Enterprise.objects.visible_to(user).order_by("name"),
            kinds=ComplianceKind.choices,
        )
        return context

    def post(self, request, *args, **kwargs):
        user = request.user
        form = ComplianceForm(request.POST, user=user)
        delete = form.integer("delete")
        with refusals(request):
            if delete:
                record = ComplianceRecord.objects.visible_to(user, Action.DELETE).filter(pk=delete)
                if record.exists():
                    services.compliance_delete(record=record.get(), user=user)
            else:
                services.compliance_add(
                    enterprise=form.enterprise_value(),
                    year=form.integer("year"),
                    kind=form.text("kind"),
                    note=form.text("note"),
                    user=user,
                )
        return redirect("evaluation-compliance")
