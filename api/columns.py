"""The columns of each resource's CSV and GeoJSON export, in order, with their HXL hashtags.

Every export starts with ``id`` and ``url`` (api/exports.py). A related record that JSON nests
brief is flattened to ``<name>_id`` and ``<name>_name``; a list of related records is one cell,
their slugs (actors, places, weapons, target types) or ids (sources, attacks, waves, statements,
deployments, figures) joined with ";". Hashtags come from the HXL core dictionary where one fits
(``#date+start``, ``#loc+name``, ``#geo+lat``, ``#org+perpetrator``); a column with no obvious
hashtag has an empty cell in the hashtag row.
"""

from collections.abc import Sequence
from operator import attrgetter

from api.exports import Column, Export, brief, column, many, point
from reports.choices import LocationKind, SummaryGrouping
from reports.models.locations import region_name

DATES = [
    column("date_start", "#date+start"),
    column("date_end", "#date+end"),
    column("date_precision"),
]
ESTIMATE = [column("low"), column("best"), column("high"), column("qualifier"), column("phrase")]
REVIEW = [column("external_id", "#meta+external_id"), column("review_status", "#status+review")]
TIMESTAMPS = [column("created_at", "#date+created"), column("updated_at", "#date+updated")]
SOURCES = many("source_ids", "sources", key="pk", hxl="#meta+source")


def _claim(*, claimants_hxl: str = "#org+claimant") -> list[Column]:
    return [
        many("claimants", "claimants", hxl=claimants_hxl),
        SOURCES,
        column("statement_id", source="statement_id"),
        column("confidence"),
        column("rank"),
        column("rank_reason"),
    ]


SOURCE = Export(
    columns=[
        column("title", "#meta+title"),
        column("publisher", "#org+publisher"),
        column("document_url", "#meta+source+url", source="url"),
        column("published_on", "#date+published"),
        column("language", "#meta+lang"),
        column("kind", "#meta+type"),
        column("notes", "#description+notes"),
        *TIMESTAMPS,
    ]
)

ACTOR = Export(
    columns=[
        column("name", "#org+name"),
        column("slug", "#org+code"),
        column("kind", "#org+type"),
        column("country", "#country+code"),
        *brief("parent", hxl_name="#org+parent+name"),
        column("title"),
        column("description", "#description"),
        *TIMESTAMPS,
    ]
)


def location_geometry(location) -> dict | None:
    """A place's point; null for a place without coordinates."""
    return point(location)


def attack_geometry(attack) -> dict | None:
    """The point of the attack's place; null when the place has no coordinates."""
    return point(attack.location)


LOCATION = Export(
    columns=[
        column("name", "#loc+name"),
        column("slug", "#loc+code"),
        column("kind", "#loc+type"),
        column("country", "#country+code"),
        column("code", "#loc+code+iso"),
        *brief("parent", hxl_name="#loc+parent+name"),
        column("adm1_name", "#adm1+name"),
        column("latitude", "#geo+lat"),
        column("longitude", "#geo+lon"),
        many("other_names", "names", key="name", hxl="#loc+name+alt"),
        *TIMESTAMPS,
    ],
    annotations={"adm1_name": region_name("path")},
    geometry=location_geometry,
)

WEAPON = Export(
    columns=[
        column("slug", "#item+code"),
        column("name", "#item+name"),
        *brief("parent", hxl_name="#item+parent+name"),
        column("description", "#description"),
        *TIMESTAMPS,
    ]
)

TARGET_TYPE = Export(
    columns=[
        column("slug", "#item+code"),
        column("name", "#item+name"),
        column("description", "#description"),
        *TIMESTAMPS,
    ]
)

WAVE = Export(
    columns=[
        column("name", "#event+name"),
        column("kind", "#event+type"),
        column("description", "#description"),
        *DATES,
        *brief("perpetrator", hxl_id="#org+perpetrator+id", hxl_name="#org+perpetrator+name"),
        many("weapons", "weapons", hxl="#item+weapon"),
        SOURCES,
        many("attack_ids", "attacks", key="pk"),
        many("casualty_ids", "casualties", key="pk"),
        *REVIEW,
        *TIMESTAMPS,
    ]
)

ATTACK = Export(
    columns=[
        *DATES,
        *brief("wave", hxl_id="#event+wave+id", hxl_name="#event+wave+name"),
        *brief("location", hxl_id="#loc+id", hxl_name="#loc+name"),
        column("location_kind", "#loc+type", source="location.kind"),
        column("adm1_name", "#adm1+name"),
        column("country", "#country+code", source="location.country"),
        column("latitude", "#geo+lat", source="location.latitude"),
        column("longitude", "#geo+lon", source="location.longitude"),
        *brief("perpetrator", hxl_id="#org+perpetrator+id", hxl_name="#org+perpetrator+name"),
        many("weapons", "weapons", hxl="#item+weapon"),
        many("targets", "targets", hxl="#item+target"),
        column("damage", "#impact+type"),
        column("damage_description", "#impact+description"),
        column("description", "#description"),
        column("confidence"),
        SOURCES,
        many("casualty_ids", "casualties", key="pk"),
        *REVIEW,
        *TIMESTAMPS,
    ],
    annotations={"adm1_name": region_name("location__path")},
    geometry=attack_geometry,
)


def casualty_geometry(figure) -> dict | None:
    """The figure's own places (a Point, or a MultiPoint for several); without any that have
    coordinates, its attack's place; null for a figure of a wave or a deployment without places."""
    points = [place for place in map(point, figure.locations.all()) if place is not None]
    if len(points) > 1:
        return {"type": "MultiPoint", "coordinates": [place["coordinates"] for place in points]}
    if points:
        return points[0]
    return point(figure.attack.location) if figure.attack_id else None


