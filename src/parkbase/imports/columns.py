"""Builders of the columns an importer declares: the field, the headers it is found
under (the first is the template's), and what its cells hold, in the canonical units
(``Column`` of ``imports.engine``)."""

from __future__ import annotations

from parkbase.imports.engine import Column


def text(field: str, *headers: str, required: bool = False, main: bool = False) -> Column:
    return Column(field, headers, required=required, main=main)


def choice(field: str, *headers: str, choices: dict, required: bool = False) -> Column:
    """A choice, read from the words of ``choices`` (accepted text → stored value)."""
    return Column(field, headers, kind="choice", choices=choices, required=required)


def yes_no(field: str, *headers: str) -> Column:
    """Yes or no (是/否, true/false…)."""
    return Column(field, headers, kind="bool")


def date(field: str, *headers: str, required: bool = False) -> Column:
    return Column(field, headers, kind="date", required=required)


def number(field: str, *headers: str, required: bool = False) -> Column:
    """A decimal without a unit (a share, a rent)."""
    return Column(field, headers, kind="decimal", required=required)


def whole(field: str, *headers: str, required: bool = False) -> Column:
    """A whole number without a unit (floors, a year built)."""
    return Column(field, headers, kind="int", required=required)


def money(field: str, *headers: str, required: bool = False) -> Column:
    """An amount stored in yuan, in 万元 unless the header names another unit."""
    return Column(
        field, headers, kind="decimal", unit_kind="money", default_unit="万元", required=required
    )


def area(field: str, *headers: str, unit: str = "平方米", required: bool = False) -> Column:
    """An area stored in m², in ``unit`` unless the header names another."""
    return Column(
        field, headers, kind="decimal", unit_kind="area", default_unit=unit, required=required
    )


def count(field: str, *headers: str, unit: str = "人") -> Column:
    """A count of persons or items."""
    return Column(field, headers, kind="int", unit_kind="count", default_unit=unit)


def tonnes(field: str, *headers: str) -> Column:
    return Column(field, headers, kind="decimal", unit_kind="tonnes", default_unit="吨", places=3)
