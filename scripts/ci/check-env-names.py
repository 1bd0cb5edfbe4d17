#!/usr/bin/env python3
"""Check 4: the services, docker-compose.yml, the Kubernetes manifests and the README use the same
environment variable names.

Names the services read: string literals in Sources/**/*.swift used as `environment["NAME"]`,
`env["NAME"]`, `.integer("NAME", ...)` (ServiceSettings) and pass-through prefixes
(`key.hasPrefix("KAFKA_")`: every KAFKA_<NAME> goes to librdkafka).
Fails when
  - docker-compose.yml (the services built from deploy/Dockerfile) or the manifests (container env,
    ConfigMap data, configMapGenerator literals) set a name the services do not read, unless it
    falls under a pass-through prefix or is PLANNED below;
  - the README's "Configuration" table misses a name the services read (INTERNAL names excepted),
    lists one they do not read, or misses the pass-through row (`KAFKA_<NAME>`).
"""
from __future__ import annotations

import glob
import os
import re
import sys
from typing import Any

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import deploy_common as common  # noqa: E402

CHECK = "check 4 (environment names: Sources, compose, manifests, README)"

# Read by the code but deliberately not configuration, so not in the README's table.
INTERNAL = {
    "HOME": "the user's home, for the default FILINGS_DEV_BROKER_FILE",
    "FILINGS_CRASH_AT": "fault injection for the reliability tests (Sources/FilingsCore/CrashPoint.swift)",
    "FILINGS_CRASH_ONCE_FILE": "fault injection for the reliability tests",
}
# Set by the manifests ahead of the code (optional secrets), not read yet.
PLANNED = {
    "NOTIFY_API_TOKEN": "notify's API token (planned)",
}

NAME = r"([A-Z][A-Z0-9_]*[A-Z0-9])"
SOURCE_PATTERNS = [
    re.compile(r"\b(?:environment|env|environ)\s*\[\s*\"" + NAME + r"\"\s*\]"),
    re.compile(r"\.(?:integer|string|bool|double|int|list|duration)\(\s*\"" + NAME + r"\""),
    re.compile(r"\bgetenv\(\s*\"" + NAME + r"\"\s*\)"),
    re.compile(r"\bsetting:\s*\"" + NAME + r"\""),  # BearerAuth(settings, setting: "INGEST_API_TOKEN", ...)
]
PREFIX_PATTERN = re.compile(r"\b(?:key|name)\.hasPrefix\(\s*\"([A-Z][A-Z0-9]*_)\"\s*\)")


def source_names() -> tuple[dict[str, set[str]], set[str]]:
    names: dict[str, set[str]] = {}
    prefixes: set[str] = set()
    for path in sorted(glob.glob(os.path.join(common.ROOT, "Sources", "**", "*.swift"), recursive=True)):
        text = open(path, encoding="utf-8").read()
        for pattern in SOURCE_PATTERNS:
            for name in pattern.findall(text):
                names.setdefault(name, set()).add(common.rel(path))
        prefixes.update(PREFIX_PATTERN.findall(text))
    return names, prefixes


def env_keys(environment: Any) -> list[str]:
    if isinstance(environment, dict):
        return [str(k) for k in environment]
    if isinstance(environment, list):
        return [str(item).split("=", 1)[0] for item in environment]
    return []


def compose_names() -> dict[str, set[str]]:
    """Names set for the services built from deploy/Dockerfile (or running its image)."""
    compose = common.load_yaml(common.COMPOSE_FILE) or {}
    services = compose.get("services") or {}
    ours, images = set(), set()
    for name, service in services.items():
        build = service.get("build")
        if isinstance(build, str):
            build = {"context": build}
        if isinstance(build, dict):
            context = os.path.join(common.ROOT, build.get("context", "."))
            dockerfile = os.path.normpath(os.path.join(context, build.get("dockerfile", "Dockerfile")))
            if dockerfile == os.path.normpath(common.DOCKERFILE):
                ours.add(name)
                if service.get("image"):
                    images.add(service["image"])
    ours |= {name for name, service in services.items() if service.get("image") in images}
    out: dict[str, set[str]] = {}
    for name in sorted(ours):
        for key in env_keys(services[name].get("environment")):
            out.setdefault(key, set()).add(f"docker-compose.yml service {name}")
    return out