CASUALTY = Export(
    columns=[
        column("attack_id", "#event+attack+id", source="attack_id"),
        *brief("wave", hxl_id="#event+wave+id", hxl_name="#event+wave+name"),
        *brief("deployment"),
        column("kind", "#affected+type"),
        column("population", "#affected+population"),
        column("age_group", "#affected+age"),
        column("low", "#affected+min"),
        column("best", "#affected+num"),
        column("high", "#affected+max"),
        column("qualifier"),
        column("phrase"),
        *DATES,
        many("locations", "locations", hxl="#loc+code"),
        column("attack_location_id", source="attack.location_id"),
        column("attack_location_name", "#loc+name", source="attack.location.name"),
        column("included_in_id", source="included_in_id"),
        *_claim(),
        column("notes", "#description+notes"),
        *REVIEW,
        *TIMESTAMPS,
    ],
    # The attack's place: its name is a column, its point the geometry of a figure without places.
    select_related=["attack__location"],
    geometry=casualty_geometry,
)

STATEMENT = Export(
    columns=[
        *brief("speaker", hxl_name="#contact+name"),
        column("speaker_role", "#contact+role"),
        *brief("on_behalf_of", hxl_name="#org+name"),
        *DATES,
        column("channel"),
        column("speech_act"),
        column("quote"),
        column("paraphrase", "#description"),
        column("language", "#meta+lang"),
        SOURCES,
        many("attack_ids", "about_attacks", key="pk"),
        many("wave_ids", "about_waves", key="pk"),
        many("deployment_ids", "about_deployments", key="pk"),
        many("about_actors", "about_actors"),
        *REVIEW,
        *TIMESTAMPS,
    ]
)

FORCE_DEPLOYMENT = Export(
    columns=[
        column("name", "#event+name"),
        *brief("deploying_actor", hxl_name="#org+deploying+name"),
        *brief("supported_actor", hxl_name="#org+supported+name"),
        *brief("location", hxl_id="#loc+id", hxl_name="#loc+name"),
        column("purpose"),
        column("description", "#description"),
        *DATES,
        SOURCES,
        many("status_ids", "statuses", key="pk"),
        many("strength_ids", "strengths", key="pk"),
        many("casualty_ids", "casualties", key="pk"),
        *REVIEW,
        *TIMESTAMPS,
    ]
)

FORCE_DEPLOYMENT_STATUS = Export(
    columns=[
        *brief("deployment", hxl_name="#event+name"),
        column("status", "#status"),
        column("phrase"),
        column("evidence"),
        *DATES,
        *_claim(),
        *REVIEW,
        *TIMESTAMPS,
    ]
)

FORCE_STRENGTH = Export(
    columns=[
        *brief("deployment", hxl_name="#event+name"),
        *ESTIMATE,
        *DATES,
        *_claim(),
        column("notes", "#description+notes"),
        *REVIEW,
        *TIMESTAMPS,
    ]
)


# The HXL hashtag of a summary's places, by the kind of place figures were rolled up to.
SUMMARY_PLACE_HASHTAGS = {
    LocationKind.COUNTRY: "#country",
    LocationKind.REGION: "#adm1",
    LocationKind.DISTRICT: "#adm2",
}


def _group_value(name: str, attribute: str | None = None):
    """A summary group's value for a grouping; with ``attribute``, that of its record (empty for none)."""

    def read(total):
        value = total.key[name]
        return value if attribute is None or value is None else getattr(value, attribute)

    return read


def _group_record(name: str, hashtag: str) -> list[Column]:
    return [
        Column(f"{name}_id", _group_value(name, "pk"), f"{hashtag}+id"),
        Column(f"{name}_name", _group_value(name, "name"), f"{hashtag}+name"),
    ]


def casualty_summary_columns(*, group_by: Sequence[str], admin_level: str | None) -> list[Column]:
    """The CSV of a casualty summary, one row per group: the keys it is grouped by (a record as its
    id and name), the casualty kind, then the sums and counts as the JSON names them.

    Places rolled up to countries, regions or districts are tagged #country, #adm1 or #adm2; a group
    whose location_scope is outside_level holds a place that lies in none of them, under its own
    name. The kind is a column, so the numbers are tagged #affected+min, +num and +max, not
    #affected+killed.
    """
    keys = {
        SummaryGrouping.LOCATION: [
            *_group_record("location", SUMMARY_PLACE_HASHTAGS.get(admin_level, "#loc")),
            Column("location_scope", _group_value("location_scope")),
        ],
        SummaryGrouping.DAY: [Column("day", _group_value("day"), "#date")],
        SummaryGrouping.WEEK: [Column("week", _group_value("week"), "#date+week")],
        SummaryGrouping.MONTH: [Column("month", _group_value("month"), "#date+month")],
        SummaryGrouping.PERPETRATOR: _group_record("perpetrator", "#org+perpetrator"),
        SummaryGrouping.POPULATION: [
            Column("population", _group_value("population"), "#affected+population")
        ],
        SummaryGrouping.WAVE: _group_record("wave", "#event+wave"),
        SummaryGrouping.DEPLOYMENT: _group_record("deployment", "#event+deployment"),
    }
    return [
        *(key for grouping in group_by for key in keys[grouping]),
        Column("kind", attrgetter("kind"), "#affected+type"),
        Column("low", attrgetter("low"), "#affected+min"),
        Column("best", attrgetter("best"), "#affected+num"),
        Column("high", attrgetter("high"), "#affected+max"),
        Column("figures", lambda total: len(total.figure_ids), "#meta+count+figures"),
        Column("sources", lambda total: len(total.source_ids), "#meta+count+sources"),
        Column("figure_ids", attrgetter("figure_ids"), "#meta+id+figures"),
    ]
