"""Finding places by any of their names, and records by the words in their text.

Each query here has a PostgreSQL form that an index serves (migrations 0008 and 0010), and a
simpler form on SQLite that returns the same rows for place names, and the rows that
contain every word for text (see ``text_search``).
"""

from dataclasses import dataclass

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVectorField
from django.db import connections, models
from django.db.models import F, Q
from django.db.models.expressions import Col, Expression

from reports.models import Location, LocationName
from reports.text import fold

# PostgreSQL's ``simple`` configuration (no stemming and no stop words: names of places, units
# and weapons in several languages would be mangled by an English dictionary) with accents
# folded by ``unaccent`` (migration 0010). Letter case and accents are ignored.
TEXT_SEARCH_CONFIG = "reports_text"

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


TEXT_DOCUMENTS = {
    document.model_name: document
    for document in (
        TextDocument("statement", ("quote", "paraphrase")),
        TextDocument("attack", ("description",)),
        TextDocument("source", ("title",)),
    )
}


class StoredDocument(Expression):
    """The ``tsvector`` of a searched table's text, stored with each row on PostgreSQL.

    A generated column (migration 0010), parsed once when the row is written, which the GIN
    index and the ranking both read. The models do not declare it, so that SQLite, the bulk
    loader and the history tables never see it; this names it in a query on its table.
    """

    column = "search_document"

    def resolve_expression(self, query=None, allow_joins=True, reuse=None, summarize=False, for_save=False):
        field = SearchVectorField()
        field.set_attributes_from_name(self.column)
        # Of the model's table, for the expression's identity; not added to the model's fields.
        field.model = query.model
        return Col(query.get_initial_alias(), field)


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

    On PostgreSQL a word matches a whole word, accents and letter case ignored
    (``plainto_tsquery`` with ``TEXT_SEARCH_CONFIG``), and each row is annotated with its
    ``RANK``. On SQLite a word matches any part of the text, letter case is ignored only for
    Latin letters and accents are not; no rank.
    """
    document = TEXT_DOCUMENTS[queryset.model._meta.model_name]
    words = text.split()
    if not words:
        return queryset
    if connections[queryset.db].vendor == "postgresql":
        query = SearchQuery(text, config=TEXT_SEARCH_CONFIG, search_type="plain")
        return (
            queryset.alias(search_document=StoredDocument())
            .filter(search_document=query)
            .annotate(**{RANK: SearchRank(F("search_document"), query)})
        )
    condition = Q()
    for word in words:
        any_field = Q()
        for field in document.fields:
            any_field |= Q(**{f"{field}__icontains": word})
        condition &= any_field
    return queryset.filter(condition)
