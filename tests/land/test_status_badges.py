"""A parcel's status shown as a badge takes the colour the land map gives it
(``STATUS_COLOURS``), its text black or white as ``core.badges`` chooses, its label in
the reader's language: in the parcel list, on the parcel's page and on the file of the
enterprise that holds it; the map's popup is handed the same colours."""

from __future__ import annotations

import pytest
from django.urls import reverse

from parkbase.core.badges import text_colour
from parkbase.land.choices import STATUS_COLOURS, ParcelStatus
from tests.badges import badges
from tests.clients import page_client

pytestmark = pytest.mark.django_db


def assert_painted(badge, status):
    assert badge.background == STATUS_COLOURS[status].upper()
    assert badge.colour == text_colour(STATUS_COLOURS[status]).upper()


def test_the_parcel_list_paints_each_status_in_its_map_colour(land_world):
    assert (land_world.a1.status, land_world.a2.status) == ("idle", "in_use")
    page = page_client(land_world.staff).get(reverse("land-parcels"))
    shown = badges(page.content.decode(), "parcel-status")
    assert sorted(b.text for b in shown) == ["Idle", "In use"]
    for badge in shown:
        status = {"Idle": ParcelStatus.IDLE, "In use": ParcelStatus.IN_USE}[badge.text]
        assert_painted(badge, status)


def test_the_status_keeps_the_readers_language(land_world):
    page = page_client(land_world.staff, "zh-hans").get(reverse("land-parcels"))
    shown = badges(page.content.decode(), "parcel-status")
    assert sorted(b.text for b in shown) == sorted(["闲置", "在用"])


def test_the_parcel_page_shows_its_status_in_its_map_colour(land_world):
    page = page_client(land_world.staff).get(reverse("land-parcel", args=[land_world.a2.pk]))
    [shown] = badges(page.content.decode(), "parcel-status")
    assert shown.text == "In use"
    assert_painted(shown, ParcelStatus.IN_USE)


def test_the_holders_file_shows_the_status_in_its_map_colour(land_world):
    holder = land_world.world.enterprises[1]
    page = page_client(land_world.staff).get(f"/enterprises/{holder.pk}/", {"tab": "land"})
    [shown] = badges(page.content.decode(), "parcel-status")
    assert shown.text == "In use"
    assert_painted(shown, ParcelStatus.IN_USE)


def test_the_map_hands_its_popup_the_badges_colours(land_world):
    page = page_client(land_world.staff).get(reverse("land-map"))
    config = page.context["map_config"]
    for status, colour in STATUS_COLOURS.items():
        entry = config["statuses"][status]
        assert (entry["colour"], entry["text"]) == (colour, text_colour(colour))
    for name, colour in config["classes"].items():
        assert config["classText"][name] == text_colour(colour)
