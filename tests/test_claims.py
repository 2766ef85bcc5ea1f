"""strip_claims (advisor/llm/model_text.py) cuts every clause of a model's action or warning that
claims a figure, whatever its unit or notation, and leaves text without figures as it was."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from advisor.llm.model_text import has_claim, strip_claims

UNITS = [
    "%", "pct", "percent", "per cent", "pour cent", "percentage points", "x", "×", "times", "fois",
    "kWh", "MWh", "Wh", "kilowatt-hours", "kilowatt hours", "megawatt-hours", "watt-hours", "kilowattheures",
    "kW", "W", "MW", "watts", "kilowatts", "megawatts",
    "kgCO2e", "tCO2e", "kg CO2", "tonnes of CO2", "grams of CO2e", "kilograms of CO₂",
    "€", "$", "¥", "£", "USD", "EUR", "GBP", "JPY", "CNY", "CHF", "dollars", "euros", "yen",
    "ms", "milliseconds", "s", "sec", "seconds", "µs", "millisecondes", "secondes",
]
CURRENCIES_FIRST = ["$", "€", "£", "¥", "₹", "USD ", "EUR ", "GBP ", "JPY "]
WORDS = st.sampled_from(["batch", "requests", "with", "vLLM", "the", "runtime", "Use", "cache", "prompts", "latency",
                         "route", "small", "model", "to", "of", "energy", "monthly", "a", "month"])


def _digits(x: float) -> st.SearchStrategy[str]:
    return st.sampled_from([
        f"{x:.0f}", f"{x:,.0f}", f"{x:.1f}", f"{x:,.2f}", f"{x:.1e}", f"{x:.2E}", f"{x:,.0f}".replace(",", " "),
        f"{x:.1f}".replace(".", ","), f"~{x:.0f}", f"{x:.0f}-{x * 2:.0f}", f"{x:.0f}k", f"{x:.1f} million",
    ])


numbers = st.floats(min_value=0.01, max_value=9e9, allow_nan=False).flatmap(_digits)
lead = st.lists(WORDS, min_size=1, max_size=5).map(" ".join)
tail = st.lists(WORDS, max_size=4).map(" ".join)


@settings(max_examples=400, deadline=None)
@given(lead=lead, verb=st.sampled_from(["saves", "cuts", "saving", "might add", "économise", "adds"]),
       number=numbers, space=st.sampled_from(["", " "]), unit=st.sampled_from(UNITS), rest=tail,
       sep=st.sampled_from([", ", "; ", ": ", " - ", " ("]))
def test_a_figure_with_a_unit_is_always_cut(lead, verb, number, space, unit, rest, sep):
    space = " " if number[-1].isalpha() else space  # "5k kWh", "1.5 million USD"
    text = f"{lead}{sep}{verb} {number}{space}{unit} {rest}".strip()
    out, cut = strip_claims(text)
    assert cut and not has_claim(out), (text, out)
    assert out == lead, (text, out)


@settings(max_examples=200, deadline=None)
@given(lead=lead, currency=st.sampled_from(CURRENCIES_FIRST), number=numbers, rest=tail)
def test_money_before_its_figure_is_cut(lead, currency, number, rest):
    out, cut = strip_claims(f"{lead}, saves {currency}{number.lstrip('~')} {rest}".strip())
    assert cut and out == lead


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Nd", "No", "Cs"), blacklist_characters="$€£¥₹")))
def test_text_without_figures_is_unchanged(text):
    assert strip_claims(text) == (text, False)


@pytest.mark.parametrize("text, kept", [
    ("Batch requests, saving 1,200 kilowatt-hours a month", "Batch requests"),
    ("Route easy prompts to a small model. Saves 1.2e3 kWh", "Route easy prompts to a small model."),
    ("Cache answers; saves 45pct energy", "Cache answers"),
    ("Cap the GPU power: saves 1.5 kW", "Cap the GPU power"),
    ("Move to a cheaper region, saves ¥5000", "Move to a cheaper region"),
    ("Quality may drop; might add 12 ms latency", "Quality may drop"),
    ("Speculative decoding (adds 0.2 s per request)", "Speculative decoding"),
])
def test_the_figures_reviewers_found(text, kept):
    assert strip_claims(text) == (kept, True)


@pytest.mark.parametrize("text", ["Run at 22:00 on 3 GPUs", "Quantize to int8 on the H100s", "Serve from us-east-1",
                                  "Keep 2 replicas warm", "Use p95 latency as the guide", "Move to eu-west-3 (Paris)"])
def test_figures_that_claim_nothing_are_kept(text):
    assert strip_claims(text) == (text, False)
