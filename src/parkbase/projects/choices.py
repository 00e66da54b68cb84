from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ProjectStatus(models.TextChoices):
    """Where a project stands, beside its stage. ``landed`` (落地) is never typed: the
    pipeline's landed rule sets it when the milestones it names are all dated."""

    ACTIVE = "active", _("Active")
    PAUSED = "paused", _("Paused")
    TERMINATED = "terminated", _("Terminated")
    LOST = "lost", _("Lost")
    LANDED = "landed", _("Landed")


OPEN_STATUSES = (ProjectStatus.ACTIVE, ProjectStatus.PAUSED)


class InvestorKind(models.TextChoices):
    COMPANY = "company", _("Company")
    PERSON = "person", _("Person")


class InvestorOrigin(models.TextChoices):
    LOCAL = "local", _("Local")
    OUT_OF_CITY = "out_of_city", _("Out of the city")
    OUT_OF_PROVINCE = "out_of_province", _("Out of the province")
    FOREIGN = "foreign", _("Foreign")


class InvestorRole(models.TextChoices):
    LEAD = "lead", _("Lead investor")
    PARTNER = "partner", _("Partner")
    SHAREHOLDER = "shareholder", _("Shareholder")


class LandMode(models.TextChoices):
    NEW_LAND = "new_land", _("New land")
    LEASE = "lease", _("Lease")
    STANDARD_FACTORY = "standard_factory", _("Standard factory building")
    EXISTING = "existing", _("Existing site")
    NONE = "none", _("No land needed")


class KeyLevel(models.TextChoices):
    NONE = "", _("Not a key project")
    DISTRICT = "district", _("District key project")
    CITY = "city", _("City key project")
    PROVINCE = "province", _("Provincial key project")
    NATIONAL = "national", _("National key project")


class ProjectSource(models.TextChoices):
    PROMOTION = "promotion", _("Promotion event")
    REFERRAL = "referral", _("Referral")
    VISIT = "visit", _("Visit to the investor")
    INBOUND = "inbound", _("The investor came to us")
    SUPERIOR = "superior", _("Assigned by a superior")
    EXPANSION = "expansion", _("Expansion of a park enterprise")
    OTHER = "other", _("Other")


class ActivityKind(models.TextChoices):
    VISIT = "visit", _("Visit")
    CALL = "call", _("Call")
    MEETING = "meeting", _("Meeting")
    FEEDBACK = "feedback", _("Feedback to the investor")
    REPORT = "report", _("Report to superiors (上报)")
    REQUEST = "request", _("Request for instructions (请示)")
    PROMOTION = "promotion", _("Promotion event")
    OTHER = "other", _("Other")


class BlockerCategory(models.TextChoices):
    LAND_QUOTA = "land_quota", _("Land quota or approval")
    LAND_POLICY = "land_policy", _("Land transfer policy")
    PLANNING = "planning", _("Planning")
    ENVIRONMENT = "environment", _("Environmental approval")
    FUNDS = "funds", _("Funds")
    FINANCING = "financing", _("Financing")
    TAX = "tax", _("Tax")
    OTHER = "other", _("Other")


class BlockerStatus(models.TextChoices):
    OPEN = "open", _("Open")
    RESOLVED = "resolved", _("Resolved")
    DROPPED = "dropped", _("Dropped")


class Escalation(models.IntegerChoices):
    """督办: who follows the blocker up."""

    NONE = 0, _("Not escalated")
    PARK = 1, _("Park leadership")
    DISTRICT = 2, _("District")
    CITY = 3, _("City")
    PROVINCE = 4, _("Province")


class FundKind(models.TextChoices):
    """Planned and contracted are statements of a total (the latest counts); in-place
    (实际到位) is money that arrived on a date, and the arrivals add up."""

    PLANNED = "planned", pgettext_lazy("funding", "Planned")
    CONTRACTED = "contracted", _("Contracted")
    IN_PLACE = "in_place", _("In place")


class FundSource(models.TextChoices):
    INVESTOR = "investor", _("Investor")
    GOVERNMENT = "government", _("Government start-up funds")
    PARTNER = "partner", _("Partner company")
    BANK = "bank", _("Bank loan")
    OTHER = "other", _("Other")


class LossReason(models.TextChoices):
    LAND = "land", _("Land not available or not approved in time")
    POLICY = "policy", _("Better policy or incentives elsewhere")
    COST = "cost", _("Costs (land, energy, labour)")
    FUNDS = "funds", _("The investor's funds fell through")
    SUPPORT = "support", _("Supporting industry or services elsewhere")
    SPEED = "speed", _("Approvals too slow")
    MARKET = "market", _("Market changed; the investor gave up")
    OTHER = "other", _("Other")


class PlaceLevel(models.TextChoices):
    DISTRICT = "district", _("Another district of the city")
    CITY = "city", _("Another city of the province")
    PROVINCE = "province", _("Another province")
    ABROAD = "abroad", _("Abroad")