def k8s_names() -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}

    def collect(objects: list[dict[str, Any]], where: str) -> None:
        for obj in objects:
            if not isinstance(obj, dict):
                continue
            label = f"{where} {obj.get('kind')}/{(obj.get('metadata') or {}).get('name')}"
            if obj.get("kind") == "ConfigMap":
                for key in (obj.get("data") or {}):
                    out.setdefault(key, set()).add(label)
            for container in common.pod_containers(obj):
                for env in container.get("env") or []:
                    if isinstance(env, dict) and env.get("name"):
                        out.setdefault(env["name"], set()).add(label)
            if obj.get("kind") == "Kustomization" or "configMapGenerator" in obj:
                for generator in obj.get("configMapGenerator") or []:
                    for literal in generator.get("literals") or []:
                        out.setdefault(str(literal).split("=", 1)[0], set()).add(f"{where} configMapGenerator")

    if common.kustomize_command():
        for overlay in common.overlays():
            collect(common.render_overlay(overlay), common.rel(overlay))
    # The files themselves too (all of them without kustomize; patches and generators either way).
    for path in common.k8s_yaml_files():
        collect(common.load_yaml_all(path), common.rel(path))
    return out


def readme_names() -> tuple[set[str], set[str]]:
    text = open(os.path.join(common.ROOT, "README.md"), encoding="utf-8").read()
    match = re.search(r"^## Configuration\s*$(.*?)(?=^## |\Z)", text, re.M | re.S)
    if not match:
        return set(), set()
    names, prefixes = set(), set()
    for cell in re.findall(r"^\|\s*`([^`]+)`\s*\|", match.group(1), re.M):
        if cell.endswith("<NAME>"):
            prefixes.add(cell[: -len("<NAME>")])
        elif re.fullmatch(r"[A-Z][A-Z0-9_]*", cell):
            names.add(cell)
    return names, prefixes


def main() -> int:
    read, prefixes = source_names()
    if not read:
        common.fatal(CHECK, "no environment names found in Sources/ (did the code's layout change?)")
    documented, documented_prefixes = readme_names()
    if not documented:
        common.fatal(CHECK, "README.md has no \"## Configuration\" table with `NAME` rows")
    failures: list[str] = []

    def allowed(name: str) -> bool:
        return name in read or name in PLANNED or any(name.startswith(p) for p in prefixes)

    used = {}
    for source in (compose_names(), k8s_names()):
        for name, places in source.items():
            used.setdefault(name, set()).update(places)
    for name, places in sorted(used.items()):
        if not allowed(name):
            failures.append(f"{name} is set in {', '.join(sorted(places)[:3])} but no service reads it")
    for name, files in sorted(read.items()):
        if name not in documented and name not in INTERNAL:
            failures.append(f"{name} is read by {', '.join(sorted(files))} but missing from README's Configuration table")
    for name in sorted(documented - set(read)):
        failures.append(f"README's Configuration table lists {name}, which no service reads")
    for prefix in sorted(prefixes - documented_prefixes):
        failures.append(f"README's Configuration table has no `{prefix}<NAME>` row for the pass-through prefix {prefix}")

    passthrough = sorted(n for n in used if n not in read and any(n.startswith(p) for p in prefixes))
    planned = sorted(n for n in used if n in PLANNED and n not in read)
    return common.print_result(
        CHECK, failures,
        f"{len(read)} names read by the services ({len(read) - len(set(read) & set(INTERNAL))} documented), "
        f"{len(used)} set by compose/manifests; pass-through: {', '.join(passthrough) or 'none'}; "
        f"planned: {', '.join(planned) or 'none'}")


if __name__ == "__main__":
    sys.exit(main())
