"""The Gradescope autograder zip: setup.sh and run_autograder at its root, the specs with their
reference solutions, and the wheel of the grader the instructor tested.

PYTEST_DONT_REWRITE (see pytest_jsgrade/__init__.py)
"""

from __future__ import annotations

import tempfile
import zipfile
from collections.abc import Sequence
from importlib import resources
from pathlib import Path

from ..spec.build import load_spec
from ..spec.errors import SpecError
from .wheel import build_wheel, pinned_requirements

PYTEST_INI = "[pytest]\naddopts =\nfilterwarnings =\n"


def _spec_files(paths: Sequence[str]) -> list[tuple[Path, str]]:
    """(file, name in the zip) for every spec; directories contribute their YAML files. With one
    directory its files keep their paths inside it; with several, each keeps its own folder name
    (`lab1/spec.yaml`, `lab2/spec.yaml`), so two labs with the same file names both arrive."""
    found: list[tuple[Path, str]] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            prefix = f"{path.resolve().name}/" if len(paths) > 1 else ""
            for spec in sorted([*path.rglob("*.yaml"), *path.rglob("*.yml")]):
                found.append((spec, prefix + spec.relative_to(path).as_posix()))
        elif path.is_file():
            found.append((path, path.name))
        else:
            raise SystemExit(f"jsgrade: {raw} does not exist")
    if not found:
        raise SystemExit("jsgrade: no spec files found")
    return found


def _reference_files(spec_path: Path, zip_name: str) -> list[tuple[Path, str]]:
    """A spec's reference files, placed beside it in the zip as they are on disk."""
    spec = load_spec(spec_path)
    found = []
    for reference in spec.reference:
        try:
            relative = reference.resolve().relative_to(spec_path.parent.resolve())
        except ValueError:
            raise SystemExit(f"jsgrade: keep {reference} under the spec's directory so the zip can carry it") from None
        found.append((reference, (Path(zip_name).parent / relative).as_posix()))
    return found


def build_gradescope_zip(specs: Sequence[str], output: Path) -> Path:
    """An autograder zip: setup.sh and run_autograder at the root, the specs, and this grader's wheel."""
    files = _spec_files(specs)
    for path, _ in files:
        try:
            load_spec(path)
        except SpecError as exc:
            raise SystemExit(f"jsgrade: not building a zip with a broken spec: {exc}") from None
    entries = [(path, f"specs/{name}") for path, name in files]
    for path, name in files:
        entries += [(reference, f"specs/{reference_name}") for reference, reference_name in _reference_files(path, name)]
    _refuse_duplicates(entries)
    scripts = resources.files(__package__)
    with tempfile.TemporaryDirectory() as tmp:
        wheel = build_wheel(Path(tmp))
        output.parent.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
            for name in ("setup.sh", "run_autograder"):
                info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
                info.external_attr = 0o755 << 16
                archive.writestr(info, scripts.joinpath(name).read_bytes())
            archive.writestr("pytest.ini", PYTEST_INI)
            archive.writestr("constraints.txt", pinned_requirements())
            archive.write(wheel, f"wheels/{wheel.name}")
            for path, name in entries:
                archive.write(path, name)
    return output


def _refuse_duplicates(entries: list[tuple[Path, str]]) -> None:
    """Two files at one place in the zip would leave only one of them after unzipping."""
    seen: dict[str, Path] = {}
    for path, name in entries:
        first = seen.setdefault(name, path)
        if first.resolve() != path.resolve():
            raise SystemExit(f"jsgrade: {first} and {path} would both be {name} in the zip; "
                             "give their folders different names, or build one zip per assignment")
