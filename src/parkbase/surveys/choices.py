from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class CampaignStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", pgettext_lazy("campaign status", "Open")
    CLOSED = "closed", _("Closed")


CAMPAIGN_STATUS_ZH = {
    "草稿": CampaignStatus.DRAFT,
    "进行中": CampaignStatus.OPEN,
    "已结束": CampaignStatus.CLOSED,
}


class AssignmentStatus(models.TextChoices):
    """In order: an assignment moves forward one step at a time (filling may skip the
    visit: an enterprise can fill in its own form); moving back needs a reason."""

    NOT_VISITED = "not_visited", _("Not visited")
    VISITED = "visited", _("Visited")
    FILLED = "filled", _("Filled")
    VERIFIED = "verified", _("Verified")


ASSIGNMENT_STATUS_ZH = {
    "未走访": AssignmentStatus.NOT_VISITED,
    "已走访": AssignmentStatus.VISITED,
    "已填报": AssignmentStatus.FILLED,
    "已核实": AssignmentStatus.VERIFIED,
}


class ConcernCategory(models.TextChoices):
    LAND = "land", _("Land")
    FINANCING = "financing", _("Financing")
    HIRING = "hiring", _("Hiring")
    APPROVALS = "approvals", _("Approvals")
    ORDERS = "orders", _("Orders (production tasks insufficient)")
    POLICY = "policy", _("Policy")
    OTHER = "other", _("Other")


CONCERN_CATEGORY_ZH = {
    "用地": ConcernCategory.LAND,
    "土地": ConcernCategory.LAND,
    "融资": ConcernCategory.FINANCING,
    "用工": ConcernCategory.HIRING,
    "招工": ConcernCategory.HIRING,
    "审批": ConcernCategory.APPROVALS,
    "订单": ConcernCategory.ORDERS,
    "生产任务不足": ConcernCategory.ORDERS,
    "政策": ConcernCategory.POLICY,
    "其他": ConcernCategory.OTHER,
}


class ConcernStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("concern status", "Open")
    IN_PROGRESS = "in_progress", _("In progress")
    RESOLVED = "resolved", _("Resolved")
    CLOSED = "closed", _("Closed")


CONCERN_STATUS_ZH = {
    "待处理": ConcernStatus.OPEN,
    "办理中": ConcernStatus.IN_PROGRESS,
    "已解决": ConcernStatus.RESOLVED,
    "已关闭": ConcernStatus.CLOSED,
}
