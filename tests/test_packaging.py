"""The package as users get it: one version, the commands, links that work on the package index,
and an sdist that carries (and passes) its own tests."""

from __future__ import annotations

import importlib.metadata
import json
import re
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from conftest import REPO, need_module

import pytest_jsgrade


def test_one_version_everywhere() -> None:
    assert importlib.metadata.version("pytest-jsgrade") == pytest_jsgrade.__version__
    for command in ([sys.executable, "-m", "pytest_jsgrade", "--version"],):
        done = subprocess.run(command, capture_output=True, text=True)
        assert done.stdout.strip() == f"pytest-jsgrade {pytest_jsgrade.__version__}", done.stderr
    changelog = (REPO / "CHANGELOG.md").read_text(encoding="utf-8")
    assert f"## {pytest_jsgrade.__version__}" in changelog


def test_the_schema_command_gives_the_installed_schema() -> None:
    path = subprocess.run([sys.executable, "-m", "pytest_jsgrade", "schema"], capture_output=True, text=True).stdout.strip()
    assert Path(path).is_file()
    printed = subprocess.run([sys.executable, "-m", "pytest_jsgrade", "schema", "--print"], capture_output=True, text=True).stdout
    assert json.loads(printed)["$id"] == json.loads(Path(path).read_text(encoding="utf-8"))["$id"]


def test_readme_links_work_on_the_package_index_page() -> None:
    """PyPI shows the README without the repository: every link is absolute, and each one into the
    repository names a file that exists; the schema modeline names this version."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    links = re.findall(r"\]\(([^)]+)\)", readme)
    assert links and all(link.startswith(("https://", "#")) for link in links), [x for x in links if not x.startswith("https://")]
    for link in links:
        found = re.match(r"https://(?:github\.com/pytest-jsgrade/pytest-jsgrade/blob/main|"
                         r"raw\.githubusercontent\.com/pytest-jsgrade/pytest-jsgrade/main)/([^#]+)", link)
        if found:
            assert (REPO / found.group(1)).exists(), link
    modelines = re.findall(r"\$schema=(\S+)", readme)
    assert modelines and all(f"/v{pytest_jsgrade.__version__}/pytest_jsgrade/spec/spec.schema.json" in m for m in modelines)


def test_the_metadata_says_what_users_look_for() -> None:
    meta = importlib.metadata.metadata("pytest-jsgrade")
    assert meta["License-Expression"] == "MIT"
    assert any("Operating System :: Microsoft :: Windows" in c for c in meta.get_all("Classifier") or [])
    assert meta.get_all("Project-URL")
    extras = meta.get_all("Provides-Extra") or []
    assert extras == ["playground"], "development tools stay out of the published extras"


@pytest.mark.posix
def test_the_sdist_carries_and_passes_its_own_tests(tmp_path: Path) -> None:
    need_module("build")
    built = subprocess.run([sys.executable, "-m", "build", "--sdist", "--no-isolation", "--outdir", str(tmp_path)], cwd=REPO,
                           capture_output=True, text=True, timeout=300)
    assert built.returncode == 0, built.stdout + built.stderr
    (archive,) = tmp_path.glob("pytest_jsgrade-*.tar.gz")
    with tarfile.open(archive) as tar:
        names = {name.split("/", 1)[1] for name in tar.getnames() if "/" in name}
        tar.extractall(tmp_path, filter="data")
    for needed in ("LICENSE", "CHANGELOG.md", "tests/conftest.py", "specs/two_sum.yaml", "examples/submissions/correct/two_sum.js",
                   "pytest_jsgrade/sandbox/js/harness.js", "pytest_jsgrade/spec/spec.schema.json", "action/grade.sh"):
        assert needed in names, needed
    assert not any("__pycache__" in name or name.endswith(".pyc") for name in names)
    root = next(tmp_path.glob("pytest_jsgrade-*/"))
    ran = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:benchmark", "tests/test_spec_keys.py"],
                         cwd=root, capture_output=True, text=True, timeout=600)
    assert ran.returncode == 0 and " passed" in ran.stdout, ran.stdout[-2000:] + ran.stderr[-2000:]
