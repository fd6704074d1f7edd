"""``bench data validate``: passes on the shipped files, fails usefully on tampered copies."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from benchmark.cli.main import cli
from benchmark.data.lexical import coverage
from benchmark.data.references import read_task_files
from benchmark.data.validate import validate
from benchmark.errors import ValidationFailed
from benchmark.resources import references_dir, seeds_dir
from benchmark.text import count_words

A000 = "000_e5ebca9a67f22be0"
EVENT = "event-nato-russia-2011-12-08"


@pytest.fixture()
def data_copy(tmp_path: Path) -> tuple[Path, Path]:
    refs = tmp_path / "references"
    seeds = tmp_path / "seeds"
    shutil.copytree(references_dir(), refs)
    shutil.copytree(seeds_dir(), seeds)
    for p in seeds.iterdir():
        p.chmod(0o644)
    return refs, seeds


def _edit(path: Path, change) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _problems(refs: Path, seeds: Path) -> list[str]:
    with pytest.raises(ValidationFailed) as info:
        validate(refs, seeds)
    return info.value.problems


def test_shipped_files_pass():
    report = validate(references_dir(), seeds_dir())
    assert report.n_tasks == 3
    assert report.n_references == 9
    assert 3 * 12 <= report.n_keyfacts <= 3 * 20


def test_shipped_tasks_meet_the_issue(tmp_path):
    files = {tf.task_id: tf.data for tf in read_task_files(references_dir())}
    assert set(files) == {A000, "002_cff157bd56992ef1", EVENT}
    for tid, data in files.items():
        assert data["word_budget"] == 75
        assert 12 <= len(data["keyfacts"]) <= 20
        assert {r["style"] for r in data["references"]} == {"sentence", "highlights", "paragraph"}
        facts = {k["id"]: k for k in data["keyfacts"]}
        assert facts["no-agreement"]["text"] == "NATO and Russia did not reach an agreement on missile defence"
        assert facts["talks-continue"]["text"] == "NATO and Russia will keep talking about missile defence"
        assert facts["no-agreement"]["weight"] == facts["talks-continue"]["weight"] == 3
        for k in data["keyfacts"]:
            assert 1 <= len(k["probes"]) <= 10
            if k["weight"] >= 2:
                assert 5 <= len(k.get("wordings") or ()) <= 10, (tid, k["id"])
        assert len(facts["no-agreement"]["probes"]) >= 5 and len(facts["talks-continue"]["probes"]) >= 5
    assert files[EVENT]["articles"] == [A000, "002_cff157bd56992ef1"]


def test_cli_validate_ok():
    result = CliRunner().invoke(cli, ["data", "validate"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("ok: 3 tasks, 9 references, ")
    facts = [k for tf in read_task_files(references_dir()) for k in tf.data["keyfacts"]]
    n_wordings, n_probes = sum(len(k.get("wordings") or ()) for k in facts), sum(len(k["probes"]) for k in facts)
    assert n_wordings > 0
    assert result.output == f"ok: 3 tasks, 9 references, {len(facts)} key facts ({n_wordings} wordings, {n_probes} probes)\n"


def test_quote_not_in_article(data_copy):
    refs, seeds = data_copy
    _edit(refs / f"{EVENT}.yaml", lambda d: d["keyfacts"][3]["evidence"][0].update(quote="Lavrov signed a treaty with NATO"))
    problems = _problems(refs, seeds)
    assert len(problems) == 1
    assert f"{EVENT}.yaml: task {EVENT}: keyfacts[3].evidence[0].quote: not found verbatim in article {A000}" in problems[0]


def test_straight_quotes_instead_of_curly_ones_are_caught(data_copy):
    refs, seeds = data_copy
    path = refs / f"{A000}.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("“On missile defence, we do not agree yet,”", '\\"On missile defence, we do not agree yet,\\"'), encoding="utf-8")
    problems = _problems(refs, seeds)
    assert any("keyfacts[0].evidence[1].quote: not found verbatim" in p for p in problems)


def test_evidence_from_an_article_outside_the_task(data_copy):
    refs, seeds = data_copy
    _edit(refs / f"{A000}.yaml", lambda d: d["keyfacts"][1]["evidence"][0].update(article="002_cff157bd56992ef1"))
    problems = _problems(refs, seeds)
    assert any(f"task {A000}: keyfacts[1].evidence[0].article: '002_cff157bd56992ef1' is not one of this task's articles" in p for p in problems)


def test_duplicate_fact_id(data_copy):
    refs, seeds = data_copy
    _edit(refs / f"{A000}.yaml", lambda d: d["keyfacts"][5].update(id="no-agreement"))
    problems = _problems(refs, seeds)
    assert len(problems) == 1
    assert problems[0].endswith(
        f"references/{A000}.yaml: task {A000}: keyfacts: duplicate key-fact id 'no-agreement'; ids must be unique within a task"
    )


def test_duplicate_task_id_across_files(data_copy):
    refs, seeds = data_copy
    shutil.copy(refs / f"{A000}.yaml", refs / "copy.yaml")
    problems = _problems(refs, seeds)
    assert any(f"task {A000}: id: the same task id is used by more than one file" in p and "copy.yaml" in p for p in problems)


def test_missing_field(data_copy):
    refs, seeds = data_copy
    _edit(refs / f"{EVENT}.yaml", lambda d: d["keyfacts"][2].pop("weight"))
    problems = _problems(refs, seeds)
    assert any(f"{EVENT}.yaml: task {EVENT}: keyfacts[2].weight: missing required field" in p for p in problems)


def test_over_long_summary(data_copy):
    refs, seeds = data_copy

    def lengthen(d):
        d["references"][0]["text"] += " and then a great many extra words were added here"

    _edit(refs / f"{A000}.yaml", lambda d: lengthen(d))
    problems = _problems(refs, seeds)
    assert any(f"task {A000}: references[0].text:" in p and "over its max_words 30" in p for p in problems)


def test_max_words_above_the_style_limit(data_copy):
    refs, seeds = data_copy
    _edit(refs / f"{A000}.yaml", lambda d: d["references"][1].update(max_words=200))
    problems = _problems(refs, seeds)
    assert any("references[1].max_words: 200 exceeds the 'highlights' limit of 75" in p for p in problems)


def test_two_sentences_on_one_line(data_copy):
    refs, seeds = data_copy
    _edit(refs / f"{A000}.yaml", lambda d: d["references"][2].update(text="NATO and Russia met. They did not agree."))
    problems = _problems(refs, seeds)
    assert any("references[2].text: line 1 holds 2 sentences" in p for p in problems)


def test_core_fact_that_no_reference_states(data_copy):
    refs, seeds = data_copy

    def add_core_fact(d):
        d["keyfacts"].append(
            {
                "id": "belovezh-anniversary",
                "text": "Putin's comments came on the 20th anniversary of the Belovezh accords",
                "weight": 3,
                "evidence": [{"article": A000, "quote": "came on the 20th anniversary of the signing of the Belovezh accords"}],
                "probes": ["Putin's comments came on the 10th anniversary of the Belovezh accords"],
            }
        )

    _edit(refs / f"{A000}.yaml", add_core_fact)
    problems = _problems(refs, seeds)
    assert len(problems) == 1
    assert f"task {A000}: keyfacts[19]: core fact 'belovezh-anniversary' (weight 3) is stated by no reference" in problems[0]


def test_stated_by_claim_is_checked(data_copy):
    refs, seeds = data_copy
    _edit(refs / f"{A000}.yaml", lambda d: d["keyfacts"][0].update(stated_by=["paragraph", "nonexistent"]))
    problems = _problems(refs, seeds)
    assert any("keyfacts[0].stated_by[0]: reference 'paragraph' does not state the fact" in p for p in problems)
    assert any("keyfacts[0].stated_by[1]: no reference 'nonexistent'" in p for p in problems)


def test_broken_yaml_and_pronoun_fact(data_copy):
    refs, seeds = data_copy
    (refs / "broken.yaml").write_text("id: [unclosed\n", encoding="utf-8")
    _edit(refs / f"{A000}.yaml", lambda d: d["keyfacts"][4].update(text="He is the Secretary General of NATO"))
    problems = _problems(refs, seeds)
    assert any("broken.yaml: task ?: (file): not valid YAML" in p for p in problems)
    assert any("keyfacts[4].text: starts with the pronoun 'he'" in p for p in problems)


def test_cli_validate_lists_problems_and_exits_1(data_copy):
    refs, seeds = data_copy
    _edit(refs / f"{A000}.yaml", lambda d: d["keyfacts"][5].update(id="no-agreement"))
    result = CliRunner().invoke(cli, ["data", "validate", "--references", str(refs), "--seeds", str(seeds)])
    assert result.exit_code == 1
    assert "duplicate key-fact id 'no-agreement'" in result.output
    assert "Traceback" not in result.output


def test_lexical_test_numbers_must_match():
    fact = "Around 1,000 people have been arrested in the protests"
    assert coverage(fact, "Around 1,000 people were arrested at protests.").states
    assert not coverage(fact, "Around 10,000 people were arrested at protests.").states
    assert count_words("one two\nthree") == 3


def test_same_fact_id_must_mean_the_same_fact_across_tasks(data_copy):
    refs, seeds = data_copy
    _edit(refs / f"{EVENT}.yaml", lambda d: d["keyfacts"][15].update(text="Around 2,000 people have been arrested"))
    problems = _problems(refs, seeds)
    assert any(f"task {EVENT}: keyfacts[15].text: fact id 'arrests-1000' has other text in task {A000}" in p for p in problems)


@pytest.mark.parametrize(
    "wordings, rule",
    [
        ([""], "keyfacts[0].wordings[0]: '' should be non-empty"),
        (["   "], "keyfacts[0].wordings[0]: '   ' does not match"),
        ([42], "keyfacts[0].wordings[0]: 42 is not of type 'string'"),
        ([], "keyfacts[0].wordings: [] should be non-empty"),
        ("NATO and Russia failed to agree", "keyfacts[0].wordings: 'NATO and Russia failed to agree' is not of type 'array'"),
        (["NATO and Russia failed to agree", "NATO and Russia failed to agree"], "keyfacts[0].wordings: ['NATO and Russia failed to agree', 'NATO and Russia failed to agree'] has non-unique elements"),
    ],
    ids=["empty", "blank", "not-a-string", "empty-list", "not-a-list", "exact-duplicate"],
)
def test_schema_rejects_bad_wordings(data_copy, wordings, rule):
    refs, seeds = data_copy
    _edit(refs / f"{A000}.yaml", lambda d: d["keyfacts"][0].update(wordings=wordings))
    problems = _problems(refs, seeds)
    assert any(f"task {A000}: {rule}" in p for p in problems), problems


def test_wordings_that_repeat_the_fact_a_probe_or_each_other(data_copy):
    refs, seeds = data_copy

    def change(d):
        fact = d["keyfacts"][0]
        fact["wordings"] = [
            "NATO and Russia did not reach an agreement on missile defence.",  # the fact's text, a full stop added
            "nato and russia reached an agreement on missile defence",  # one of its probes, other case
            "NATO and Russia failed to agree on missile defence",
            "NATO and Russia  failed to agree on missile defence",  # the one before, other spacing
            "They failed to agree on missile defence",
        ]

    _edit(refs / f"{A000}.yaml", change)
    problems = _problems(refs, seeds)
    own = [p.split(f"task {A000}: ", 1)[1] for p in problems if f"task {A000}: " in p]
    assert own == [
        "keyfacts[0].wordings[0]: repeats the fact's text; a wording states the fact in other words",
        "keyfacts[0].wordings[1]: is also one of the fact's probes; a statement cannot both state and contradict the fact",
        "keyfacts[0].wordings[3]: repeats wordings[2]; remove one",
        "keyfacts[0].wordings[4]: starts with the pronoun 'they'; name who or what it is so the wording stands alone",
    ]
    # the other tasks' no-agreement keeps the shipped list: one fact id, one list of wordings
    others = [p for p in problems if f"task {A000}: " not in p]
    assert len(others) == 2 and all(f"keyfacts[0].wordings: fact id 'no-agreement' has other wordings in task {A000}" in p for p in others)


def test_same_fact_id_must_have_the_same_wordings_across_tasks(data_copy):
    refs, seeds = data_copy
    _edit(refs / f"{EVENT}.yaml", lambda d: d["keyfacts"][0]["wordings"].pop())
    problems = _problems(refs, seeds)
    assert len(problems) == 1, problems
    assert f"task {EVENT}: keyfacts[0].wordings: fact id 'no-agreement' has other wordings in task" in problems[0]


def test_a_fact_without_wordings_is_valid(data_copy):
    refs, seeds = data_copy

    def drop(d):
        for k in d["keyfacts"]:
            k.pop("wordings", None)

    for path in refs.glob("*.yaml"):
        _edit(path, drop)
    report = validate(refs, seeds)
    assert report.n_wordings == 0 and report.n_probes > 0
