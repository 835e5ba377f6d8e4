from django.contrib.auth.management import create_permissions
from django.db import migrations

# Editors see failed logins and unlock them (deleting an access attempt unlocks it); fact-checkers do neither.
# claims/migrations/0003 made the groups.
GRANTS = {"Editors": ["view_accessattempt", "delete_accessattempt"]}


def grant(apps, schema_editor):
    # On a fresh database, permissions are only created after all migrations ran: create axes' now.
    app_config = apps.get_app_config("axes")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group_name, codenames in GRANTS.items():
        group, _ = Group.objects.get_or_create(name=group_name)
        for codename in codenames:
            group.permissions.add(Permission.objects.get(content_type__app_label="axes", codename=codename))


class Migration(migrations.Migration):
    dependencies = [
        ("axes", "0010_accessattemptexpiration"),
        ("claims", "0003_newsroom_groups"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
