"""Campaign pages: list, detail (balancing, adding one enterprise), edit, progress;
team editing."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from parkbase.core import charts
from parkbase.core.choices import Action
from parkbase.core.edit_views import ServiceFormView, refusals
from parkbase.core.history import changes_of
from parkbase.core.views import PostChangesMixin, ScopedListView, ScopedMixin
from parkbase.surveys import engine, exports, selectors, services
from parkbase.surveys.choices import AssignmentStatus
from parkbase.surveys.filtersets import CampaignFilterSet
from parkbase.surveys.forms import AssignmentAddForm, CampaignForm, TeamForm
from parkbase.surveys.messages import threshold_rows
from parkbase.surveys.models import Campaign, Team
from parkbase.surveys.tables import CampaignTable

# ---------------------------------------------------------------- campaigns


class CampaignListView(ScopedListView):
    model = Campaign
    filterset_class = CampaignFilterSet
    table_class = CampaignTable
    template_name = "surveys/campaign_list.html"
    export_name = "survey-campaigns"
    title = _("Survey campaigns")

    def scoped(self, action=None):
        return selectors.with_assignment_counts(self.request.user, super().scoped(action))

    export = staticmethod(exports.campaign_rows)


class CampaignDetailView(PostChangesMixin, ScopedMixin, TemplateView):
    """The campaign, its scope and teams; writers balance assignments here (POST)."""

    model = Campaign
    template_name = "surveys/campaign_detail.html"
    tabs = ("overview", "history")
    writer_tabs = ("history",)

    def get_context_data(self, pk, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        campaign = self.get_scoped_object(pk)
        tab = self.request.GET.get("tab", "overview")
        tab = tab if tab in self.tabs else "overview"
        can_change = self.scoped(Action.CHANGE).filter(pk=pk).exists()
        if tab in self.writer_tabs and not can_change:
            tab = "overview"
        teams = list(selectors.campaign_teams(user, campaign))
        thresholds, _problems = engine.thresholds_from(campaign.thresholds)
        context.update(
            campaign=campaign,
            tab=tab,
            teams=teams,
            status_counts=[
                (s.label, n)
                for s, n in zip(
                    AssignmentStatus,
                    selectors.campaign_counts(user, campaign).values(),
                    strict=True,
                )
            ],
            in_scope=selectors.campaign_enterprises_visible(user, campaign).count(),
            scope_phases=list(campaign.scope_phases.all()),
            scope_departments=list(campaign.scope_departments.all()),
            scope_enterprises=list(
                selectors.campaign_chosen_enterprises(user, campaign).only("id", "name")
            ),
            thresholds=threshold_rows(thresholds.as_dict()),
            threshold_overrides=sorted(campaign.thresholds or {}),
            can_change=can_change,
            add_form=kwargs.get("add_form")
            or (AssignmentAddForm(campaign=campaign, user=user) if can_change else None),
        )
        if tab == "history" and can_change:
            changes = changes_of(Campaign.history.filter(id=campaign.pk), Campaign) + changes_of(
                Team.history.filter(campaign_id=campaign.pk), Team, label=lambda r: r.name
            )
            context["changes"] = sorted(changes, key=lambda c: c.when, reverse=True)
        return context

    def post(self, request, pk, *args, **kwargs):
        campaign = self.get_scoped_object(pk, Action.CHANGE)
        do = request.POST.get("do")
        with refusals(request) as outcome:
            if do == "balance":
                result = services.assignments_balance(
                    user=request.user, campaign=campaign, reset=bool(request.POST.get("reset"))
                )
                messages.success(
                    request,
                    _("Balanced: {created} assigned, {moved} moved, {kept} kept.").format(
                        created=result.created, moved=result.moved, kept=result.kept
                    ),
                )
                if result.out_of_scope:
                    messages.warning(
                        request,
                        _("Assigned but no longer in scope: {names}").format(
                            names="、".join(result.out_of_scope)
                        ),
                    )
            elif do == "add":
                form = AssignmentAddForm(request.POST, campaign=campaign, user=request.user)
                if not form.is_valid():
                    return self.render_to_response(
                        self.get_context_data(pk=pk, add_form=form), status=400
                    )
                services.assignment_create(
                    user=request.user,
                    campaign=campaign,
                    enterprise=form.cleaned_data["enterprise"],
                    team=form.cleaned_data["team"],
                )
                messages.success(request, _("Saved."))
            else:
                raise Http404
        if outcome.refused:
            return self.render_to_response(self.get_context_data(pk=pk), status=400)
        return redirect("campaign-detail", pk=pk)


class CampaignEditView(ServiceFormView):
    model = Campaign
    template_name = "surveys/campaign_form.html"
    form_class = CampaignForm

    def park(self, campaign):
        return campaign.park if campaign is not None else self.request.user.park

    def form_kwargs(self, campaign) -> dict:
        return {
            "instance": campaign or Campaign(park=self.request.user.park),
            "user": self.request.user,
            "park": self.park(campaign),
        }

    def create(self, form):
        return services.campaign_create(
            user=self.request.user,
            park=self.park(None) or form.chosen_park(),
            data=form.service_data(),
        )

    def update(self, form, campaign):
        return services.campaign_update(
            user=self.request.user,
            campaign=campaign,
            data=form.service_data(),
            expected_version=form.cleaned_data["version"],
        )

    def form_context(self, form, campaign) -> dict:
        return {"instance": form.instance}

    def success_url(self, saved) -> str:
        return reverse("campaign-detail", args=[saved.pk])


class CampaignProgressView(ScopedMixin, TemplateView):
    model = Campaign
    template_name = "surveys/campaign_progress.html"

    def get_context_data(self, pk, **kwargs):
        context = super().get_context_data(**kwargs)
        campaign = self.get_scoped_object(pk)
        progress = selectors.campaign_progress(self.request.user, campaign)
        statuses = progress["statuses"]
        teams = [name for name, _counts in progress["by_team"]]
        chart = charts.stacked_bar(
            teams,
            {
                str(s.label): [counts[s.value] for _name, counts in progress["by_team"]]
                for s in statuses
            },
        )
        context.update(
            campaign=campaign,
            progress=progress,
            chart_option=chart,
            total_cells=[(s.label, progress["totals"][s.value]) for s in statuses],
            team_rows=[(n, [c[s.value] for s in statuses]) for n, c in progress["by_team"]],
            phase_rows=[(n, [c[s.value] for s in statuses]) for n, c in progress["by_phase"]],
        )
        return context


# ---------------------------------------------------------------- teams


class TeamEditView(ServiceFormView):
    """Create a team in a campaign (campaign pk) or edit one (team pk); POST with
    ``delete`` removes a team that has no assignments."""

    model = Team
    template_name = "surveys/team_form.html"
    form_class = TeamForm
    delete_service = staticmethod(services.team_delete)
    service_arg = "team"

    def get_object(self):
        team = super().get_object()
        if team is not None:
            self.campaign = team.campaign
            return team
        self.campaign = (
            Campaign.objects.visible_to(self.request.user, Action.CHANGE)
            .filter(pk=self.kwargs["campaign"])
            .first()
        )
        if self.campaign is None:
            raise Http404
        return None

    def form_kwargs(self, team) -> dict:
        return {"instance": team, "campaign": self.campaign}

    def create(self, form):
        return self.update(form, None)

    def update(self, form, team):
        return services.team_save(
            user=self.request.user,
            campaign=self.campaign,
            data=form.service_data(),
            instance=team,
            expected_version=form.cleaned_data["version"],
        )

    def form_context(self, form, team) -> dict:
        return {"campaign": self.campaign, "instance": team}

    def success_url(self, saved) -> str:
        return reverse("campaign-detail", args=[self.campaign.pk])

    def deleted_url(self, team) -> str:
        return self.success_url(team)

    def delete_refused_url(self, team) -> str:
        return reverse("team-edit", args=[team.pk])
