"""The content types of the apps renamed in session 6 ('migration' → 'guide', 'support' → 'returns').

The tables kept their names (db_table), so no data moves; only Django's own record of which app holds a
model is brought up to date, so permissions and generic relations keep pointing at the same rows. On a new
install there is nothing to rename and this does nothing.
"""

from django.db import migrations

MOVES = {
    ("migration", "destination"): "guide",
    ("migration", "guideitem"): "guide",
    ("migration", "guideitemversion"): "guide",
    ("migration", "mission"): "guide",
    ("migration", "hotline"): "guide",
    ("support", "consultation"): "guide",
    ("support", "returnassistance"): "returns",
    ("support", "returnstep"): "returns",
    ("support", "documentapplication"): "returns",
}


def rename(apps, schema_editor):
    content_types = apps.get_model("contenttypes", "ContentType").objects
    for (old_app, model), new_app in MOVES.items():
        if content_types.filter(app_label=new_app, model=model).exists():
            content_types.filter(app_label=old_app, model=model).delete()
        else:
            content_types.filter(app_label=old_app, model=model).update(app_label=new_app)


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("guide", "0001_initial"),
        ("returns", "0001_initial"),
    ]

    operations = [migrations.RunPython(rename, migrations.RunPython.noop)]
