"""The `jsgrade` command: `jsgrade gradescope build SPECS... -o autograder.zip`.

PYTEST_DONT_REWRITE (see pytest_jsgrade/__init__.py)
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import zipfile
from collections.abc import Sequence
from importlib import resources
from pathlib import Path

from .spec import SpecError, load_spec
from .wheel import build_wheel

PYTEST_INI = "[pytest]\naddopts =\nfilterwarnings =\n"


def _spec_files(paths: Sequence[str]) -> list[tuple[Path, str]]:
    """(file, name in the zip) for every spec; directories contribute their YAML files."""
    found: list[tuple[Path, str]] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for spec in sorted([*path.rglob("*.yaml"), *path.rglob("*.yml")]):
                found.append((spec, spec.relative_to(path).as_posix()))
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
    scripts = resources.files(__package__).joinpath("autograder")
    with tempfile.TemporaryDirectory() as tmp:
        wheel = build_wheel(Path(tmp))
        output.parent.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
            for name in ("setup.sh", "run_autograder"):
                info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
                info.external_attr = 0o755 << 16
                archive.writestr(info, scripts.joinpath(name).read_bytes())
            archive.writestr("pytest.ini", PYTEST_INI)
            archive.write(wheel, f"wheels/{wheel.name}")
            for path, name in files:
                archive.write(path, f"specs/{name}")
                for reference, reference_name in _reference_files(path, name):
                    archive.write(reference, f"specs/{reference_name}")
    return output


def _serve(args: argparse.Namespace) -> int:
    try:
        import uvicorn

        from .playground.server import Playground, create_app, load_specs
        from .workers import WorkerPool
    except ImportError:
        raise SystemExit('jsgrade: the playground needs its extra: pip install "pytest-jsgrade[playground]"') from None
    from .limits import DEFAULT_LIMITS, LimitError

    try:
        limits = DEFAULT_LIMITS.merged({"time": args.time, "memory": args.memory})
    except LimitError as exc:
        raise SystemExit(f"jsgrade: {exc}") from None
    submission = Path(args.submission) if args.submission else None
    if submission is not None and not submission.is_dir():
        raise SystemExit(f"jsgrade: {submission} is not a directory")
    generator = WorkerPool()
    try:
        specs = load_specs(args.specs, generator)
    finally:
        generator.close()
    playground = Playground(specs, submission, args.read_only, limits, workers=max(1, args.workers))
    print(f"jsgrade playground: http://{args.host}:{args.port}  (Ctrl-C stops it)", flush=True)
    uvicorn.run(create_app(playground), host=args.host, port=args.port, log_level="warning")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="jsgrade", description="pytest-jsgrade tools")
    commands = parser.add_subparsers(dest="command", required=True)
    gradescope = commands.add_parser("gradescope", help="Gradescope autograder tools")
    gradescope_commands = gradescope.add_subparsers(dest="action", required=True)
    build = gradescope_commands.add_parser("build", help="build an autograder zip from spec files or directories")
    build.add_argument("specs", nargs="+", help="spec files or directories")
    build.add_argument("-o", "--output", default="autograder.zip", help="the zip to write (default: autograder.zip)")
    serve = commands.add_parser("serve", help="a local web page to run and grade code against the specs")
    serve.add_argument("specs", nargs="+", help="spec files or directories")
    serve.add_argument("--submission", metavar="DIR", help="load the student's files from here (and let Save write them)")
    serve.add_argument("--read-only", action="store_true", help="never write files, even with --submission")
    serve.add_argument("--host", default="127.0.0.1", help="address to bind (default: 127.0.0.1, this machine only)")
    serve.add_argument("--port", type=int, default=8000, help="port (default: 8000)")
    serve.add_argument("--workers", type=int, default=2, help="sandbox processes, i.e. requests graded at once (default: 2)")
    serve.add_argument("--time", default="1s", help="CPU time limit of a Run (default: 1s)")
    serve.add_argument("--memory", default="64MB", help="heap limit of a Run (default: 64MB)")
    args = parser.parse_args(argv)
    if args.command == "serve":
        return _serve(args)
    if args.command == "gradescope" and args.action == "build":
        path = build_gradescope_zip(args.specs, Path(args.output))
        print(f"jsgrade: wrote {path} (upload it as the autograder of a Gradescope programming assignment)")
        return 0
    return 2


if __name__ == "__main__":
    sys.exit(main())
