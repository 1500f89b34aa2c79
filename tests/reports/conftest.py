"""The admin's personas: the curator and the reviewer, signed in to the admin."""

import pytest
from django.test import Client
from django.urls import reverse


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    client.user = user
    return client


def admin_url(model, view: str, *args) -> str:
    return reverse(f"admin:reports_{model._meta.model_name}_{view}", args=args)


def form_data(response, **typed) -> dict:
    """What a browser sends back for the admin form on the page, with ``typed`` changed."""
    forms = [response.context["adminform"].form]
    data = {}
    for inline in response.context.get("inline_admin_formsets", []):
        formset = inline.formset
        forms += formset.forms
        data.update(
            {f"{formset.prefix}-{name}": value for name, value in formset.management_form.initial.items()}
        )
    for form in forms:
        for name in form.fields:
            value = form[name].value()
            # What a browser leaves out: empty inputs and unticked boxes.
            if not (value is None or value == "" or value is False):
                data[form.add_prefix(name)] = value
    return {**data, **typed}


@pytest.fixture
def curator_admin(curator) -> Client:
    return signed_in(curator.user)


@pytest.fixture
def reviewer_admin(reviewer) -> Client:
    return signed_in(reviewer.user)
