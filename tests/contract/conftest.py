"""What the contract tests share: the committed schema, and clients generated from it."""

import importlib
import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest
from django.conf import settings

REPO = Path(settings.BASE_DIR)
OPENAPI = REPO / "openapi.yaml"
PYTHON_CLIENT_CONFIG = REPO / "clients" / "openapi-python-client.yaml"
VENV_BIN = Path(sys.executable).parent
SDK_PACKAGE = "conflict_sdk"


class GeneratedClient:
    """The package openapi-python-client made from openapi.yaml, with its endpoints by module name."""

    def __init__(self, package: ModuleType):
        self.package = package

    def module(self, name: str) -> ModuleType:
        return importlib.import_module(f"{SDK_PACKAGE}.{name}")

    def endpoint(self, tag: str, operation_id: str) -> ModuleType:
        return self.module(f"api.{tag}.{operation_id}")

    def model(self, name: str) -> type:
        return getattr(self.module("models"), name)


@pytest.fixture(scope="session")
def python_sdk(tmp_path_factory) -> GeneratedClient:
    """A client generated from the committed openapi.yaml, as a user of the API would make one.

    The generator must not warn: a warning means part of the API is missing from the client.
    """
    root = tmp_path_factory.mktemp("python-sdk")
    # The generator formats its output with ruff, which is in the virtualenv.
    environment = {**os.environ, "PATH": f"{VENV_BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    generated = subprocess.run(
        [
            VENV_BIN / "openapi-python-client",
            "generate",
            "--path",
            OPENAPI,
            "--config",
            PYTHON_CLIENT_CONFIG,
            "--meta",
            "none",
            "--output-path",
            root / SDK_PACKAGE,
            "--fail-on-warning",
        ],
        capture_output=True,
        text=True,
        env=environment,
        timeout=300,
    )
    assert generated.returncode == 0, f"openapi-python-client failed:\n{generated.stdout}{generated.stderr}"
    sys.path.insert(0, str(root))
    try:
        yield GeneratedClient(importlib.import_module(SDK_PACKAGE))
    finally:
        sys.path.remove(str(root))
        for name in [name for name in sys.modules if name.partition(".")[0] == SDK_PACKAGE]:
            del sys.modules[name]
