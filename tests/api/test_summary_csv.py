"""/api/v1/casualties/summary/ as CSV: one row per group, the same numbers as the JSON."""

import csv
import io

import pytest
from drf_spectacular.generators import SchemaGenerator

from reports.choices import LocationKind, ReviewStatus, SummaryGrouping
from tests.api.helpers import FEB_1, FEB_2, JAN_31, assert_invalid, assert_no_auth_queries, ok
from tests.builders import (
    make_actor,
    make_attack,
    make_casualty,
    make_deployment,
    make_location,
    make_source,
    make_wave,
    one_day,
)

pytestmark = pytest.mark.django_db

URL = "/api/v1/casualties/summary/"

NUMBERS = ["kind", "low", "best", "high", "figures", "sources", "figure_ids"]


def csv_rows(response) -> list[list[str]]:
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.reader(io.StringIO(response.content.decode("utf-8"))))


def csv_records(response) -> list[dict[str, str]]:
    header, *rows = csv_rows(response)
    return [dict(zip(header, row, strict=True)) for row in rows]


def summary_csv(client, **params) -> list[dict[str, str]]:
    return csv_records(client.get(URL, {**params, "format": "csv"}))


def as_csv_cells(group: dict) -> dict[str, str]:
    """A JSON group as the CSV writes it: records as id and name, lists joined with ";"."""
    cells = {}
    for name, value in group.items():
        if isinstance(value, dict) or (
            value is None and name in {"location", "perpetrator", "wave", "deployment"}
        ):
            cells[f"{name}_id"] = "" if value is None else str(value["id"])
            cells[f"{name}_name"] = "" if value is None else value["name"]
        elif isinstance(value, list):
            cells[name] = ";".join(map(str, value))
        else:
            cells[name] = "" if value is None else str(value)
    return cells


def test_it_writes_one_row_per_kind_with_the_sums_and_the_figures_it_used(anonymous):
    shared = make_source()
    first = make_casualty(best=3, sources=[shared])
    second = make_casualty(best=2, sources=[shared, make_source()])
    injured = make_casualty(kind="injured", low=30, best=None, high=50, qualifier="range")

    response = anonymous.get(URL, {"format": "csv"})

    assert response["Content-Disposition"] == 'attachment; filename="casualty-summary.csv"'
    assert csv_rows(response) == [
        NUMBERS,
        ["killed", "5", "5", "5", "2", "2", f"{min(first.pk, second.pk)};{max(first.pk, second.pk)}"],
        ["injured", "30", "30", "50", "1", "1", str(injured.pk)],
    ]


def test_accept_text_csv_gives_the_same_csv_as_format_csv(anonymous):
    make_casualty(best=3)
    make_casualty(kind="injured", best=4)

    by_header = anonymous.get(URL, {"group_by": "month"}, HTTP_ACCEPT="text/csv")
    assert csv_rows(by_header) == csv_rows(anonymous.get(URL, {"group_by": "month", "format": "csv"}))


def test_an_open_ended_figure_leaves_the_high_cell_empty(anonymous):
    make_casualty(low=10, best=10, high=None, qualifier="at_least")

    (row,) = summary_csv(anonymous)
    assert (row["low"], row["best"], row["high"]) == ("10", "10", "")


def test_grouped_by_oblast_and_month_the_keys_come_first_as_id_and_name(anonymous):
    kharkiv = make_location(kind=LocationKind.REGION, name="Kharkiv Oblast")
    sumy = make_location(kind=LocationKind.REGION, name="Sumy Oblast")
    make_casualty(attack=make_attack(location=make_location(parent=kharkiv)), best=2, **one_day(JAN_31))
    make_casualty(best=5, locations=[make_location(parent=kharkiv)], **one_day(FEB_1))
    make_casualty(best=7, locations=[kharkiv], **one_day(FEB_2))
    make_casualty(attack=make_attack(location=sumy), best=11, **one_day(FEB_1))

    response = anonymous.get(URL, {"group_by": "month,location", "admin_level": "region", "format": "csv"})

    header, *rows = csv_rows(response)
    assert header == ["location_id", "location_name", "location_scope", "month", *NUMBERS]
    assert [row[:4] + row[5:7] for row in rows] == [
        [str(kharkiv.pk), "Kharkiv Oblast", "at_level", "2025-01-01", "2", "2"],
        [str(kharkiv.pk), "Kharkiv Oblast", "at_level", "2025-02-01", "12", "12"],
        [str(sumy.pk), "Sumy Oblast", "at_level", "2025-02-01", "11", "11"],
    ]


def test_the_hxl_row_tags_the_place_by_its_level_and_the_sums_not_as_killed(anonymous):
    make_casualty(best=3)

    header, hashtags, _row = csv_rows(
        anonymous.get(URL, {"group_by": SummaryGrouping.values, "format": "csv", "hxl": "true"})
    )
    assert dict(zip(header, hashtags, strict=True)) == {
        "location_id": "#adm1+id",
        "location_name": "#adm1+name",
        "location_scope": "",
        "day": "#date",
        "week": "#date+week",
        "month": "#date+month",
        "perpetrator_id": "#org+perpetrator+id",
        "perpetrator_name": "#org+perpetrator+name",
        "population": "#affected+population",
        "wave_id": "#event+wave+id",
        "wave_name": "#event+wave+name",
        "deployment_id": "#event+deployment+id",
        "deployment_name": "#event+deployment+name",
        "kind": "#affected+type",
        "low": "#affected+min",
        "best": "#affected+num",
        "high": "#affected+max",
        "figures": "#meta+count+figures",
        "sources": "#meta+count+sources",
        "figure_ids": "#meta+id+figures",
    }
    by_country = csv_rows(
        anonymous.get(URL, {"group_by": "location", "admin_level": "country", "format": "csv", "hxl": "True"})
    )
    assert by_country[1][:2] == ["#country+id", "#country+name"]
    by_city = csv_rows(
        anonymous.get(URL, {"group_by": "location", "admin_level": "city", "format": "csv", "hxl": "true"})
    )
    assert by_city[1][:2] == ["#loc+id", "#loc+name"]


