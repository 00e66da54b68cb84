from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    PRODUCING = "producing", _("In production")
    HALF_STOPPED = "half_stopped", _("Half stopped")
    STOPPED = "stopped", _("Stopped")
    DEREGISTERED = "deregistered", _("Deregistered")
    MOVED_OUT = "moved_out", _("Moved out")


STATUS_ZH = {
    "在产": Status.PRODUCING,
    "半停产": Status.HALF_STOPPED,
    "停产": Status.STOPPED,
    "注销": Status.DEREGISTERED,
    "迁出": Status.MOVED_OUT,
}


class RegistrationType(models.TextChoices):
    STATE_OWNED = "state_owned", _("State-owned enterprise")
    COLLECTIVE = "collective", _("Collective enterprise")
    LIMITED = "limited", _("Limited liability company")
    JOINT_STOCK = "joint_stock", _("Joint-stock company")
    PRIVATE = "private", _("Private enterprise")
    FOREIGN = "foreign", _("Foreign-invested enterprise")
    HK_MACAO_TAIWAN = "hmt", _("Hong Kong, Macao or Taiwan invested enterprise")
    INSTITUTION = "institution", _("Public institution")
    OTHER = "other", _("Other")


REGISTRATION_TYPE_ZH = {
    "国有企业": RegistrationType.STATE_OWNED,
    "集体企业": RegistrationType.COLLECTIVE,
    "有限责任公司": RegistrationType.LIMITED,
    "股份有限公司": RegistrationType.JOINT_STOCK,
    "私营企业": RegistrationType.PRIVATE,
    "外商投资企业": RegistrationType.FOREIGN,
    "港澳台商投资企业": RegistrationType.HK_MACAO_TAIWAN,
    "事业单位": RegistrationType.INSTITUTION,
    "其他": RegistrationType.OTHER,
}


class Source(models.TextChoices):
    SURVEY = "survey", _("Survey")
    IMPORT = "import", _("Import")
    ENTERPRISE = "enterprise", _("Enterprise")
    TAX = "tax", _("Tax bureau")
    STATISTICS = "statistics", _("Statistics bureau")
    MANUAL = "manual", _("Entered by staff")


SOURCE_ZH = {
    "调查": Source.SURVEY,
    "导入": Source.IMPORT,
    "企业填报": Source.ENTERPRISE,
    "企业": Source.ENTERPRISE,
    "税务": Source.TAX,
    "统计": Source.STATISTICS,
    "手工录入": Source.MANUAL,
}

# The park's trust in each source, highest first: an import does not overwrite a
# figure recorded from a source ranked above its own unless the user says so (the
# survey import's ``overwrite_ranked``). The statistics bureau's return is the
# official figure; the tax bureau's the official tax; then what the enterprise filed,
# what staff entered by hand, what a survey team recorded, and a plain import.
SOURCE_RANKING = (
    Source.STATISTICS,
    Source.TAX,
    Source.ENTERPRISE,
    Source.MANUAL,
    Source.SURVEY,
    Source.IMPORT,
)


def source_rank(source: str) -> int:
    """Larger is trusted more; an unknown source ranks below every known one."""
    try:
        return len(SOURCE_RANKING) - SOURCE_RANKING.index(source)
    except ValueError:
        return 0


class ReturnBasis(models.TextChoices):
    """What a monthly return's figures cover."""

    PERIOD = "period", _("This period (当月)")
    YTD = "ytd", _("Year to date (累计)")


class ReturnSource(models.TextChoices):
    """Who filed a monthly return; the statistics system's figure wins over the others."""

    PORTAL = "portal", _("Filed by the enterprise")
    STATISTICS = "statistics", _("Statistics system")
    STAFF = "staff", _("Entered by staff")


# the order a month's returns win in: the statistics system's first
RETURN_SOURCE_PRIORITY = (ReturnSource.STATISTICS, ReturnSource.STAFF, ReturnSource.PORTAL)
