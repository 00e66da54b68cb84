"""Pagination that stays fast deep into 100,000 rows: the page's primary keys come
from a lean, index-friendly LIMIT/OFFSET query without joins; only those rows are then
loaded with their joins. (A plain OFFSET over joined rows makes the database build and
sort every joined row to keep fifty.)"""

from django.core.paginator import Page, Paginator


def deferred_slice(queryset, bottom: int, top: int) -> list:
    ids = list(queryset.values_list("pk", flat=True)[bottom:top])
    rows = {obj.pk: obj for obj in queryset.order_by().filter(pk__in=ids)}
    return [rows[pk] for pk in ids if pk in rows]


class DeferredJoinPaginator(Paginator):
    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        return Page(deferred_slice(self.object_list, bottom, top), number, self)
