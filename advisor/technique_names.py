"""What each technique is called, and where a model's id or a piece of prose names one.

Why one place: a model's `technique_id` (advisor/llm/ids.py), a chat reply (advisor/chat/mentions.py)
and a model's summary (advisor/llm/guard.py) are all read for technique names, and three rules
drifting apart meant a name found in one was missed in another. The names themselves are data
(the knowledge base's id, en/fr name and `aliases`, see knowledge/README.md); this module holds
only how they are compared:

- a name is its words: any case, brackets aside ("Parameter-efficient fine-tuning (LoRA, QLoRA)"
  is "parameter efficient fine tuning"; the bracketed names are aliases of their own), and
  whatever stands between two words (a space, a hyphen, an apostrophe, a colon) does not matter;
- prose names a technique when one of its names appears as whole words, in any case, never across
  a sentence end and never as part of a hyphenated longer word (`kv-cache` is not found in `kv-cache-reuse`);
- an id is read exactly: the whole id, once normalised, must be one name of one technique;
- in prose, names and text are both compared as the eye reads them (`seen`): accents aside
  ("decalage temporel" is "décalage temporel"), compatibility forms folded (full-width letters),
  invisible format characters deleted, and Cyrillic or Greek letters that look like Latin ones
  read as those ("cаrbon-аware" with a Cyrillic а). A summary the guard must stop is not let
  through by a spelling a reader would not even notice.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass
from threading import Lock
from typing import TYPE_CHECKING

from advisor.unicode_text import seen

if TYPE_CHECKING:
    from advisor.kb import Technique

_BRACKETS = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")
_WORD = re.compile(r"\w+")
# between two words of a name, in prose: anything but a word character or a sentence end
_BETWEEN = r"[^\w.!?;\n]+"


# Cyrillic and Greek letters drawn like Latin ones (Unicode's confusables, the unambiguous ones):
# the way a look-alike spelling slips a name past a letter-for-letter comparison
def aside(name: str) -> str:
    """`name` without its bracketed parts: they qualify the name, they are not part of it."""
    return _BRACKETS.sub(" ", name)


def words(name: str) -> tuple[str, ...]:
    """The words a name is made of, lower case, brackets aside: the form two names are compared in."""
    return tuple(_WORD.findall(aside(name).lower()))


def spellings(technique: Technique) -> tuple[str, ...]:
    """Every name a technique goes by: its id, its name in each language, its aliases."""
    return (technique.id, technique.name.en, technique.name.fr, *technique.aliases.en, *technique.aliases.fr)


@dataclass(frozen=True)
class Clash:
    """An alias the knowledge base must refuse: empty, or already another technique's name."""

    technique: str
    alias: str
    other: str | None = None  # the technique that already goes by it
    what: str = "empty"  # what it is there: id | name | alias


def clashes(techniques: Iterable[Technique]) -> list[Clash]:
    """Aliases that name nothing, or that another technique already answers to.

    Ids and names are registered first, so an alias is refused whichever file comes first;
    between two aliases the second one read is the one refused.
    """
    techniques = list(techniques)
    owners: dict[tuple[str, ...], tuple[str, str]] = {}
    for technique in techniques:
        for what, name in (("id", technique.id), ("name", technique.name.en), ("name", technique.name.fr)):
            owners.setdefault(words(name), (technique.id, what))
    found = []
    for technique in techniques:
        for alias in (*technique.aliases.en, *technique.aliases.fr):
            key = words(alias)
            if not key:
                found.append(Clash(technique.id, alias))
                continue
            other, what = owners.setdefault(key, (technique.id, "alias"))
            if other != technique.id:
                found.append(Clash(technique.id, alias, other, what))
    return found


def _pattern(names: Iterable[str]) -> re.Pattern[str] | None:
    """One regex finding any of `names` as whole words in prose (any case, see the module's rules)."""
    found = (words(seen(name)) for name in names)
    alternatives = sorted({_BETWEEN.join(map(re.escape, w)) for w in found if w}, key=len, reverse=True)
    if not alternatives:
        return None
    return re.compile(rf"(?<![\w-])(?:{'|'.join(alternatives)})(?![\w-])", re.IGNORECASE)


class TechniqueNames:
    """The names of a knowledge base's techniques, read exactly (ids) or found in prose."""

    def __init__(self, techniques: Mapping[str, Technique]):
        self._names = {tid: spellings(technique) for tid, technique in techniques.items()}
        self._prose = {tid: _pattern(names) for tid, names in self._names.items()}
        self._exact: dict[Callable[[str], Hashable], dict[Hashable, set[str]]] = {}

    def read(self, raw: str, normalise: Callable[[str], Hashable] = words) -> str | None:
        """The technique whose id, name or alias `raw` is, brackets aside, once both go through
        `normalise`; None when it is none of them or the names of several (a guess would escape
        the hard rules)."""
        index = self._exact.get(normalise)
        if index is None:
            index = {}
            for tid, names in self._names.items():
                for name in names:
                    key = normalise(aside(name))
                    if key:
                        index.setdefault(key, set()).add(tid)
            self._exact[normalise] = index
        key = normalise(aside(raw))
        owners = index.get(key, set()) if key else set()
        return next(iter(owners)) if len(owners) == 1 else None

    def found(self, text: str) -> list[str]:
        """Ids of the techniques `text` names, in the knowledge base's order."""
        text = seen(text)
        return [tid for tid, pattern in self._prose.items() if pattern is not None and pattern.search(text)]

    def mentions(self, text: str, tid: str) -> bool:
        """Does `text` name this technique? An id outside the knowledge base is looked for as itself."""
        pattern = self._prose[tid] if tid in self._prose else _pattern([tid])
        return pattern is not None and pattern.search(seen(text)) is not None


_BUILT: dict[int, tuple[Mapping, TechniqueNames]] = {}
_LOCK = Lock()


def of(techniques: Mapping[str, Technique]) -> TechniqueNames:
    """The names of these techniques, built once per knowledge base (a chat reads every reply)."""
    with _LOCK:
        entry = _BUILT.get(id(techniques))
        if entry is not None and entry[0] is techniques:
            return entry[1]
        names = TechniqueNames(techniques)
        if len(_BUILT) >= 8:  # tests build knowledge bases from copies; keep only a few
            _BUILT.pop(next(iter(_BUILT)))
        _BUILT[id(techniques)] = (techniques, names)
        return names
