"""One case in a fresh QuickJS runtime: `run_case(job) -> RunResult`, plain data in and out.

Nothing here knows about pytest, specs or scoring: it loads the submission, runs the call
under the case's limits and reports what happened. The worker process (worker.py) calls it
for every job it reads from its pipe.

PYTEST_DONT_REWRITE (see pytest_jsgrade/__init__.py)
"""

from __future__ import annotations

import json
import os
import re
import time
from dataclasses import replace
from typing import Any

import quickjs

from .errors import (
    Regions,
    engine_limit,
    parse_exception,
    thrown_from_info,
    thrown_limit,
)
from .harness import ALL_EXTRAS
from .instructor import evaluate_expected, run_check
from .loading import load_file, printed_before_failing, printed_text, register_module
from .meter import PEAK_METER
from .protocol import MB, Budget, CaseJob, RunResult, Status, StepResult, ThrownError
from .runtime import SERIALIZE_STACK, Plan, Sandbox, TimeUp, extras_named, harness_config, plan_chunks, sanitize

LIMIT_STATUSES = (Status.TIME_LIMIT, Status.MEMORY_LIMIT, Status.STACK_OVERFLOW)
CPU_SLACK_MS = 2.0  # measurement noise: the interrupt and the clock reads are a moment apart


# The runs that tell a memory failure from `throw null`: (memory factor, how much longer counts as "further").
PROBES = ((2, 1.4), (4, 2.0))
MAX_PROBE_MEMORY = 4096 * MB


def run_case(job: CaseJob) -> RunResult:
    """Runs one case in a fresh runtime, on a thread with a large C stack (see runtime.py)."""
    try:
        result = _run_case(job)
        if _may_be_out_of_memory(result, job.limits) and _depends_on_memory(job, result):
            result.status, result.error = Status.MEMORY_LIMIT, None
            if result.steps:  # the step that ran out of memory is where the case stopped
                result.steps = result.steps[:-1]
        _instructor_code(job, result)
        return result
    except Exception as exc:  # a grader bug must fail one case, not the worker or the session
        return RunResult(Status.SANDBOX_ERROR, detail=f"internal grader error: {type(exc).__name__}: {exc}",
                         files=job.student_files)


def _may_be_out_of_memory(result: RunResult, limits: Budget) -> bool:
    if result.steps and result.steps[-1].status == Status.THREW:  # a scenario: its last step is where it stopped
        error = result.steps[-1].error
        return error is not None and not error.is_error and error.message == "null"
    return _may_be_out_of_memory_in_call(result, limits)


def _may_be_out_of_memory_in_call(result: RunResult, limits: Budget) -> bool:
    """Outcomes that running out of memory can look like, from inside the engine:
    - QuickJS throws `null` when it cannot even allocate its out-of-memory error, which looks
      exactly like a plain `throw null`;
    - a promise job turns the out-of-memory error into a rejection, which can leave the case's
      promise pending (short of the time budget, which would make it a time limit)."""
    error = result.error
    if result.status == Status.THREW and error is not None and not error.is_error and error.message == "null":
        return True
    return result.status == Status.UNSETTLED and result.cpu_ms < limits.time * 1000 * 0.95


def _depends_on_memory(job: CaseJob, result: RunResult) -> bool:
    """Runs the case again with more memory. What a program does on purpose does not change with
    the memory it is given; a program that ran out of memory gets further (it returns, fails in
    another way, or takes clearly longer to fail the same way). QuickJS frees everything while the
    error unwinds, so its accounting cannot tell afterwards; this works the same on every OS.
    CPU time is noisy on a loaded machine, so a run that is neither clearly longer nor different
    is tried once more with four times the memory, where a program that runs out takes about four
    times as long (or meets the time limit) and one that throws on purpose takes the same."""
    for factor, longer in PROBES:
        memory = min(job.limits.memory * factor, MAX_PROBE_MEMORY)
        probe = _run_case(replace(job, limits=replace(job.limits, memory=memory), expect_js=None, check_js=None))
        same = probe.status == result.status and probe.error == result.error and len(probe.steps) == len(result.steps)
        if same and result.steps:
            same = probe.steps[-1].status == result.steps[-1].status and probe.steps[-1].error == result.steps[-1].error
        if not same or probe.cpu_ms > longer * result.cpu_ms + 5:
            return True
    return False


