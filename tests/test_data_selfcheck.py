"""``bench data validate --judge-check``: the checklist checks itself with a fact judge.

The behaviour is pinned on a tiny hand-made checklist (article 000 with two facts) whose verdicts are
plain for any fact judge: a near-verbatim wording is stated, a wording that is a reversal of the fact is
contradicted, a probe that reverses the outcome is contradicted, a probe about something else is
merely missing. The shipped checklists are checked with the default judge once it reads wordings
(align@6 on); align@5 ignores wordings and misses many paraphrases, so that test is skipped before.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from benchmark.cli.main import cli
from benchmark.data.validate import validate
from benchmark.errors import ValidationFailed
from benchmark.judges import create_judge
from benchmark.resources import references_dir, seeds_dir

A000 = "000_e5ebca9a67f22be0"
GOOD_WORDING = "NATO and Russia did not reach agreement on missile defence"
REVERSED_WORDING = "Russia and NATO broke off their missile defence talks"  # filed under talks-continue
GOOD_PROBE = "NATO and Russia broke off their talks on missile defence"
UNRELATED_PROBE = "Sergei Lavrov had lunch with journalists in Brussels"


def _tiny(tmp_path: Path, talks_wordings: list[str], talks_probes: list[str]) -> tuple[Path, Path]:
    """A task on article 000 with its shipped references and only its two core outcome facts."""
    refs, seeds = tmp_path / "refs", tmp_path / "seeds"
    refs.mkdir()
    seeds.mkdir()
    shutil.copy(seeds_dir() / f"{A000}.txt", seeds)
    task = yaml.safe_load((references_dir() / f"{A000}.yaml").read_text(encoding="utf-8"))
    facts = {k["id"]: k for k in task["keyfacts"]}
    no_agreement = {**facts["no-agreement"], "wordings": [GOOD_WORDING]}
    no_agreement["probes"] = ["NATO and Russia reached an agreement on missile defence"]
    talks = {**facts["talks-continue"], "wordings": talks_wordings, "probes": talks_probes}
    if not talks_wordings:
        del talks["wordings"]
    task.update(id="tiny", keyfacts=[no_agreement, talks])
    (refs / "tiny.yaml").write_text(yaml.safe_dump(task, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return refs, seeds


def test_a_consistent_checklist_passes_and_is_counted(tmp_path):
    refs, seeds = _tiny(tmp_path, [], [GOOD_PROBE])
    report = validate(refs, seeds, judge=create_judge())
    assert (report.n_wordings, report.n_probes) == (1, 2)
    for check in (report.judge_check, report.held_out_check):
        assert check is not None
        assert (check.n_wordings, check.n_probes) == (1, 2)
        assert check.problems == ()
    assert (report.judge_check.held_out, report.held_out_check.held_out) == (False, True)


def test_a_checklist_at_odds_with_itself_fails_as_listed(tmp_path):
    # a reversal filed as a wording: the fact's own text and the judge's outcome rules outweigh it even
    # while it stands in the list; the unrelated probe vouches for itself there and passes
    refs, seeds = _tiny(tmp_path, [REVERSED_WORDING], [GOOD_PROBE, UNRELATED_PROBE])
    validate(refs, seeds)  # every other check passes: these are problems only a judge can see
    with pytest.raises(ValidationFailed) as info:
        validate(refs, seeds, judge=create_judge())
    (problem,) = info.value.problems
    head = f"{refs / 'tiny.yaml'}: task tiny: keyfacts[1].wordings[0]: "
    assert problem.startswith(head + "judged contradicted, not stated, for fact 'talks-continue'")
    assert REVERSED_WORDING in problem and "held out" not in problem


def test_held_out_a_statement_cannot_vouch_for_itself(tmp_path):
    # the unrelated probe is the fact's only probe: as listed, a judge that matches listed probes
    # verbatim calls it contradicted; held out of the list it is merely missing, and reported
    refs, seeds = _tiny(tmp_path, [], [UNRELATED_PROBE])
    report = validate(refs, seeds, judge=create_judge())  # counted, not a failure
    assert report.judge_check.problems == ()
    assert [p.field for p in report.held_out_check.problems] == ["keyfacts[1].probes[0]"]
    assert "1 of 1 wordings are still judged stated and 1 of 2 probes contradicted" in report.summary()
    with pytest.raises(ValidationFailed) as info:
        validate(refs, seeds, judge=create_judge(), held_out=True)
    (problem,) = info.value.problems
    assert problem.split(": ")[2] == "keyfacts[1].probes[0]"
    assert "judged missing, not contradicted when held out of its list, for fact 'talks-continue'" in problem
    assert UNRELATED_PROBE in problem


def test_cli_judge_check_prints_one_line_per_problem_and_exits_1(tmp_path):
    refs, seeds = _tiny(tmp_path, [REVERSED_WORDING], [GOOD_PROBE, UNRELATED_PROBE])
    args = ["data", "validate", "--references", str(refs), "--seeds", str(seeds)]
    plain = CliRunner().invoke(cli, args)
    assert plain.exit_code == 0, plain.output
    assert plain.output == "ok: 1 tasks, 3 references, 2 key facts (2 wordings, 3 probes)\n"
    checked = CliRunner().invoke(cli, [*args, "--judge-check"])
    assert checked.exit_code == 1
    lines = checked.output.strip().splitlines()
    assert len(lines) == 2 and lines[-1].startswith("Error: 1 problem(s)")
    assert "keyfacts[1].wordings[0]: judged contradicted" in lines[0]
    strict = CliRunner().invoke(cli, [*args, "--held-out"])
    assert strict.exit_code == 1
    lines = strict.output.strip().splitlines()
    assert lines[-1].startswith("Error: 1 problem(s)")  # as listed fails first, with the same one line
    assert "Traceback" not in checked.output + strict.output


def test_cli_judge_check_ok_lines(tmp_path):
    refs, seeds = _tiny(tmp_path, [], [GOOD_PROBE])
    result = CliRunner().invoke(cli, ["data", "validate", "--references", str(refs), "--seeds", str(seeds), "--judge", "align"])
    assert result.exit_code == 0, result.output
    judge = create_judge().signature()
    assert result.output.splitlines()[1:] == [
        f"judge check ({judge}): 1 wordings judged stated and 2 probes contradicted, each against its own fact",
        "held out of its own list, 1 of 1 wordings are still judged stated and 2 of 2 probes contradicted "
        "(`bench data validate --held-out` lists the others)",
    ]


def _judge_version() -> int:
    version = create_judge().spec().version or "0"
    return int(version) if version.isdigit() else 0


# As listed, the shipped checklists must agree with themselves: these are the statements a fact's own text,
# numbers, places or speakers outweigh today (judge bugs being fixed); the bound only goes down, to 0.
KNOWN_AS_LISTED_PROBLEMS = 0
# Held out of its own list, align@9 (as align@8) judges 86 of the 545 shipped wordings and probes otherwise than their
# authors meant (45 wordings missing, 2 contradicted; 24 probes stated, 15 missing: mostly actors renamed in
# common nouns ("the alliance and Moscow"), claims about a party inside a quote ("Russia's partners were not
# ready"), and reversals said in idioms ("no hurry", "free and fair", "stayed away")). This is how far the
# judge generalises beyond the listed statements; it may not get worse: lower this bound whenever a change
# brings it down. (It was 87 of 543 under align@7; align@8 added two wordings in the article's own idiom
# - US criticism "gave a signal" - that no other statement of their fact says, and reads three others.)
KNOWN_JUDGE_CHECK_PROBLEMS = 86


@pytest.mark.skipif(_judge_version() < 6, reason="the default judge reads key-fact wordings from align@6 on; "
                    "align@5 ignores them and misses many of the shipped paraphrases")
def test_shipped_checklists_run_their_own_judge_check_and_it_gets_no_worse():
    from benchmark.data.load import load_tasks
    from benchmark.data.selfcheck import judge_check

    report = validate(references_dir(), seeds_dir())  # everything but the judge check passes
    tasks = load_tasks(None).tasks
    listed = judge_check(tasks, create_judge())
    held = judge_check(tasks, create_judge(), held_out=True)
    assert listed.n_wordings == held.n_wordings == report.n_wordings > 0
    for check, bound in ((listed, KNOWN_AS_LISTED_PROBLEMS), (held, KNOWN_JUDGE_CHECK_PROBLEMS)):
        assert all(p.field and "judged" in p.message for p in check.problems)
        assert len(check.problems) <= bound, "\n".join(f"{p.task_id}: {p.field}: {p.message}" for p in check.problems)
