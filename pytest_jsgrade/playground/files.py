"""The student's files, as the playground reads and saves them: through the grader's own loader
(no path outside the submission folder, symbolic links included; size caps), and saved whole or
not at all (a temporary file beside the target, then a rename).

PYTEST_DONT_REWRITE (see pytest_jsgrade/__init__.py)
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from ..source.submission import MAX_FILE_BYTES, load
from ..spec.model import Spec


class FileError(Exception):
    """A file that cannot be read or saved; str() says why, for the page."""


def read_files(submission: Path, spec: Spec) -> dict[str, str]:
    """The spec's files from the submission folder, as the grader would read them ("" if missing)."""
    loaded = load(submission, spec.files)
    if loaded.problem:
        raise FileError(loaded.problem)
    texts = {source.path: source.text for source in loaded.files}
    return {name: texts.get(name, "") for name in spec.files}


def save_file(submission: Path, name: str, text: str) -> None:
    """Writes one of the spec's files into the submission folder, atomically."""
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError:
        raise FileError(f"{name}: the text has a character that cannot be saved as UTF-8 (a lone surrogate)") from None
    if len(data) > MAX_FILE_BYTES:
        raise FileError(f"{name} is {len(data) // 1024} KB; submission files may be at most {MAX_FILE_BYTES // 1024} KB")
    root = submission.resolve()
    target = submission / name
    if target.is_symlink() or not _inside(root, target.parent.resolve()) or (target.exists() and not target.is_file()):
        raise FileError(f"{name} is not a plain file inside the submission folder")
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _inside(root: Path, path: Path) -> bool:
    try:
        path.relative_to(root)
        return True
    except ValueError:
        return False


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
