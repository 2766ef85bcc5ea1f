"""A name too long is said in characters: pydantic worded it for a list ("at most 200 items")."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from advisor.errors import InputError
from advisor.loader import validate_document
from advisor.yamlfile import parse_yaml
from conftest import example


@pytest.mark.parametrize("where", ["system", "workload"])
def test_a_long_name_is_counted_in_characters(kb, where):
    data = yaml.safe_load(example("doc-analyzer.yaml").read_text())
    if where == "system":
        data["name"] = "x" * 5000
    else:
        data["workloads"][0]["name"] = "x" * 5000
    with pytest.raises(InputError) as caught:
        validate_document(parse_yaml(yaml.safe_dump(data), Path("long.yaml")), kb)
    message = str(caught.value)
    assert "at most 200 characters" in message and "items" not in message
