"""``hf:MODEL`` — a local or hub ``transformers`` model as a summarizer.

``MODEL`` is a local directory (a ``save_pretrained`` folder, a downloaded snapshot, or a folder holding
a ``.gguf`` file named with ``-M gguf_file=``) or a hub id. The architecture decides how the model is
prompted:

* encoder-decoder models (BART, PEGASUS, T5: ``config.is_encoder_decoder``) read the raw source text,
  optionally after ``-M source_prefix=`` (``"summarize: "`` for T5). The prompt template does not apply;
  the signature says ``prompt:none(seq2seq)``.
* causal LMs get the shared, versioned prompt (``prompt.py``; ``-M prompt=FILE`` replaces it) through the
  tokenizer's chat template when it has one, or as plain text followed by ``Summary:`` when it has none.
  Batches are left-padded and only the new tokens are decoded.

Options (``-M key=value``): ``device`` (cpu | cuda[:N] | mps | auto; default cpu), ``batch_size`` (4),
``max_new_tokens`` (128), ``num_beams`` (1 for causal LMs, 4 for seq2seq), ``do_sample`` (false),
``temperature`` and ``top_p`` (with ``do_sample=true`` only), ``seed`` (0; torch is seeded before every
batch), ``max_input_tokens`` (default: the model's context, less ``max_new_tokens`` for causal LMs, or
1024), ``dtype`` (float32 | float16 | bfloat16 | auto), ``gguf_file``, ``revision``,
``trust_remote_code`` (false), ``source_prefix`` (seq2seq only), ``prompt`` (causal LMs only).

Every setting that can change a summary is recorded in ``spec().options`` together with a fingerprint of
the weights and the transformers version; ``batch_size`` is not, since greedy outputs do not depend on it.
A batch that raises is retried one task at a time so only the tasks that really fail become ``Failed``.
"""

from __future__ import annotations

import contextlib
import importlib.util
import math
from pathlib import Path
from typing import Any, Iterator, Mapping, Sequence

from ..errors import MissingDependency, PluginError
from ..backends.hf import (
    ModelLocation,
    hub_errors,
    import_transformers,
    locate_model,
    model_fingerprint,
    quiet_gguf_progress,
    quiet_transformers,
    resolve_device,
    resolve_dtype,
)
from ..options import Option, OptionReader
from ..text import count_words, truncate_words
from ..types import Document, Failed, Summary, Task
from .base import BaseSummarizer, SummaryOutput, summarizers
from .prompt import PromptTemplate, load_prompt

FALLBACK_CONTEXT = 1024
SEQ2SEQ_PROMPT = "none(seq2seq)"
_PLAIN_SUFFIX = "\n\nSummary:\n"


