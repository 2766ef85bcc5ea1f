"""Markdown output never carries raw HTML from the user's file, a label or a remote answer.

GitHub and IDE previews render inline HTML in Markdown, so a system or workload named
`<script>…</script>` or `<img src=x onerror=…>` must come out as text, in `analyze` and
`compare` alike, and a pipe, newline or backtick must not break the table around it.
"""

from __future__ import annotations

import html
import re

from hypothesis import given
from hypothesis import strategies as st

from advisor.render.md_escape import cell

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"

HOSTILE = f"""\
name: "{SCRIPT}"
description: "{IMG} & `tick` a\\\\|b"
cloud: {{provider: aws, region: us-east-1}}
workloads:
  - name: "{IMG}|x"
    kind: batch-inference
    model: {{name: "{SCRIPT}", parameters_b: 7, precision: fp16}}
    hardware: {{accelerator: nvidia-a10g, count: 4, utilization: 0.5, hours_per_month: 200}}
    schedule: {{deferrable: true}}
  - name: "b`c<b>bold</b>"
    kind: llm-inference
    model: {{name: m, parameters_b: 7, precision: fp16}}
    hardware: {{accelerator: nvidia-a10g, count: 1, utilization: 0.5, hours_per_month: 730}}
"""

RAW_HTML = re.compile(r"<(?!https?://)[a-zA-Z/!]")  # any tag opener; autolinks to sources are ours


def assert_inert(markdown: str) -> None:
    assert not RAW_HTML.search(markdown), RAW_HTML.search(markdown)
    assert "&lt;script&gt;" in markdown and "&lt;img src=x onerror=alert(1)&gt;" in markdown
    # every row of a table has as many cells as its header: no pipe or newline got through
    width = None
    for line in markdown.splitlines():
        if not line.startswith("|"):
            width = None
        elif width is None:
            width = table_cells(line)
        else:
            assert table_cells(line) == width, line


def table_cells(line: str) -> int:
    return len(re.findall(r"(?<!\\)\|", line)) - 1


def test_analyze_markdown_escapes_names_descriptions_and_models(cli, write_yaml):
    run = cli("analyze", write_yaml(HOSTILE), "--format", "markdown", "--no-log")
    assert run.code == 0, run.stderr
    md = run.stdout
    assert_inert(md)
    assert md.startswith("# greenadvisor — &lt;script&gt;alert(1)&lt;/script&gt;\n")
    assert "&#96;tick&#96;" in md and "a&#92;\\|b" in md  # a backslash cannot cancel the pipe's escape
    assert any(line.startswith("| &lt;img src=x onerror=alert(1)&gt;\\|x (batch-inference) |") for line in md.splitlines())


def test_compare_markdown_escapes_labels_and_names(cli, write_yaml):
    a = write_yaml(HOSTILE, "a.yaml")
    b = write_yaml(HOSTILE.replace("count: 4", "count: 2"), "b.yaml")
    run = cli("compare", a, b, "--format", "markdown", "--label-a", "<script>x</script>", "--label-b", IMG)
    assert run.code == 0, run.stderr
    assert_inert(run.stdout)
    assert "A · &lt;script&gt;x&lt;/script&gt;" in run.stdout


def test_cell_keeps_plain_text_as_it_is():
    assert cell("nightly-training: −56 % energy (38 %–75 %)") == "nightly-training: −56 % energy (38 %–75 %)"


@given(st.text(max_size=80))
def test_cell_is_one_inert_line_that_reads_back_as_its_text(text):
    out = cell(text)
    assert not set("<>`\n\r") & set(out)
    assert not re.search(r"(?<!\\)\|", out)  # every pipe escaped
    assert "\\" not in out.replace("\\|", "")  # no backslash but the pipe's own escape
    assert html.unescape(out.replace("\\|", "|")) == " ".join(text.split())


def test_links_images_and_emphasis_from_outside_are_inert():
    assert cell("[x](javascript:alert(3))") == "&#91;x&#93;(javascript:alert(3))"
    assert cell("![x](http://tracker.example/p.png)") == "!&#91;x&#93;(http://tracker.example/p.png)"
    assert cell("**bold** _it_ torch_dtype") == "&#42;&#42;bold&#42;&#42; &#95;it&#95; torch_dtype"
    for text in ("[x](javascript:alert(3))", "![x](http://tracker.example/p.png)", "**bold** _it_"):
        assert html.unescape(cell(text)) == text


def test_web_addresses_stay_readable():
    url = "https://github.com/mlco2/codecarbon/blob/master/a_b.md"
    assert cell(f"source: {url}") == f"source: {url}"


@given(st.text(alphabet="[]()!*_ax:/ ", max_size=40))
def test_no_link_image_or_emphasis_gets_through(text):
    out = cell(text)
    assert not set("[]*") & set(out)
    assert html.unescape(out) == " ".join(text.split())
