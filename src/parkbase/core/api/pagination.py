from rest_framework import pagination
from rest_framework.exceptions import ValidationError

from parkbase.core.pagination import DeferredJoinPaginator


class PageNumberPagination(pagination.PageNumberPagination):
    django_paginator_class = DeferredJoinPaginator
    page_size_query_param = "page_size"
    max_page_size = 1000

    def get_page_size(self, request):
        """Like DRF's, but a page_size that is not a positive whole number answers 400
        instead of silently falling back to the default (as unknown parameters do);
        sizes above ``max_page_size`` are capped."""
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None or raw == "":
            return self.page_size
        try:
            size = int(raw)
        except ValueError:
            size = 0
        if size < 1:
            raise ValidationError(
                {
                    self.page_size_query_param: [
                        f"每页条数须为正整数 / must be a whole number from 1 to "
                        f"{self.max_page_size}; got {raw!r}"
                    ]
                }
            )
        return min(size, self.max_page_size)
