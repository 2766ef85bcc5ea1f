"""Text from outside the program, made inert in Markdown.

Names, descriptions, labels, measurement notes, model answers and grid-API fields end up in
Markdown that GitHub and IDE previews render, inline HTML included: `<script>` or
`<img onerror=…>` in a workload name must arrive as text. Entities keep the rendered text
identical to the input. A pipe would split a table cell and a newline end its row; a backtick
would open a code span that swallows what follows; a backslash would undo the escape after it.
Brackets would open a link or an image (`[x](javascript:…)`, `![x](http://tracker/…)`), and
stars or word-edge underscores emphasis: they become entities too, which CommonMark never reads
as structure. A web address is left as it is, so a bare source URL still reads and links.
"""

from __future__ import annotations

import re

_ENTITIES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\\": "&#92;", "`": "&#96;", "|": "\\|"})
# a web address (kept), or a bracket, a star, or an underscore not inside a word (escaped)
_MARKUP = re.compile(r"(https?://\S+)|[\[\]*]|_(?![^\W_])|(?<![^\W_])_")
_MARK_ENTITIES = {"[": "&#91;", "]": "&#93;", "*": "&#42;", "_": "&#95;"}


def cell(text: object) -> str:
    """One line of plain text, safe in a table cell, a heading, a list item or a paragraph."""
    line = " ".join(str(text).split()).translate(_ENTITIES)
    return _MARKUP.sub(lambda m: m.group(1) or _MARK_ENTITIES[m.group(0)], line)
