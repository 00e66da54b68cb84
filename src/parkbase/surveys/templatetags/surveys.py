"""Small helpers of the survey templates."""

from django import template

register = template.Library()


@register.filter
def person(user, empty="—"):
    """A user as people call them: the full name, else the user name."""
    if user is None:
        return empty
    return user.get_full_name() or user.first_name or user.username
