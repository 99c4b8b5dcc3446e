"""Deterministic measures of work, for the tests that guard linear code: the same numbers on every
machine and under any load (speed itself is the benchmark's: tools/bench.py)."""

from __future__ import annotations

import resource
import sys
import time
from collections.abc import Callable
from types import FrameType
from typing import Any


def steps(function: Callable[..., object], *args: Any) -> int:
    """The interpreter's steps while `function(*args)` runs in this thread: each Python line
    executed, each call and return, each call of a built-in. A loop over a list inside a loop
    shows here as quadratic; work done inside one C call (a regular expression's scan) does not."""
    count = 0

    def trace(frame: FrameType, event: str, arg: Any) -> Any:
        nonlocal count
        count += 1
        return trace

    def profile(frame: FrameType, event: str, arg: Any) -> None:
        nonlocal count
        if event == "c_call":
            count += 1

    sys.settrace(trace)
    sys.setprofile(profile)
    try:
        function(*args)
    finally:
        sys.setprofile(None)
        sys.settrace(None)
    return count


def grows_linearly(function: Callable[[int], object], size: int) -> tuple[int, int]:
    """Steps of `function(size)` and `function(2 * size)`: linear work at most doubles (plus a
    constant), quadratic work quadruples."""
    return steps(function, size), steps(function, 2 * size)


# A generous hang guard, in CPU seconds of this thread (waiting for a core under load does not
# count): linear code takes hundredths of a second on these inputs, quadratic code minutes.
HANG_GUARD = 60.0


def cpu_seconds(function: Callable[..., object], *args: Any) -> float:
    """CPU time of this thread while `function(*args)` runs."""
    start = time.thread_time()
    function(*args)
    return time.thread_time() - start


def peak_kib() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

