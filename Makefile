# yeastar.partner development tasks. `make test` is the one test command (CI runs it through .ci/run).
# Everything runs from a fresh copy of the tree in build/ansible_collections/yeastar/partner with
# pinned virtualenvs in build/venv-<series>; see hack/run.sh.
#
#   make test         sanity + units + integration on ansible-core 2.18 and 2.21, ansible-lint, changelog lint, build check
#   make sanity       ansible-test sanity (SANITY_ARGS="--test pylint" to narrow)
#   make units        ansible-test units
#   make integration  ansible-test integration (INTEGRATION_ARGS="<target>" to narrow)
#   make lint         ansible-lint (production profile) and antsibull-changelog lint
#   make build        ansible-galaxy collection build into build/dist + tarball content check
#   make demo         run playbooks/purchase.yml against the local simulator
#   make bench        benchmark the turnkey_purchase role vs a plain uri playbook (BENCH_N, BENCH_H, BENCH_FORKS; not in test)
#   make clean        remove build/ and tests/output/
#
# ANSIBLE_SERIES="2.21" limits a run to one ansible-core series (default: "2.18 2.21").

SHELL := /bin/bash
RUN := bash hack/run.sh

.PHONY: help test setup sanity units integration lint changelog build demo bench clean

help:
	@sed -n '1,15p' Makefile | sed 's/^# \{0,1\}//'

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
	$(RUN) build

demo:
	$(RUN) setup
	bash hack/demo.sh $(ARGS)

bench:
	$(RUN) setup
	bash hack/bench.sh $(ARGS)

clean:
	rm -rf build tests/output
