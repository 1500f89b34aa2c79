"""The committed openapi.yaml, which the generated clients are built from, is the schema the code serves."""

import difflib
from pathlib import Path

from django.conf import settings
from django.core.management import call_command

COMMITTED = Path(settings.BASE_DIR) / "openapi.yaml"


def test_the_committed_openapi_yaml_is_the_schema_the_code_describes(tmp_path):
    generated = tmp_path / "openapi.yaml"
    call_command("spectacular", "--file", str(generated))
    committed_lines = COMMITTED.read_text().splitlines(keepends=True)
    generated_lines = generated.read_text().splitlines(keepends=True)
    diff = "".join(
        list(difflib.unified_diff(committed_lines, generated_lines, "openapi.yaml", "the code's schema"))[:60]
    )
    assert not diff, f"openapi.yaml is out of date: run `make schema` and commit the result.\n{diff}"
