"""REST endpoints of the document library: the documents the caller sees (current
versions by default, the list's filters), an upload (multipart; the same file the
caller already sees answers 200 with that document instead of 201), a document's
metadata changed with its version (409 when stale), and its deletion."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.parsers import FormParser, MultiPartParser

from parkbase.core.api.exceptions import STALE_RESPONSE as STALE
from parkbase.core.api.mixins import RULES_RESPONSE, DeleteThroughService, WriteThroughServices
from parkbase.core.api.parsers import JSONParser
from parkbase.documents import services
from parkbase.documents.api.serializers import DocumentSerializer, DocumentUploadSerializer
from parkbase.documents.filtersets import DocumentFilterSet
from parkbase.documents.models import Document


@extend_schema_view(
    create=extend_schema(
        request={"multipart/form-data": DocumentUploadSerializer},
        responses={201: DocumentSerializer, 200: DocumentSerializer, 400: RULES_RESPONSE},
    ),
    update=extend_schema(responses={200: DocumentSerializer, 400: RULES_RESPONSE, 409: STALE}),
    partial_update=extend_schema(
        responses={200: DocumentSerializer, 400: RULES_RESPONSE, 409: STALE}
    ),
)
class DocumentViewSet(DeleteThroughService, WriteThroughServices):
    """Documents of the library (current versions; `current=false` is not offered: a
    document's earlier versions are read by their ids). DELETE needs the `version`."""

    queryset = Document.objects.none()  # the model only: rows come from visible_to()
    serializer_class = DocumentSerializer
    create_serializer_class = DocumentUploadSerializer
    filterset_class = DocumentFilterSet
    select_related = ("category__parent",)
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    delete_service = staticmethod(services.document_delete)
    service_arg = "document"

    def get_queryset(self):
        queryset = super().get_queryset()
        if self.action == "list":
            queryset = queryset.filter(current=True)
        return queryset.order_by("-uploaded_at", "-id")

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        document = serializer.save()
        code = status.HTTP_200_OK if document.recognised else status.HTTP_201_CREATED
        return self.read_back(document, code)
