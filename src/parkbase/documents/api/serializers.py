"""The library's API bodies: a document as read (its metadata, file, text status and
note, the links its reader may see), its metadata changed with its version, and an
upload (multipart: the file, a category, a year, a record to link to)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from parkbase.core.api.serializers import (
    ParkOnCreateMixin,
    Serializer,
    VersionedModelSerializer,
    optional_record,
    request_user,
)
from parkbase.documents import selectors, services
from parkbase.documents.messages import NOTES, DocumentRefused, worded
from parkbase.documents.models import Category, Document
from parkbase.documents.services.records import METADATA


class DocumentSerializer(VersionedModelSerializer):
    category = optional_record(Category, _("category"))
    note = serializers.SerializerMethodField(help_text="How reading the text went, in words.")
    links = serializers.SerializerMethodField(help_text="The records it is linked to.")
    preview_url = serializers.SerializerMethodField()
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = Document
        fields = [
            "id",
            "park",
            *METADATA,
            "kind",
            "size",
            "sha256",
            "original_name",
            "edition",
            "current",
            "first",
            "page_count",
            "text_status",
            "text_note",
            "note",
            "progress",
            "links",
            "preview_url",
            "download_url",
            "uploaded_at",
            "version",
        ]
        read_only_fields = [f for f in fields if f not in (*METADATA, "version")]

    def get_note(self, document) -> str:
        return worded(NOTES, document.text_note, document.text_params) if document.text_note else ""

    def get_links(self, document) -> list[dict]:
        return [
            {"kind": s.link.kind, "id": s.link.target_id, "name": s.name}
            for s in selectors.links_of(request_user(self), document)
        ]

    def get_preview_url(self, document) -> str:
        return reverse("document-preview", args=[document.pk])

    def get_download_url(self, document) -> str:
        return reverse("document-download", args=[document.pk])

    def update(self, instance, validated_data):
        version = validated_data.pop("version")
        return services.document_update(
            document=instance, expected_version=version, user=request_user(self), **validated_data
        )


class DocumentUploadSerializer(ParkOnCreateMixin, Serializer):
    file = serializers.FileField(label=_("file"))
    title = serializers.CharField(required=False, allow_blank=True, max_length=300)
    category = optional_record(Category, _("category"))
    year = serializers.IntegerField(required=False, allow_null=True, min_value=1949, max_value=2100)
    link = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text="A record to link to: enterprise:USCC, project:ID, parcel:CODE, "
        "approval:ID or run:ID.",
    )

    def create(self, validated_data):
        user = request_user(self)
        park = self.park_of(validated_data)
        link = validated_data.pop("link", "")
        target = selectors.target_named(user, park, link) if link else None
        if link and target is None:
            raise serializers.ValidationError({"link": [_("No record of yours is named so.")]})
        try:
            uploaded = services.document_upload(
                user=user,
                park=park,
                upload=validated_data["file"],
                title=validated_data.get("title", ""),
                category=validated_data.get("category"),
                year=validated_data.get("year"),
                links=[target] if target is not None else [],
            )
        except DocumentRefused as exc:
            raise serializers.ValidationError(
                {"file": [exc.messages[0]]}, code=exc.refusal
            ) from None
        uploaded.document.recognised = not uploaded.created
        return uploaded.document