def test_hxl_false_writes_no_hashtag_row(anonymous):
    make_casualty(best=3)

    assert len(csv_rows(anonymous.get(URL, {"format": "csv", "hxl": "false"}))) == 2


@pytest.mark.usefixtures("seed")
@pytest.mark.parametrize(
    "query",
    [
        {},
        {"group_by": SummaryGrouping.values},
        {"group_by": "location,deployment", "admin_level": "country"},
        {"group_by": "location,perpetrator", "admin_level": "region", "kind": "injured"},
        {"group_by": "week,wave", "kind": ["killed", "injured"]},
    ],
)
def test_the_csv_has_the_same_groups_and_numbers_as_the_json_for_the_seed_report(anonymous, query):
    groups = ok(anonymous.get(URL, query))["groups"]
    rows = summary_csv(anonymous, **query)

    assert groups, "the seed report has figures to sum"
    assert rows == [as_csv_cells(group) for group in groups]


def test_the_casualty_list_filters_apply_to_the_csv(anonymous):
    wave = make_wave()
    make_casualty(attack=make_attack(wave=wave), best=3)
    make_casualty(wave=wave, kind="injured", best=6)
    make_casualty(best=100)  # another wave's attack
    make_casualty(best=1_000, **one_day(FEB_2))

    def best_by_kind(**params) -> dict[str, str]:
        return {row["kind"]: row["best"] for row in summary_csv(anonymous, **params)}

    assert best_by_kind(wave_id=wave.pk) == {"killed": "3", "injured": "6"}
    assert best_by_kind(wave_id=wave.pk, kind="killed") == {"killed": "3"}
    assert best_by_kind(date_from=FEB_2) == {"killed": "1000"}


def test_the_public_csv_leaves_drafts_out_but_a_curators_counts_them(anonymous, curator):
    make_casualty(best=3)
    make_casualty(best=40, review_status=ReviewStatus.DRAFT)

    assert [row["best"] for row in summary_csv(anonymous)] == ["3"]
    assert [row["best"] for row in summary_csv(curator)] == ["43"]


def test_a_csv_with_no_figures_is_the_header_alone(anonymous):
    assert csv_rows(anonymous.get(URL, {"group_by": "perpetrator", "format": "csv"})) == [
        ["perpetrator_id", "perpetrator_name", *NUMBERS]
    ]


def test_a_bad_hxl_value_is_a_json_400_naming_hxl(anonymous):
    make_casualty(best=3)

    for value in ["yes", "1", ""]:
        response = anonymous.get(URL, {"format": "csv", "hxl": value})
        assert response["Content-Type"] == "application/json"
        assert_invalid(response, "hxl")


def test_hxl_without_csv_is_a_400(anonymous):
    assert_invalid(anonymous.get(URL, {"hxl": "true"}), "hxl")


def test_bad_input_asked_for_as_csv_is_answered_in_json(anonymous):
    for parameter, value in {
        "weapon": "missile",
        "page": "2",
        "group_by": "colour",
        "kind": "maimed",
    }.items():
        response = anonymous.get(URL, {parameter: value, "format": "csv"})
        assert response["Content-Type"] == "application/json"
        assert_invalid(response, parameter)
    assert_invalid(anonymous.get(URL, {"format": "geojson"}), "format")


@pytest.mark.parametrize("rows", [3, 6])
def test_the_csv_takes_the_five_queries_the_json_does(anonymous, django_assert_num_queries, rows):
    oblast = make_location(kind=LocationKind.REGION)
    for _ in range(rows):
        wave = make_wave(perpetrator=make_actor())
        make_casualty(attack=make_attack(wave=wave, location=make_location(parent=oblast)), best=2)
        make_casualty(wave=wave, kind="injured", best=1, locations=[make_location()])
        make_casualty(deployment=make_deployment(), kind="killed_or_injured", best=3)
    # 1 the sums, figure ids and source ids by group, 2 the places and every region, 3 perpetrators,
    # 4 waves, 5 deployments.
    with django_assert_num_queries(5) as captured:
        response = anonymous.get(URL, {"group_by": SummaryGrouping.values, "format": "csv"})
    assert sum(int(row["best"]) for row in csv_records(response)) == 6 * rows
    assert_no_auth_queries(captured)


def test_the_schema_documents_csv_after_json_and_the_format_and_hxl_parameters():
    operation = SchemaGenerator().get_schema(request=None, public=True)["paths"][URL]["get"]

    content = operation["responses"]["200"]["content"]
    assert list(content) == ["application/json", "text/csv"]
    assert content["application/json"]["schema"] == {"$ref": "#/components/schemas/CasualtySummary"}
    assert content["text/csv"]["schema"] == {"type": "string"}
    parameters = {parameter["name"]: parameter for parameter in operation["parameters"]}
    assert parameters["format"]["schema"]["enum"] == ["csv", "json"]
    assert parameters["hxl"]["schema"] == {"type": "boolean"}
    assert "One figure per fact" in operation["description"]
    assert "`figure_ids` joined with `;`" in operation["description"]
