"""The szpon CLI as a user runs it: the built binary, real folders, exit codes and output."""
import os
import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def szpon():
    binary = Path(os.environ.get("SZPON_BIN", REPO / ".build" / "debug" / "szpon"))
    if not binary.exists():
        pytest.fail(f"{binary} not found: run `swift build --product szpon` (make test does)")

    def run(*args, cwd=None):
        return subprocess.run([str(binary), *map(str, args)], cwd=cwd, capture_output=True, text=True, timeout=120)

    return run


@pytest.fixture
def demo(tmp_path):
    """A private copy of the demo content."""
    shutil.copytree(REPO / "content", tmp_path / "content")
    return tmp_path


@pytest.fixture(scope="session")
def scorm12_driver(tmp_path_factory):
    """An xmllint schema that checks an imsmanifest.xml against ADL's SCORM 1.2 XSDs."""
    import sys
    sys.path.insert(0, str(REPO / "tests" / "tools"))
    import scorm12_schemas
    schemas = scorm12_schemas.ensure(Path(os.environ.get("SZPON_SCORM_XSD_DIR", REPO / ".build" / "scorm12-xsd")))
    return scorm12_schemas.driver(schemas, tmp_path_factory.mktemp("scorm12"))
