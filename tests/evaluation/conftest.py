"""Fixtures of the evaluation tests: park A's four enterprises with 2019 figures and a
one-indicator scheme."""

from __future__ import annotations

import pytest

from tests.factories import EnterpriseYearFactory

TAX = [4_000_000, 3_000_000, 2_000_000, 1_000_000]


def simple_definition(**overrides):
    definition = {
        "name": "测试方案",
        "year": 2019,
        "classes": [{"name": "A", "upto": 0.25}, {"name": "B", "upto": 1.0}],
        "groups": [
            {
                "code": "all",
                "name": "全部",
                "indicators": [
                    {
                        "code": "tax_per_mu",
                        "name": "亩均税收",
                        "numerator": "tax_total",
                        "denominator": "land_area",
                        "scale": 2 / 3 / 10,
                        "unit": "万元/亩",
                        "weight": 100,
                        "benchmark": {"kind": "value", "value": 10},
                    }
                ],
            }
        ],
        "forced": [
            {
                "code": "pollution",
                "name": "污染不达标",
                "when": [{"field": "flag.pollution_failed", "op": "true"}],
                "class": "B",
            }
        ],
    }
    definition.update(overrides)
    return definition


@pytest.fixture
def figures(world):
    """Park A's four enterprises with 20,000 m² (30 亩) each and falling taxes."""
    for enterprise, tax in zip(world.enterprises, TAX, strict=True):
        EnterpriseYearFactory(enterprise=enterprise, year=2019, land_area=20000, tax_total=tax)
    return world
