from django.contrib.auth.management import create_permissions
from django.db import migrations

# What each role may do, as (app label, model, actions). Normal work never needs a superuser.
ROLES = {
    "Editors": [
        ("stories", "outlet", "add change view delete"),
        ("stories", "story", "add change view delete"),
        ("speakers", "speaker", "add change view delete"),
        ("speakers", "alias", "add change view delete"),
        ("quotes", "quote", "add change view delete"),
        ("claims", "claim", "add change view delete"),
        ("claims", "claimquote", "add change view delete"),
        ("claims", "evidence", "add change view delete"),
        ("claims", "rating", "add change view"),
    ],
    "Fact-checkers": [
        ("stories", "outlet", "view"),
        ("stories", "story", "view"),
        ("speakers", "speaker", "add change view"),
        ("speakers", "alias", "add change view"),
        ("quotes", "quote", "add change view"),
        ("claims", "claim", "add change view delete"),
        ("claims", "claimquote", "add change view delete"),
        ("claims", "evidence", "add change view delete"),
        ("claims", "rating", "view"),
    ],
}


def create_groups(apps, schema_editor):
    # On a fresh database, permissions are only created after all migrations ran: create them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group_name, grants in ROLES.items():
        group, _ = Group.objects.get_or_create(name=group_name)
        for app_label, model, actions in grants:
            for action in actions.split():
                group.permissions.add(
                    Permission.objects.get(content_type__app_label=app_label, codename=f"{action}_{model}")
                )


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0002_default_rating_scale"),
        ("stories", "0002_postgres_extensions"),
        ("speakers", "0001_initial"),
        ("quotes", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
