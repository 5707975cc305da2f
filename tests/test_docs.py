"""The docs and the schema cannot drift: every key is documented and every YAML example validates."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import REPO, need_module

from pytest_jsgrade.spec.build import build
from pytest_jsgrade.spec.errors import SpecError
from pytest_jsgrade.spec.loader import load_yaml
from pytest_jsgrade.spec.schema import schema

DOCS = sorted((REPO / "docs").glob("*.md")) + [REPO / "README.md"]
_BLOCK = re.compile(r"```yaml\n(.*?)```", re.DOTALL)


def yaml_examples() -> list[tuple[str, str]]:
    found = []
    for path in DOCS:
        for index, block in enumerate(_BLOCK.findall(path.read_text(encoding="utf-8"))):
            found.append((f"{path.name}#{index}", block))
    return found


@pytest.mark.parametrize(("where", "text"), yaml_examples(), ids=[w for w, _ in yaml_examples()])
def test_every_yaml_example_in_the_docs_is_a_valid_spec(where: str, text: str, tmp_path: Path) -> None:
    path = tmp_path / "example.yaml"
    path.write_text(text, encoding="utf-8")
    for reference in re.findall(r"^reference:\s*(\S+)", text, re.M):  # examples name their solutions
        (tmp_path / reference).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / reference).write_text("function twoSum() {}\n")
    try:
        build(path, load_yaml(path))
    except SpecError as exc:
        pytest.fail(f"{where}: {exc}")


def test_every_schema_key_is_in_the_spec_reference() -> None:
    reference = (REPO / "docs" / "spec.md").read_text(encoding="utf-8")
    keys = set(schema()["properties"]) | set(schema()["$defs"]["case"]["properties"]) | set(schema()["$defs"]["limits"]["properties"])
    missing = sorted(key for key in keys if f"`{key}`" not in reference)
    assert not missing, f"docs/spec.md does not describe {missing}"


def test_mkdocs_site_builds_strictly(tmp_path: Path) -> None:
    need_module("mkdocs")
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path / "site")],
                          cwd=REPO, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_readme_links_the_guides() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for page in ("docs/spec.md", "docs/gradescope.md", "docs/classroom.md", "docs/output.md", "docs/security.md", "docs/bulk.md"):
        assert page in readme, page
