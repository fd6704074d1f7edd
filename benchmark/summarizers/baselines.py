"""Built-in baseline summarizers: lead, random, textrank, lexrank, oracle and reference.

Every extractive baseline works on the sentences of the task's documents (bodies only, titles left
out) as ``benchmark.text.split_sentences`` cuts them, and writes its summary one sentence per line.
None of them needs a download: sumy gets an offline tokenizer built on our splitter, and the oracle
scores with ``rouge-score`` directly.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, ClassVar, Sequence

from ..errors import PluginError
from ..options import Option, OptionReader
from ..text import count_words, split_sentences
from ..types import Failed, Summary, Task
from .base import BaseSummarizer, SummaryOutput, summarizers

_WORD = re.compile(r"\w+(?:[’'.\-]\w+)*")


@dataclass(frozen=True)
class SourceSentence:
    """One sentence of a task's source: which document it came from and where."""

    doc: int  # index of the document in ``task.documents``
    index: int  # position of the sentence in its document
    text: str


def document_sentences(task: Task) -> list[list[SourceSentence]]:
    """The sentences of each document body, in order, one list per document."""
    return [
        [SourceSentence(d, i, s) for i, s in enumerate(split_sentences(doc.text))]
        for d, doc in enumerate(task.documents)
    ]


def all_sentences(task: Task) -> list[SourceSentence]:
    """Every sentence of the task, documents one after the other."""
    return [s for doc in document_sentences(task) for s in doc]


def join_sentences(sentences: Sequence[SourceSentence]) -> str:
    """A multi-sentence summary: one sentence per line."""
    return "\n".join(s.text for s in sentences)


def word_set(text: str) -> frozenset[str]:
    return frozenset(w.lower() for w in _WORD.findall(text))


def _parse_count(family: str, argument: str | None) -> int:
    if argument is None:
        raise PluginError(
            f"{family} needs a sentence count: write {family}-3 for the first three sentences"
        )
    try:
        n = int(argument)
    except ValueError:
        raise PluginError(f"{family}: {argument!r} is not a sentence count; write {family}-3") from None
    if n < 1:
        raise PluginError(f"{family}-{n}: the sentence count must be at least 1 (e.g. {family}-3)")
    return n


def _no_argument(family: str, argument: str | None, hint: str) -> None:
    if argument is not None:
        raise PluginError(f"{family} takes no argument (got {argument!r}); {hint}")


class LeadSummarizer(BaseSummarizer):
    """First N sentences (lead-3); event tasks: round-robin over the articles' leads, near-duplicates skipped.

    With one document, the summary is its first N sentences. With several (the ``event`` config), the
    sentences are taken round-robin from each document's lead (doc 1 sentence 1, doc 2 sentence 1,
    doc 1 sentence 2, ...) until N are chosen, skipping any sentence whose word set is at least
    ``dedup`` (default 0.8) contained in the word set of a sentence already chosen, since articles on
    the same event often open with the same facts.
    """

    family: ClassVar[str] = "lead"
    usage: ClassVar[str] = "lead-N"
    version: ClassVar[str | None] = "1"
    dash_argument: ClassVar[bool] = True
    OPTIONS = (Option("dedup", float, 0.8, "On several articles: skip a sentence whose words are at least this "
                      "share of an already chosen sentence's words, in (0, 1]."),)

    def configure(self, options: OptionReader) -> None:
        self.n = _parse_count(self.family, self.argument)
        self.dedup = options.get("dedup")
        if not 0.0 < self.dedup <= 1.0:
            raise PluginError(f"lead-{self.n}: option dedup={self.dedup} must be in (0, 1]")

    def summarize_one(self, task: Task) -> SummaryOutput:
        docs = document_sentences(task)
        if len(docs) == 1:
            chosen = docs[0][: self.n]
        else:
            chosen = self._round_robin(docs)
        if not chosen:
            return Failed(f"task {task.id} has no sentences to take a lead from")
        return join_sentences(chosen)

    def _round_robin(self, docs: list[list[SourceSentence]]) -> list[SourceSentence]:
        chosen: list[SourceSentence] = []
        chosen_sets: list[frozenset[str]] = []
        depth = max(len(d) for d in docs)
        for i in range(depth):
            for doc in docs:
                if len(chosen) == self.n:
                    return chosen
                if i >= len(doc):
                    continue
                words = word_set(doc[i].text)
                if not words or any(len(words & c) >= self.dedup * len(words) for c in chosen_sets):
                    continue
                chosen.append(doc[i])
                chosen_sets.append(words)
        return chosen


