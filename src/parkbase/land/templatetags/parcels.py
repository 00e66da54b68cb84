"""``{% status_badge parcel %}``: the parcel's status as a badge in its map colour."""

from django import template

from parkbase.land import badges

register = template.Library()


@register.simple_tag
def status_badge(parcel, testid="parcel-status", css=""):
    return badges.status_badge(parcel, testid=testid, css=css)
