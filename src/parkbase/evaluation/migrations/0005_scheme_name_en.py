"""Schemes get an English name; the default scheme's names, wherever a stored scheme
or run still uses them, get the English names the default scheme now gives."""

from django.db import migrations, models

# the default scheme's Chinese names and the English ones it gives them (as of this
# migration: later changes of the file do not change what it did)
DEFAULT_NAMES_EN = {
    "亩均效益综合评价（默认方案）": "Per-mu efficiency evaluation (default scheme)",
    "规上工业企业": "Above-size industrial firms",
    "规下工业企业（用地3亩及以上）": "Below-size industrial firms (3 mu of land or more)",
    "规下工业企业（用地3亩以下）": "Below-size industrial firms (under 3 mu of land)",
    "租赁厂房、无自有用地企业": "Firms in rented buildings, without land of their own",
    "亩均税收": "Tax per mu",
    "亩均增加值": "Value added per mu",
    "单位能耗增加值": "Value added per unit of energy",
    "单位排放增加值": "Value added per unit of emissions",
    "全员劳动生产率": "Labour productivity",
    "R&D经费投入强度": "R&D intensity",
    "亩均营业收入": "Revenue per mu",
    "亩均税收（按租用土地）": "Tax per mu (of leased land)",
    "亩均营业收入（按租用土地）": "Revenue per mu (of leased land)",
    "高新技术企业加分": "Bonus for high-tech enterprises",
    "上市企业加分": "Bonus for listed companies",
    "专精特新企业加分": "Bonus for specialised and innovative firms",
    "违规转租扣分": "Deduction for unauthorised sub-letting",
    "淘汰类产能": "Capacity to be phased out",
    "污染物排放不达标": "Pollutant discharges above the limits",
    "发生较大及以上安全生产事故": "A serious production-safety accident or worse",
    "超能耗限额": "Energy use above the quota",
    "公用事业企业（电力、热力、燃气、水）": "Utilities (power, heat, gas, water)",
    "投产不满3年": "In production for less than 3 years",
    "新供地在建企业": "Still building on newly granted land",
}


def _named(item) -> bool:
    """Give ``item`` (a mapping of the file) the English name of its default name."""
    if not isinstance(item, dict) or item.get("name_en"):
        return False
    english = DEFAULT_NAMES_EN.get(item.get("name"))
    if english is None:
        return False
    # right after the name, as the scheme file writes it
    entries = list(item.items())
    item.clear()
    for key, value in entries:
        item[key] = value
        if key == "name":
            item["name_en"] = english
    return True


def _with_english(definition) -> bool:
    if not isinstance(definition, dict):
        return False
    changed = _named(definition)
    for group in definition.get("groups") or ():
        changed |= _named(group)
        for indicator in (group.get("indicators") or ()) if isinstance(group, dict) else ():
            changed |= _named(indicator)
    for kind in ("adjustments", "forced", "ungraded"):
        for rule in definition.get(kind) or ():
            changed |= _named(rule)
    return changed


def add_english_names(apps, schema_editor):
    Scheme = apps.get_model("evaluation", "Scheme")
    Run = apps.get_model("evaluation", "Run")
    for scheme in Scheme.objects.all():
        if _with_english(scheme.definition):
            scheme.name_en = scheme.definition.get("name_en", "")
            scheme.save(update_fields=["definition", "name_en"])
    for run in Run.objects.all():
        if _with_english(run.scheme_definition):
            run.save(update_fields=["scheme_definition"])


class Migration(migrations.Migration):
    dependencies = [
        ("evaluation", "0004_decision_parcel_historicaldecision_parcel"),
    ]

    operations = [
        migrations.AddField(
            model_name="historicalscheme",
            name="name_en",
            field=models.CharField(blank=True, max_length=200, verbose_name="English name"),
        ),
        migrations.AddField(
            model_name="scheme",
            name="name_en",
            field=models.CharField(blank=True, max_length=200, verbose_name="English name"),
        ),
        migrations.RunPython(add_english_names, migrations.RunPython.noop),
    ]
