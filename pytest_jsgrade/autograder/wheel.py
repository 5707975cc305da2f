"""This package, as the wheel of the version that is installed now.

The Gradescope zip carries the grader that the instructor tested. Building the wheel from
the installed files (no build backend, no network) makes that true for editable installs,
for installs from a wheel, and offline.

PYTEST_DONT_REWRITE (see pytest_jsgrade/__init__.py)
"""

from __future__ import annotations

import base64
import hashlib
import importlib.metadata
import zipfile
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

DIST = "pytest-jsgrade"
PACKAGE = Path(__file__).resolve().parent.parent
# Everything the package ships (pyproject.toml says the same for the sdist and the wheel).
INCLUDE = ("**/*.py", "py.typed", "**/*.js", "**/*.json", "autograder/run_autograder", "autograder/setup.sh",
           "playground/static/*")


def _record_line(name: str, data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{name},sha256={digest},{len(data)}"


def _metadata(version: str) -> str:
    meta = importlib.metadata.metadata(DIST)
    summary = meta["Summary"] if "Summary" in meta else ""
    requires_python = meta["Requires-Python"] if "Requires-Python" in meta else ">=3.10"
    lines = ["Metadata-Version: 2.1", f"Name: {DIST}", f"Version: {version}", f"Summary: {summary}", f"Requires-Python: {requires_python}"]
    for requirement in importlib.metadata.requires(DIST) or []:
        if "extra ==" not in requirement:
            lines.append(f"Requires-Dist: {requirement}")
    return "\n".join(lines) + "\n"


def _closure(name: str, seen: dict[str, str]) -> None:
    """Every installed distribution `name` needs (markers evaluated here), with its version."""
    try:
        dist = importlib.metadata.distribution(name)
    except importlib.metadata.PackageNotFoundError:
        return  # needed only elsewhere (a marker for another Python): Gradescope resolves it itself
    key = canonicalize_name(dist.metadata["Name"])
    if key in seen:
        return
    seen[key] = dist.version
    for text in dist.requires or []:
        requirement = Requirement(text)
        if requirement.marker is None or requirement.marker.evaluate({"extra": ""}):
            _closure(requirement.name, seen)


def pinned_requirements() -> str:
    """A pip constraints file with the exact versions the instructor tested with: this package's
    dependencies and theirs, as installed now (setup.sh installs with it)."""
    seen: dict[str, str] = {}
    _closure(DIST, seen)
    seen.pop(canonicalize_name(DIST), None)
    lines = [f"{name}=={version}" for name, version in sorted(seen.items())]
    return "# The versions pytest-jsgrade was tested with when this zip was built.\n" + "\n".join(lines) + "\n"


def build_wheel(directory: Path) -> Path:
    """Writes pytest_jsgrade-<version>-py3-none-any.whl into `directory` and returns its path."""
    version = importlib.metadata.version(DIST)
    dist_info = f"pytest_jsgrade-{version}.dist-info"
    path = directory / f"pytest_jsgrade-{version}-py3-none-any.whl"
    files: dict[str, bytes] = {}
    for pattern in INCLUDE:
        for source in sorted(PACKAGE.glob(pattern)):
            if source.is_file() and "__pycache__" not in source.parts:
                files[f"pytest_jsgrade/{source.relative_to(PACKAGE).as_posix()}"] = source.read_bytes()
    files[f"{dist_info}/METADATA"] = _metadata(version).encode()
    files[f"{dist_info}/WHEEL"] = b"Wheel-Version: 1.0\nGenerator: pytest-jsgrade\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
    files[f"{dist_info}/entry_points.txt"] = (
        b"[console_scripts]\njsgrade = pytest_jsgrade.cli:main\n\n[pytest11]\njsgrade = pytest_jsgrade.plugin\n"
    )
    record = [_record_line(name, data) for name, data in files.items()] + [f"{dist_info}/RECORD,,"]
    files[f"{dist_info}/RECORD"] = ("\n".join(record) + "\n").encode()
    directory.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as wheel:
        for name, data in files.items():
            info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
            info.external_attr = 0o644 << 16
            wheel.writestr(info, data, zipfile.ZIP_DEFLATED)
    return path
