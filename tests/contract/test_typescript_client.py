"""TypeScript types generated from openapi.yaml type-check a usage file (clients/ts/src/usage.ts),
whose calls then run against a live server holding the seed report."""

import json
import os
import shutil
import subprocess

import pytest
from django.contrib.auth.models import Group
from knox.models import AuthToken

from reports.models import Source
from tests.contract.conftest import OPENAPI, REPO

pytestmark = [
    pytest.mark.contract,
    # The live server answers from another thread, so the data must be committed; the rollback
    # restores the groups the migrations made, which emptying the tables afterwards removes.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TS_CLIENT = REPO / "clients" / "ts"
BIN = TS_CLIENT / "node_modules" / ".bin"


def run(*command, **options) -> str:
    result = subprocess.run(command, cwd=TS_CLIENT, capture_output=True, text=True, timeout=300, **options)
    assert result.returncode == 0, f"{' '.join(map(str, command))} failed:\n{result.stdout}{result.stderr}"
    return result.stdout


@pytest.fixture(scope="session")
def compiled_usage() -> str:
    """The usage file, type-checked against types generated from openapi.yaml, compiled to JavaScript."""
    assert (BIN / "tsc").exists(), "The TypeScript tools are not installed: run `make clients-ts`."
    run(BIN / "openapi-typescript", OPENAPI, "--output", "generated/schema.d.ts")
    shutil.rmtree(TS_CLIENT / "dist", ignore_errors=True)
    # Any type error fails the compile: tsc's exit status is not 0 and nothing is written.
    run(BIN / "tsc", "-p", ".", "--outDir", "dist", "--noEmitOnError")
    return str(TS_CLIENT / "dist" / "src" / "usage.js")


def test_the_typed_calls_read_page_write_and_read_errors_on_a_live_server(
    compiled_usage, live_server, seed, django_user_model
):
    curator = django_user_model.objects.create_user("curator", password="unused-password-2", is_staff=True)
    curator.groups.add(Group.objects.get(name="curator"))
    _token, secret = AuthToken.objects.create(user=curator, expiry=None)

    output = run("node", compiled_usage, env={**os.environ, "API_URL": live_server.url, "API_TOKEN": secret})

    results = json.loads(output)
    assert results["northKorea"] == {
        "deployment": "North Korean troops in Russia's Kursk region",
        "strengths": [{"best": 12_000, "qualifier": "approximately"}],
    }
    second_page = results["secondPage"]
    assert len(second_page["ids"]) == 3 and second_page["count"] > 6 and second_page["previous"]
    created = results["created"]
    assert created["publisher"] == "Poltava regional administration"
    assert Source.objects.get(pk=created["id"]).publisher == "Poltava regional administration"
    assert results["rejected"] == {"status": 400, "code": "invalid", "fields": ["document_url"]}
    assert results["anonymousWrite"] == {"status": 401, "code": "not_authenticated"}
