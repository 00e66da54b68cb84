from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMIN = "admin", _("Administrator")
    LEADER = "leader", _("Park leader")
    STAFF = "staff", _("Park staff")
    SURVEY = "survey", _("Survey team member")
    DEPARTMENT = "department", _("District department")
    ENTERPRISE = "enterprise", _("Enterprise user")


# the park's committee: who sees the whole park's work (its dashboard, its pipeline)
COMMITTEE_ROLES = (Role.ADMIN, Role.LEADER, Role.STAFF)


class Action(models.TextChoices):
    VIEW = "view", _("view")
    ADD = "add", _("add")
    CHANGE = "change", _("change")
    DELETE = "delete", _("delete")
