"""Fixtures of the project tests: park A's pipeline (the default stages and rules) and
a helper that records a project with sensible defaults."""

from __future__ import annotations

import datetime as dt

import pytest

from parkbase.core.choices import Role
from parkbase.projects import services
from parkbase.projects.models import Stage

DAY = dt.date(2019, 3, 1)


@pytest.fixture
def pipeline(world):
    park = world.parks[0]
    services.pipeline_ensure(park)
    return {s.code: s for s in Stage.objects.filter(park=park)}


@pytest.fixture
def make_project(world, pipeline):
    staff = world.users[Role.STAFF]

    def make(name="沈阳医药产业园项目", stage="lead", user=staff, **values):
        values.setdefault("first_contact_on", DAY)
        return services.project_create(
            park=world.parks[0], user=user, stage=pipeline[stage], name=name, **values
        )

    return make
