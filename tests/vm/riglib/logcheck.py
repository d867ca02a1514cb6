# SPDX-License-Identifier: MIT
"""Kernel log check of `rig stop`: anything a clean run must never print."""

import re

# An oops, BUG, WARN, a backtrace, a GP fault or a panic.
BAD_LINE = re.compile(r"\bOops\b|BUG:|WARNING:|Call Trace|general protection"
                      r"|[Kk]ernel panic")
# The kernel closes a WARN or oops report with this line (lib/bug.c,
# kernel/panic.c); a report cut short by a hang ends at REPORT_MAX lines.
REPORT_END = "---[ end trace"
REPORT_MAX = 80


def bad_lines(text):
    return [line for line in text.splitlines() if BAD_LINE.search(line)]


def bad_reports(text):
    """Each bad line with the rest of its report (registers, code, trace):
    a failure that happens once in many runs is diagnosed from this alone."""
    lines = text.splitlines()
    reports, i = [], 0
    while i < len(lines):
        if not BAD_LINE.search(lines[i]):
            i += 1
            continue
        end = min(i + REPORT_MAX, len(lines))
        for j in range(i, end):
            if REPORT_END in lines[j]:
                end = j + 1
                break
        reports.append(lines[i:end])
        i = end
    return reports
