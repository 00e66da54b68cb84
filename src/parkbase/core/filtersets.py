"""Filter pieces shared by every app's filtersets (pages and API use the same ones)."""

from django.utils.translation import gettext_lazy as _


def scoped_choices(model):
    """A queryset callable: the filter offers only what the requesting user may see."""

    def queryset(request):
        if request is None:
            return model.objects.none()
        return model.objects.visible_to(request.user)

    return queryset


ORDERING_HELP = _("Sort by a field; a leading '-' sorts descending.")
