#!/usr/bin/env python3
"""Check 1: docker-compose.yml is a valid Compose file and every service can be built or pulled.

- validates the file against the Compose Specification's JSON schema (deploy/schemas/compose-spec.json,
  a copy of shared/schemas/compose-spec.json);
- every service has an `image` or a `build` whose Dockerfile exists and whose `target` is a stage
  of that Dockerfile;
- the job that runs kafka-topics.sh names every topic of Sources/FilingsCore/Topics.swift;
- the file's rules (README "Run with Docker Compose"): no top-level `name:` (Debian 12's
  docker-compose 1.29 rejects it; Compose v2 reads the file as well), every published port bound
  to ${PUBLISH_ADDRESS:-127.0.0.1}, every service built from the Dockerfile has a healthcheck on
  /readyz, notify's NOTIFY_API_TOKEN comes from the environment, and .env.example names every
  variable the file interpolates.
When ../shared/schemas/compose-spec.json exists (the shared copy of the Compose Specification's
schema), the file is validated against it too, and deploy/schemas' copy must equal it.
"""
from __future__ import annotations

import json
import os
import re
import sys

import jsonschema

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import deploy_common as common  # noqa: E402

CHECK = "check 1 (docker-compose.yml: Compose schema, Dockerfile targets, topics)"


def main() -> int:
    compose_file = os.environ.get("COMPOSE_FILE_PATH", common.COMPOSE_FILE)
    schema_file = os.path.join(common.SCHEMA_DIR, "compose-spec.json")
    failures: list[str] = []
    try:
        compose = common.load_yaml(compose_file)
    except Exception as error:  # noqa: BLE001 - any parse error is the finding
        common.fatal(CHECK, f"{common.rel(compose_file)} does not parse: {error}")
    with open(schema_file, encoding="utf-8") as f:
        schema = json.load(f)

    validator_class = jsonschema.validators.validator_for(schema, default=jsonschema.Draft7Validator)
    validator = validator_class(schema)
    for error in sorted(validator.iter_errors(compose), key=lambda e: list(e.absolute_path)):
        where = "/".join(str(p) for p in error.absolute_path) or "(top level)"
        failures.append(f"schema: {where}: {error.message[:300]}")

    services = (compose or {}).get("services") or {}
    if not services:
        failures.append("no services")
    compose_dir = os.path.dirname(os.path.abspath(compose_file))
    built = 0
    for name, service in services.items():
        if not isinstance(service, dict):
            continue
        build = service.get("build")
        if build is None:
            if not service.get("image"):
                failures.append(f"service {name}: neither `build` nor `image`")
            continue
        if isinstance(build, str):
            build = {"context": build}
        context = os.path.normpath(os.path.join(compose_dir, build.get("context", ".")))
        if not os.path.isdir(context):
            failures.append(f"service {name}: build context {common.rel(context)} is not a folder")
            continue
        dockerfile = os.path.normpath(os.path.join(context, build.get("dockerfile", "Dockerfile")))
        if not os.path.isfile(dockerfile):
            failures.append(f"service {name}: Dockerfile {common.rel(dockerfile)} not found")
            continue
        stages = [s["name"] for s in common.dockerfile_stages(dockerfile)]
        if not stages:
            failures.append(f"service {name}: {common.rel(dockerfile)} has no FROM")
        target = build.get("target")
        if target is not None and target not in stages:
            failures.append(f"service {name}: build target '{target}' is not a stage of "
                            f"{common.rel(dockerfile)} (stages: {', '.join(str(s) for s in stages)})")
        built += 1

    shared_schema = os.path.join(common.ROOT, "..", "shared", "schemas", "compose-spec.json")
    if os.path.isfile(shared_schema):
        with open(shared_schema, encoding="utf-8") as f:
            shared = json.load(f)
        if shared != schema:
            failures.append(f"{common.rel(schema_file)} differs from ../shared/schemas/compose-spec.json: copy it again")
        for error in jsonschema.validators.validator_for(shared, default=jsonschema.Draft7Validator)(shared).iter_errors(compose):
            failures.append(f"shared schema: {'/'.join(str(p) for p in error.absolute_path)}: {error.message[:300]}")
    failures += rule_failures(compose, compose_file)

    topics, source = common.expected_topics()
    creators = [n for n, s in services.items() if "kafka-topics.sh" in json.dumps(s)]
    if not creators:
        failures.append("no service runs kafka-topics.sh to create the topics")
    for name in creators:
        text = json.dumps(services[name])
        missing = [t for t in topics if not common.topic_mentioned(t, text)]
        if missing:
            failures.append(f"service {name} does not create: {', '.join(missing)} (expected from {source})")

    return common.print_result(
        CHECK, failures,
        f"valid against {common.rel(schema_file)}; {len(services)} services ({built} built from a "
        f"Dockerfile stage); {len(topics)} topics created by {', '.join(creators)}")


def rule_failures(compose: dict, compose_file: str) -> list[str]:
    """The compose file's own rules (see the module docstring)."""
    failures = []
    if "name" in compose:
        failures.append("top-level `name:` (docker-compose 1.29 rejects it; use COMPOSE_PROJECT_NAME)")
    for name, service in (compose.get("services") or {}).items():
        for port in service.get("ports") or []:
            if not str(port).startswith("${PUBLISH_ADDRESS:-127.0.0.1}:"):
                failures.append(f"service {name}: port {port} is not published on ${{PUBLISH_ADDRESS:-127.0.0.1}}")
        if "build" in service and "profiles" not in service:
            test = json.dumps((service.get("healthcheck") or {}).get("test", ""))
            if "GET /readyz " not in test:
                failures.append(f"service {name}: its healthcheck does not probe /readyz")
    notify_env = ((compose.get("services") or {}).get("notify") or {}).get("environment") or {}
    if not str(notify_env.get("NOTIFY_API_TOKEN", "")).startswith("${NOTIFY_API_TOKEN"):
        failures.append("service notify: NOTIFY_API_TOKEN is not read from the environment (${NOTIFY_API_TOKEN:-})")
    with open(compose_file, encoding="utf-8") as f:
        used = set(re.findall(r"(?<!\$)\$\{([A-Z_][A-Z0-9_]*)", f.read()))
    example = os.path.join(os.path.dirname(os.path.abspath(compose_file)), ".env.example")
    listed = set()
    if os.path.isfile(example):
        with open(example, encoding="utf-8") as f:
            listed = {line.split("=", 1)[0].strip() for line in f if re.match(r"^[A-Z_][A-Z0-9_]*=", line)}
    for variable in sorted(used - listed):
        failures.append(f".env.example does not list {variable}, which docker-compose.yml reads")
    return failures


if __name__ == "__main__":
    sys.exit(main())
