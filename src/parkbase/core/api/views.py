"""Reference data of the caller's park (read-only through the API)."""

from rest_framework import viewsets

from parkbase.core.api.mixins import ScopedViewSetMixin
from parkbase.core.api.serializers import DepartmentSerializer, PhaseSerializer
from parkbase.core.models import Department, Phase


class PhaseViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Phases (期次) of the parks the caller works in."""

    queryset = Phase.objects.none()  # the model only: rows come from visible_to()
    serializer_class = PhaseSerializer


class DepartmentViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Supervising district departments (主管部门) of the parks the caller works in."""

    queryset = Department.objects.none()
    serializer_class = DepartmentSerializer
