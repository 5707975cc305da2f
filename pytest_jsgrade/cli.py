"""The `jsgrade` command: `jsgrade gradescope build SPECS... -o autograder.zip`, `jsgrade serve`,
`jsgrade grade` and `jsgrade gradebook merge` (bulk/command.py), `jsgrade schema`, `jsgrade --version`
(also `python -m pytest_jsgrade ...`).

PYTEST_DONT_REWRITE (see pytest_jsgrade/__init__.py)
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from . import __version__
from .bulk import options as bulk_options


def _serve(args: argparse.Namespace) -> int:
    try:
        import uvicorn

        from .playground.server import allowed_hosts, create_app
        from .playground.service import Playground, load_specs
        from .sandbox.pool import WorkerPool
    except ImportError:
        raise SystemExit('jsgrade: the playground needs its extra: pip install "pytest-jsgrade[playground]"') from None
    from .spec.limits import DEFAULT_LIMITS, LimitError

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
    if args.host not in ("127.0.0.1", "localhost", "::1"):
        print(f"jsgrade: WARNING: --host {args.host} lets other machines reach the playground. It runs any code it is sent "
              "and can write the submission's files, with no password: use it only on a network you trust.", file=sys.stderr)
    print(f"jsgrade playground: http://{'127.0.0.1' if args.host in ('0.0.0.0', '::') else args.host}:{args.port}  "
          "(Ctrl-C stops it)", flush=True)
    uvicorn.run(create_app(playground, allowed_hosts(args.host, args.port)), host=args.host, port=args.port, log_level="warning",
                timeout_graceful_shutdown=1)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="jsgrade", description="pytest-jsgrade tools")
    parser.add_argument("--version", action="version", version=f"pytest-jsgrade {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    schema = commands.add_parser("schema", help="where the spec JSON Schema is (for editors), or the schema itself")
    schema.add_argument("--print", action="store_true", help="print the schema instead of its path")
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
    bulk_options.add_parsers(commands)
    args = parser.parse_args(argv)
    if args.command == "schema":
        path = Path(__file__).resolve().parent / "spec" / "spec.schema.json"
        print(path.read_text(encoding="utf-8") if args.print else path)
        return 0
    if args.command == "serve":
        return _serve(args)
    if args.command in ("grade", "gradebook"):
        from .bulk.command import run

        return run(args)
    if args.command == "gradescope" and args.action == "build":
        from .autograder.build import build_gradescope_zip

        path = build_gradescope_zip(args.specs, Path(args.output))
        print(f"jsgrade: wrote {path} (upload it as the autograder of a Gradescope programming assignment)")
        return 0
    return 2


if __name__ == "__main__":
    sys.exit(main())
