"""The admin's import and export: every relation by id, many-to-many as comma-separated ids.

A file obeys what the admin's forms obey: the model's validation, the links a record
needs, and the review workflow, which no file can move a record through.
"""

import functools

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import models
from import_export import resources, widgets

from reports.models import Actor, Location, LocationName, Source, TargetType, Weapon
from reports.models.common import Reviewed
from reports.services.review import review_status_after_edit

# Moved only by the review actions (reports.services.review).
REVIEW_STATE = ["review_status", "retraction_reason"]

# The columns an import finds an existing row by. Curated records keep the id they have in
# the system they came from; reference rows have a unique URL or slug.
NATURAL_IDS: dict[type[models.Model], list[str]] = {
    Source: ["url"],
    Actor: ["slug"],
    Location: ["slug"],
    LocationName: ["location", "name"],
    Weapon: ["slug"],
    TargetType: ["slug"],
}


class NullableTextWidget(widgets.CharWidget):
    """An empty cell in a text column that may be NULL is NULL, as the admin's forms store it.

    A unique column such as external_id or url holds any number of NULLs but one empty string.
    """

    def clean(self, value, row=None, **kwargs):
        return super().clean(value, row, **kwargs) or None


class RecordResource(resources.ModelResource):
    class Meta:
        clean_model_instances = True
        skip_unchanged = True
        # use_bulk stays off: rows are saved one at a time, so history records every one.

    @classmethod
    def field_from_django_field(cls, field_name, django_field, readonly):
        # What no form writes, no file writes: ids, timestamps, versions and the review state.
        readonly = (
            readonly or django_field.primary_key or not django_field.editable or field_name in REVIEW_STATE
        )
        field = super().field_from_django_field(field_name, django_field, readonly)
        if isinstance(django_field, models.CharField) and django_field.null:
            field.widget = NullableTextWidget()
        return field

    def get_instance(self, instance_loader, row):
        natural_ids = [self.fields[name] for name in self.get_import_id_fields()]
        if all(field.column_name in row and field.clean(row) not in (None, "") for field in natural_ids):
            return super().get_instance(instance_loader, row)
        # A record never given a natural id (no external id, a source without a URL) is matched
        # by the id an export from this database wrote next to it.
        if row.get("id") in (None, ""):
            return None
        return self.get_queryset().filter(pk=self.fields["id"].clean(row)).first()

    def import_field(self, field, instance, row, is_m2m=False, **kwargs):
        try:
            super().import_field(field, instance, row, is_m2m, **kwargs)
        except ObjectDoesNotExist as error:
            # Reported against the column, like every other invalid value, not as a crash.
            related = field.widget.model._meta.verbose_name
            raise ValueError(f"No {related} with id {row[field.column_name]}.") from error

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            # Keyed by field name (attack, not attack_id), so that the model's validation skips
            # the rules about a value that could not be read, instead of reporting them too.
            errors = {instance._meta.get_field(key).name: value for key, value in error.message_dict.items()}
        for field in self.get_import_fields():
            if isinstance(field.widget, widgets.ManyToManyWidget) and not field.readonly:
                message = related_ids_error(instance, field, row)
                if message:
                    errors[field.attribute] = [message]
        if errors:
            raise ValidationError(errors)

    def before_save_instance(self, instance, row, **kwargs):
        if not isinstance(instance, Reviewed):
            return
        user = kwargs.get("user") or AnonymousUser()
        if instance._state.adding:
            instance.created_by = user if user.is_authenticated else None
        else:
            instance.review_status = review_status_after_edit(record=instance, user=user)

    def filter_export(self, queryset, **kwargs):
        # Each many-to-many column reads its ids in one query for the whole file, not one per row.
        return queryset.prefetch_related(*(field.name for field in queryset.model._meta.many_to_many))


def related_ids_error(instance: models.Model, field, row) -> str | None:
    """Why a many-to-many cell cannot be saved: an id that names no row, or no id where one is needed.

    The library would silently drop an id that names nothing.
    """
    model_field = instance._meta.get_field(field.attribute)
    if field.column_name not in row:
        # A file may leave a relation out to keep it as it is; a new record has nothing to keep.
        return "This field is required." if instance._state.adding and not model_field.blank else None
    cell = row[field.column_name]
    if isinstance(cell, int | float):
        parts = [str(int(cell))]
    else:
        parts = [part.strip() for part in str(cell or "").split(field.widget.separator) if part.strip()]
    try:
        ids = {int(part) for part in parts}
    except ValueError:
        return "Give ids separated by commas."
    if not ids:
        return None if model_field.blank else "This field is required."
    related = field.widget.model
    missing = ids - set(related._base_manager.filter(pk__in=ids).values_list("pk", flat=True))
    if missing:
        return f"No {related._meta.verbose_name} with id {', '.join(map(str, sorted(missing)))}."
    return None


@functools.cache
def resource_for(model: type[models.Model]) -> type[RecordResource]:
    """The import and export of one model, matching rows by its natural id."""
    import_id_fields = ["external_id"] if issubclass(model, Reviewed) else NATURAL_IDS[model]
    meta = type("Meta", (), {"model": model, "import_id_fields": import_id_fields})
    return type(RecordResource)(
        f"{model.__name__}Resource", (RecordResource,), {"Meta": meta, "__module__": __name__}
    )
