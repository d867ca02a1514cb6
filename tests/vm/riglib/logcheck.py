# SPDX-License-Identifier: MIT
"""Kernel log check of `rig stop`: anything a clean run must never print."""

import re

# An oops, BUG, WARN, a backtrace, a GP fault or a panic.
BAD_LINE = re.compile(r"\bOops\b|BUG:|WARNING:|Call Trace|general protection"
                      r"|[Kk]ernel panic")


def bad_lines(text):
    return [line for line in text.splitlines() if BAD_LINE.search(line)]
