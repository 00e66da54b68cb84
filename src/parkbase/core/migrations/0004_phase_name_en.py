"""Phases get an English name; a phase named as parks usually name them (一期 … 十期)
gets "Phase 1" … "Phase 10", which the administrator may change."""

from django.db import migrations, models

# the usual names of a park's phases and their English names (as of this migration)
ORDINAL_NAMES_EN = {
    f"{number}期": f"Phase {n}"
    for n, number in enumerate(("一", "二", "三", "四", "五", "六", "七", "八", "九", "十"), 1)
}


def add_english_names(apps, schema_editor):
    Phase = apps.get_model("core", "Phase")
    for phase in Phase.objects.filter(name_en="", name__in=ORDINAL_NAMES_EN):
        phase.name_en = ORDINAL_NAMES_EN[phase.name]
        phase.save(update_fields=["name_en"])


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_remove_user_phases"),
    ]

    operations = [
        migrations.AddField(
            model_name="historicalphase",
            name="name_en",
            field=models.CharField(blank=True, max_length=100, verbose_name="English name"),
        ),
        migrations.AddField(
            model_name="phase",
            name="name_en",
            field=models.CharField(blank=True, max_length=100, verbose_name="English name"),
        ),
        migrations.RunPython(add_english_names, migrations.RunPython.noop),
    ]
