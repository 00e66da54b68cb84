"""The total of main pollutants (主要污染物排放量, ``pollutants_t``): the evaluation's
``emissions_t`` is COD + SO₂ + NH₃-N + NOx where any of the four is recorded, and the
recorded total where none is."""

from __future__ import annotations

import math

import pytest

from parkbase.evaluation import population
from tests.factories import EnterpriseYearFactory

pytestmark = pytest.mark.django_db

FOUR = {"cod_t": None, "so2_t": None, "nh3n_t": None, "nox_t": None}


@pytest.mark.parametrize("fields", [None, ["emissions_t"]])
def test_emissions_take_the_total_only_where_the_four_are_missing(world, fields):
    four, total_only, both, neither = world.enterprises
    EnterpriseYearFactory(enterprise=four, **FOUR | {"cod_t": 1.5, "nox_t": 2})
    EnterpriseYearFactory(enterprise=total_only, **FOUR, pollutants_t=7.25)
    EnterpriseYearFactory(enterprise=both, **FOUR | {"so2_t": 0.5}, pollutants_t=9)
    EnterpriseYearFactory(enterprise=neither, **FOUR)
    data = population.load_year(world.parks[0], 2019, fields=fields)
    ids, values = data.population.ids.tolist(), data.population.values["emissions_t"]
    emissions = dict(zip(ids, values, strict=True))
    assert emissions[four.pk] == 3.5
    assert emissions[total_only.pk] == 7.25
    assert emissions[both.pk] == 0.5  # the breakdown, not the total
    assert math.isnan(emissions[neither.pk])
