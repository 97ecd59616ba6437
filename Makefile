# Set-up needs only Python 3.11 and make; everything else goes into .venv.
PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
# The stamp carries a hash of pyproject.toml, so changed pins reinstall and a
# second run reuses the venv.
DEPS_HASH := $(shell cat pyproject.toml | cksum | cut -d' ' -f1)
RUN_STAMP := $(VENV)/.run-$(DEPS_HASH)
DEV_STAMP := $(VENV)/.dev-$(DEPS_HASH)
HOST ?= 127.0.0.1
PORT ?= 8000
# How `make setup`/`make run` install the package: editable for development; `INSTALL=.`
# installs a copy exactly as a user's `pip install .` would (.ci/fresh-clone uses it).
INSTALL ?= -e .
# Number of synthetic demo firms; empty keeps the command's default (10,000).
DEMO_FIRMS ?=

.PHONY: run test bench lint vendor setup

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(RUN_STAMP): $(BIN)/python
	$(BIN)/python -m pip install --quiet $(INSTALL)
	rm -f $(VENV)/.run-*
	touch $@

$(DEV_STAMP): $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	rm -f $(VENV)/.dev-* $(VENV)/.run-*
	touch $@ $(RUN_STAMP)

setup: $(RUN_STAMP)
	$(BIN)/qiangshi migrate --noinput
	$(BIN)/qiangshi reference load
	$(BIN)/qiangshi plan load jinan-2023-2025
	$(BIN)/qiangshi demo load --if-empty $(if $(DEMO_FIRMS),--firms $(DEMO_FIRMS))

run: setup
	$(BIN)/qiangshi serve $(HOST):$(PORT)

test: $(DEV_STAMP)
	$(BIN)/pytest

bench: $(DEV_STAMP)
	$(BIN)/python bench/run.py

lint: $(DEV_STAMP)
	$(BIN)/ruff check src tests bench scripts
	$(BIN)/lint-imports --no-logo

vendor: $(DEV_STAMP)
	$(BIN)/python scripts/vendor.py
