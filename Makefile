# yeastar.partner development tasks. `make test` is the one test command (CI runs it through .ci/run).
# Everything runs from a fresh copy of the tree in build/ansible_collections/yeastar/partner with
# pinned virtualenvs in build/venv-<series>; see hack/run.sh.
#
#   make test         sanity + units on ansible-core 2.18, 2.19, 2.20 and 2.21, integration on 2.18 and 2.21 (per-target
#                     times in the summary), the demo, ansible-lint, changelog lint, docs lint and site, execution
#                     environment, actionlint on .github/workflows, build check, galaxy-importer on the tarball
#   make sanity       ansible-test sanity (SANITY_ARGS="--test pylint" to narrow)
#   make units        ansible-test units
#   make integration  ansible-test integration (INTEGRATION_ARGS="<target>" to narrow)
#   make lint         ansible-lint (production profile) and antsibull-changelog lint
#   make build        ansible-galaxy collection build into build/dist + tarball content check + galaxy-importer
#   make docs         the docs site (plugin docs and the guides of docs/docsite), offline, in build/docs/html
#   make demo         run playbooks/purchase.yml against the local simulator; one venv, of the newest series whose
#                     Python this machine has (DEMO_SERIES=2.18 to choose)
#   make bench        benchmark the turnkey_purchase role vs a plain uri playbook (BENCH_N, BENCH_H, BENCH_FORKS; not in test)
#   make pins         regenerate the pinned venv requirements hack/requirements-<series>.txt from hack/requirements-<series>.in
#                     (hack/pins.sh; PINS_OUT=<dir> writes there instead and compares)
#   make clean        remove build/ and tests/output/
#
# ANSIBLE_SERIES="2.21" limits a run to one ansible-core series (default: "2.18 2.19 2.20 2.21", oldest first).
# Single steps of make test: hack/run.sh STEP... (hack/run.sh --help), for example hack/run.sh docs-lint ee.

SHELL := /bin/bash
RUN := bash hack/run.sh

.PHONY: help test setup sanity units integration lint changelog build docs demo bench pins clean

help:
	@awk '/^#/ { sub(/^# ?/, ""); print; next } { exit }' Makefile

test:
	$(RUN) test

setup:
	$(RUN) setup

sanity:
	$(RUN) sanity

units:
	$(RUN) units

integration:
	$(RUN) integration

lint:
	$(RUN) lint changelog

changelog:
	$(RUN) changelog

build:
	$(RUN) build importer

docs:
	$(RUN) docs

demo:
	$(RUN) demo-setup
	bash hack/demo.sh $(ARGS)

bench:
	ANSIBLE_SERIES="$${BENCH_SERIES:-2.21}" $(RUN) setup
	bash hack/bench.sh $(ARGS)

pins:
	bash hack/pins.sh

clean:
	rm -rf build tests/output
