"""What linking ES modules costs: reading and linking a 100-line module, and a case of a
submission of five modules against the same code in one file (docs/performance.md).

    python bench/esm_bench.py            # medians of interleaved rounds
    python bench/esm_bench.py --smoke    # a short run that only checks that everything works
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from pytest_jsgrade.sandbox.protocol import Budget, CaseJob
from pytest_jsgrade.sandbox.run import run_case
from pytest_jsgrade.source.submission import load

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from sandbox_thread import BigStackThread


def helper(index: int, imports: str = "") -> str:
    """A module of about 100 lines: small functions, a class, a table, as students write them."""
    lines = [imports] if imports else []
    for k in range(12):
        lines += [f"export function f{index}_{k}(xs, n = {k}) {{", "  let total = 0;", "  for (const x of xs) {",
                  "    if (x % 2 === 0) total += x * n;", "    else total -= x;", "  }", "  return total;", "}"]
    lines += [f"export class Box{index} {{", "  constructor(v) { this.v = v; }", "  get twice() { return this.v * 2; }", "}",
              f"export const TABLE{index} = ['a', 'b', 'c'];"]
    return "\n".join(lines) + "\n"


def submissions(root: Path) -> tuple[Path, Path]:
    """The same code as five modules (main.js importing four helpers) and as one file."""
    split, single = root / "split", root / "single"
    split.mkdir()
    single.mkdir()
    for i in range(1, 5):
        (split / f"h{i}.js").write_text(helper(i), encoding="utf-8")
    imports = "\n".join(f"import {{ f{i}_0, Box{i} }} from './h{i}.js';" for i in range(1, 5))
    main = "export function run(xs) { return [" + ", ".join(f"f{i}_0(xs), new Box{i}(1).twice" for i in range(1, 5)) + "]; }\n"
    (split / "main.js").write_text(imports + "\n" + main, encoding="utf-8")
    (single / "main.js").write_text("".join(helper(i) for i in range(1, 5)) + main, encoding="utf-8")
    return split, single


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--smoke", action="store_true")
    rounds = 3 if parser.parse_args().smoke else 300
    with tempfile.TemporaryDirectory() as scratch:
        split, single = submissions(Path(scratch))
        loads: dict[str, list[float]] = {"split": [], "single": []}
        for _ in range(max(3, rounds // 10)):
            for name, folder in (("split", split), ("single", single)):
                started = time.perf_counter()
                submission = load(folder, ("main.js",))
                loads[name].append(time.perf_counter() - started)
        linked = load(split, ("main.js",))
        alone = load(single, ("main.js",))
        assert linked.failed is None and all(f.linked for f in linked.files + linked.library), "the split submission is not linked"
        assert not any(f.linked for f in alone.files), "a single file without imports was linked"
        thread = BigStackThread()
        cases: dict[str, list[float]] = {"split": [], "single": []}
        for _ in range(rounds):
            for name, submission in (("split", linked), ("single", alone)):
                job = CaseJob(files=submission.files, library=submission.library, call="run([1, 2, 3])", limits=Budget(time=5))
                started = time.perf_counter()
                result = thread.run(run_case, job)
                cases[name].append(time.perf_counter() - started)
                assert result.value is not None, result
        thread.close()
    modules = 5
    print(f"load + link, five modules (four of ~100 lines): {median_ms(loads['split']):.2f} ms "
          f"({(median_ms(loads['split']) - median_ms(loads['single'])) / modules:.2f} ms a module more than one file)")
    print(f"load, the same code in one file (not linked):    {median_ms(loads['single']):.2f} ms")
    print(f"a case, five modules: {median_ms(cases['split']):.2f} ms; one file: {median_ms(cases['single']):.2f} ms")


if __name__ == "__main__":
    main()
