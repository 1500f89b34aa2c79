from django.db import migrations

REVIEW_PREFIX = "review_"


def create_roles(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after all migrations; create them now so the
    # groups can be given them in the same run.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    group_model = apps.get_model("auth", "Group")
    permission_model = apps.get_model("auth", "Permission")
    reports = permission_model.objects.filter(content_type__app_label="reports")
    editing = reports.exclude(codename__startswith=REVIEW_PREFIX)
    roles = {
        "reader": reports.filter(codename__startswith="view_"),
        "curator": editing,
        "reviewer": reports,
    }
    for name, permissions in roles.items():
        group, _ = group_model.objects.get_or_create(name=name)
        group.permissions.set(permissions)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["reader", "reviewer"]).delete()


class Migration(migrations.Migration):
    dependencies = [("reports", "0004_review_workflow_versions_history")]

    operations = [migrations.RunPython(create_roles, remove_roles)]
