"""The dataset card (``README.md``) of a built dataset: a YAML header the Hub and ``datasets`` read, and
prose a researcher reads before trusting the numbers.

The card is a ``huggingface_hub.DatasetCard`` built from ``DatasetCardData``: ``configs`` tell
``datasets.load_dataset(DIR)`` where each config's parquet files are, and ``dataset_info`` (written by
``datasets``' own ``DatasetInfosDict.to_dataset_card_data``, as ``push_to_hub`` does) declares the typed
features, so no loading script is needed. The card is not part of the dataset hash, which covers the
tasks only (``benchmark.data.tasks.dataset_hash``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping, Sequence

from ..text import count_words
from ..types import Task

# The article texts are not the project's to license, so the card says "other" and explains: the
# annotations are CC BY 4.0, the articles stay with their publishers.
LICENSE = "other"
LICENSE_NAME = "newsbench-annotations-cc-by-4.0"
HOMEPAGE = "https://huggingface.co/datasets/newsbench/newsbench"
LICENSE_LINK = f"{HOMEPAGE}/blob/main/README.md#license"


@dataclass(frozen=True)
class CardInputs:
    name: str
    version: str
    hash: str
    tasks: tuple[Task, ...]
    config_files: Mapping[str, Sequence[str]]  # config -> data files relative to the dataset folder
    dataset_info: Mapping[str, Any]  # config -> ``datasets.DatasetInfo`` (features and split sizes)
    articles: Mapping[str, Mapping]  # article id -> metadata record
    packaged: bool  # True for newsbench's own data, False for a user's build


def card_data(c: CardInputs):
    """The card's YAML header as ``huggingface_hub.DatasetCardData``."""
    from datasets.info import DatasetInfosDict
    from huggingface_hub import DatasetCardData

    configs = [
        {
            "config_name": "all",
            "data_files": [{"split": "test", "path": [p for files in c.config_files.values() for p in files]}],
            "default": True,
        }
    ]
    for name, files in c.config_files.items():
        configs.append({"config_name": name, "data_files": [{"split": "test", "path": list(files)}]})
    licensing: dict[str, Any] = (
        {"license": LICENSE, "license_name": LICENSE_NAME, "license_link": LICENSE_LINK}
        if c.packaged else {"license": "unknown"}
    )
    data = DatasetCardData(
        pretty_name="newsbench: fact-checked news summarization" if c.packaged else c.name,
        language=["en"],
        language_creators=["found", "expert-generated"],  # news articles as published; written references
        annotations_creators=["expert-generated"],
        multilinguality=["monolingual"],
        size_categories=["n<1K"],
        source_datasets=["original"],
        task_categories=["summarization"],
        task_ids=["news-articles-summarization"],
        tags=["news", "factuality", "key-facts", "multi-document-summarization", "evaluation"],
        **licensing,
        configs=configs,
    )
    DatasetInfosDict(c.dataset_info).to_dataset_card_data(data)
    return data


def _task_table(c: CardInputs) -> str:
    rows = ["| task id | config | articles | words in | references | key facts (3/2/1) | probes | wordings |",
            "|---|---|---|---|---|---|---|---|"]
    for t in c.tasks:
        words_in = sum(count_words(d.text) for d in t.documents)
        w = [sum(1 for k in t.keyfacts if k.weight == n) for n in (3, 2, 1)]
        rows.append(
            f"| `{t.id}` | {t.config} | {', '.join(d.id for d in t.documents)} | {words_in} | "
            f"{len(t.references)} | {len(t.keyfacts)} ({w[0]}/{w[1]}/{w[2]}) | {sum(len(k.probes) for k in t.keyfacts)} | "
            f"{sum(len(k.wordings) for k in t.keyfacts)} |"
        )
    return "\n".join(rows)


def _article_table(c: CardInputs) -> str:
    titles = {d.id: d.title for t in c.tasks for d in t.documents}
    rows = ["| article | title | outlet / dateline | published | raw header lines |", "|---|---|---|---|---|"]
    for aid in sorted(c.articles):
        m = c.articles[aid]
        outlet = " / ".join(x for x in (m.get("outlet"), m.get("dateline")) if x) or "not stated"
        raw = ", ".join(f"`{x}`" for x in m.get("metadata_lines") or ()) or "none"
        rows.append(f"| `{aid}` | {titles.get(aid, '')} | {outlet} | {m.get('published') or 'not stated'} | {raw} |")
    return "\n".join(rows)


def _reference_table(c: CardInputs) -> str:
    rows = ["| task | reference | style | max words | words |", "|---|---|---|---|---|"]
    for t in c.tasks:
        for r in t.references:
            rows.append(f"| `{t.id}` | `{r.id}` | {r.style} | {r.max_words} | {count_words(r.text)} |")
    return "\n".join(rows)


