# The course's commands. `make test` is the test command the README and CI use.
SHELL := /bin/bash
.SHELLFLAGS := -o pipefail -c
.PHONY: test test-gpu times check export clean readme lab

test:  ## every notebook with nbval (checking outputs), then nbdev-test (two notebooks at a time, one thread each), then the seconds each took
	@mkdir -p .test-times
	pytest nbs --junitxml=.test-times/nbval.xml
	OMP_NUM_THREADS=1 nbdev-test --n-workers 2 --do-print --timing | tee .test-times/nbdev-test.txt
	@python tools/test_times.py .test-times

# nbval compares outputs recorded on a CPU, so on a GPU its run keeps the CPU quick preset's sizes (PRESETS['quick'] in
# pet_course/config.py); nbdev-test, which compares no outputs, runs the GPU's own preset.
CPU_PRESET = $(shell python tools/cpu_preset_env.py)

test-gpu:  ## on a machine with a CUDA GPU: `make test` plus the cells flagged `#| cuda` (nbdev-test --flags cuda), then the seconds each took
	@python -c "import sys, torch; sys.exit(0 if torch.cuda.is_available() else 'make test-gpu needs a CUDA GPU: use make test')"
	@mkdir -p .test-times
	$(CPU_PRESET) pytest nbs --junitxml=.test-times/nbval.xml
	OMP_NUM_THREADS=1 nbdev-test --n-workers 2 --flags cuda --do-print --timing | tee .test-times/nbdev-test.txt
	@python tools/test_times.py .test-times

times:  ## the table of seconds per notebook from the last `make test`
	@python tools/test_times.py .test-times

check:  ## notebooks clean, the package and README in sync with them
	nbdev-clean
	nbdev-export
	$(MAKE) readme
	git diff --exit-code -- nbs pet_course README.md
	@test -z "$$(git status --porcelain --untracked-files=all -- nbs pet_course README.md)" || { git status --short -- nbs pet_course; echo "untracked files after export"; exit 1; }

export:
	nbdev-export

clean:
	nbdev-clean

readme:  ## README.md from nbs/index.ipynb (nbdev-readme needs Quarto, which can't be installed offline)
	jupyter nbconvert --to markdown --log-level=WARN --output-dir . --output README nbs/index.ipynb

lab:
	jupyter lab nbs
