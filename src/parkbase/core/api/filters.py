from rest_framework.exceptions import ValidationError
from rest_framework.filters import BaseFilterBackend

ALWAYS_ALLOWED = {"page", "page_size", "format"}


class StrictQueryParamsBackend(BaseFilterBackend):
    """Answer 400 for query parameters the endpoint does not know, instead of
    silently ignoring a misspelt filter and returning everything."""

    def filter_queryset(self, request, queryset, view):
        allowed = set(ALWAYS_ALLOWED)
        filterset_class = getattr(view, "filterset_class", None)
        if filterset_class is not None:
            allowed |= set(filterset_class.base_filters)
        unknown = sorted(set(request.query_params) - allowed)
        if unknown:
            raise ValidationError(
                {
                    name: [
                        f"未知的查询参数 / unknown query parameter; allowed: {', '.join(sorted(allowed))}"
                    ]
                    for name in unknown
                }
            )
        return queryset