class RandomSummarizer(BaseSummarizer):
    """N sentences drawn at random (seeded, -M seed=0), kept in document order (random-3)."""

    family: ClassVar[str] = "random"
    usage: ClassVar[str] = "random-N"
    version: ClassVar[str | None] = "1"
    dash_argument: ClassVar[bool] = True
    OPTIONS = (Option("seed", int, 0, "Seed of the sentence draw."),)

    def configure(self, options: OptionReader) -> None:
        self.n = _parse_count(self.family, self.argument)
        self.seed = options.get("seed")

    def summarize_one(self, task: Task) -> SummaryOutput:
        pool = all_sentences(task)
        if not pool:
            return Failed(f"task {task.id} has no sentences to draw from")
        # A string seed is hashed with SHA-512 by random.Random: stable across processes and platforms.
        rng = random.Random(f"{self.seed}:{task.id}")
        picked = sorted(rng.sample(range(len(pool)), min(self.n, len(pool))))
        return join_sentences([pool[i] for i in picked])


class _SumyTokenizer:
    """What sumy asks of a tokenizer, built on our sentence splitter (sumy's own needs NLTK data)."""

    language = "english"

    def to_sentences(self, paragraph: str) -> tuple[str, ...]:
        return tuple(split_sentences(paragraph))

    def to_words(self, sentence: str) -> tuple[str, ...]:
        return tuple(_WORD.findall(sentence))


class _SumyBaseline(BaseSummarizer):
    """Shared body of the sumy graph rankers: build sumy's document model from our sentences."""

    version: ClassVar[str | None] = "1"
    OPTIONS = (Option("sentences", int, 3, "Sentences in the summary.", minimum=1),)

    def configure(self, options: OptionReader) -> None:
        _no_argument(self.family, self.argument, "choose the length with -M sentences=N")
        self.n = options.get("sentences")

    def _make(self) -> Any:
        raise NotImplementedError

    def summarize(self, tasks: Sequence[Task]) -> list[SummaryOutput]:
        from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence
        from sumy.nlp.stemmers import Stemmer
        from sumy.utils import get_stop_words

        ranker = self._make()(Stemmer("english"))
        ranker.stop_words = get_stop_words("english")
        tokenizer = _SumyTokenizer()
        out: list[SummaryOutput] = []
        for task in tasks:
            docs = document_sentences(task)
            flat = [s for d in docs for s in d]
            if not flat:
                out.append(Failed(f"task {task.id} has no sentences to rank"))
                continue
            model = ObjectDocumentModel(
                tuple(Paragraph([Sentence(s.text, tokenizer) for s in d]) for d in docs if d)
            )
            picked = ranker(model, self.n)
            out.append(join_sentences(_locate(flat, [str(s) for s in picked])))
        return out


def _locate(flat: list[SourceSentence], texts: list[str]) -> list[SourceSentence]:
    """Map the texts sumy returned back to source sentences (first unused match), in document order."""
    used: set[int] = set()
    for text in texts:
        for i, s in enumerate(flat):
            if i not in used and s.text.strip() == text:
                used.add(i)
                break
    return [flat[i] for i in sorted(used)]


class TextRankSummarizer(_SumyBaseline):
    """TextRank (sumy) over the source sentences, -M sentences=3, kept in document order."""

    family: ClassVar[str] = "textrank"

    def _make(self) -> Any:
        from sumy.summarizers.text_rank import TextRankSummarizer as Ranker

        return Ranker


class LexRankSummarizer(_SumyBaseline):
    """LexRank (sumy) over the source sentences, -M sentences=3, kept in document order."""

    family: ClassVar[str] = "lexrank"

    def _make(self) -> Any:
        from sumy.summarizers.lex_rank import LexRankSummarizer as Ranker

        return Ranker


class _CachingRougeTokenizer:
    """rouge-score's own tokenizer, applied line by line with a cache.

    rouge-score's default tokenizer lowercases, maps non-alphanumerics to spaces, splits on
    whitespace and stems each token on its own, so tokenizing the lines of a text separately and
    concatenating gives exactly the tokens of the whole text. The oracle re-scores the same
    sentences many times; the cache makes that cheap without changing a single number.
    """

    def __init__(self) -> None:
        from rouge_score.tokenizers import DefaultTokenizer

        self._inner = DefaultTokenizer(use_stemmer=True)
        self._line = lru_cache(maxsize=8192)(self._tokenize_line)

    def _tokenize_line(self, line: str) -> tuple[str, ...]:
        return tuple(self._inner.tokenize(line))

    def tokenize(self, text: str) -> list[str]:
        return [tok for line in text.split("\n") for tok in self._line(line)]


