"""Which cloud a tool belongs to, from its name: the one rule shared by the knowledge base
(which tools to offer), the guard-rails (which a model may name) and the eval scorers.

A name is read as the eye reads it (`folded`): "vLLM ＳａｇｅＭａｋｅｒ" in full-width letters, or
"Sage\u00adMaker" with an invisible soft hyphen, is SageMaker to a reader, so it is to the rule.
"""

from __future__ import annotations

import re

from advisor.unicode_text import folded

CLOUD_BRANDS = {
    "aws": r"\b(aws|amazon|sagemaker|bedrock|inferentia|trainium|neuron|ec2|eks|elasticache|cloudwatch)\b",
    "gcp": r"\b(gcp|google cloud|vertex|gke|cloud run|bigquery|memorystore|tpu)\b",
    "azure": r"\b(azure|microsoft sustainability|microsoft cloud)\b",
}
_COMPILED = {cloud: re.compile(pattern) for cloud, pattern in CLOUD_BRANDS.items()}


def tool_cloud(name: str) -> str | None:
    lowered = folded(name)
    for cloud, pattern in _COMPILED.items():
        if pattern.search(lowered):
            return cloud
    return None


def foreign(tools, allowed) -> list[tuple[str, str]]:
    """(tool, cloud) for each tool that belongs to a cloud outside `allowed`: the tools rule,
    for a model's table row (guard-rails, rule checker) and for its prose (chat)."""
    found = []
    for tool in tools:
        cloud = tool_cloud(str(tool))
        if cloud is not None and cloud not in allowed:
            found.append((tool, cloud))
    return found
