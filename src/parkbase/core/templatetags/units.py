"""Show canonical values in the units offices read: 万元, 亿元, 亩, km²."""

from decimal import Decimal

from django import template

from parkbase.core.units import MU_M2, WAN, YI, unit_label

register = template.Library()


def _fmt(value, places: int) -> str:
    return f"{value:,.{places}f}"


def _blank(value) -> bool:
    """No figure: None, or the empty string a template gives for a missing key."""
    return value is None or value == ""


@register.filter
def wan(value, places=2):
    """yuan → 万元"""
    return "" if _blank(value) else _fmt(Decimal(value) / WAN, int(places))


@register.filter
def yi(value, places=2):
    """yuan → 亿元"""
    return "" if _blank(value) else _fmt(Decimal(value) / YI, int(places))


@register.filter
def mu(value, places=1):
    """m² → 亩"""
    return "" if _blank(value) else _fmt(Decimal(value) / MU_M2, int(places))


@register.filter
def num(value, places=0):
    return "" if _blank(value) else _fmt(Decimal(value), int(places))


@register.filter
def unit(text):
    """A unit as the page's language writes it: 万元/亩 → 10k yuan/mu in English."""
    return unit_label(str(text or ""))
