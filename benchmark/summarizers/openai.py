"""``openai:MODEL`` — any OpenAI-compatible chat-completions server (OpenAI, vLLM, TGI, llama.cpp, Ollama).

Every task becomes one request built from the versioned prompt template (``prompt.py``); requests run
``concurrency`` at a time and are retried on rate limits, server errors and timeouts (see
``benchmark.backends.chat``). A task whose retries run out comes back as ``Failed`` and the run goes on;
a fatal error (HTTP 401/403/404, no server listening) stops the run after the first request.

Options (``-M key=value``): ``base_url`` (default ``$OPENAI_BASE_URL`` or the OpenAI API),
``api_key_env`` (the *name* of the variable holding the key, default ``OPENAI_API_KEY``; when it is unset
no ``Authorization`` header is sent, which is what local servers want), ``concurrency`` (4),
``max_retries`` (5), ``timeout`` (60 s per request), ``backoff`` (1 s, the first retry wait),
``max_wait`` (60 s, the longest wait between attempts, a server's ``Retry-After`` included),
``temperature`` (0), ``max_tokens`` (300), ``seed`` (sent only when given), ``prompt`` (a template file).
"""

from __future__ import annotations

from typing import Any, Iterator, Mapping, Sequence

from ..backends.chat import CLIENT_OPTIONS, ChatClient, ChatFailure, read_client_options, redact_url
from ..errors import PluginError
from ..options import Option, OptionReader
from ..types import Failed, Summary, Task
from .base import BaseSummarizer, SummaryOutput, summarizers
from .prompt import load_prompt


class OpenAISummarizer(BaseSummarizer):
    family = "openai"
    version = "1"
    OPTIONS = (
        *CLIENT_OPTIONS,
        Option("temperature", float, 0.0, "Sampling temperature (0: greedy).", minimum=0.0),
        Option("max_tokens", int, 300, "Most tokens in a summary.", minimum=1),
        Option("seed", int, None, "Generation seed sent to the endpoint (where it supports one)."),
        Option("prompt", str, None, "A prompt template file (default: the packaged prompt)."),
    )

    def __init__(self, argument: str | None, options: Mapping[str, Any] | None = None):
        super().__init__(argument, options)
        self.options = self.output_options()

    def output_options(self) -> dict[str, Any]:
        """The options that can change a summary, as the spec records them (and the cache keys on).

        Transport settings (concurrency, retries, timeout, backoff, the key's variable name) change how
        requests are sent, not what comes back, so they are left out: changing them keeps cached
        summaries valid. The prompt is recorded by content hash, so editing a prompt file in place never
        serves summaries made with its old text; ``base_url`` loses any ``user:password@`` part.
        """
        out: dict[str, Any] = {
            "base_url": redact_url(self.config.base_url),
            "max_tokens": self.max_tokens,
            "prompt": self.template.signature(),
            "temperature": self.temperature,
        }
        if self.seed is not None:
            out["seed"] = self.seed
        return out

    def configure(self, options: OptionReader) -> None:
        self._client_options = read_client_options(options)
        self.temperature = options.get("temperature")
        self.max_tokens = options.get("max_tokens")
        self.seed = options.get("seed")
        self.template = load_prompt(options.get("prompt"))
        self.config = self._client_options.config(self.argument or "")

    def signature_fields(self) -> dict[str, str]:
        return {"prompt": self.template.signature()}

    def summarize(self, tasks: Sequence[Task]) -> list[SummaryOutput]:
        out: list[SummaryOutput] = [Failed("no answer")] * len(tasks)
        for i, result in self.summarize_each(tasks):
            out[i] = result
        return out

    def summarize_each(self, tasks: Sequence[Task]) -> Iterator[tuple[int, SummaryOutput]]:
        """Each summary as its request completes; a fatal error (key, URL, model, no server) stops the run."""
        params = {"temperature": self.temperature, "max_tokens": self.max_tokens, "seed": self.seed}
        requests = [(self.template.messages(t), params) for t in tasks]
        with ChatClient(self.config) as client:
            for i, result in client.iter_many(requests):
                if isinstance(result, ChatFailure) and result.fatal:
                    raise PluginError(f"{self._spec_text()}: {result.error}; stopped the run")
                yield i, self._output(result)

    def _output(self, result: Any) -> SummaryOutput:
        if isinstance(result, ChatFailure):
            return Failed(f"{self._spec_text()}: {result.error}")
        text = result.content.strip()
        if not text:
            return Failed(
                f"{self._spec_text()}: the server returned an empty completion "
                f"(finish_reason={result.finish_reason}); try a larger -M max_tokens or another model"
            )
        return Summary(text=text, usage=dict(result.usage) if result.usage else None)


summarizers.register(
    "openai",
    OpenAISummarizer,
    help="Any OpenAI-compatible chat-completions server: openai:MODEL -M base_url=URL",
)