def _example_fact(c: CardInputs) -> str:
    for t in c.tasks:
        for k in t.keyfacts:
            if k.probes and k.evidence:
                lines = [
                    f"- fact `{k.id}` (weight {k.weight}): {k.text}",
                    f"- evidence ({k.evidence[0].article}): “{k.evidence[0].quote}”",
                    f"- probe: {k.probes[0]}",
                ]
                if k.wordings:
                    lines.append(f"- wording: {k.wordings[0]}")
                return "\n".join(lines)
    return "(no facts)"


_PROVENANCE_OURS = """\
The two articles report talks held on Thursday, 8 December 2011 (neither prints that date: article 000
places Putin's comments on the 20th anniversary of the Belovezh accords of December 8, 1991, and article
002, an AP report, was published on Dec 9, 2011). They are kept verbatim in `seeds/`; the parser splits off the title,
the header lines and, for the AP article, the `BRUSSELS (AP) ―` dateline, and keeps the paragraphs.

Every reference summary and every key fact was **written by the project's maintainers from the
articles alone**: no other coverage of the event, no model output and no crowd workers were used. Each
reference was written on its own, for its style and word limit, not derived from another reference.
Each fact carries verbatim evidence quotes that `bench data validate` checks against the articles, and
every core fact is checked (lexically) to be stated by at least one reference. The references were not
reviewed by an outside journalist; report errors as issues."""

_PROVENANCE_USER = """\
This dataset was built with `bench data build` from task files and articles supplied by its author,
validated against the newsbench schema (evidence quotes verbatim, word limits, unique ids, core facts
stated by a reference). The references and key facts were supplied by the dataset's author; newsbench
makes no claim about who wrote them or how."""

_LIMITATIONS_OURS = """\
- **Tiny**: two articles, one event, three tasks. Scores are a smoke test and a worked example of the
  method, not a ranking of summarizers; bootstrap intervals over three tasks are wide.
- One topic (NATO–Russia missile defence and the Russian election protests), English only, December 2011.
  A model may have seen these articles, or reports of the event, in pre-training.
- Article 000 opens a quotation ("“They heard the signal ...") that it never closes, and runs it into
  the next sentence; it is kept verbatim, as published. Its header lines `0` and `147` are kept as raw metadata and given no meaning.
- Weights and the choice of facts are judgements of the maintainers; one annotator per task, so no
  inter-annotator agreement is reported.
- The two articles spell *defence* and *defense* differently; fact texts use *defence*."""

_LIMITATIONS_USER = """\
- This card was generated by newsbench; the dataset's author has not described its limitations. The
  tables above give its size; judge its coverage of topics, languages and periods from them."""

_CITATION = """\
@misc{newsbench2026,
  title        = {newsbench: a news summarization benchmark with key-fact checklists},
  author       = {{newsbench maintainers}},
  year         = {2026},
  howpublished = {\\url{%s}},
  note         = {Dataset version %s, content hash %s}
}"""


_LICENSE_OURS = """\
The card's header says `license: other` because the dataset mixes two kinds of text:

- **CC BY 4.0**: the annotations, written by the project's maintainers: the reference summaries, the
  key facts, their weights, evidence choices, probes and wordings (`references`, `keyfacts`).
- **Not licensed by this project**: the article texts (`documents`, and the quotes in `evidence`),
  included verbatim for research evaluation; their copyright stays with their publishers (article 002
  is an Associated Press report; the outlet of article 000 is not stated in the file). The CC BY 4.0
  license does not extend to them."""

_LICENSE_USER = """\
Not stated: this card was generated by newsbench, and the dataset's author has not said under which
terms the articles and annotations may be used."""


def _count(config: str, n: int) -> str:
    return f"`{config}` ({n} task{'' if n == 1 else 's'})"


