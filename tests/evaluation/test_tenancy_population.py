"""The evaluation's shared-parcel rule reads the land register: a firm renting land on
a parcel another evaluated firm holds has that firm as its landlord
(``Population.owner``)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import numpy as np
import pytest

from parkbase.evaluation import population, services
from parkbase.evaluation.models import Result
from parkbase.land.models import Tenancy
from tests.evaluation.conftest import simple_definition
from tests.factories import ParcelFactory, TenancyFactory


def _parcel(park, code, owner=None, area=20000):
    return ParcelFactory(park=park, code=code, area=Decimal(area), owner_enterprise=owner)


def _rent(parcel, enterprise, area=3000, **dates):
    return TenancyFactory(parcel=parcel, enterprise=enterprise, area=area, **dates)


def _index(data, enterprise) -> int:
    return data.population.ids.tolist().index(enterprise.pk)


def _warning_codes(park, definition):
    evaluation = services.evaluate(park, 2019, services.scheme_check(definition))
    return [w.code for w in evaluation.outcome.warnings]


def test_a_tenant_has_its_landlord_and_inherits_its_class(figures):
    park, (first, _second, _third, last) = figures.parks[0], figures.enterprises
    _rent(_parcel(park, "P-1", owner=first), last, since=dt.date(2018, 3, 1))
    data = population.load_year(park, 2019)
    owner = data.population.owner
    assert owner is not None
    assert owner[_index(data, last)] == _index(data, first)
    assert (np.delete(owner, _index(data, last)) == -1).all()

    scheme = services.scheme_create(
        park=park, definition=simple_definition(shared_parcel="inherit")
    )
    run = services.run_create(scheme=scheme, year=2019)
    results = {r.enterprise_id: r for r in Result.objects.filter(run=run)}
    # the lowest taxpayer would be B; it rents on the best firm's parcel and takes its A
    assert results[first.pk].klass == "A"
    assert results[last.pk].klass == "A" and results[last.pk].rank is None
    assert results[last.pk].facts["owner"] == first.pk
    assert "no_tenancy_data" not in _warning_codes(park, simple_definition(shared_parcel="inherit"))


def test_without_tenancies_owner_stays_none_and_the_run_warns(figures):
    park = figures.parks[0]
    _parcel(park, "P-1", owner=figures.enterprises[0])  # parcels alone say nobody rents
    assert population.load_year(park, 2019).population.owner is None
    assert "no_tenancy_data" in _warning_codes(park, simple_definition(shared_parcel="inherit"))
    assert "no_tenancy_data" not in _warning_codes(park, simple_definition())


@pytest.mark.parametrize(
    "dates",
    [
        {"since": dt.date(2015, 1, 1), "until": dt.date(2018, 12, 31)},  # ended before 2019
        {"since": dt.date(2020, 1, 1)},  # begins after 2019
    ],
)
def test_a_tenancy_outside_the_year_is_ignored(figures, dates):
    park, (first, *_rest, last) = figures.parks[0], figures.enterprises
    _rent(_parcel(park, "P-1", owner=first), last, **dates)
    owner = population.load_year(park, 2019).population.owner
    # the park has tenancy data, so every firm is known to rent from nobody
    assert owner is not None and (owner == -1).all()


def test_a_tenancy_that_ends_in_the_year_counts(figures):
    park, (first, *_rest, last) = figures.parks[0], figures.enterprises
    _rent(_parcel(park, "P-1", owner=first), last, until=dt.date(2019, 1, 1))
    data = population.load_year(park, 2019)
    assert data.population.owner[_index(data, last)] == _index(data, first)


def test_landlords_outside_the_population_give_no_owner(figures):
    park, (first, second, *_rest) = figures.parks[0], figures.enterprises
    # a parcel held by no enterprise, one held by park B's firm, and one's own parcel
    _rent(_parcel(park, "P-1", owner=None), first)
    _rent(_parcel(park, "P-2", owner=figures.other), second)
    _rent(_parcel(park, "P-3", owner=second), second)
    owner = population.load_year(park, 2019).population.owner
    assert owner is not None and (owner == -1).all()


def test_the_largest_tenancy_decides_and_chains_end_at_the_top_landlord(figures):
    park, (first, second, third, last) = figures.parks[0], figures.enterprises
    _rent(_parcel(park, "P-1", owner=first), third, area=1000)
    _rent(_parcel(park, "P-2", owner=second), third, area=5000)  # the larger one
    _rent(_parcel(park, "P-3", owner=third), last, area=2000)  # third rents from second
    data = population.load_year(park, 2019)
    owner = data.population.owner
    assert owner[_index(data, third)] == _index(data, second)
    assert owner[_index(data, last)] == _index(data, second)
    assert owner[_index(data, first)] == -1 and owner[_index(data, second)] == -1


def test_firms_renting_from_each_other_have_no_landlord(figures):
    park, (first, second, *_rest) = figures.parks[0], figures.enterprises
    _rent(_parcel(park, "P-1", owner=first), second)
    _rent(_parcel(park, "P-2", owner=second), first)
    owner = population.load_year(park, 2019).population.owner
    assert owner is not None and (owner == -1).all()


def test_a_subset_keeps_the_landlords_it_holds(figures):
    park, (first, second, third, last) = figures.parks[0], figures.enterprises
    _rent(_parcel(park, "P-1", owner=first), last)
    _rent(_parcel(park, "P-2", owner=second), third)
    data = population.load_year(park, 2019).subset([first.pk, third.pk, last.pk])
    owner = data.population.owner
    assert owner[_index(data, last)] == _index(data, first)
    assert owner[_index(data, third)] == -1  # its landlord is not in the subset
    direct = population.load_year(park, 2019, [first.pk, third.pk, last.pk]).population
    assert direct.owner.tolist() == owner.tolist()


def test_the_loading_is_one_query_and_a_new_tenancy_changes_the_cache_stamp(
    figures, django_assert_num_queries
):
    park, (first, *_rest, last) = figures.parks[0], figures.enterprises
    parcel = _parcel(park, "P-1", owner=first)
    ids = population.load_year(park, 2019).population.ids
    with django_assert_num_queries(1):
        assert population._owners(park, 2019, ids) is None
    stamp = population.data_stamp()
    tenancy = Tenancy(parcel=parcel, enterprise=last, area=3000)
    tenancy.save()
    assert population.data_stamp() != stamp
    with django_assert_num_queries(1):
        assert population._owners(park, 2019, ids) is not None
