"""Numbers read from the user's measurement and grid files (CSV cells, JSON values).

Every reader refuses the same things the same way: text that is not a number, NaN or
infinity, and negative amounts (energy, durations and intensities cannot be negative), each
as one InputError naming the file, the line and the column or field. A CSV cell is text, so
its text is read as a number; a JSON value is typed, so `json_nonnegative` refuses a string
(`"12"`): a tool that wrote one did not write the number we expect.
"""

from __future__ import annotations

import math
from pathlib import Path

from advisor.errors import InputError, Problem


def nonnegative(raw, path: Path, line: int | None, field: str, what: str = "") -> float:
    """`raw` (text from a CSV cell, or a JSON number) as a finite float ≥ 0.

    `what` names the quantity when the field's name does not say it (the message already
    starts with the field): "an intensity must be…", or just "must be…".
    """
    if isinstance(raw, bool):
        raise InputError(Problem(f"{what + ' ' if what else ''}must be a number, got {raw!r}", line, field), path)
    if isinstance(raw, (int, float)):
        value = float(raw)
    else:
        text = str(raw).strip()
        try:
            value = float(text)
        except ValueError:
            raise InputError(Problem(f"not a number: {text[:40]!r}", line, field), path) from None
    if not math.isfinite(value) or value < 0:
        raise InputError(Problem(f"{what + ' ' if what else ''}must be a finite number ≥ 0, got {str(raw).strip()[:40]!r}", line, field), path)
    return value


def json_nonnegative(value, path: Path, line: int | None, field: str) -> float:
    """A JSON value that must be a number (not a string, a boolean or null), finite and ≥ 0."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise InputError(Problem(f"expected a finite number ≥ 0, got {str(value)[:40]!r}", line, field), path)
    return nonnegative(value, path, line, field)
