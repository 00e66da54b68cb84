"""factory_boy factories for tests; valid credit codes are computed, never typed.

They write rows directly, for tests that need a row and not the service's rules; a test
of the rules records through the app's services (``make_project``, ``make_parcel``)."""

import datetime as dt
import itertools
from decimal import Decimal

import factory

from parkbase.core import uscc
from parkbase.core.choices import Role
from parkbase.core.models import Department, Park, Phase, User
from parkbase.enterprises.models import Enterprise, EnterpriseYear
from parkbase.evaluation.choices import ComplianceKind
from parkbase.evaluation.models import ComplianceRecord, Objection
from parkbase.land.choices import ApprovalKind
from parkbase.land.models import Approval, Parcel, Tenancy
from parkbase.surveys.choices import CampaignStatus
from parkbase.surveys.models import Assignment, Campaign, Concern, Team

_serial = itertools.count(1)


def make_uscc(prefix: str = "91", division: str = "210112") -> str:
    body = f"{prefix}{division}{next(_serial):09d}"[:17]
    body = body.replace("I", "1").replace("O", "0")
    return body + uscc.check_character(body)


class ParkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Park
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"park{n}")
    name = factory.Sequence(lambda n: f"测试园区{n}")


class PhaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Phase

    park = factory.SubFactory(ParkFactory)
    code = factory.Sequence(lambda n: f"P{n}")
    name = factory.Sequence(lambda n: f"第{n}期")


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department

    park = factory.SubFactory(ParkFactory)
    code = factory.Sequence(lambda n: f"D{n:02d}")
    name = factory.Sequence(lambda n: f"区主管部门{n}")


class EnterpriseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enterprise

    park = factory.SubFactory(ParkFactory)
    name = factory.Sequence(lambda n: f"沈阳测试机械有限公司{n}")
    uscc = factory.LazyFunction(make_uscc)
    industry_code = "34"
    phase = factory.LazyAttribute(lambda o: PhaseFactory(park=o.park))
    department = factory.LazyAttribute(lambda o: DepartmentFactory(park=o.park))


class EnterpriseYearFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EnterpriseYear

    enterprise = factory.SubFactory(EnterpriseFactory)
    year = 2019
    land_area = 20000
    building_area = 15000
    staff_year_end = 120
    staff_average = 115
    gross_output = 80_000_000
    value_added = 20_000_000
    revenue = 82_000_000
    main_business_revenue = 80_000_000
    tax_total = 3_000_000


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    role = Role.STAFF
    password = factory.PostGenerationMethodCall("set_password", "pw-secret-1")

    @factory.post_generation
    def finish(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class CampaignFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Campaign

    park = factory.SubFactory(ParkFactory)
    name = factory.Sequence(lambda n: f"{2019 + n % 3}年度企业全面调查{n}")
    year = 2019
    status = CampaignStatus.OPEN
    started_on = factory.LazyFunction(lambda: dt.date(2019, 3, 1))


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team
        skip_postgeneration_save = True

    campaign = factory.SubFactory(CampaignFactory)
    name = factory.Sequence(lambda n: f"调查{n}组")

    @factory.post_generation
    def members(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.members.set(extracted)


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assignment

    team = factory.SubFactory(TeamFactory)
    campaign = factory.LazyAttribute(lambda o: o.team.campaign)
    enterprise = factory.SubFactory(EnterpriseFactory)


class ConcernFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Concern

    enterprise = factory.SubFactory(EnterpriseFactory)
    category = "orders"
    description = factory.Sequence(lambda n: f"生产任务不足，需要协调订单{n}")
    raised_on = factory.LazyFunction(lambda: dt.date(2019, 5, 1))


# ---------------------------------------------------------------- evaluation


class ComplianceRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ComplianceRecord

    enterprise = factory.SubFactory(EnterpriseFactory)
    year = 2019
    kind = ComplianceKind.POLLUTION_FAILED


class ObjectionFactory(factory.django.DjangoModelFactory):
    """An objection to a run's figures of one enterprise (pass ``run``)."""

    class Meta:
        model = Objection

    enterprise = factory.SubFactory(EnterpriseFactory)
    claim = factory.Sequence(lambda n: f"面积有误{n}")


# ---------------------------------------------------------------- land


class ParcelFactory(factory.django.DjangoModelFactory):
    """A parcel with no outline (``make_parcel`` in tests/land records one through the
    service, with its checks)."""

    class Meta:
        model = Parcel

    park = factory.SubFactory(ParkFactory)
    code = factory.Sequence(lambda n: f"F-{n:03d}")
    name = factory.LazyAttribute(lambda o: f"地块{o.code}")
    area = Decimal("20000")


class TenancyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tenancy

    parcel = factory.SubFactory(ParcelFactory)
    enterprise = factory.SubFactory(EnterpriseFactory, park=factory.SelfAttribute("..parcel.park"))
    area = Decimal("3000")


class ApprovalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Approval

    park = factory.SubFactory(ParkFactory)
    kind = ApprovalKind.QUOTA
    name = factory.Sequence(lambda n: f"用地指标{n}")


def served_project(approval):
    """The project a land approval serves (the project owns the link), or None."""
    from parkbase.projects.models import Project

    return Project.objects.filter(approval_links__approval=approval).first()
