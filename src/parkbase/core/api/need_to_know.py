"""Need-to-know in the API: a serializer of a model that declares its revealing
fields (``core.need_to_know``) shows them masked to the reader outside the confidential
record the row is linked to."""

from parkbase.core.need_to_know import redact_data


class RedactedSerializerMixin:
    """Masks the revealing fields of each row for the request's user: rows that came
    through ``visible_to`` (or ``need_to_know.annotate``) carry their mark, so a list
    costs no query per row."""

    def to_representation(self, instance):
        data = super().to_representation(instance)
        request = self.context.get("request")
        return redact_data(getattr(request, "user", None), instance, data)
