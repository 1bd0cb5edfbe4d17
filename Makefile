# The two commands a new user needs: `make demo` and `make test`. Both install what is missing.
SWIFT ?= swift

.PHONY: deps build test demo clean

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

clean:
	rm -rf .build var
