"""The columns of record sheets (``imports.records``) that name a park's phase,
department or enterprise: shared by every app's sheets, matched by name or code
(an enterprise by its name or its unified social credit code)."""

from __future__ import annotations

from parkbase.core.models import Department, Phase
from parkbase.core.scoping import RULE_CHECK
from parkbase.enterprises.models import Enterprise
from parkbase.imports.records import Ref


def phases(park):
    return Phase.objects.unscoped(RULE_CHECK).filter(park=park)


def departments(park):
    return Department.objects.unscoped(RULE_CHECK).filter(park=park)


def enterprises(park):
    return (
        Enterprise.objects.unscoped(RULE_CHECK).filter(park=park).only("id", "name", "uscc", "park")
    )


PHASE = Ref(phases, keys=("name", "code"))
DEPARTMENT = Ref(departments, keys=("name", "code"))
ENTERPRISE = Ref(enterprises, keys=("name", "uscc"))
