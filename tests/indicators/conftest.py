"""Fixtures of the indicator tests: park A's built-in library, its bureaus, and a
helper that records a project with its dates."""

from __future__ import annotations

import datetime as dt

import pytest

from parkbase.core.choices import Role
from parkbase.indicators import services
from parkbase.indicators.models import Indicator
from parkbase.projects import services as project_services
from parkbase.projects.models import Stage


@pytest.fixture
def park(world):
    return world.parks[0]


@pytest.fixture
def staff(world):
    return world.users[Role.STAFF]


@pytest.fixture
def library(park):
    services.library_ensure(park)
    return {i.code: i for i in Indicator.objects.filter(park=park)}


@pytest.fixture
def units(park, staff):
    return [
        services.unit_create(park=park, user=staff, code="invest", name="招商局", order=1),
        services.unit_create(
            park=park, user=staff, code="econ", name="经发局", name_en="Economic bureau", order=2
        ),
    ]


@pytest.fixture
def make_project(park, staff):
    project_services.pipeline_ensure(park)
    lead = Stage.objects.get(park=park, code="lead")

    def make(name, **values):
        values.setdefault("first_contact_on", dt.date(2018, 1, 5))
        return project_services.project_create(
            park=park, user=staff, stage=lead, name=name, **values
        )

    return make
