"""Places in a scheme file as a user reads them: ``groups[1].indicators[0].weight``
becomes 第2个组 · 第1个指标 · 权重 (group 2 · indicator 1 · weight). The scheme's checks
name places by path (``scheme``); messages name them through ``label`` of
``core.messages``, which asks ``place_label`` of the object it is given."""

from __future__ import annotations

import re

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

PARTS = {
    "scheme": gettext_lazy("scheme"),
    "file": gettext_lazy("file"),
    "name": gettext_lazy("name"),
    "year": gettext_lazy("year"),
    "ties": gettext_lazy("ties"),
    "groups": gettext_lazy("group"),
    "indicators": gettext_lazy("indicator"),
    "classes": gettext_lazy("class"),
    "rules": gettext_lazy("rule"),
    "when": gettext_lazy("condition"),
    "conditions": gettext_lazy("condition"),
    "code": gettext_lazy("code"),
    "weight": gettext_lazy("weight"),
    "benchmark": gettext_lazy("benchmark"),
    "value": gettext_lazy("value"),
    "kind": gettext_lazy("kind"),
    "factor": gettext_lazy("factor"),
    "basis": gettext_lazy("basis"),
    "upto": gettext_lazy("upper bound"),
    "scale": gettext_lazy("scale"),
    "points": gettext_lazy("points"),
    "numerator": gettext_lazy("numerator"),
    "denominator": gettext_lazy("denominator"),
    "cap": gettext_lazy("cap"),
    "method": gettext_lazy("method"),
    "higher_is_better": gettext_lazy("higher is better"),
}
_STEP = re.compile(r"([A-Za-z_]+)(?:\[(\d+)\])?")


class SchemePlaces:
    """What ``core.messages.label`` asks to name a place of a scheme file."""

    @staticmethod
    def place_label(path) -> str:
        if not isinstance(path, str):  # a value standing where a place may (a bound)
            return str(path)
        parts = []
        for step in path.split("."):
            match = _STEP.fullmatch(step)
            if match is None:
                parts.append(step)
                continue
            word = str(PARTS.get(match[1], match[1]))
            if match[2] is None:
                parts.append(word)
            else:
                parts.append(_("%(part)s %(number)s") % {"part": word, "number": int(match[2]) + 1})
        return " · ".join(parts)
