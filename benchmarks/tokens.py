"""Prompt tokens per level and language, against a naive baseline.

The baseline is what one would paste into a chat without greenadvisor: the seed's pro
prompt, the whole architecture YAML and the whole knowledge base (every technique file and
the regions and accelerators tables). The grounded prompt carries only what applies.
"""

from __future__ import annotations

from pathlib import Path

from common import ROOT


def naive_baseline(example: Path) -> str:
    seed = next((ROOT.parent / "shared" / "seeds").glob("000_*"), None)
    seed_text = seed.read_text(encoding="utf-8") if seed else ""
    knowledge = ROOT / "knowledge"
    parts = [seed_text, example.read_text(encoding="utf-8")]
    parts += [p.read_text(encoding="utf-8") for p in sorted((knowledge / "techniques").glob("*.yaml"))]
    parts += [(knowledge / "grid" / "regions.csv").read_text(encoding="utf-8"),
              (knowledge / "hardware" / "accelerators.yaml").read_text(encoding="utf-8")]
    return "\n\n".join(parts)


def run() -> dict:
    from advisor.analysis import prepare_file
    from advisor.prompting import render_prompt
    from advisor.tokens import count

    rows = {}
    for example in ("doc-analyzer.yaml", "support-chatbot-azure.yaml"):
        path = ROOT / "examples" / example
        analysis = prepare_file(path)
        baseline = count(naive_baseline(path))
        for level in ("basic", "pro"):
            for lang in ("en", "fr"):
                prompt = render_prompt(analysis.loaded, analysis.advice, analysis.kb, level=level, lang=lang)
                tokens = count(prompt.text)
                rows[f"{example} {level} {lang}"] = {"tokens": tokens, "baseline": baseline, "share": tokens / baseline}
    return rows


if __name__ == "__main__":
    for key, value in run().items():
        print(key, value)
