"""hf: summarizer on real (tiny, randomly initialised) transformers models saved to disk on the spot."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("torch")
pytest.importorskip("transformers")

from benchmark.errors import OfflineError, PluginError
from benchmark.summarizers import create_summarizer
from benchmark.summarizers.hf import HFSummarizer
from benchmark.types import Failed, Summary, Task

from hf_fixtures import build_bart, build_llama, seed_tasks
from helpers import make_task

PY = sys.executable


@pytest.fixture(scope="session")
def models(tmp_path_factory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("hf_models")
    return {
        "bart": build_bart(root / "bart"),
        "llama": build_llama(root / "llama", chat=True),
        "plain": build_llama(root / "plain", chat=False),
        "silent": build_llama(root / "silent", chat=True, silent=True),
    }


@pytest.fixture(scope="session")
def tasks() -> list[Task]:
    return seed_tasks()


def texts(outputs) -> list[str]:
    assert all(isinstance(o, Summary) for o in outputs), outputs
    return [o.text for o in outputs]


def test_importing_the_modules_loads_neither_torch_nor_transformers():
    code = (
        "import sys, benchmark.summarizers.hf, benchmark.summarizers.smollm, benchmark.judges.nli, "
        "benchmark.backends.hf; print(sorted(m for m in ('torch', 'transformers') if m in sys.modules))"
    )
    out = subprocess.run([PY, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_seq2seq_model_summarizes_deterministically_and_records_its_settings(models, tasks):
    opts = {"max_new_tokens": "12", "num_beams": "2", "source_prefix": "summarize: "}
    s = create_summarizer(f"hf:{models['bart']}", opts)
    assert isinstance(s, HFSummarizer) and s.seq2seq
    first = texts(s.summarize(tasks))
    assert all(t.strip() for t in first)
    again = texts(create_summarizer(f"hf:{models['bart']}", {**opts, "batch_size": "1"}).summarize(tasks))
    assert again == first  # a fresh load, another batch size: same greedy/beam outputs

    spec = s.spec().to_dict()
    assert spec["name"] == "hf" and spec["argument"] == str(models["bart"])
    o = spec["options"]
    assert (o["architecture"], o["num_beams"], o["max_new_tokens"], o["source_prefix"]) == ("seq2seq", 2, 12, "summarize: ")
    assert o["do_sample"] is False and o["seed"] == 0 and o["dtype"] == "float32" and o["device"] == "cpu"
    assert o["max_input_tokens"] == 512  # the model's max_position_embeddings
    assert o["model_generation_defaults"]["no_repeat_ngram_size"] == 2  # the checkpoint's own setting
    assert len(o["weights"]) == 12 and "batch_size" not in o
    assert s.signature_fields() == {"prompt": "none(seq2seq)"}
    assert s.render_inputs(tasks[:1])[0].startswith("summarize: " + tasks[0].title)


def test_seq2seq_input_is_truncated_to_max_input_tokens(models, tasks):
    s = create_summarizer(f"hf:{models['bart']}", {"max_new_tokens": "4", "max_input_tokens": "40"})
    out = s.summarize(tasks)
    assert [o.usage["prompt_tokens"] for o in out] == [40, 40, 40]
    assert all(1 <= o.usage["completion_tokens"] <= 4 for o in out)


def test_causal_lm_gets_the_prompt_through_its_chat_template(models, tasks):
    s = create_summarizer(f"hf:{models['llama']}", {"max_new_tokens": "10", "batch_size": "2"})
    assert not s.seq2seq and s.chat
    rendered = s.render_inputs(tasks)
    for task, text in zip(tasks, rendered):
        assert "CHAT-TEMPLATE-APPLIED <|assistant|>" in text
        assert text.startswith("<|system|> You are a careful news editor")
        assert "at most 75 words" in text and task.documents[-1].text[-200:] in text
    first = texts(s.summarize(tasks))
    assert all(first)
    single = texts(create_summarizer(f"hf:{models['llama']}", {"max_new_tokens": "10", "batch_size": "1"}).summarize(tasks))
    assert single == first  # left padding: a task's output does not depend on its batch-mates

    spec = s.spec().to_dict()["options"]
    assert spec["architecture"] == "causal" and spec["chat_template"] is True and spec["num_beams"] == 1
    assert spec["prompt"] == s.signature_fields()["prompt"] and spec["prompt"].startswith("default@")
    assert spec["max_input_tokens"] == 4096 - 10


def test_prompt_file_changes_the_input_and_the_signature(models, tasks, tmp_path):
    prompt = tmp_path / "short.txt"
    prompt.write_text("Sum up in {word_budget} words:\n\n{article}\n", encoding="utf-8")
    s = create_summarizer(f"hf:{models['llama']}", {"prompt": str(prompt), "max_new_tokens": "4"})
    text = s.render_inputs(tasks[:1])[0]
    assert text.startswith("<|user|> Sum up in 75 words:") and "careful news editor" not in text
    sig = s.signature_fields()["prompt"]
    assert sig.startswith("short.txt@") and sig != create_summarizer(f"hf:{models['llama']}").signature_fields()["prompt"]


def test_causal_lm_without_chat_template_gets_plain_text(models, tasks):
    s = create_summarizer(f"hf:{models['plain']}", {"max_new_tokens": "6"})
    assert not s.chat
    text = s.render_inputs(tasks[:1])[0]
    assert text.startswith("You are a careful news editor") and text.endswith("Summary:\n")
    assert isinstance(s.summarize(tasks[:1])[0], Summary)


def test_long_prompt_keeps_instructions_and_lead_when_fitted(models, tasks):
    s = create_summarizer(f"hf:{models['llama']}", {"max_input_tokens": "300", "max_new_tokens": "3"})
    event = tasks[-1]
    text = s.render_inputs([event])[0]
    n = len(s.tokenizer(text, add_special_tokens=False)["input_ids"])
    assert 200 < n <= 300
    assert "CHAT-TEMPLATE-APPLIED" in text
    for doc in event.documents:  # every article keeps its title and its opening words
        assert doc.title in text and " ".join(doc.text.split()[:8]) in text
    assert s.summarize([event])[0].usage["prompt_tokens"] == n


def test_sampling_is_seeded(models, tasks):
    opts = {"do_sample": "true", "temperature": "1.5", "top_p": "0.95", "max_new_tokens": "8"}
    a = texts(create_summarizer(f"hf:{models['llama']}", {**opts, "seed": "7"}).summarize(tasks[:2]))
    b = texts(create_summarizer(f"hf:{models['llama']}", {**opts, "seed": "7"}).summarize(tasks[:2]))
    assert a == b
    spec = create_summarizer(f"hf:{models['llama']}", {**opts, "seed": "7"}).spec().options
    assert (spec["do_sample"], spec["temperature"], spec["top_p"], spec["seed"]) == (True, 1.5, 0.95, 7)


def test_a_failing_task_does_not_sink_its_batch(models, tasks):
    # The tiny BART has 512 learned positions; letting a long article through fails that task only.
    short = make_task("short", "NATO and Russia failed to agree.", title="Short", reference=None)
    s = create_summarizer(f"hf:{models['bart']}", {"max_input_tokens": "4000", "max_new_tokens": "5", "batch_size": "2"})
    out = s.summarize([short, tasks[-1]])
    assert isinstance(out[0], Summary) and out[0].text
    assert isinstance(out[1], Failed) and out[1].error.startswith(f"hf:{models['bart']}: generation failed: ")
    assert "\n" not in out[1].error


def test_empty_generation_is_a_failure(models, tasks):
    out = create_summarizer(f"hf:{models['silent']}", {"max_new_tokens": "3"}).summarize(tasks[:1])
    assert isinstance(out[0], Failed) and "generated no text" in out[0].error


@pytest.mark.parametrize(
    "options, message",
    [
        ({"temperature": "0.7"}, "apply only when sampling"),
        ({"device": "tpu"}, "device='tpu' must be one of"),
        ({"dtype": "int8"}, "dtype='int8' must be one of"),
        ({"source_prefix": "summarize: "}, "source_prefix applies to seq2seq models only"),
        ({"gguf_file": "model.gguf"}, "no GGUF file 'model.gguf'"),
        ({"beams": "2"}, "unknown option(s) beams"),
    ],
)
def test_bad_options_fail_with_a_clear_message(models, options, message):
    with pytest.raises(PluginError) as err:
        create_summarizer(f"hf:{models['llama']}", options)
    assert message in str(err.value)


def test_seq2seq_rejects_a_prompt_file(models, tmp_path):
    p = tmp_path / "p.txt"
    p.write_text("{article}", encoding="utf-8")
    with pytest.raises(PluginError, match="applies to causal LMs only"):
        create_summarizer(f"hf:{models['bart']}", {"prompt": str(p)})


def test_bad_local_paths(tmp_path):
    with pytest.raises(PluginError, match="does not exist"):
        create_summarizer(f"hf:{tmp_path}/no/such/model")
    with pytest.raises(PluginError, match="holds no config.json"):
        create_summarizer(f"hf:{tmp_path}")
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "config.json").write_text('{"model_type": "no-such-architecture"}', encoding="utf-8")
    with pytest.raises(PluginError) as err:
        create_summarizer(f"hf:{broken}")
    assert str(err.value).startswith(f"could not load the model in {broken}: ") and "\n" not in str(err.value)


def _offline_env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("HF_")}
    env.update(HF_HUB_OFFLINE="1", HF_HOME=str(tmp_path / "hf_home"), NEWSBENCH_CACHE_DIR=str(tmp_path / "cache"))
    return env


def test_hub_id_offline_is_a_one_line_error_from_the_cli(tmp_path):
    bench = Path(PY).with_name("bench")
    out = subprocess.run(
        [str(bench), "run", "--model", "hf:facebook/bart-large-cnn", "--runs-dir", str(tmp_path / "runs"), "--no-cache"],
        capture_output=True, text=True, env=_offline_env(tmp_path), timeout=300,
    )
    assert out.returncode == 1
    lines = [ln for ln in out.stderr.splitlines() if ln.strip()]
    assert lines == [
        "Error: model facebook/bart-large-cnn was not found locally and the Hugging Face hub cannot be reached "
        "(or does not have it); download it where there is network (huggingface-cli download facebook/bart-large-cnn) "
        "and pass its local path"
    ]
    assert not (tmp_path / "runs").exists() or not any((tmp_path / "runs").iterdir())


def test_hub_id_offline_raises_offline_error_in_the_library(tmp_path):
    code = (
        "from benchmark.summarizers import create_summarizer\n"
        "from benchmark.errors import OfflineError\n"
        "try:\n    create_summarizer('hf:sshleifer/distilbart-cnn-12-6')\n"
        "except OfflineError as e:\n    print('OfflineError', e)\n"
    )
    out = subprocess.run([PY, "-c", code], capture_output=True, text=True, env=_offline_env(tmp_path), timeout=300)
    assert out.stdout.startswith("OfflineError model sshleifer/distilbart-cnn-12-6 was not found locally"), out.stderr
    assert OfflineError.__name__ in out.stdout


def test_without_transformers_the_error_names_the_extra():
    code = (
        "import sys; sys.modules['transformers'] = None\n"
        "from benchmark.summarizers import create_summarizer\n"
        "from benchmark.errors import MissingDependency\n"
        "try:\n    create_summarizer('hf:facebook/bart-large-cnn')\n"
        "except MissingDependency as e:\n    print(e)\n"
    )
    out = subprocess.run([PY, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.stdout.strip() == (
        "hf: summarizers requires optional dependencies (transformers, torch==2.13.0). "
        "Install them with: pip install 'newsbench[hf]'"
    )
