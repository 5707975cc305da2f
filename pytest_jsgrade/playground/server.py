"""The playground's HTTP API and static page (Starlette on uvicorn, nothing fetched at run time).

    GET  /specs                     → the specs and their visible cases
    GET  /source?spec=NAME          → the submission's files for a spec (when started with --submission)
    POST /eval  {code, call}        → {result, console, time, memory} or {error: {kind, message, line}}
    POST /grade {code, spec}        → the spec's visible cases graded like pytest does, and the total
    POST /save  {code, spec}        → writes the code to the submission's files (unless read-only)

The playground runs code and writes the student's files, so only its own page may drive it:
- a request whose Host is not the address it serves is refused (another site's page that has
  rebound its domain name to this machine would send its own name);
- a POST needs a JSON body (a cross-site form or `text/plain` request cannot send one without
  the browser asking first, which nothing here answers) and, when the browser says where it
  comes from (Origin, Sec-Fetch-Site), that must be this page.

PYTEST_DONT_REWRITE (see pytest_jsgrade/__init__.py)
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import AsyncIterator, Iterable
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Receive, Scope, Send

from ..spec.model import Spec
from ..spec.points import as_float
from .files import FileError, read_files, save_file
from .service import ApiError, Playground, visible_cases

STATIC = Path(__file__).parent / "static"
MAX_BODY = 1024 * 1024
LOOPBACK = ("127.0.0.1", "localhost", "[::1]")


def allowed_hosts(host: str, port: int) -> frozenset[str]:
    """The Host headers of this playground's own page: the loopback names (and the address it was
    told to listen on) with its port."""
    names = {*LOOPBACK, f"[{host}]" if ":" in host and not host.startswith("[") else host} - {"0.0.0.0", "[::]"}
    return frozenset(f"{name}:{port}" for name in names)


def _refusal(request: Request, hosts: frozenset[str]) -> str | None:
    """Why a request does not come from this playground's own page, or None."""
    if request.headers.get("host", "") not in hosts:
        return "this playground answers only its own page (the request's Host is another site's)"
    if request.method != "POST":
        return None
    if request.headers.get("content-type", "").split(";")[0].strip().lower() != "application/json":
        return "requests that change anything must send JSON (content-type: application/json)"
    origin = request.headers.get("origin")
    if origin is not None and origin.removeprefix("http://") not in hosts:
        return f"this playground answers only its own page, not {origin}"
    if request.headers.get("sec-fetch-site", "same-origin") not in ("same-origin", "none"):
        return "this playground answers only its own page, not another site's"
    return None


async def _body(request: Request, *required: str) -> dict[str, Any]:
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > MAX_BODY:
        raise ApiError(413, f"the request body is larger than {MAX_BODY // 1024} KB")
    raw = b""
    async for chunk in request.stream():
        raw += chunk
        if len(raw) > MAX_BODY:
            raise ApiError(413, f"the request body is larger than {MAX_BODY // 1024} KB")
    try:
        data = json.loads(raw)
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise ApiError(400, "the request body is not JSON (or is nested too deeply)") from None
    if not isinstance(data, dict):
        raise ApiError(400, "the request body must be a JSON object")
    for key in required:  # an empty editor is fine: empty code is code
        if not isinstance(data.get(key), (str, dict)) or (key != "code" and data.get(key) == ""):
            raise ApiError(422, f"missing field {key!r}")
    return data


def _code_for(spec: Spec, code: Any) -> dict[str, str]:
    if isinstance(code, str):
        return {spec.files[0]: code}
    if isinstance(code, dict) and all(isinstance(k, str) and isinstance(v, str) for k, v in code.items()):
        return code
    raise ApiError(422, "'code' must be a string or an object of file name → text")


def create_app(playground: Playground, hosts: Iterable[str] = allowed_hosts("127.0.0.1", 8000)) -> Starlette:
    """The app. `hosts` are the Host headers of its own page (see allowed_hosts)."""
    own = frozenset(hosts)

    async def index(request: Request) -> Response:
        return FileResponse(STATIC / "index.html")

    async def specs(request: Request) -> Response:
        return JSONResponse({"specs": [
            {"name": spec.path.name, "title": spec.title, "files": list(spec.files),
             "cases": [{"name": c.name, "call": c.call.strip(), "points": as_float(c.points)} for c in visible_cases(spec)]}
            for spec in playground.specs
        ], "read_only": playground.read_only or playground.submission is None})

    async def source(request: Request) -> Response:
        spec = playground.spec(request.query_params.get("spec", ""))
        if playground.submission is None:
            return JSONResponse({"files": {name: "" for name in spec.files}})
        try:
            return JSONResponse({"files": read_files(playground.submission, spec)})
        except FileError as exc:
            raise ApiError(400, str(exc)) from None

    async def evaluate(request: Request) -> Response:
        data = await _body(request, "code", "call")
        if not isinstance(data["code"], str) or not isinstance(data["call"], str):
            raise ApiError(422, "'code' and 'call' must be strings")
        filename = data.get("file") if isinstance(data.get("file"), str) else "main.js"
        return JSONResponse(await playground.sandboxed(playground.evaluate, data["code"], data["call"], filename))

    async def grade(request: Request) -> Response:
        data = await _body(request, "code", "spec")
        spec = playground.spec(str(data["spec"]))
        return JSONResponse(await playground.sandboxed(playground.grade, spec, _code_for(spec, data["code"])))

    async def save(request: Request) -> Response:
        if playground.read_only or playground.submission is None:
            raise ApiError(403, "saving is off: start the playground with --submission DIR and without --read-only")
        data = await _body(request, "code", "spec")
        spec = playground.spec(str(data["spec"]))
        files = _code_for(spec, data["code"])
        unknown = [name for name in files if name not in spec.files]
        if unknown:
            raise ApiError(422, f"{unknown[0]!r} is not a file of this spec")
        try:
            for name, text in files.items():
                save_file(playground.submission, name, text)
        except FileError as exc:
            raise ApiError(400, str(exc)) from None
        return JSONResponse({"saved": list(files)})

    async def api_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, ApiError)
        return JSONResponse({"error": {"kind": "request", "message": exc.message}}, status_code=exc.status)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        yield
        playground.close()

    app = Starlette(
        routes=[
            Route("/", index), Route("/specs", specs), Route("/source", source),
            Route("/eval", evaluate, methods=["POST"]), Route("/grade", grade, methods=["POST"]),
            Route("/save", save, methods=["POST"]),
        ],
        exception_handlers={ApiError: api_error},
        middleware=[Middleware(OwnPageOnly, hosts=own)],
        lifespan=lifespan,
    )
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    return app


class OwnPageOnly:
    """ASGI middleware: every request that does not come from the playground's own page is a 403."""

    def __init__(self, app: ASGIApp, hosts: frozenset[str]) -> None:
        self.app, self.hosts = app, hosts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            refused = _refusal(Request(scope), self.hosts)
            if refused is not None:
                await JSONResponse({"error": {"kind": "request", "message": refused}}, status_code=403)(scope, receive, send)
                return
        await self.app(scope, receive, send)
