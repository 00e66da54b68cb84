"""REST endpoints of the evaluation desk: schemes, runs (with the notice period and
publishing), results (with class overrides) and objections, all scoped. Creations and
changes go through the serializers' ``create`` and ``update`` (which call the services);
each answer is the record read back through the scoped queryset."""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.decorators import action

from parkbase.core.api.mixins import (
    CreateThroughServices,
    ScopedViewSetMixin,
    WriteThroughServices,
)
from parkbase.core.api.serializers import ActionSerializer
from parkbase.core.choices import Action
from parkbase.evaluation import services
from parkbase.evaluation.api.serializers import (
    AnswerSerializer,
    NoticeSerializer,
    ObjectionSerializer,
    OverrideSerializer,
    ResultSerializer,
    RunCreateSerializer,
    RunSerializer,
    SchemeSerializer,
    SchemeWriteSerializer,
)
from parkbase.evaluation.filtersets import (
    ObjectionFilterSet,
    ResultFilterSet,
    RunFilterSet,
    SchemeFilterSet,
)
from parkbase.evaluation.models import Objection, Result, Run, Scheme


@extend_schema_view(
    create=extend_schema(request=SchemeWriteSerializer, responses=SchemeSerializer),
    update=extend_schema(request=SchemeWriteSerializer, responses=SchemeSerializer),
)
class SchemeViewSet(WriteThroughServices):
    """Evaluation schemes of the caller's park, in the documented file format. A save
    is checked as a whole (weights sum to 100, cut-offs ordered, fields exist)."""

    queryset = Scheme.objects.none()
    serializer_class = SchemeSerializer
    filterset_class = SchemeFilterSet
    create_serializer_class = SchemeWriteSerializer
    update_serializer_class = SchemeWriteSerializer
    http_method_names = ["get", "post", "put", "head", "options"]


@extend_schema_view(
    create=extend_schema(request=RunCreateSerializer, responses=RunSerializer),
)
class RunViewSet(CreateThroughServices):
    """Runs of a scheme over a year: draft → notice (objections, recompute) →
    published. Departments and enterprises see runs in notice or published only."""

    queryset = Run.objects.none()
    serializer_class = RunSerializer
    create_serializer_class = RunCreateSerializer
    filterset_class = RunFilterSet
    select_related = ("scheme",)

    @property
    def scope_action(self):
        return Action.CHANGE if self.action in ("recompute", "notice", "publish") else None

    @extend_schema(request=ActionSerializer, responses=RunSerializer)
    @action(detail=True, methods=["post"])
    def recompute(self, request, pk=None):
        return self.act(request, ActionSerializer, services.run_recompute, "run")

    @extend_schema(request=NoticeSerializer, responses=RunSerializer)
    @action(detail=True, methods=["post"])
    def notice(self, request, pk=None):
        return self.act(request, NoticeSerializer, services.run_start_notice, "run")

    @extend_schema(request=ActionSerializer, responses=RunSerializer)
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        return self.act(request, ActionSerializer, services.run_publish, "run")


class ResultViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Each enterprise's result: indicator values, scores, total, rank, class and the
    explanation. Staff may override a class with a reason (audited)."""

    queryset = Result.objects.none()
    serializer_class = ResultSerializer
    filterset_class = ResultFilterSet
    select_related = ("enterprise", "run")

    @property
    def scope_action(self):
        return Action.CHANGE if self.action == "override" else None

    @extend_schema(request=OverrideSerializer, responses=ResultSerializer)
    @action(detail=True, methods=["post"])
    def override(self, request, pk=None):
        return self.act(request, OverrideSerializer, services.result_override, "result")


class ObjectionViewSet(CreateThroughServices):
    """Objections raised in the notice period; an enterprise user raises its own,
    staff answer them."""

    queryset = Objection.objects.none()
    serializer_class = ObjectionSerializer
    filterset_class = ObjectionFilterSet
    select_related = ("run",)

    @property
    def scope_action(self):
        return Action.CHANGE if self.action == "answer" else None

    @extend_schema(request=AnswerSerializer, responses=ObjectionSerializer)
    @action(detail=True, methods=["post"])
    def answer(self, request, pk=None):
        return self.act(request, AnswerSerializer, services.objection_answer, "objection")
