"""Every park already set up gets the default category tree (parks set up later get it
from `parkbase init`, through the documents app's set-up step)."""

from django.db import migrations


def seed(apps, schema_editor):
    from parkbase.documents.choices import DEFAULT_CATEGORIES

    Park = apps.get_model("core", "Park")
    Category = apps.get_model("documents", "Category")
    for park in Park.objects.all():
        have = {(c.parent_id, c.name): c for c in Category.objects.filter(park=park)}
        for order, (name, name_en, children) in enumerate(DEFAULT_CATEGORIES, start=1):
            parent = have.get((None, name)) or Category.objects.create(
                park=park, name=name, name_en=name_en, order=order * 10
            )
            for child_order, (child, child_en) in enumerate(children, start=1):
                if (parent.pk, child) not in have:
                    Category.objects.create(
                        park=park,
                        parent=parent,
                        name=child,
                        name_en=child_en,
                        order=child_order * 10,
                    )


class Migration(migrations.Migration):
    dependencies = [("documents", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
