# szpon: `make run` builds the demo site and serves it; `make test` runs every test.
SWIFT ?= swift
PYTHON ?= python3
PORT ?= 8080
SZPON = .build/debug/szpon

BUILD_PACKAGES = libcmark-gfm-dev libcmark-gfm-extensions-dev libarchive-dev libsqlite3-dev
TEST_PACKAGES = chromium chromium-driver firefox-esr nodejs unzip libxml2-utils postgresql
PIP_PACKAGES = selenium "axe-selenium-python>=3" pytest pyyaml jsonschema marionette-driver "schemathesis>=4,<5"

.PHONY: run build install site test test-all test-swift test-js test-cli test-server test-browser bench deps deps-system deps-test-system deps-python deps-scorm12 clean

# Installs missing Debian and PyPI packages when run as root (as on a fresh machine).
deps: deps-system deps-test-system deps-python deps-scorm12

deps-test-system:
	@$(MAKE) --no-print-directory deps-system BUILD_PACKAGES="$(TEST_PACKAGES)"

deps-system:
	@missing=""; for p in $(BUILD_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then echo "installing:$$missing"; apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	  else echo "missing Debian packages:$$missing (run as root, or: sudo apt-get install$$missing)"; exit 1; fi; \
	fi

# axe-selenium-python 3 (axe-core 4.10) declares Python >= 3.12 but runs on 3.11 too.
deps-python:
	@$(PYTHON) -c "import selenium, pytest, yaml, jsonschema, marionette_driver, schemathesis; from importlib.metadata import version as v; assert int(v('axe-selenium-python').split('.')[0]) >= 3" 2>/dev/null || \
	  $(PYTHON) -m pip install -q --ignore-requires-python $(PIP_PACKAGES)

# ADL's SCORM 1.2 schemas, for the tests that validate imsmanifest.xml (taken from a
# PyPI wheel; Debian has none). See tests/tools/scorm12_schemas.py.
SCORM12_XSD = $(CURDIR)/.build/scorm12-xsd
deps-scorm12:
	@$(PYTHON) tests/tools/scorm12_schemas.py $(SCORM12_XSD) >/dev/null

build: deps-system
	$(SWIFT) build --product szpon

# A release binary in $(PREFIX)/bin and its default theme in $(PREFIX)/share/szpon/themes/default,
# where szpon looks for it, so `szpon build` works in any folder (INSTALL_CONFIG=debug is quicker).
PREFIX ?= /usr/local
INSTALL_CONFIG ?= release
install: deps-system
	$(SWIFT) build -c $(INSTALL_CONFIG) --product szpon
	install -d "$(DESTDIR)$(PREFIX)/bin" "$(DESTDIR)$(PREFIX)/share/szpon/themes"
	install -m 755 "$$($(SWIFT) build -c $(INSTALL_CONFIG) --show-bin-path)/szpon" "$(DESTDIR)$(PREFIX)/bin/szpon"
	rm -rf "$(DESTDIR)$(PREFIX)/share/szpon/themes/default"
	cp -R themes/default "$(DESTDIR)$(PREFIX)/share/szpon/themes/default"

site: build
	$(SZPON) build --content content --output site

run: site
	$(SZPON) serve --site site --db results.sqlite --port $(PORT)

# Every suite, with a throwaway PostgreSQL cluster on 127.0.0.1 (tests/tools/postgres.sh)
# for the store's contract suite and the server tests on PostgreSQL; it is stopped and
# removed afterwards, pass or fail. The suites also run alone (make test-server), on
# SQLite only unless SZPON_TEST_POSTGRES names a database.
PG_DIR = $(CURDIR)/.build/test-postgres
test: deps
	@bash tests/tools/postgres.sh start $(PG_DIR) >/dev/null
	@status=0; SZPON_TEST_POSTGRES=$$(cat $(PG_DIR)/url) $(MAKE) --no-print-directory test-all || status=$$?; \
	  bash tests/tools/postgres.sh stop $(PG_DIR); exit $$status

test-all: test-swift test-js test-cli test-server test-browser

test-swift:
	$(SWIFT) build --build-tests
	SZPON_SCORM_XSD_DIR=$(SCORM12_XSD) $(SWIFT) test --skip-build

# The scoring and storage scripts the pages load, under Node's built-in test runner.
test-js:
	node --test tests/js/*.test.js

test-cli: build
	SZPON_SCORM_XSD_DIR=$(SCORM12_XSD) $(PYTHON) -m pytest -q tests/cli

# The ingest server: a real szpon serve on 127.0.0.1 with a real SQLite file.
test-server: build
	$(PYTHON) -m pytest -q tests/server

test-browser: site
	$(PYTHON) -m pytest -q tests/browser

bench: deps-system
	bash bench/run.sh

clean:
	rm -rf .build site/* 
