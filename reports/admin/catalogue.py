"""The reference rows every report points at: sources, actors, places and vocabularies."""

from django.contrib import admin
from django.db import models
from django_countries.filters import CountryFilter

from reports.admin.common import RECORD, TIMESTAMPS, RecordAdmin
from reports.models import Actor, Location, LocationName, Source, TargetType, Weapon


@admin.register(Source)
class SourceAdmin(RecordAdmin):
    list_display = ["title", "publisher", "kind", "published_on", "language"]
    list_filter = ["kind", "language", "published_on"]
    search_fields = ["title", "publisher", "url"]
    date_hierarchy = "published_on"
    # A link pasted without its scheme is far more likely https than http.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    readonly_fields = TIMESTAMPS
    fieldsets = [
        ("What", {"fields": ["title", ("kind", "language"), "notes"]}),
        ("Where", {"fields": ["url", "publisher"]}),
        ("When", {"fields": ["published_on"]}),
        RECORD,
    ]


@admin.register(Actor)
class ActorAdmin(RecordAdmin):
    list_display = ["name", "kind", "country", "parent", "title"]
    list_filter = ["kind", ("country", CountryFilter)]
    list_select_related = ["parent"]
    search_fields = ["name", "slug", "title"]
    autocomplete_fields = ["parent"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = TIMESTAMPS
    fieldsets = [
        ("What", {"fields": [("name", "slug"), ("kind", "country"), "parent", "title", "description"]}),
        RECORD,
    ]


class LocationNameInline(admin.TabularInline):
    model = LocationName
    fields = ["name", "language"]
    extra = 1


@admin.register(Location)
class LocationAdmin(RecordAdmin):
    list_display = ["name", "kind", "country", "parent", "code"]
    list_filter = ["kind", ("country", CountryFilter)]
    list_select_related = ["parent"]
    search_fields = ["name", "slug", "code", "names__name"]
    autocomplete_fields = ["parent"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["path", *TIMESTAMPS]
    inlines = [LocationNameInline]
    fieldsets = [
        ("What", {"fields": [("name", "slug"), ("kind", "code")]}),
        ("Where", {"fields": [("country", "parent"), ("latitude", "longitude"), "path"]}),
        RECORD,
    ]


@admin.register(LocationName)
class LocationNameAdmin(RecordAdmin):
    list_display = ["name", "language", "location"]
    list_filter = ["language"]
    list_select_related = ["location"]
    search_fields = ["name", "location__name"]
    autocomplete_fields = ["location"]
    fields = ["location", ("name", "language")]


@admin.register(Weapon)
class WeaponAdmin(RecordAdmin):
    list_display = ["name", "slug", "parent"]
    list_filter = [("parent", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["parent"]
    search_fields = ["name", "slug"]
    autocomplete_fields = ["parent"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = TIMESTAMPS
    fieldsets = [("What", {"fields": [("name", "slug"), "parent", "description"]}), RECORD]


@admin.register(TargetType)
class TargetTypeAdmin(RecordAdmin):
    list_display = ["name", "slug", "created_at"]
    # Nothing else to narrow by: "recently added" is what a curator reviewing new terms wants.
    list_filter = ["created_at"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = TIMESTAMPS
    fieldsets = [("What", {"fields": [("name", "slug"), "description"]}), RECORD]
