"""The API under another path, for the test that changes ``ROOT_URLCONF`` (test_list_rows.py)."""

from django.urls import include, path

urlpatterns = [path("elsewhere/api/", include("api.urls"))]
