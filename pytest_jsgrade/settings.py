"""Every setting of the plugin, and the one resolver that reads them.

Each setting has one name family: the flag `--jsgrade-x-y`, the ini key `jsgrade_x_y` and the
environment variable `JSGRADE_X_Y`. The first that is given wins, in the order command line >
environment > ini > default. Paths on the command line or in the environment are relative to
where pytest was started; paths in the ini file are relative to the rootdir.

PYTEST_DONT_REWRITE (see pytest_jsgrade/__init__.py)
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import pytest

ValueKind = Literal["path", "flag", "workers", "choice", "text"]
MAX_WORKERS = 64
_TRUE = ("1", "true", "yes", "on")
_FALSE = ("0", "false", "no", "off", "")


@dataclass(frozen=True)
class Setting:
    name: str  # the attribute of Settings, and the root of the flag, ini key and variable
    kind: ValueKind
    help: str
    metavar: str | None = None
    aliases: tuple[str, ...] = ()  # older flags that still work
    choices: tuple[str, ...] = ()  # for kind "choice"; the first is the default

    @property
    def flag(self) -> str:
        return "--jsgrade-" + self.name.replace("_", "-")

    @property
    def ini(self) -> str:
        return "jsgrade_" + self.name

    @property
    def env(self) -> str:
        return "JSGRADE_" + self.name.upper()


SETTINGS = (
    Setting("submission", "path", "the student's submission directory, or one file of it (default: the current directory)", "DIR"),
    Setting("spec_glob", "text", "which YAML files are specs, as glob patterns relative to the rootdir, separated by spaces "
            "(default: files that say they are: a `cases` or `file` key, or the schema's modeline)", "GLOB"),
    Setting("check", "flag", "check the specs: grade each spec's reference solution against it and report weak spots"),
    Setting("workers", "workers", f"sandbox worker processes per pytest process: auto (2 on 2+ cores, 1 under xdist) or 1 to {MAX_WORKERS}", "N"),
    Setting("gradescope_json", "path", "write Gradescope's results.json to this path", "PATH", aliases=("--gradescope-json",)),
    Setting("github", "flag", "in GitHub Actions: write step outputs (score, max-score, Classroom result), a job summary and annotations"),
    Setting("hidden_feedback", "choice", "what every report shows of a case that is not visible: outcome (its name, pass or fail), "
            "none (not even its name), or full (everything; for instructors)", "outcome|none|full", choices=("outcome", "none", "full")),
    Setting("classroom_tests", "choice", "what GitHub Classroom's result lists as tests: one per case, or one per spec",
            "case|spec", choices=("case", "spec")),
)


@dataclass(frozen=True)
class Settings:
    submission: Path
    spec_glob: tuple[str, ...]
    check: bool
    workers: int
    gradescope_json: Path | None
    github: bool
    classroom_tests: Literal["case", "spec"]
    hidden_feedback: Literal["outcome", "none", "full"]


def add_options(parser: pytest.Parser) -> None:
    group = parser.getgroup("jsgrade", "grading JavaScript submissions (pytest-jsgrade)")
    group.addoption("--jsgrade", action="store_true", default=False, help="collect YAML spec files as graded JavaScript cases")
    for setting in SETTINGS:
        where = f" (ini {setting.ini}, environment {setting.env})"
        if setting.kind == "flag":
            group.addoption(setting.flag, *setting.aliases, action="store_true", default=None, dest=setting.ini, help=setting.help + where)
        else:
            group.addoption(setting.flag, *setting.aliases, metavar=setting.metavar, default=None, dest=setting.ini, help=setting.help + where)
        parser.addini(setting.ini, setting.help, default="")


def _raw(config: pytest.Config, setting: Setting) -> tuple[Any, Path] | None:
    """The first value given for a setting, with the directory a relative path is relative to."""
    flag = config.getoption(setting.ini)
    if flag is not None:
        return flag, config.invocation_params.dir
    if setting.env in os.environ:
        return os.environ[setting.env], config.invocation_params.dir
    ini = config.getini(setting.ini)
    if ini not in ("", None, []):
        return ini, config.rootpath
    return None


def _flag(setting: Setting, value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in _TRUE or text in _FALSE:
        return text in _TRUE
    raise pytest.UsageError(f"jsgrade: {setting.ini} must be true or false, not {value!r}")


def _workers(config: pytest.Config, setting: Setting, value: Any) -> int:
    """Sandbox processes for this pytest process: two keep two cores busy while pytest reports;
    under xdist each pytest worker already has a core of its own."""
    text = str(value).strip().lower()
    if text == "auto":
        return 1 if hasattr(config, "workerinput") or (os.cpu_count() or 1) < 2 else 2
    if text.isdigit() and 1 <= int(text) <= MAX_WORKERS:
        return int(text)
    raise pytest.UsageError(f"jsgrade: {setting.ini} must be auto or a number from 1 to {MAX_WORKERS}, not {value!r}")


def resolve(config: pytest.Config) -> Settings:
    """Every setting of this session, read once; pytest.UsageError for a value that cannot be used."""
    values: dict[str, Any] = {}
    for setting in SETTINGS:
        found = _raw(config, setting)
        if setting.kind == "flag":
            values[setting.name] = _flag(setting, found[0]) if found else False
        elif setting.kind == "workers":
            values[setting.name] = _workers(config, setting, found[0] if found else "auto")
        elif setting.kind == "text":
            values[setting.name] = tuple(str(found[0]).split()) if found else ()
        elif setting.kind == "choice":
            value = str(found[0]).strip().lower() if found else setting.choices[0]
            if value not in setting.choices:
                raise pytest.UsageError(f"jsgrade: {setting.ini} must be one of {', '.join(setting.choices)}, not {value!r}")
            values[setting.name] = value
        else:
            values[setting.name] = (found[1] / Path(str(found[0]))) if found else None
    submission = values["submission"] or config.invocation_params.dir
    if not submission.is_dir() and not submission.is_file():
        what = "is not a folder or a file" if submission.exists() else "does not exist"
        raise pytest.UsageError(f"jsgrade: the submission {submission} {what}")
    values["submission"] = submission
    return Settings(**values)