class HFSummarizer(BaseSummarizer):
    """A transformers seq2seq model or causal LM, loaded once and run in batches."""

    family = "hf"
    version = "1"
    GENERATION_OPTIONS = (
        Option("device", str, "cpu", "torch device (cpu, cuda, cuda:1, mps)."),
        Option("batch_size", int, 4, "Tasks per forward pass (a model batch, not concurrency).", minimum=1),
        Option("max_new_tokens", int, 128, "Most tokens generated per summary.", minimum=1),
        Option("num_beams", int, None, "Beam search width (default: the model's generation config).", minimum=1),
        Option("do_sample", bool, False, "Sample instead of greedy/beam decoding."),
        Option("temperature", float, None, "Sampling temperature (needs do_sample=true)."),
        Option("top_p", float, None, "Nucleus sampling mass in (0, 1] (needs do_sample=true)."),
        Option("seed", int, 0, "Generation seed (torch).", minimum=0),
        Option("max_input_tokens", int, None, "Truncate the input to this many tokens (default: the model's context).", minimum=16),
        Option("dtype", str, "float32", "Weights dtype (float32, bfloat16, float16)."),
        Option("source_prefix", str, None, "Text put before the articles for a seq2seq model (e.g. 'summarize: ')."),
        Option("prompt", str, None, "A prompt template file for a causal LM (default: the packaged prompt)."),
    )
    SOURCE_OPTIONS = (
        Option("gguf_file", str, None, "The .gguf file to load from the model folder."),
        Option("revision", str, None, "Model revision (a local folder needs none)."),
        Option("trust_remote_code", bool, False, "Allow the model folder's own code to run."),
    )
    OPTIONS = (*GENERATION_OPTIONS, *SOURCE_OPTIONS)

    def __init__(self, argument: str | None, options: Mapping[str, Any] | None = None):
        super().__init__(argument, options)
        self._load()
        self.options = self.output_options()

    # -- options ----------------------------------------------------------------------------------
    def configure(self, options: OptionReader) -> None:
        self.device_name = options.get("device") or "cpu"
        self.batch_size = options.get("batch_size")
        self.max_new_tokens = options.get("max_new_tokens")
        self.num_beams_option = options.get("num_beams")
        self.do_sample = options.get("do_sample")
        self.temperature = options.get("temperature")
        self.top_p = options.get("top_p")
        self.seed = options.get("seed")
        self.max_input_option = options.get("max_input_tokens")
        self.dtype_name = options.get("dtype") or "float32"
        self.source_prefix = options.get("source_prefix")
        self.prompt_path = options.get("prompt")
        self.configure_source(options)
        if not self.do_sample and (self.temperature is not None or self.top_p is not None):
            raise PluginError(
                f"{self._spec_text()}: temperature and top_p apply only when sampling; "
                "add -M do_sample=true or drop them"
            )
        if self.temperature is not None and self.temperature <= 0:
            raise PluginError(f"{self._spec_text()}: temperature must be above 0 (for greedy output use do_sample=false)")
        if self.top_p is not None and not 0 < self.top_p <= 1:
            raise PluginError(f"{self._spec_text()}: top_p must be in (0, 1]")

    def configure_source(self, options: OptionReader) -> None:
        """Options that say where the weights come from (the ``smollm2`` family fixes these itself)."""
        self.gguf_file = options.get("gguf_file")
        self.revision = options.get("revision")
        self.trust_remote_code = options.get("trust_remote_code")

    def model_location(self) -> ModelLocation:
        return locate_model(self.argument or "")

    # -- loading ----------------------------------------------------------------------------------
    def _load(self) -> None:
        name = self._spec_text()
        libs = import_transformers()
        quiet_transformers(libs)
        self.libs = libs
        tf = libs.transformers
        self.device = resolve_device(libs, name, self.device_name)
        dtype = resolve_dtype(libs, name, self.dtype_name)
        location = self.model_location()
        kw: dict[str, Any] = {"trust_remote_code": self.trust_remote_code}
        if self.revision:
            kw["revision"] = self.revision
        if self.gguf_file:
            self._check_gguf(location)
            kw["gguf_file"] = self.gguf_file
        try:
            with hub_errors(location), (quiet_gguf_progress() if self.gguf_file else contextlib.nullcontext()):
                config = tf.AutoConfig.from_pretrained(location.source, **kw)
                tokenizer = tf.AutoTokenizer.from_pretrained(location.source, **kw)
                self.seq2seq = bool(getattr(config, "is_encoder_decoder", False))
                auto = tf.AutoModelForSeq2SeqLM if self.seq2seq else tf.AutoModelForCausalLM
                model = auto.from_pretrained(location.source, **kw, **_dtype_kwarg(tf, dtype))
        except ImportError as exc:
            raise PluginError(f"{name}: loading the model needs a package that is missing: {exc}") from None
        model.eval()
        model.to(self.device)
        self.model, self.tokenizer, self.config = model, tokenizer, config
        self.location = location
        self.weights = model_fingerprint(location, self.gguf_file, getattr(config, "_commit_hash", None))
        self._check_mode_options()
        if not self.seq2seq:
            tokenizer.padding_side = "left"
        if tokenizer.pad_token is None:
            if tokenizer.eos_token is None:
                raise PluginError(f"{name}: the tokenizer has neither a pad nor an eos token; batching needs one")
            tokenizer.pad_token = tokenizer.eos_token
        self.template: PromptTemplate | None = None if self.seq2seq else load_prompt(self.prompt_path)
        self.chat = not self.seq2seq and bool(getattr(tokenizer, "chat_template", None))
        self.num_beams = self.num_beams_option or (4 if self.seq2seq else 1)
        context = _context_limit(config, tokenizer)
        default_input = context if self.seq2seq else context - self.max_new_tokens
        self.max_input_tokens = self.max_input_option or max(16, default_input)
        self.model_generation_defaults = _generation_defaults(model)

    def _check_gguf(self, location: ModelLocation) -> None:
        for module, package in (("gguf", "gguf"), ("accelerate", "accelerate")):
            if importlib.util.find_spec(module) is None:
                raise MissingDependency("hf: GGUF models", "hf", f"{package} (with transformers, torch==2.13.0)")
        if location.local and not (Path(location.source) / (self.gguf_file or "")).is_file():
            found = sorted(p.name for p in Path(location.source).glob("*.gguf")) or ["none"]
            raise PluginError(
                f"{self._spec_text()}: no GGUF file {self.gguf_file!r} in {location.source}; "
                f"GGUF files there: {', '.join(found)}"
            )

    def _check_mode_options(self) -> None:
        if self.seq2seq and self.prompt_path is not None:
            raise PluginError(
                f"{self._spec_text()}: is an encoder-decoder model that reads the raw article; "
                "-M prompt applies to causal LMs only (use -M source_prefix=... instead)"
            )
        if not self.seq2seq and self.source_prefix is not None:
            raise PluginError(
                f"{self._spec_text()}: is a causal LM prompted with the prompt template; "
                "-M source_prefix applies to seq2seq models only (use -M prompt=FILE instead)"
            )

    # -- records ----------------------------------------------------------------------------------
    def output_options(self) -> dict[str, Any]:
        """The settings that can change a summary, as the manifest records them (and the cache keys on)."""
        out: dict[str, Any] = {
            "architecture": "seq2seq" if self.seq2seq else "causal",
            "device": self.device,
            "do_sample": self.do_sample,
            "dtype": self.dtype_name,
            "max_input_tokens": self.max_input_tokens,
            "max_new_tokens": self.max_new_tokens,
            "model_generation_defaults": self.model_generation_defaults,
            "num_beams": self.num_beams,
            "seed": self.seed,
            "transformers": self.libs.transformers.__version__,
            "trust_remote_code": self.trust_remote_code,
            "weights": self.weights,
        }
        if self.seq2seq:
            out["source_prefix"] = self.source_prefix or ""
        else:
            assert self.template is not None
            out["prompt"] = self.template.signature()
            out["chat_template"] = self.chat
        for key in ("temperature", "top_p", "gguf_file", "revision"):
            value = getattr(self, key)
            if value is not None:
                out[key] = value
        return dict(sorted(out.items()))

    def signature_fields(self) -> dict[str, str]:
        if self.seq2seq:
            return {"prompt": SEQ2SEQ_PROMPT}
        assert self.template is not None
        return {"prompt": self.template.signature()}

    # -- inputs -----------------------------------------------------------------------------------
    def render_inputs(self, tasks: Sequence[Task]) -> list[str]:
        """The exact text the model reads for each task (chat template applied, input fitted)."""
        return [self._render_fitted(t) for t in tasks]

    def _render(self, task: Task) -> str:
        if self.seq2seq:
            return (self.source_prefix or "") + task.source_text
        assert self.template is not None
        messages = self.template.messages(task)
        if self.chat:
            return self.tokenizer.apply_chat_template(messages, tokenize=False, add_generation_prompt=True)
        return "\n\n".join(m["content"] for m in messages) + _PLAIN_SUFFIX

    def _n_tokens(self, text: str) -> int:
        return len(self.tokenizer(text, add_special_tokens=not self.chat)["input_ids"])

    def _render_fitted(self, task: Task) -> str:
        """Render a causal LM's prompt, cutting each article's tail until it fits ``max_input_tokens``.

        Seq2seq inputs are cut by the tokenizer instead (``truncation=True``). Cutting words from the
        end of every article keeps the template's instructions and each article's lead intact.
        """
        text = self._render(task)
        if self.seq2seq:
            return text
        n = self._n_tokens(text)
        if n <= self.max_input_tokens:
            return text
        bare = Task(
            id=task.id, config=task.config, title=task.title,
            documents=tuple(Document(d.id, d.title, "") for d in task.documents),
            references=(), keyfacts=(), word_budget=task.word_budget,
        )
        overhead = self._n_tokens(self._render(bare))
        room = self.max_input_tokens - overhead
        if room <= 0:
            raise PluginError(
                f"{self._spec_text()}: the prompt template alone takes {overhead} tokens, more than "
                f"max_input_tokens={self.max_input_tokens}; raise -M max_input_tokens"
            )
        factor = room / max(1, n - overhead)
        for _ in range(12):
            docs = tuple(
                Document(d.id, d.title, truncate_words(d.text, math.floor(count_words(d.text) * factor)))
                for d in task.documents
            )
            text = self._render(Task(
                id=task.id, config=task.config, title=task.title, documents=docs,
                references=(), keyfacts=(), word_budget=task.word_budget,
            ))
            if self._n_tokens(text) <= self.max_input_tokens:
                return text
            factor *= 0.9
        raise PluginError(f"{self._spec_text()}: could not fit task {task.id} into max_input_tokens={self.max_input_tokens}")

    def _encode(self, texts: list[str]) -> Any:
        return self.tokenizer(
            texts,
            return_tensors="pt",
            padding=True,
            truncation=self.seq2seq,
            max_length=self.max_input_tokens if self.seq2seq else None,
            add_special_tokens=not self.chat,
        )

    # -- generation -------------------------------------------------------------------------------
    def generation_kwargs(self) -> dict[str, Any]:
        kw: dict[str, Any] = {
            "max_new_tokens": self.max_new_tokens,
            "num_beams": self.num_beams,
            "do_sample": self.do_sample,
            "pad_token_id": self.tokenizer.pad_token_id,
        }
        if self.do_sample:
            if self.temperature is not None:
                kw["temperature"] = self.temperature
            if self.top_p is not None:
                kw["top_p"] = self.top_p
        return kw

    def summarize(self, tasks: Sequence[Task]) -> list[SummaryOutput]:
        return [out for _, out in sorted(self.summarize_each(tasks), key=lambda pair: pair[0])]

    def summarize_each(self, tasks: Sequence[Task]) -> Iterator[tuple[int, SummaryOutput]]:
        """Outputs batch by batch (``-M batch_size``), so the runner caches each batch as it is generated."""
        for start in range(0, len(tasks), self.batch_size):
            batch = list(tasks[start : start + self.batch_size])
            try:
                outs = self._generate(batch)
            except Exception as exc:  # one bad task must not sink its batch-mates
                if len(batch) == 1:
                    outs = [self._failure(exc)]
                else:
                    outs = []
                    for task in batch:
                        try:
                            outs.extend(self._generate([task]))
                        except Exception as single_exc:
                            outs.append(self._failure(single_exc))
            yield from enumerate(outs, start)

    def _failure(self, exc: BaseException) -> Failed:
        if isinstance(exc, PluginError):
            return Failed(str(exc))
        first = (str(exc).strip().splitlines() or [""])[0]
        return Failed(f"{self._spec_text()}: generation failed: {type(exc).__name__}: {first}")

    def _generate(self, batch: list[Task]) -> list[SummaryOutput]:
        torch = self.libs.torch
        enc = self._encode(self.render_inputs(batch)).to(self.device)
        torch.manual_seed(self.seed or 0)
        with torch.inference_mode():
            generated = self.model.generate(**enc, **self.generation_kwargs())
        prompt_len = 0 if self.seq2seq else enc["input_ids"].shape[1]
        pad_id = self.tokenizer.pad_token_id
        special = set(self.tokenizer.all_special_ids)
        results: list[SummaryOutput] = []
        for i in range(len(batch)):
            new = generated[i, prompt_len:].tolist()
            text = self.tokenizer.decode(new, skip_special_tokens=True).strip()
            usage = {
                "prompt_tokens": int(enc["attention_mask"][i].sum()),
                "completion_tokens": _completion_length(new, pad_id, self.tokenizer.eos_token_id, special, self.seq2seq),
            }
            if not text:
                results.append(Failed(
                    f"{self._spec_text()}: the model generated no text for task {batch[i].id}; "
                    "try another model, a larger -M max_new_tokens, or -M do_sample=true"
                ))
            else:
                results.append(Summary(text=text, usage=usage))
        return results