def _run_case(job: CaseJob) -> RunResult:
    """Runs the case, handed Intl and the other extras only when its code names them (a case that
    reaches them in another way, `globalThis["Int" + "l"]`, runs again with them)."""
    words = extras_named(job)
    result, wanted = _run_once(job, words)
    if wanted and words != ALL_EXTRAS:
        words = ALL_EXTRAS
        result, _ = _run_once(job, words)
    if result.status == Status.STACK_OVERFLOW and (result.error is None or not result.error.frames):
        # The error hook (V8's wording) cannot run with no stack left, and QuickJS then keeps no
        # stack at all: run the case again without the hook to say where the recursion was.
        located, _ = _run_once(job, words, error_hook=False)
        if located.status == Status.STACK_OVERFLOW and located.error is not None:
            result = located
    return result


def _run_once(job: CaseJob, words: frozenset[str], error_hook: bool = True) -> tuple[RunResult, bool]:
    started = time.process_time()
    peak_baseline = PEAK_METER.start()
    regions = Regions()
    token = os.urandom(8).hex()
    result = RunResult(Status.SANDBOX_ERROR, files=job.student_files)
    sandbox: Sandbox | None = None
    try:
        plan = plan_chunks(job, regions)
        sandbox = Sandbox(job.limits, harness_config(job, regions, token, words, plan, error_hook), words)
        sandbox.start_clock()
        _load_and_call(sandbox, job, plan, regions, token, result)
    except TimeUp:
        result.status = Status.TIME_LIMIT
    except quickjs.StackOverflow:
        result.status = Status.STACK_OVERFLOW
    except quickjs.JSException as exc:
        _classify_engine_error(str(exc), result, regions)
    except MemoryError:
        result.status = Status.MEMORY_LIMIT
    finally:
        # The student's CPU time: from the first line of their code, not the grader's own set-up.
        clock_start = sandbox.clock_started if sandbox is not None and sandbox.clock_started else started
        result.cpu_ms = (time.process_time() - clock_start) * 1000
    wanted = False
    if sandbox is not None:
        failed = result.status != Status.RETURNED or any(step.status != Status.RETURNED for step in result.steps)
        wanted = failed and sandbox.wanted_extras()
        if result.status in LIMIT_STATUSES:
            _salvage_console(sandbox, result)
        try:
            result.heap_bytes = sandbox.heap_used()
        except Exception:  # a runtime that ran out of memory may refuse even this
            pass
        del sandbox
    result.peak_bytes = PEAK_METER.peak_since(peak_baseline)
    if result.cpu_ms > job.limits.time * 1000 + CPU_SLACK_MS and result.status not in LIMIT_STATUSES:
        # The CPU time measured here decides, whatever stopped the case (where the engine's clock
        # counts wall time, its backstop lets a case run past its CPU time before stopping it).
        result.status, result.error, result.value = Status.TIME_LIMIT, None, None
    if result.status == Status.UNSETTLED and result.cpu_ms >= job.limits.time * 1000 * 0.95:
        # A promise job turns the engine's interrupt into a rejection, which can leave the case's
        # promise pending with its budget spent.
        result.status = Status.TIME_LIMIT
    if any(source.linked for source in job.files):
        _in_students_words(result)
    return result, wanted


_LINKED_READ = re.compile(r"__jsgrade\d*_i\d+\.")  # a live import as linked (source/linking.py): `__jsgrade_i0.count`


def _in_students_words(result: RunResult) -> None:
    """Messages about a live import name it as the student does (`count is not a function`), not by
    the linker's read of it."""
    outcomes: list[RunResult | StepResult] = [result, *result.steps]
    for outcome in outcomes:
        if outcome.error is not None and "__jsgrade" in outcome.error.message:
            outcome.error = replace(outcome.error, message=_LINKED_READ.sub("", outcome.error.message))


def _instructor_code(job: CaseJob, result: RunResult) -> None:
    """The spec's `!js` expected values and `check` predicates, each in a clean sandbox of its own."""
    _instructor_for(result, job.expect_js, job.check_js)
    for step, step_job in zip(result.steps, job.steps, strict=False):  # the steps that ran
        _instructor_for(step, step_job.expect_js, step_job.check_js)


