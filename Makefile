# The two commands a new user needs: `make demo` and `make test`. Both install what is missing.
SWIFT ?= swift

.PHONY: deps build test demo clean check-deploy

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

# Validates docker-compose.yml, deploy/k8s, deploy/Dockerfile's runtime libraries (CHECK_LDD=1:
# builds release binaries) and the configuration names; no Docker or cluster needed.
check-deploy:
	@bash scripts/ci/check-deploy.sh

clean:
	rm -rf .build var
