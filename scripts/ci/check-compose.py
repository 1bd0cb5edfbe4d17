#!/usr/bin/env python3
"""Check 1: docker-compose.yml is a valid Compose file and every service can be built or pulled.

- validates the file against the Compose Specification's JSON schema (deploy/schemas/compose-spec.json,
  a copy of shared/schemas/compose-spec.json);
- every service has an `image` or a `build` whose Dockerfile exists and whose `target` is a stage
  of that Dockerfile;
- the job that runs kafka-topics.sh names every topic of Sources/FilingsCore/Topics.swift.
"""
from __future__ import annotations

import json
import os
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


if __name__ == "__main__":
    sys.exit(main())
