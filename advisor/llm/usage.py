"""Token usage as the server reports it, checked against what was actually sent and received.

The advice's own footprint is computed from these numbers and written to the log, so a
server that reports -5000 or 10**30 prompt tokens must not produce a negative or absurd
footprint, an overflow in SQLite, or a failed analysis. A reported count is kept when it is
a non-negative integer no larger than the local count could plausibly become on the server;
otherwise the local count (advisor/tokens.py) is used and a note says so. The bound is
generous on purpose: tokenizers differ between providers (×FACTOR), the structured-output
schema or tool definition is billed as prompt (INPUT_SLACK), and reasoning models bill
hidden reasoning as output (OUTPUT_SLACK).
"""

from __future__ import annotations

FACTOR = 4
INPUT_SLACK = 4_000
OUTPUT_SLACK = 32_768


def plausible(reported, local: int, slack: int) -> int | None:
    """The reported count if believable, else None."""
    if isinstance(reported, bool) or not isinstance(reported, int):
        if isinstance(reported, float) and reported.is_integer():
            reported = int(reported)
        else:
            return None
    if reported < 0 or reported > FACTOR * local + slack:
        return None
    return reported


def checked(reported_in, reported_out, local_in: int, local_out: int) -> tuple[int, int, str | None]:
    """(input, output, note): the server's counts where plausible, else the local ones."""
    good_in = plausible(reported_in, local_in, INPUT_SLACK)
    good_out = plausible(reported_out, local_out, OUTPUT_SLACK)
    bad = [f"{name} {str(value)[:40]}" for name, value, good in
           (("input", reported_in, good_in), ("output", reported_out, good_out))
           if good is None and value is not None]  # not reported at all: counted locally, nothing to flag
    note = (f"the server reported implausible token usage ({', '.join(bad)}); locally counted tokens are used"
            if bad else None)
    return (local_in if good_in is None else good_in), (local_out if good_out is None else good_out), note