def _instructor_for(outcome: RunResult | StepResult, expect_js: str | None, check_js: str | None) -> None:
    if expect_js is not None:
        outcome.expected, outcome.expected_error = evaluate_expected(expect_js)
    if check_js is not None and outcome.status == Status.RETURNED and outcome.value is not None:
        outcome.check_score, outcome.check_error = run_check(check_js, outcome.value)


def _load_and_call(sandbox: Sandbox, job: CaseJob, plan: Plan, regions: Regions, token: str, result: RunResult) -> None:
    stage = "load"
    try:
        linked = [(s, plan.library[s.path]) for s in job.library if s.linked] + [(s, plan.files[s.path]) for s in job.files if s.linked]
        for source, offset in linked:
            if not register_module(sandbox, source, offset, regions, result):
                return
        for source in job.files:
            if not load_file(sandbox, source, plan.files[source.path], regions, result):
                printed_before_failing(sandbox, result)
                return
        if job.setup:
            stage = "setup"
            sandbox.js("\n" * plan.setup + sanitize(job.setup))
        stage = "call"
        if job.steps:
            _run_steps(sandbox, job, plan, regions, token, result)
            return
        if not _start(sandbox, plan.call, plan.call_code, token, result, regions):
            return
    except quickjs.JSException as exc:
        text = str(exc)
        if stage == "setup" and engine_limit(text) not in (Status.TIME_LIMIT, Status.MEMORY_LIMIT):
            result.status, result.error = Status.SETUP_ERROR, parse_exception(text, regions)
            return
        raise
    sandbox.ctx.set_max_stack_size(max(job.limits.stack, SERIALIZE_STACK))
    _read_outcome(json.loads(sandbox.call("finish")), result, regions)


def _start(sandbox: Sandbox, offset: int, code: str, token: str, result: RunResult, regions: Regions) -> bool:
    """Starts a call (planned at `offset`) and runs the event loop until it settles or nothing is left to run."""
    started = sandbox.js("\n" * offset + f"__jsgrade.start({json.dumps(token)}, function () {{ {code} }})")
    if started is not True:
        result.status, result.detail = Status.SANDBOX_ERROR, "the grader's harness was tampered with"
        return False
    try:
        while True:
            sandbox.run_jobs()
            if sandbox.call("step") != 1:
                return True
    except quickjs.JSException as exc:  # thrown by a timer or a job the call left behind: Node would stop there
        text = str(exc)
        if engine_limit(text) is not None:
            raise
        result.status, result.error = Status.THREW, parse_exception(text, regions)
        result.detail = "thrown in a callback the call scheduled (a timer or a promise job), which nothing caught"
        result.console = printed_text(sandbox)
        return False


STOPS_A_SCENARIO = frozenset({Status.TIME_LIMIT, Status.MEMORY_LIMIT, Status.STACK_OVERFLOW})
# A value that cannot be read fails a step that checks it (grading/judge.py), not one that does not.
KEEPS_A_SCENARIO_GOING = frozenset({Status.RETURNED, Status.TOO_LARGE, Status.UNREADABLE})


def _run_steps(sandbox: Sandbox, job: CaseJob, plan: Plan, regions: Regions, token: str, result: RunResult) -> None:
    """A scenario: each step in turn, in the same runtime, until one fails that was not meant to.
    A limit (time, memory, stack) stops the case; the steps before it are kept in the result."""
    steps: list[StepResult] = []
    result.load_console = printed_text(sandbox)
    try:
        for step, (offset, code) in zip(job.steps, plan.steps, strict=True):
            before = int(sandbox.call("printed"))
            sandbox.ctx.set_max_stack_size(job.limits.stack)  # reading the last call's value needed more
            if step.is_statement:
                outcome = _run_statements(sandbox, offset, code, regions)
                if outcome.status == Status.RETURNED:  # what its promises print is this step's output, not the next one's
                    outcome = _run_jobs_of_statements(sandbox, regions, outcome)
                outcome.console = printed_text(sandbox)[before:]
            else:
                if not _start(sandbox, offset, code, token, result, regions):
                    if result.status == Status.THREW:  # a callback of this step threw: the step threw
                        steps.append(StepResult(Status.THREW, error=result.error, detail=result.detail,
                                                console=printed_text(sandbox)[before:]))
                        result.status = Status.RETURNED
                    return
                sandbox.ctx.set_max_stack_size(max(job.limits.stack, SERIALIZE_STACK))
                probe = RunResult(Status.SANDBOX_ERROR, files=result.files)
                finished = json.loads(sandbox.call("finish"))
                _read_outcome(finished, probe, regions)
                if probe.status == Status.UNSETTLED or probe.output_exceeded:
                    result.status, result.output_exceeded = probe.status, probe.output_exceeded
                    result.console = finished["console"]
                    return
                outcome = StepResult(probe.status, probe.value, probe.error, probe.detail, probe.console)
            if outcome.status in STOPS_A_SCENARIO:  # the case's limits cover every step: a limit stops the case
                result.status, result.error, result.detail = outcome.status, outcome.error, outcome.detail
                result.console = printed_text(sandbox)
                return
            steps.append(outcome)
            if outcome.status not in KEEPS_A_SCENARIO_GOING and not step.may_throw:
                break
        result.status = Status.RETURNED
        result.console = printed_text(sandbox)
    finally:
        result.steps = tuple(steps)


