"""``{% class_badge result.klass class_names %}``: an evaluation class as a badge in
its colour (``names``: the scheme's classes, best first); ``{% badge label colour %}``:
any value as a badge in the colour its app gives it. Both take ``testid`` and ``css``
(classes added to the badge's, e.g. ``ms-2``)."""

from django import template

from parkbase.core import badges

register = template.Library()


@register.simple_tag
def badge(label, colour, testid="", css="", title=""):
    return badges.badge(label, colour, testid=testid, css=css, title=title)


@register.simple_tag
def class_badge(klass, names=(), testid="", css="", label=None):
    return badges.class_badge(klass, names or (), label=label, testid=testid, css=css)
