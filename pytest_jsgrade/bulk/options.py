"""The options of `jsgrade grade` and `jsgrade gradebook merge`, kept apart from the work so that
`jsgrade --version` and `jsgrade --help` load nothing heavy.

    jsgrade grade SPECS... --submissions PATH --gradebook grades.csv [--results DIR]
                  [--layout auto|dirs|classroom|canvas|moodle|gradescope] [--jobs N] [--shard K/N]
                  [--per-case] [--lms canvas|moodle] [--lms-column NAME] [--hidden-feedback outcome|none|full]
    jsgrade gradebook merge PARTS... -o grades.csv

PYTEST_DONT_REWRITE (see pytest_jsgrade/__init__.py)
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import Any, Literal

from ..spec.model import FEEDBACKS

Layout = Literal["auto", "dirs", "classroom", "canvas", "moodle", "gradescope"]
LAYOUTS: tuple[Layout, ...] = ("auto", "dirs", "classroom", "canvas", "moodle", "gradescope")
Flavour = Literal["plain", "canvas", "moodle"]
FLAVOURS: tuple[Flavour, ...] = ("plain", "canvas", "moodle")


def cores() -> int:
    """The cores this process may use (a Slurm or container limit included)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


def shard_of(text: str) -> tuple[int, int]:
    try:
        k, n = (int(part) for part in text.split("/"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"--shard takes K/N, like 2/8, not {text!r}") from None
    if not 1 <= k <= n:
        raise argparse.ArgumentTypeError(f"--shard {text}: K must be between 1 and N")
    return k, n


def add_parsers(commands: Any) -> None:
    grade = commands.add_parser("grade", help="grade a whole class's submissions and write a gradebook",
                                description="Grades every submission in a folder or zip against the specs, in one process.")
    grade.add_argument("specs", nargs="+", type=Path, help="spec files or folders")
    grade.add_argument("--submissions", required=True, type=Path, metavar="PATH", help="a folder or zip of submissions")
    grade.add_argument("--gradebook", required=True, type=Path, metavar="CSV", help="the gradebook to write")
    grade.add_argument("--results", type=Path, metavar="DIR",
                       help="a folder per student with results.json and feedback.txt; re-runs skip unchanged submissions")
    grade.add_argument("--layout", choices=LAYOUTS, default="auto", help="how the submissions are laid out (default: detected)")
    grade.add_argument("--jobs", type=int, default=cores(), metavar="N", help="sandbox worker processes (default: the cores available)")
    grade.add_argument("--shard", type=shard_of, metavar="K/N", help="grade only the K-th of N slices of the class")
    grade.add_argument("--per-case", action="store_true", help="a gradebook column per case too")
    grade.add_argument("--lms", choices=FLAVOURS[1:], help="write the gradebook in the columns this LMS imports")
    grade.add_argument("--lms-column", default="jsgrade", metavar="NAME",
                       help="the assignment's column in the Canvas gradebook, as your export names it ('Lab 1 (12345)')")
    grade.add_argument("--hidden-feedback", choices=FEEDBACKS, default="outcome",
                       help="what the students' results show of failing hidden cases (default: outcome)")
    grade.add_argument("--quiet", action="store_true", help="no progress, only the summary")
    book = commands.add_parser("gradebook", help="gradebook tools")
    book_commands = book.add_subparsers(dest="action", required=True)
    merging = book_commands.add_parser("merge", help="join the gradebooks of shards into one")
    merging.add_argument("parts", nargs="+", type=Path, help="gradebooks written with --shard")
    merging.add_argument("-o", "--output", required=True, type=Path, help="the gradebook to write")


