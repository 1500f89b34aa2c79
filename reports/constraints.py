"""A check constraint that reports its violation against the field a person must fix."""

from django.core.exceptions import ValidationError
from django.db import DEFAULT_DB_ALIAS, models


class FieldCheckConstraint(models.CheckConstraint):
    """A CheckConstraint whose validation error names one field.

    The database enforces the rule for every writer (admin, API, imports, raw SQL);
    ``Model.validate_constraints()`` reports it as ``{field: [message]}`` so that the
    admin and the API can point at the field instead of saying "invalid".
    """

    def __init__(self, *, field: str, **kwargs):
        self.field = field
        super().__init__(**kwargs)

    def validate(self, model, instance, exclude=None, using=DEFAULT_DB_ALIAS):
        try:
            super().validate(model, instance, exclude=exclude, using=using)
        except ValidationError as error:
            raise ValidationError({self.field: error.error_list}) from error

    def deconstruct(self):
        path, args, kwargs = super().deconstruct()
        kwargs["field"] = self.field
        return path, args, kwargs

    def __eq__(self, other):
        return isinstance(other, FieldCheckConstraint) and self.field == other.field and super().__eq__(other)
