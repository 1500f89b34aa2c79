"""Bulk import: the service that validates a file whole and writes it all or nothing, and its command."""

import io

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command

from reports.choices import ReviewStatus
from reports.models import Attack, Casualty, Source
from reports.services import imports
from reports.services.imports import (
    ImportInvalid,
    ImportRow,
    ImportTooLarge,
    KindCounts,
    reports_import,
    rows_from_csv,
    rows_from_json,
)
from tests.builders import make_actor, make_attack, make_location, make_source
from tests.import_files import (
    ATTACK_ID,
    SOURCE_URL,
    attack_record,
    casualty_record,
    import_file,
    line_of,
    poltava_file,
    source_record,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def importer(django_user_model):
    user = django_user_model.objects.create_user("importer", password="unused-password-4")
    user.groups.add(Group.objects.get(name="curator"))
    return user


@pytest.fixture
def location():
    return make_location(name="Poltava")


@pytest.fixture
def claimant():
    return make_actor(name="Poltava regional administration")


def import_json(text: str, **arguments):
    return reports_import(records=rows_from_json(text=text), **arguments)


def errors_of(text: str, **arguments) -> set[tuple[int, str | None, str | None]]:
    with pytest.raises(ImportInvalid) as raised:
        import_json(text, **arguments)
    return {(error.line, error.kind, error.field) for error in raised.value.errors}


def messages_of(text: str) -> dict[tuple[int, str | None], str]:
    with pytest.raises(ImportInvalid) as raised:
        import_json(text)
    return {(error.line, error.field): error.message for error in raised.value.errors}


def table_sizes() -> dict[str, int]:
    return {
        model.__name__: (model.objects.count(), model.history.count()) for model in (Source, Attack, Casualty)
    }


def test_a_file_creates_its_attack_its_two_figures_and_their_source_as_drafts_of_the_importer(
    importer, location, claimant
):
    report = import_json(poltava_file(location=location, claimant=claimant), user=importer)

    assert report.counts == {
        "sources": KindCounts(created=1),
        "attacks": KindCounts(created=1),
        "casualties": KindCounts(created=2),
    }
    source = Source.objects.get(url=SOURCE_URL)
    attack = Attack.objects.get(external_id=ATTACK_ID)
    assert attack.location == location
    assert list(attack.sources.all()) == [source]
    figures = {figure.external_id: figure for figure in attack.casualties.all()}
    assert {name: (figure.kind, figure.best) for name, figure in figures.items()} == {
        "poltava-killed": ("killed", 14),
        "poltava-injured": ("injured", 30),
    }
    for figure in figures.values():
        assert list(figure.claimants.all()) == [claimant]
        assert list(figure.sources.all()) == [source]
    for record in (attack, *figures.values()):
        assert (record.review_status, record.created_by) == (ReviewStatus.DRAFT, importer)


def test_every_imported_record_has_history_written_by_the_importer(importer, location, claimant):
    import_json(poltava_file(location=location, claimant=claimant), user=importer)

    for model in (Source, Attack, Casualty):
        entries = model.history.all()
        assert entries.filter(history_type="+").count() == model.objects.count() > 0
        assert {entry.history_user for entry in entries} == {importer}


def test_importing_the_same_file_again_creates_and_updates_nothing(importer, location, claimant):
    text = poltava_file(location=location, claimant=claimant)
    import_json(text, user=importer)
    before = table_sizes()
    versions = sorted(Casualty.objects.values_list("version", flat=True))

    report = import_json(text, user=importer)

    assert report.counts == {
        "sources": KindCounts(unchanged=1),
        "attacks": KindCounts(unchanged=1),
        "casualties": KindCounts(unchanged=2),
    }
    assert table_sizes() == before
    assert sorted(Casualty.objects.values_list("version", flat=True)) == versions


def test_changing_one_figure_in_the_file_updates_exactly_that_row_with_one_history_entry(
    importer, location, claimant
):
    import_json(poltava_file(location=location, claimant=claimant), user=importer)
    killed = Casualty.objects.get(external_id="poltava-killed")
    injured = Casualty.objects.get(external_id="poltava-injured")
    history_before = {figure.pk: figure.history.count() for figure in (killed, injured)}

    report = import_json(poltava_file(location=location, claimant=claimant, killed=15), user=importer)

    assert report.counts["casualties"] == KindCounts(updated=1, unchanged=1)
    assert report.counts["attacks"] == KindCounts(unchanged=1)
    killed.refresh_from_db()
    injured.refresh_from_db()
    assert (killed.best, killed.version, injured.version) == (15, 2, 1)
    assert killed.history.count() == history_before[killed.pk] + 1
    assert injured.history.count() == history_before[injured.pk]
    assert killed.history.first().best == 15


def test_a_record_that_is_left_out_of_a_later_file_is_not_deleted(importer, location, claimant):
    import_json(poltava_file(location=location, claimant=claimant), user=importer)

    import_json(import_file(attacks=[attack_record(location=location)]), user=importer)

    assert Casualty.objects.count() == 2


def test_a_curators_import_sends_a_changed_published_record_back_to_draft(importer, location, claimant):
    attack = make_attack(location=location, external_id=ATTACK_ID)
    source = attack.sources.first()
    text = import_file(
        attacks=[attack_record(location=location, sources=[source.pk], damage="damaged", wave=attack.wave_id)]
    )

    assert import_json(text, user=importer).counts["attacks"] == KindCounts(updated=1)

    attack.refresh_from_db()
    assert (attack.damage, attack.review_status) == ("damaged", ReviewStatus.DRAFT)
    assert attack.created_by is None


def test_figures_may_refer_to_records_already_in_the_database_by_id_or_by_key(importer, claimant):
    attack = make_attack(external_id="kharkiv-attack", review_status=ReviewStatus.DRAFT)
    source = make_source()
    text = import_file(
        casualties=[
            casualty_record("by-key", claimant=claimant, attack="ext:kharkiv-attack", sources=[source.pk]),
            casualty_record("by-id", claimant=claimant, attack=attack.pk, sources=[f"url:{source.url}"]),
        ]
    )

    import_json(text, user=importer)

    assert sorted(attack.casualties.values_list("external_id", flat=True)) == ["by-id", "by-key"]


def test_a_file_with_bad_rows_among_good_ones_writes_nothing_and_names_each_line_and_field(
    importer, location, claimant
):
    good = poltava_file(location=location, claimant=claimant)
    text = import_file(
        sources=[source_record()],
        attacks=[attack_record(location=location)],
        casualties=[
            casualty_record("good", claimant=claimant),
            casualty_record("negative-best", claimant=claimant, best=-3),
            casualty_record("low-above-best", claimant=claimant, low=20, best=10, qualifier="range", high=30),
            casualty_record("unknown-kind", claimant=claimant, kind="slain"),
            casualty_record("unknown-claimant", claimant=claimant, claimants=[claimant.pk, 999_999]),
            casualty_record("no-sources", claimant=claimant, sources=[]),
        ],
        casualtys=[casualty_record("misspelt-kind", claimant=claimant)],
    )
    assert good != text

    errors = errors_of(text, user=importer)

    assert errors == {
        (line_of(text, '"negative-best"'), "casualties", "best"),
        (line_of(text, '"low-above-best"'), "casualties", "best"),
        (line_of(text, '"unknown-kind"'), "casualties", "kind"),
        (line_of(text, '"unknown-claimant"'), "casualties", "claimants"),
        (line_of(text, '"no-sources"'), "casualties", "sources"),
        (line_of(text, '"misspelt-kind"'), "casualtys", None),
    }
    assert table_sizes() == {"Source": (0, 0), "Attack": (0, 0), "Casualty": (0, 0)}


def test_row_errors_say_what_is_wrong_in_the_models_own_words(location, claimant):
    text = import_file(
        sources=[source_record()],
        attacks=[attack_record(location=location)],
        casualties=[
            casualty_record("low-above-best", claimant=claimant, low=20, best=10, qualifier="range", high=30),
            casualty_record("unknown-claimant", claimant=claimant, claimants=[999_999]),
            casualty_record("no-sources", claimant=claimant, sources=[]),
        ],
    )

    messages = messages_of(text)

    assert messages[line_of(text, '"low-above-best"'), "best"] == "best must not be below low."
    assert "999999" in messages[line_of(text, '"unknown-claimant"'), "claimants"]
    assert messages[line_of(text, '"no-sources"'), "sources"] == "This field is required."


def test_rows_that_refer_to_a_bad_row_or_to_nothing_are_reported_too(location, claimant):
    text = import_file(
        attacks=[attack_record(location=location, date_end="2025-01-01")],
        casualties=[
            casualty_record("of-a-bad-attack", claimant=claimant, sources=[make_source().pk]),
            casualty_record(
                "of-no-attack", claimant=claimant, attack="ext:nowhere", sources=["url:https://nowhere.org"]
            ),
        ],
    )

    messages = messages_of(text)

    attack_line = line_of(text, ATTACK_ID + '", "location"')
    assert set(messages) == {
        (attack_line, "date_end"),
        (attack_line, "sources"),
        (line_of(text, '"of-a-bad-attack"'), "attack"),
        (line_of(text, '"of-no-attack"'), "attack"),
        (line_of(text, '"of-no-attack"'), "sources"),
    }
    assert f"(line {attack_line}) has errors" in messages[line_of(text, '"of-a-bad-attack"'), "attack"]
    assert (
        messages[line_of(text, '"of-no-attack"'), "attack"]
        == "No attack 'nowhere' in this file or the database."
    )


def test_a_reference_must_use_the_key_of_the_kind_it_points_at(claimant):
    make_attack(external_id=ATTACK_ID)
    text = import_file(
        casualties=[
            casualty_record("c1", claimant=claimant, claimants=["ext:ukraine"], sources=["ext:a-source"])
        ]
    )

    messages = messages_of(text)

    assert messages == {
        (3, "claimants"): "Give actors by id: they are not imported, so they have no key.",
        (3, "sources"): 'Refer to sources by id or as "url:<document_url>".',
    }


def test_each_record_needs_its_key_once_and_only_known_fields(claimant):
    source = make_source()
    attack = make_attack(external_id=ATTACK_ID)
    figure = casualty_record("twice", claimant=claimant, sources=[source.pk])
    text = import_file(
        sources=[source_record(document_url=None)],
        casualties=[
            figure,
            {**figure, "best": 15},
            casualty_record("", claimant=claimant, sources=[source.pk]),
            casualty_record("typo", claimant=claimant, sources=[source.pk], bets=15, id=attack.pk),
        ],
    )

    errors = errors_of(text)

    assert errors == {
        (line_of(text, '"The governor'), "sources", "document_url"),
        (line_of(text, '"best": 15'), "casualties", "external_id"),
        (line_of(text, '"external_id": ""'), "casualties", "external_id"),
        (line_of(text, '"typo"'), "casualties", "bets"),
        (line_of(text, '"typo"'), "casualties", "id"),
    }


def test_a_figure_may_be_included_in_an_earlier_figure_of_the_file_but_not_a_later_one(claimant):
    source = make_source()
    attack = make_attack(external_id=ATTACK_ID)
    figures = [
        casualty_record("all-injured", claimant=claimant, kind="injured", best=30, sources=[source.pk]),
        casualty_record(
            "children",
            claimant=claimant,
            kind="injured",
            best=5,
            included_in="ext:all-injured",
            sources=[source.pk],
        ),
    ]

    reversed_file = import_file(casualties=figures[::-1])
    assert messages_of(reversed_file)[line_of(reversed_file, '"children"'), "included_in"].endswith(
        "must come before the rows that refer to it."
    )
    import_json(import_file(casualties=figures))
    assert attack.casualties.get(external_id="children").included_in.external_id == "all-injured"


def test_a_dry_run_reports_what_it_would_write_and_writes_nothing(importer, location, claimant):
    report = import_json(poltava_file(location=location, claimant=claimant), user=importer, dry_run=True)

    assert report.dry_run
    assert report.counts["casualties"] == KindCounts(created=2)
    assert table_sizes() == {"Source": (0, 0), "Attack": (0, 0), "Casualty": (0, 0)}


def test_a_file_over_the_cap_is_refused_before_any_row_is_validated(django_assert_num_queries):
    rows = [ImportRow(kind="casualties", line=1, values={})] * (imports.IMPORT_MAX_RECORDS + 1)

    with django_assert_num_queries(0), pytest.raises(ImportTooLarge, match="at most 5000"):
        reports_import(records=rows)


def test_a_file_at_the_cap_is_validated(monkeypatch):
    monkeypatch.setattr(imports, "IMPORT_MAX_RECORDS", 2)
    rows = [ImportRow(kind="casualties", line=line, values={}) for line in (1, 2)]

    with pytest.raises(ImportInvalid):
        reports_import(records=rows)
    with pytest.raises(ImportTooLarge):
        reports_import(records=[*rows, rows[0]])


def test_a_file_that_is_not_json_or_not_an_object_of_lists_is_refused_with_its_line():
    with pytest.raises(ImportInvalid) as raised:
        rows_from_json(text='{\n  "attacks": [\n    {"external_id": }\n  ]\n}')
    assert [(error.line, error.field) for error in raised.value.errors] == [(3, None)]

    with pytest.raises(ImportInvalid) as raised:
        rows_from_json(text='{"attacks": {"external_id": "x"}}')
    assert [(error.kind, error.message) for error in raised.value.errors] == [
        ("attacks", "Give a list of records.")
    ]


CSV_HEADER = "external_id,attack,kind,best,qualifier,date_start,date_end,claimants,sources,locations\n"


def test_a_csv_file_of_casualties_takes_many_to_many_cells_separated_by_semicolons(importer, claimant):
    attack = make_attack(external_id=ATTACK_ID)
    other_claimant = make_actor()
    sources = [make_source(), make_source()]
    place = make_location()
    text = (
        CSV_HEADER
        + f"csv-killed,ext:{ATTACK_ID},killed,3,exact,2025-02-01,2025-02-01,"
        + f"{claimant.pk}; {other_claimant.pk},{sources[0].pk};url:{sources[1].url},{place.pk}\n"
        + f"csv-injured,{attack.pk},injured,7,,2025-02-01,2025-02-01,{claimant.pk},{sources[0].pk},\n"
    )

    report = reports_import(records=rows_from_csv(text=text, kind="casualties"), user=importer)

    assert report.counts == {"casualties": KindCounts(created=2)}
    killed = attack.casualties.get(external_id="csv-killed")
    assert set(killed.claimants.all()) == {claimant, other_claimant}
    assert set(killed.sources.all()) == set(sources)
    assert list(killed.locations.all()) == [place]
    injured = attack.casualties.get(external_id="csv-injured")
    # An empty cell leaves the field out, so it takes its default.
    assert (injured.best, injured.qualifier, list(injured.locations.all())) == (7, "exact", [])
    again = reports_import(records=rows_from_csv(text=text, kind="casualties"), user=importer)
    assert again.counts == {"casualties": KindCounts(unchanged=2)}


def test_csv_errors_name_the_line_of_the_file(claimant):
    make_attack(external_id=ATTACK_ID)
    text = (
        CSV_HEADER
        + f"ok,ext:{ATTACK_ID},killed,3,exact,2025-02-01,2025-02-01,{claimant.pk},url:{SOURCE_URL},\n"
        + f"bad,ext:{ATTACK_ID},killed,-3,exact,2025-02-01,2025-02-01,{claimant.pk},,\n"
    )

    with pytest.raises(ImportInvalid) as raised:
        reports_import(records=rows_from_csv(text=text, kind="casualties"))

    assert {(error.line, error.field) for error in raised.value.errors} == {
        (2, "sources"),
        (3, "best"),
        (3, "sources"),
    }
    assert not Casualty.objects.exists()


def test_a_csv_header_with_an_unknown_column_is_refused_at_line_one():
    with pytest.raises(ImportInvalid) as raised:
        rows_from_csv(text="external_id,bets\nx,3\n", kind="casualties")

    assert [(error.line, error.field) for error in raised.value.errors] == [(1, "bets")]


def run(*args) -> str:
    out = io.StringIO()
    call_command("import_reports", *args, stdout=out)
    return out.getvalue()


def test_the_command_imports_a_file_then_finds_nothing_to_change(tmp_path, importer, location, claimant):
    path = tmp_path / "poltava.json"
    path.write_text(poltava_file(location=location, claimant=claimant), encoding="utf-8")

    first = run(str(path), "--user", "importer")
    second = run(str(path), "--user", "importer")

    assert "casualties: 2 created, 0 updated, 0 unchanged" in first
    assert "casualties: 0 created, 0 updated, 2 unchanged" in second
    assert Casualty.objects.get(external_id="poltava-killed").created_by == importer


def test_the_command_lists_every_row_error_and_writes_nothing(tmp_path, location, claimant):
    text = import_file(
        sources=[source_record()],
        attacks=[attack_record(location=location)],
        casualties=[
            casualty_record("negative-best", claimant=claimant, best=-3),
            casualty_record("no-sources", claimant=claimant, sources=[]),
        ],
    )
    path = tmp_path / "bad.json"
    path.write_text(text, encoding="utf-8")

    with pytest.raises(CommandError) as raised:
        run(str(path))

    message = str(raised.value)
    assert f"line {line_of(text, 'negative-best')}, casualties, best:" in message
    assert f"line {line_of(text, 'no-sources')}, casualties, sources: This field is required." in message
    assert table_sizes() == {"Source": (0, 0), "Attack": (0, 0), "Casualty": (0, 0)}


def test_the_command_imports_a_csv_file_of_the_kind_given(tmp_path, claimant):
    make_attack(external_id=ATTACK_ID)
    source = make_source()
    path = tmp_path / "casualties.csv"
    path.write_text(
        CSV_HEADER + f"c1,ext:{ATTACK_ID},killed,3,exact,2025-02-01,2025-02-01,{claimant.pk},{source.pk},\n",
        encoding="utf-8",
    )

    with pytest.raises(CommandError, match="--kind"):
        run(str(path))
    assert "casualties: 1 created" in run(str(path), "--kind", "casualties")


def test_the_commands_dry_run_writes_nothing(tmp_path, location, claimant):
    path = tmp_path / "poltava.json"
    path.write_text(poltava_file(location=location, claimant=claimant), encoding="utf-8")

    output = run(str(path), "--dry-run")

    assert "nothing was written" in output
    assert "casualties: 2 created" in output
    assert not Casualty.objects.exists()


def test_the_command_refuses_an_unknown_user(tmp_path):
    path = tmp_path / "empty.json"
    path.write_text("{}", encoding="utf-8")

    with pytest.raises(CommandError, match="No user named 'nobody'"):
        run(str(path), "--user", "nobody")