def _dtype_kwarg(tf: Any, dtype: Any) -> dict[str, Any]:
    """transformers >= 4.56 calls it ``dtype``; older releases ``torch_dtype``."""
    from packaging.version import Version

    key = "dtype" if Version(tf.__version__) >= Version("4.56") else "torch_dtype"
    return {key: dtype}


def _context_limit(config: Any, tokenizer: Any) -> int:
    candidates = [getattr(config, a, None) for a in ("max_position_embeddings", "n_positions", "max_sequence_length")]
    model_max = getattr(tokenizer, "model_max_length", None)
    if isinstance(model_max, int) and model_max < 1_000_000:
        candidates.append(model_max)
    usable = [c for c in candidates if isinstance(c, int) and c > 0]
    return min(usable) if usable else FALLBACK_CONTEXT


def _generation_defaults(model: Any) -> dict[str, Any]:
    """The checkpoint's own generation settings (``generation_config.json``) that our options leave in force."""
    gen = getattr(model, "generation_config", None)
    if gen is None:
        return {}
    diff = gen.to_diff_dict()
    skip = {"transformers_version", "max_new_tokens", "num_beams", "do_sample", "temperature", "top_p",
            "pad_token_id", "max_length", "_from_model_config"}
    return {k: v for k, v in sorted(diff.items()) if k not in skip and isinstance(v, (int, float, str, bool, list))}


def _completion_length(tokens: list[int], pad_id: int | None, eos_id: int | None, special: set[int], seq2seq: bool) -> int:
    """Generated tokens up to and including the first end-of-sequence (padding and the decoder start excluded)."""
    n = 0
    for i, tok in enumerate(tokens):
        if seq2seq and i == 0 and tok in special:
            continue
        if tok == eos_id:
            return n + 1
        if tok == pad_id:
            break
        n += 1
    return n


summarizers.register(
    HFSummarizer.family,
    HFSummarizer,
    help="hf:PATH_OR_HUB_ID — a transformers seq2seq model or chat LM (-M device=, batch_size=, max_new_tokens=)",
)
