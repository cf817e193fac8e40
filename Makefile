# Everyday commands. Each one is a thin alias for a script, so nothing here is needed
# to work on the tutor: ./scripts/setup, ./scripts/test and ./scripts/build-image do it all.
.DEFAULT_GOAL := help
.PHONY: help setup test lint console image lock

VENV := .venv/bin
IMAGE ?= container-tutor:latest
BASE_IMAGE ?= container-tutor/base-python:2
EXTRAS ?= postgres
export IMAGE BASE_IMAGE EXTRAS

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

setup:  ## install what is missing, start dockerd, make .venv, build the demo images
	./scripts/setup

test:  ## setup, then every check and test, as CI runs them
	./scripts/test

lint:  ## ruff, mypy, the architecture check and the lesson check
	$(VENV)/ruff check .
	$(VENV)/ruff format --check .
	$(VENV)/mypy
	$(VENV)/lint-imports
	$(VENV)/container-tutor lessons check lessons

console: setup  ## the terminal tutor
	$(VENV)/container-tutor console

image: setup  ## the bot's own image, container-tutor:latest, with no image registry
	./scripts/build-image

lock:  ## pin every dependency with hashes (requirements*.lock) after changing pyproject.toml
	./scripts/lock
