"""Finding places by any of their names, and records by the words in their text.

Each query here has a PostgreSQL form that an index in migration 0008 serves, and a
simpler form on SQLite that returns the same rows for place names, and the rows that
contain every word for text (see ``text_search``).
"""

from dataclasses import dataclass

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connections, models
from django.db.models import Q

from reports.models import Location, LocationName
from reports.text import fold

# No stemming and no stop words: names of places, units and weapons in several languages
# would be mangled by an English dictionary. Letter case is ignored; accents are not.
TEXT_SEARCH_CONFIG = "simple"

# The annotation that ``text_search`` adds on PostgreSQL: how well each row matches.
RANK = "search_rank"


@dataclass(frozen=True)
class TextDocument:
    """The text of one model that ``q`` searches, and the index that serves the search."""

    model_name: str
    fields: tuple[str, ...]

    @property
    def index_name(self) -> str:
        return f"reports_{self.model_name}_text_gin"

    def vector(self) -> SearchVector:
        """The tsvector expression, one definition for both the index and the query."""
        return SearchVector(*self.fields, config=TEXT_SEARCH_CONFIG)

    def index(self) -> GinIndex:
        return GinIndex(self.vector(), name=self.index_name)


TEXT_DOCUMENTS = {
    document.model_name: document
    for document in (
        TextDocument("statement", ("quote", "paraphrase")),
        TextDocument("attack", ("description",)),
        TextDocument("source", ("title",)),
    )
}

# Trigram indexes on the folded names: they serve ``search_name LIKE '%...%'`` on PostgreSQL.
NAME_INDEXES = {
    model_name: GinIndex(
        fields=["search_name"], opclasses=["gin_trgm_ops"], name=f"reports_{model_name}_name_trgm"
    )
    for model_name in ("location", "locationname")
}


def _places_whose_name(**lookup) -> models.QuerySet:
    """Ids of the places whose own name or one of whose other names satisfies ``lookup``.

    A UNION of two index scans: an OR across the two tables would scan the places instead.
    """
    return (
        Location.objects.filter(**lookup)
        .order_by()
        .values("pk")
        .union(LocationName.objects.filter(**lookup).order_by().values("location_id"))
    )


def named(name: str) -> Q:
    """On locations: one of the place's names or spellings is ``name``, letter case and accents ignored."""
    return Q(pk__in=_places_whose_name(search_name=fold(name)))


def name_contains(text: str) -> Q:
    """On locations: one of the place's names or spellings contains ``text`` ("khark" finds Kharkov)."""
    return Q(pk__in=_places_whose_name(search_name__contains=fold(text)))


def places_named(*, name: str) -> models.QuerySet:
    return Location.objects.filter(named(name))


def places_matching(*, text: str) -> models.QuerySet:
    return Location.objects.filter(name_contains(text))


def text_search(queryset: models.QuerySet, *, text: str) -> models.QuerySet:
    """The rows of ``queryset`` whose searched text has every word of ``text``.

    On PostgreSQL a word matches a whole word (``plainto_tsquery`` with the simple
    configuration), and each row is annotated with its ``RANK``. On SQLite a word matches
    any part of the text, and letter case is ignored only for Latin letters; no rank.
    """
    document = TEXT_DOCUMENTS[queryset.model._meta.model_name]
    words = text.split()
    if not words:
        return queryset
    if connections[queryset.db].vendor == "postgresql":
        query = SearchQuery(text, config=TEXT_SEARCH_CONFIG, search_type="plain")
        return (
            queryset.alias(search_document=document.vector())
            .filter(search_document=query)
            .annotate(**{RANK: SearchRank(document.vector(), query)})
        )
    condition = Q()
    for word in words:
        any_field = Q()
        for field in document.fields:
            any_field |= Q(**{f"{field}__icontains": word})
        condition &= any_field
    return queryset.filter(condition)
