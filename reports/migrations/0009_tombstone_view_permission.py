from django.db import migrations

ROLES = ["reader", "curator", "reviewer"]


def grant_view_deletion(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    # The tombstone model came after the roles were made (0005); its permissions are created
    # after all migrations unless made now. Tombstones are written by the system, never by
    # hand, so every role may only view them.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    permission = apps.get_model("auth", "Permission").objects.get(
        content_type__app_label="reports", codename="view_deletion"
    )
    for group in apps.get_model("auth", "Group").objects.filter(name__in=ROLES):
        group.permissions.add(permission)


def revoke_view_deletion(apps, schema_editor):
    for group in apps.get_model("auth", "Group").objects.filter(name__in=ROLES):
        group.permissions.remove(*group.permissions.filter(codename="view_deletion"))


class Migration(migrations.Migration):
    dependencies = [("reports", "0008_search_indexes")]

    operations = [migrations.RunPython(grant_view_deletion, revoke_view_deletion)]
