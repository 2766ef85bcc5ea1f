"""A model's streamed reply, printed as it comes yet never with a key or a control sequence.

`clean` (advisor/llm/model_text.py) works on a whole text, but a stream arrives in chunks,
and a key, an escape sequence or a `Bearer …` pair may be split across them: cleaning each
chunk alone would print the first half of a key. So the pending text is cleaned as one, and
its last HOLD characters (at least the longest configured key) are held back until more
comes or the reply ends: no prefix of a key is printed before the whole is known. An
unfinished private-key block is held from its start. The pending text is cut at whitespace
once it is printed and cleaning it in two gives the same text as cleaning it whole, so each
chunk costs a bounded amount of work however long the reply.
"""

from __future__ import annotations

import re

from advisor.llm.model_text import printable
from advisor.secrets import configured_keys

MIN_HOLD = 96  # covers what the patterns of advisor/secrets.py need to see before they match
_OPEN_KEY_BLOCK = re.compile(r"-----BEGIN [A-Z ]*PRIVATE KEY-----(?![\s\S]*-----END)")
_SPACE = re.compile(r"\s")


class StreamCleaner:
    def __init__(self, secrets: tuple[str, ...] = ()):
        self.secrets = tuple(s for s in secrets if s)
        self.hold = max([MIN_HOLD, *(len(k) for k in configured_keys(self.secrets))])
        self.pending = ""  # raw text not yet settled
        self.shown = 0  # characters of printable(pending) already given out
        self.text = ""  # everything given out: the reply as the user saw it

    def feed(self, piece: str) -> str:
        """What can be printed now that `piece` has come."""
        self.pending += piece
        out = self._release(final=False)
        self._settle()
        return out

    def close(self) -> str:
        """The rest, once the reply has ended (or broken off)."""
        return self._release(final=True)

    def _clean(self, text: str) -> str:
        return printable(text, self.secrets)

    def _release(self, final: bool) -> str:
        text = self._clean(self.pending)
        end = len(text)
        if not final:
            end -= self.hold
            block = _OPEN_KEY_BLOCK.search(text)
            if block:
                end = min(end, block.start())
        out = text[self.shown:end] if end > self.shown else ""
        self.shown += len(out)
        self.text += out
        return out

    def _settle(self) -> None:
        """Drop the printed head of `pending`, at a whitespace where cleaning in two changes nothing."""
        if len(self.pending) < 4 * self.hold:
            return
        whole = self._clean(self.pending)
        cuts = list(_SPACE.finditer(self.pending, 0, len(self.pending) - 2 * self.hold))
        for match in reversed(cuts[-3:]):  # a few tries a chunk: the next chunk tries again
            head = self._clean(self.pending[:match.end()])
            if len(head) <= self.shown and head + self._clean(self.pending[match.end():]) == whole:
                self.pending, self.shown = self.pending[match.end():], self.shown - len(head)
                return
