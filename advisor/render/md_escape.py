"""Text from outside the program, made inert in Markdown.

Names, descriptions, labels, measurement notes, model answers and grid-API fields end up in
Markdown that GitHub and IDE previews render, inline HTML included: `<script>` or
`<img onerror=…>` in a workload name must arrive as text. Entities keep the rendered text
identical to the input. A pipe would split a table cell and a newline end its row; a backtick
would open a code span that swallows what follows; a backslash would undo the escape after it.
"""

from __future__ import annotations

_ENTITIES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\\": "&#92;", "`": "&#96;", "|": "\\|"})


def cell(text: object) -> str:
    """One line of plain text, safe in a table cell, a heading, a list item or a paragraph."""
    return " ".join(str(text).split()).translate(_ENTITIES)