def render_card(c: CardInputs) -> str:
    n_refs = sum(len(t.references) for t in c.tasks)
    n_facts = sum(len(t.keyfacts) for t in c.tasks)
    n_worded = sum(1 for t in c.tasks for k in t.keyfacts if k.wordings)
    configs = ", ".join(_count(k, sum(1 for t in c.tasks if t.config == k)) for k in c.config_files)
    body = f"""\
# {c.name}

**Version `{c.version}` · content hash `{c.hash}`**

A summarization benchmark that asks whether a summary gets the *facts* of a news story right. Each task
gives one or more news articles, a word budget, human reference summaries (for ROUGE) and a **key-fact
checklist**: atomic facts with a weight, verbatim evidence from the articles, *probes*, statements
that contradict the fact, so a judge can tell a summary that omits a fact from one that gets it wrong,
and *wordings*, other ways of stating the fact, so a judge can credit a paraphrase.

It holds {len(c.tasks)} tasks, {n_refs} reference summaries and {n_facts} key facts. Configs: {configs},
and `all` (the default) with every task. Everything is in one `test` split: this is an evaluation set,
not training data.

```python
import datasets
ds = datasets.load_dataset("path/to/this/folder")            # config "all", split "test"
event = datasets.load_dataset("path/to/this/folder", "event")
```
or, with the newsbench package, `benchmark.load_dataset()` and `bench run --dataset path/to/this/folder`.

## Tasks

{_task_table(c)}

Every task has the same `word_budget` rule: a system summary may use at most that many words (counted
by whitespace). Words in: whitespace words of the articles' bodies.

## Source articles

{_article_table(c)}

## How it was made

{_PROVENANCE_OURS if c.packaged else _PROVENANCE_USER}

### References

{_reference_table(c)}

Styles: `sentence`: one sentence, at most 30 words; `highlights`: three sentences, at most 75 words;
`paragraph`: at most 130 words. Multi-sentence references hold **one sentence per line** (the ROUGE-Lsum
convention); do not join the lines before computing ROUGE-Lsum.

### Key facts

Facts are written the way Pyramid SCUs and RoSE atomic content units are: one claim each, and
self-contained (actors named, no pronouns that need the article). Example:

{_example_fact(c)}

**Weight rule.** `3` core: a reader who misses it has misunderstood the story (what happened, the
outcome); every core fact is stated by at least one reference. `2` important: a main position, actor,
figure or consequence that a good summary within the budget should carry. `1` detail: true and
specific, but a summary can leave it out without misleading.

**Probes.** One to ten statements per fact that contradict it: reversed outcomes ("NATO and Russia
reached an agreement on missile defence", "... broke off their talks"), swapped numbers ("around 10,000
people"), swapped actors, places or speakers ("The United States accused Putin ..."). A fact judge uses
them to label a fact *contradicted* rather than *missing*.

**Wordings.** Optional ({n_worded} of the {n_facts} facts here have them): other ways a reporter, an
editor or a model would state the fact (headline style, passive, other names for the actors such as "the
alliance" or "Moscow", nominalisations, negated opposites such as "did not break off their talks"). A
fact judge may count a summary that states one of them as stating the fact. The same fact id carries the
same wordings in every task. `bench data validate --judge-check` lets a judge check each one: every
wording, judged alone, must be found to state its fact, every probe to contradict it, with the checklist
as listed; held out of its own list, each is judged again and counted (`--held-out` lists the misses).

## Fields

| field | type | meaning |
|---|---|---|
| `id` | string | task id |
| `config` | string | `single` (one article) or `event` (several articles about one event) |
| `title` | string | the task's title (for single tasks: the article's headline) |
| `documents` | list of {{`id`, `title`, `text`}} | the articles; `text` is the body, paragraphs separated by a blank line |
| `references` | list of {{`id`, `style`, `max_words` (int32), `text`}} | reference summaries, one sentence per line |
| `keyfacts` | list of {{`id`, `text`, `weight` (int32), `evidence`: list of {{`article`, `quote`}}, `probes`: list of string, `wordings`: list of string}} | the checklist; `wordings` is empty where a fact has none |
| `word_budget` | int32 | the most words a system summary may have |
| `sources` | list of {{`id`, `outlet`, `dateline`, `published`, `updated`, `metadata_lines`, `n_paragraphs`}} | what each article file states about itself; null where it states nothing |

A row without `sources` is exactly `benchmark.types.Task.to_dict()`, so `Task.from_dict(row)` rebuilds it.

## Intended use

Evaluating summarizers (ROUGE against the references; key-fact recall and contradiction rate with a
fact judge) and evaluating fact judges themselves (the probes are ready-made contradictions, the
wordings ready-made paraphrases). Not for
training: the set is tiny and training on it would void its use as a test.

## Limitations

{_LIMITATIONS_OURS if c.packaged else _LIMITATIONS_USER}

## License

{_LICENSE_OURS if c.packaged else _LICENSE_USER}

## Version and hash

`{c.version}` identifies the annotation release; `{c.hash}` is the sha256 of the canonical JSON of all
tasks (sorted keys, no whitespace, tasks in id order), recomputed by `benchmark.data.load.load_tasks`
whenever this folder is loaded. Every newsbench score signature cites both, so a score can always be
traced to the exact data it was computed on.

## Citation

```bibtex
{_CITATION % (HOMEPAGE, c.version, c.hash[:12])}
```
"""
    from huggingface_hub import DatasetCard

    return str(DatasetCard(f"---\n{card_data(c).to_yaml()}\n---\n\n{body}"))
