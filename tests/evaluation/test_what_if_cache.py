"""What-if answers read the park's years through a cache that follows the data."""

from __future__ import annotations

from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext

from parkbase.core.choices import Role
from parkbase.enterprises.models import EnterpriseYear
from parkbase.enterprises.services import year_save
from parkbase.evaluation import services
from tests.evaluation.conftest import simple_definition
from tests.factories import ComplianceRecordFactory


def test_a_second_what_if_reads_no_figures_and_a_change_is_seen_at_once(figures):
    scheme = services.scheme_create(park=figures.parks[0], definition=simple_definition())
    run = services.run_create(scheme=scheme)
    parsed = services.scheme_check(scheme.definition)
    reads_figures = 'FROM "enterprises_enterpriseyear"'
    with CaptureQueriesContext(connection) as first:
        assert services.what_if(run=run, scheme=parsed) == []
    with CaptureQueriesContext(connection) as second:
        assert services.what_if(run=run, scheme=parsed) == []
    assert any(reads_figures in q["sql"] for q in first.captured_queries)
    assert not any(reads_figures in q["sql"] for q in second.captured_queries)
    # the weakest enterprise pays ten times the tax: the next what-if knows
    weakest = figures.enterprises[3]
    year = EnterpriseYear.objects.get(enterprise=weakest, year=2019)
    year_save(
        user=figures.users[Role.STAFF],
        enterprise=weakest,
        data={"tax_total": Decimal(40_000_000)},
        instance=year,
        expected_version=year.version,
    )
    changes = sorted(services.what_if(run=run, scheme=parsed), key=lambda c: c.enterprise_id)
    assert [(c.enterprise_id, c.before, c.after) for c in changes] == [
        (figures.enterprises[0].pk, "A", "B"),
        (weakest.pk, "B", "A"),
    ]


def test_a_new_compliance_record_is_seen_by_the_next_what_if(figures):
    scheme = services.scheme_create(park=figures.parks[0], definition=simple_definition())
    run = services.run_create(scheme=scheme)
    parsed = services.scheme_check(scheme.definition)
    assert services.what_if(run=run, scheme=parsed) == []
    ComplianceRecordFactory(enterprise=figures.enterprises[0])
    changes = services.what_if(run=run, scheme=parsed)
    assert [(c.enterprise_id, c.before, c.after) for c in changes][0] == (
        figures.enterprises[0].pk,
        "A",
        "B",
    )
