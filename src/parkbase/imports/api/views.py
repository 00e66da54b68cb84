from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from parkbase.core.api.mixins import ScopedViewSetMixin
from parkbase.core.choices import Action
from parkbase.imports import services
from parkbase.imports.api.serializers import (
    ConfirmSerializer,
    ImportJobSerializer,
    ImportUploadSerializer,
    MappingSerializer,
)
from parkbase.imports.filtersets import ImportJobFilterSet
from parkbase.imports.models import ImportJob

BUSY_RESPONSE = OpenApiResponse(
    description="The database stayed locked; nothing was kept. `detail` says so in "
    "Chinese and English; send the request again after `Retry-After` seconds."
)
WORKING_RESPONSE = OpenApiResponse(
    description="The job is being checked or written; wait until `status` leaves "
    "checking/writing. `detail` says so in Chinese and English."
)


def _refused(message: str, code: int) -> Response:
    headers = {"Retry-After": "5"} if code == status.HTTP_503_SERVICE_UNAVAILABLE else None
    return Response({"detail": message}, status=code, headers=headers)


class ImportJobViewSet(
    ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Upload a spreadsheet (it is checked, nothing written), read the report, correct
    the column mapping, then confirm to write. Large files are processed in the
    background: poll the job until ``status`` leaves checking/writing."""

    queryset = ImportJob.objects.none()
    serializer_class = ImportJobSerializer
    filterset_class = ImportJobFilterSet
    select_related = ("created_by", "park")

    @property
    def scope_action(self):
        return Action.CHANGE if self.action in ("confirm", "mapping") else None

    def get_queryset(self):
        queryset = super().get_queryset()
        if self.request.method == "GET":  # jobs whose worker died end when read
            pk = self.kwargs.get("pk")
            services.import_jobs_expire(queryset.filter(pk=pk) if pk else queryset)
        return queryset

    @extend_schema(
        request=ImportUploadSerializer, responses={201: ImportJobSerializer, 503: BUSY_RESPONSE}
    )
    def create(self, request):
        upload = ImportUploadSerializer(data=request.data)
        upload.is_valid(raise_exception=True)
        try:
            job = services.import_job_upload(user=request.user, values=upload.validated_data)
        except services.DatabaseBusy as exc:  # nothing was kept: send it again
            return _refused(str(exc), status.HTTP_503_SERVICE_UNAVAILABLE)
        except ValueError as exc:
            raise ValidationError({"park": [str(exc)]}) from exc
        return Response(ImportJobSerializer(job).data, status=status.HTTP_201_CREATED)

    def get_parsers(self):
        if getattr(self, "action", None) == "create":
            return [MultiPartParser(), FormParser()]
        return super().get_parsers()

    @extend_schema(
        request=ConfirmSerializer,
        responses={200: ImportJobSerializer, 409: WORKING_RESPONSE, 503: BUSY_RESPONSE},
    )
    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None):
        job = self.get_object()
        body = ConfirmSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        options = {k: v for k, v in body.validated_data.items() if v not in (None, False)}
        try:
            services.import_job_confirm(user=request.user, job=job, options=options)
        except services.JobBusy as exc:
            return _refused(str(exc), status.HTTP_409_CONFLICT)
        except services.DatabaseBusy as exc:
            return _refused(str(exc), status.HTTP_503_SERVICE_UNAVAILABLE)
        except ValueError as exc:
            raise ValidationError({"status": [str(exc)]}) from exc
        job.refresh_from_db()
        return Response(ImportJobSerializer(job).data)

    @extend_schema(
        request=MappingSerializer,
        responses={200: ImportJobSerializer, 409: WORKING_RESPONSE, 503: BUSY_RESPONSE},
    )
    @action(detail=True, methods=["post"])
    def mapping(self, request, pk=None):
        job = self.get_object()
        body = MappingSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            services.import_job_set_mapping(
                user=request.user, job=job, overrides=body.validated_data["overrides"]
            )
        except services.JobBusy as exc:
            return _refused(str(exc), status.HTTP_409_CONFLICT)
        except services.DatabaseBusy as exc:
            return _refused(str(exc), status.HTTP_503_SERVICE_UNAVAILABLE)
        except ValueError as exc:
            raise ValidationError({"overrides": [str(exc)]}) from exc
        job.refresh_from_db()
        return Response(ImportJobSerializer(job).data)