class OracleSummarizer(BaseSummarizer):
    """Greedy extractive oracle: adds the sentence that most raises mean ROUGE-1/2 F1 vs the references.

    Starting from nothing, it repeatedly adds the source sentence that most increases the mean of
    ROUGE-1 and ROUGE-2 F1 (rouge-score, Porter stemming, each metric the maximum over the task's
    references) as long as the summary stays within the word budget (``-M max_words``, default the
    task's ``word_budget``) and the score goes up. If no single sentence fits the budget it takes the
    best-scoring sentence anyway (the scorer truncates it). The summary keeps document order. This is
    the extractive upper bound: it reads the references, so it is not a system.
    """

    family: ClassVar[str] = "oracle"
    version: ClassVar[str | None] = "1"
    OPTIONS = (Option("max_words", int, None, "Word budget of the chosen sentences (default: the task's).", minimum=1),)

    def configure(self, options: OptionReader) -> None:
        _no_argument(self.family, self.argument, "write oracle")
        self.max_words = options.get("max_words")

    def summarize(self, tasks: Sequence[Task]) -> list[SummaryOutput]:
        from rouge_score.rouge_scorer import RougeScorer

        scorer = RougeScorer(["rouge1", "rouge2"], tokenizer=_CachingRougeTokenizer())
        return [self._one(task, scorer) for task in tasks]

    def _one(self, task: Task, scorer: Any) -> SummaryOutput:
        refs = [r.text for r in task.references]
        if not refs:
            return Failed(f"task {task.id} has no references; the oracle needs at least one")
        pool = all_sentences(task)
        if not pool:
            return Failed(f"task {task.id} has no sentences to choose from")
        budget = self.max_words or task.word_budget
        lengths = [count_words(s.text) for s in pool]

        def score(indices: list[int]) -> float:
            text = "\n".join(pool[i].text for i in sorted(indices))
            best = scorer.score_multi(refs, text)
            return (best["rouge1"].fmeasure + best["rouge2"].fmeasure) / 2

        chosen: list[int] = []
        used = 0
        current = 0.0
        while True:
            best_i, best_score = None, current
            for i in range(len(pool)):
                if i in chosen or used + lengths[i] > budget:
                    continue
                s = score(chosen + [i])
                if s > best_score:
                    best_i, best_score = i, s
            if best_i is None:
                break
            chosen.append(best_i)
            used += lengths[best_i]
            current = best_score
        if not chosen:
            chosen = [max(range(len(pool)), key=lambda i: (score([i]), -i))]
        return join_sentences([pool[i] for i in sorted(chosen)])


class ReferenceSummarizer(BaseSummarizer):
    """A task's own reference (-M style=highlights) scored against the others: the human ceiling.

    The summary is the task's first reference of the chosen style, returned with ``held_out`` set to
    that reference's id, so the scorer compares it with the task's *other* references only
    (leave-one-out). A task with fewer than two references, or none of the style, fails.
    """

    family: ClassVar[str] = "reference"
    version: ClassVar[str | None] = "1"
    OPTIONS = (Option("style", str, "highlights", "Which reference style plays the summary (sentence, highlights, paragraph)."),)

    def configure(self, options: OptionReader) -> None:
        _no_argument(self.family, self.argument, "choose the reference with -M style=highlights")
        self.style = options.get("style")

    def summarize_one(self, task: Task) -> SummaryOutput:
        if len(task.references) < 2:
            return Failed(
                f"task {task.id} has {len(task.references)} reference(s); leave-one-out needs at least 2"
            )
        for ref in task.references:
            if ref.style == self.style:
                return Summary(text=ref.text, held_out=ref.id)
        styles = ", ".join(sorted({r.style for r in task.references}))
        return Failed(
            f"task {task.id} has no reference of style {self.style!r}; choose one of: {styles} "
            f"(-M style=...)"
        )


for _cls in (
    LeadSummarizer,
    RandomSummarizer,
    TextRankSummarizer,
    LexRankSummarizer,
    OracleSummarizer,
    ReferenceSummarizer,
):
    summarizers.register(_cls.family, _cls)
