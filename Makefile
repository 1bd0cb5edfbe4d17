# The two commands a new user needs: `make demo` and `make test`. Both install what is missing.
SWIFT ?= swift

.PHONY: deps build test demo test-pages clean check-deploy fuzz test-broker

deps:
	@bash scripts/install-deps.sh

build: deps
	$(SWIFT) build

# Builds every product first: the end-to-end tests run the real executables.
test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

demo: build
	@bash scripts/demo.sh

# The metrics service's pages in headless Chromium (installed with apt if missing) over the demo
# pipeline: checks the rendered DOM, writes screenshots to .build-pages/. See scripts/test-pages.sh.
test-pages: build
	@bash scripts/test-pages.sh

# Validates docker-compose.yml, deploy/k8s, deploy/Dockerfile's runtime libraries (CHECK_LDD=1:
# builds release binaries) and the configuration names; no Docker or cluster needed.
check-deploy:
	@bash scripts/ci/check-deploy.sh

# The pipeline (debug binaries) against Tansu, a second Kafka-protocol broker, with the current
# librdkafka of the PyPI confluent-kafka wheel (scripts/test-broker.sh; about 1 minute).
test-broker: build
	@bash scripts/test-broker.sh

# libFuzzer over the parser (number and table readers, HTML renderer, prose, whole parse) for
# FUZZ_SECONDS (default 600); builds only Fuzz/ (the parser) into .build-fuzz. See scripts/fuzz.sh.
FUZZ_SECONDS ?= 600
fuzz:
	@bash scripts/fuzz.sh $(FUZZ_SECONDS)

clean:
	rm -rf .build var
