# The course's commands. `make test` is the test command the README and CI use.
SHELL := /bin/bash
.SHELLFLAGS := -o pipefail -c
.PHONY: test test-gpu test-gpu-shape times check export clean readme lab docs

test:  ## every notebook with nbval (checking outputs), then nbdev-test (two notebooks at a time, one thread each), then the GPU-shaped run, then the seconds each took
	@mkdir -p .test-times
	pytest nbs --junitxml=.test-times/nbval.xml
	OMP_NUM_THREADS=1 nbdev-test --n-workers 2 --do-print --timing | tee .test-times/nbdev-test.txt
	$(MAKE) --no-print-directory test-gpu-shape
	@python tools/test_times.py .test-times

# The lessons whose training depends on the preset's batch size and epochs, run on the CPU with the quick-gpu preset's
# batch size, epochs and learning rate at small images (tools/gpu_shape_env.py): faults that come from those numbers
# (fewer batches per epoch, a shorter range test, more epochs) show up without a GPU. nbdev-test compares no outputs.
GPU_SHAPE = $(shell python tools/gpu_shape_env.py)
GPU_SHAPE_NBS = 02_datablock_debugging|04_lr_finder|05_unfreezing_discriminative_lrs

test-gpu-shape:  ## the lessons that train, on the CPU with the GPU preset's batch size and epochs (nbdev-test)
	@mkdir -p .test-times
	$(GPU_SHAPE) OMP_NUM_THREADS=1 nbdev-test --n-workers 2 --do-print --timing --file-re '^($(GPU_SHAPE_NBS))\.ipynb$$' | tee .test-times/gpu-shape.txt

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

check:  ## notebooks clean, the package and README in sync with them, no machine-dependent compared output, checks out of the learner's way
	nbdev-clean
	python tools/collapse_hidden.py
	nbdev-export
	python tools/check_module_docs.py
	$(MAKE) readme
	python tools/check_outputs.py
	python tools/silent_checks.py --max 0.1
	git diff --exit-code -- nbs pet_course README.md CONTRIBUTING.md
	@test -z "$$(git status --porcelain --untracked-files=all -- nbs pet_course README.md)" || { git status --short -- nbs pet_course; echo "untracked files after export"; exit 1; }

export:
	nbdev-export

clean:
	nbdev-clean

# nbdev directive lines (`#| export`, which puts index.ipynb's overview into the package docstring) are left out,
# outside code blocks; the README links to CONTRIBUTING.md for maintainers.
readme:  ## README.md: the landing page nbs/index.ipynb (nbdev-readme needs Quarto, which can't be installed offline)
	jupyter nbconvert --to markdown --log-level=WARN --stdout nbs/index.ipynb | awk '/^[ \t]*(```|~~~)/ {f = !f} f || !/^#\|/' > README.md

lab:
	jupyter lab nbs

# The course website, from the notebooks as committed (their stored outputs: nothing is run), with Sphinx and myst-nb
# (pip install -e ".[dev,docs]" -c constraints.txt). Any warning fails it (-W), and so does a broken link within the site
# or a page that would load something from the network (tools/check_links.py; links to other sites are fine), or a site
# whose outputs don't wrap, pictures lack alt text or favicon is missing (tools/check_site.py), or a shown cell that uses
# what only a hidden cell defines (tools/check_hidden_defs.py, which also lists sentences about cells, to read).
# Everything it writes is under _build/. Preview: python -m http.server -d _build/site
docs:  ## the course website in _build/site/
	rm -rf _build
	python tools/check_hidden_defs.py nbs --strict
	python tools/docs_notebooks.py nbs _build/docs-src
	sphinx-build -W --keep-going -q -c docs -d _build/doctrees _build/docs-src _build/site
	python tools/check_links.py _build/site
	python tools/check_site.py _build/site
