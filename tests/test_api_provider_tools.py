"""A hosted model's caching tool follows the provider as the architecture file spells it.

Why: `provider: bedrock` used to get no tool at all for prompt caching (the tool was tagged
`anthropic, amazon`, a spelling no file uses), and an OpenAI user was shown Azure OpenAI's.
"""

from __future__ import annotations

import json

import pytest
from conftest import edited_knowledge, run_cli

from advisor.errors import KnowledgeBaseError
from advisor.kb import KnowledgeBase

ARCH = """name: api
cloud: {{provider: aws, region: us-east-1}}
workloads: [{{name: bot, kind: llm-api, model: {{name: claude-3-5-sonnet, provider: "{provider}"}},
              traffic: {{requests_per_month: 1000000, input_tokens: 3000, output_tokens: 300}}}}]
constraints: {{clouds: [aws, gcp, azure]}}
"""


@pytest.mark.parametrize("provider, wanted, unwanted", [
    ("bedrock", "Amazon Bedrock prompt caching", "Azure OpenAI prompt caching"),
    ("AWS-Bedrock", "Amazon Bedrock prompt caching", "OpenAI prompt caching (automatic for prompts of 1,024 tokens or more)"),
    (" vertex ", "Google Cloud Vertex AI context caching", "Amazon Bedrock prompt caching"),
    ("gemini", "Google Cloud Vertex AI context caching", "Anthropic prompt caching (cache_control)"),
    ("azure-openai", "Azure OpenAI prompt caching", "OpenAI prompt caching (automatic for prompts of 1,024 tokens or more)"),
    ("openai", "OpenAI prompt caching (automatic for prompts of 1,024 tokens or more)", "Azure OpenAI prompt caching"),
])
def test_prompt_caching_tools_follow_the_provider(tmp_path, provider, wanted, unwanted):
    path = tmp_path / "api.yaml"
    path.write_text(ARCH.format(provider=provider), encoding="utf-8")
    run = run_cli("analyze", path, "--format", "json", "--no-log")
    assert run.code == 0, run.stderr
    rows = [r for r in json.loads(run.stdout)["recommendations"] if r["technique_id"] == "kv-cache-reuse"]
    assert rows, "kv-cache-reuse is expected for a 3,000-token prompt"
    assert wanted in rows[0]["tools"] and unwanted not in rows[0]["tools"]


def test_the_loader_refuses_a_provider_no_file_can_name(tmp_path):
    root = edited_knowledge(tmp_path, "techniques/kv-cache-reuse.yaml", "api_providers: [bedrock, aws-bedrock]}", "api_providers: [amazon]}")
    with pytest.raises(KnowledgeBaseError) as raised:
        KnowledgeBase(root)
    assert "unknown API provider(s) ['amazon']" in str(raised.value)