def _run_statements(sandbox: Sandbox, offset: int, text: str, regions: Regions) -> StepResult:
    """A `do:` step: statements run as a script, so its declarations stay for the later steps."""
    try:
        sandbox.js("\n" * offset + text)
    except quickjs.JSException as exc:
        message = str(exc)
        if engine_limit(message) is not None:
            raise
        error = parse_exception(message, regions)
        status = Status.SYNTAX_ERROR if _does_not_compile(error) else Status.THREW
        return StepResult(thrown_limit(error) or status, error=error)
    return StepResult(Status.RETURNED)


def _run_jobs_of_statements(sandbox: Sandbox, regions: Regions, outcome: StepResult) -> StepResult:
    try:
        sandbox.run_jobs()
    except quickjs.JSException as exc:
        text = str(exc)
        if engine_limit(text) is not None:
            raise
        return StepResult(Status.THREW, error=parse_exception(text, regions))
    return outcome


def _does_not_compile(error: ThrownError) -> bool:
    """Whether the engine refused to compile a step (an error in the spec), as opposed to a
    SyntaxError thrown while it ran (`JSON.parse` in the student's code, their own `throw`): a
    compile error has one position, in the step itself."""
    return error.name == "SyntaxError" and len(error.frames) == 1 and error.frames[0].file.startswith("<step")


def _read_outcome(outcome: dict[str, Any], result: RunResult, regions: Regions) -> None:
    printed, mark = outcome["console"], int(outcome["mark"])
    result.load_console, result.console = printed[:mark], printed[mark:]
    result.output_exceeded = outcome["outputExceeded"]
    if outcome.get("wanted"):  # code reached a library this runtime was not handed: run_case runs it again
        result.status, result.detail = Status.SANDBOX_ERROR, "the case needs the grader's extra libraries"
        return
    if not outcome["settled"]:
        result.status = Status.UNSETTLED  # run_case turns this into TIME_LIMIT when the budget ran out
        return
    state = outcome["state"]
    if state == "returned":
        result.status, result.value = Status.RETURNED, outcome["value"]
    elif state == "threw":
        error = thrown_from_info(outcome["error"], regions)
        result.error = error
        result.status = thrown_limit(error) or Status.THREW
    else:
        result.status = Status.TOO_LARGE if state == "too_large" else Status.UNREADABLE
        result.detail = outcome.get("why", "")


def _classify_engine_error(text: str, result: RunResult, regions: Regions) -> None:
    """Uncatchable engine errors: interrupted (time), out of memory, stack overflow."""
    limit = engine_limit(text)
    if limit is not None:
        result.status = limit
    else:
        result.status, result.error = Status.SANDBOX_ERROR, parse_exception(text, regions)
        result.detail = text.splitlines()[0] if text else "the engine failed"


def _salvage_console(sandbox: Sandbox, result: RunResult) -> None:
    """Console output written before a limit stopped the case, so students see how far it got."""
    try:
        sandbox.deadline = time.process_time() + 0.2
        sandbox.ctx.set_memory_limit(sandbox.baseline + sandbox.limits.memory + 8 * MB)
        outcome = json.loads(sandbox.call("finish"))
        result.load_console, result.console = outcome["console"][: outcome["mark"]], outcome["console"][outcome["mark"]:]
        result.output_exceeded = outcome["outputExceeded"]
    except Exception:  # the runtime may be unusable after the limit; then there is nothing to show
        pass
