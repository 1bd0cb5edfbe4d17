"""Helpers shared by the deployment checks in scripts/ci/ (run by check-deploy.sh).

Everything here reads files of the repository; nothing needs Docker or a Kubernetes cluster.
"""
from __future__ import annotations

import glob
import os
import re
import shlex
import shutil
import subprocess
import sys
from typing import Any, Iterable

import yaml

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
COMPOSE_FILE = os.path.join(ROOT, "docker-compose.yml")
DOCKERFILE = os.path.join(ROOT, "deploy", "Dockerfile")
K8S_DIR = os.path.join(ROOT, "deploy", "k8s")
SCHEMA_DIR = os.path.join(ROOT, "deploy", "schemas")
TOPICS_SWIFT = os.path.join(ROOT, "Sources", "FilingsCore", "Topics.swift")

# What Sources/FilingsCore/Topics.swift `all` gives with an empty prefix; used when that file can
# no longer be read by expected_topics() below (which then says so).
FALLBACK_TOPICS = [
    "filings.submitted", "filings.ingested", "filings.parsed", "metrics.computed",
    "filings.submitted.dlq", "filings.ingested.dlq", "filings.parsed.dlq", "metrics.computed.dlq",
    "notifications.delivered", "notifications.dlq",
]


def rel(path: str) -> str:
    return os.path.relpath(path, ROOT)


def load_yaml(path: str) -> Any:
    with open(path, encoding="utf-8") as f:
        return yaml.safe_load(f)


def load_yaml_all(path: str) -> list[Any]:
    with open(path, encoding="utf-8") as f:
        return [doc for doc in yaml.safe_load_all(f) if doc is not None]


def expected_topics() -> tuple[list[str], str]:
    """Every topic name (without prefix) as Topics.swift defines `all`, and where it came from."""
    try:
        text = open(TOPICS_SWIFT, encoding="utf-8").read()
    except OSError:
        return FALLBACK_TOPICS, "built-in list (Topics.swift not found)"
    names = dict(re.findall(r'var\s+(\w+)\s*:\s*String\s*\{\s*prefix\s*\+\s*"([^"]+)"\s*\}', text))
    consumed = re.search(r'var\s+consumed\s*:\s*\[String\]\s*\{\s*\[([^\]]*)\]', text)
    all_expr = re.search(r'var\s+all\s*:\s*\[String\]\s*\{([^}]*)\}', text)
    if not names or not consumed or not all_expr:
        return FALLBACK_TOPICS, "built-in list (Topics.swift layout not recognised)"
    consumed_names = [names[v.strip()] for v in consumed.group(1).split(",") if v.strip() in names]
    topics: list[str] = []
    body = all_expr.group(1)
    if "consumed" in body:
        topics += consumed_names
    if "deadLetter" in body:
        topics += [t + ".dlq" for t in consumed_names]
    for extra in re.findall(r"\b(\w+)\b", body.split("+")[-1] if "+" in body else ""):
        if extra in names and names[extra] not in topics:
            topics.append(names[extra])
    if not topics:
        return FALLBACK_TOPICS, "built-in list (Topics.swift `all` not recognised)"
    return topics, rel(TOPICS_SWIFT)


def topic_mentioned(topic: str, text: str) -> bool:
    return re.search(r"(?<![\w.])" + re.escape(topic) + r"(?![\w.])", text) is not None


# --- Dockerfile -----------------------------------------------------------------------------------

def dockerfile_instructions(path: str) -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) pairs, continuation lines joined, comments dropped."""
    out: list[tuple[str, str]] = []
    current = ""
    for raw in open(path, encoding="utf-8").read().splitlines():
        line = raw.strip()
        if not current and (not line or line.startswith("#")):
            continue
        if current and line.startswith("#"):
            continue
        if line.endswith("\\"):
            current += line[:-1] + " "
            continue
        current += line
        parts = current.split(None, 1)
        out.append((parts[0].upper(), parts[1] if len(parts) > 1 else ""))
        current = ""
    return out


def dockerfile_stages(path: str) -> list[dict[str, Any]]:
    """Stages in order: {'name': str|None, 'base': str, 'instructions': [...]}."""
    stages: list[dict[str, Any]] = []
    global_args: dict[str, str] = {}
    for instruction, args in dockerfile_instructions(path):
        if instruction == "ARG" and not stages and "=" in args:
            key, value = args.split("=", 1)
            global_args[key.strip()] = value.strip().strip('"')
        if instruction == "FROM":
            for key, value in global_args.items():
                args = args.replace("${%s}" % key, value).replace("$" + key, value)
            words = args.split()
            words = [w for w in words if not w.startswith("--")]
            name = None
            if len(words) >= 3 and words[1].lower() == "as":
                name = words[2]
            stages.append({"name": name, "base": words[0] if words else "", "instructions": []})
        elif stages:
            stages[-1]["instructions"].append((instruction, args))
    return stages


def apt_packages(stage: dict[str, Any]) -> list[str]:
    """Packages named by `apt-get install` / `apt install` in a stage's RUN instructions."""
    packages: list[str] = []
    for instruction, args in stage["instructions"]:
        if instruction != "RUN":
            continue
        # Split into simple commands on && ; || | and newlines, then look at each.
        for command in re.split(r"&&|\|\||;|\||\n", args):
            try:
                words = shlex.split(command)
            except ValueError:
                words = command.split()
            while words and "=" in words[0] and not words[0].startswith("-"):
                words = words[1:]  # VAR=value prefixes
            if len(words) < 2 or words[0] not in ("apt-get", "apt") or "install" not in words:
                continue
            after = words[words.index("install") + 1:]
            packages += [w.split("=")[0] for w in after if not w.startswith("-")]
    return packages


# --- Kubernetes -----------------------------------------------------------------------------------

def overlays() -> list[str]:
    return sorted(d for d in glob.glob(os.path.join(K8S_DIR, "overlays", "*")) if os.path.isdir(d))


def kustomize_command() -> list[str] | None:
    """`kubectl kustomize` or `kustomize build` when either is installed (KUSTOMIZE=none: neither)."""
    if os.environ.get("KUSTOMIZE") == "none":
        return None
    if shutil.which("kubectl"):
        return ["kubectl", "kustomize"]
    if shutil.which("kustomize"):
        return ["kustomize", "build"]
    return None


def render_overlay(directory: str) -> list[dict[str, Any]]:
    command = kustomize_command()
    assert command is not None
    result = subprocess.run(command + [directory], capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} {rel(directory)} failed:\n{result.stderr.strip()}")
    return [doc for doc in yaml.safe_load_all(result.stdout) if doc is not None]


def k8s_yaml_files() -> list[str]:
    return sorted(glob.glob(os.path.join(K8S_DIR, "**", "*.yaml"), recursive=True)
                  + glob.glob(os.path.join(K8S_DIR, "**", "*.yml"), recursive=True))


def is_kustomization(path: str) -> bool:
    return os.path.basename(path) in ("kustomization.yaml", "kustomization.yml", "Kustomization")


def base_resource_objects() -> list[tuple[str, dict[str, Any]]]:
    """Without kustomize: the complete objects of every kustomization's `resources` files."""
    out: list[tuple[str, dict[str, Any]]] = []
    for path in k8s_yaml_files():
        if not is_kustomization(path):
            continue
        kustomization = load_yaml(path) or {}
        for resource in kustomization.get("resources", []) or []:
            target = os.path.normpath(os.path.join(os.path.dirname(path), resource))
            if os.path.isfile(target):
                out += [(target, doc) for doc in load_yaml_all(target) if isinstance(doc, dict)]
    return out


def pod_containers(obj: dict[str, Any]) -> Iterable[dict[str, Any]]:
    spec = obj.get("spec") or {}
    template = (spec.get("template") or {}).get("spec") or {}
    if obj.get("kind") == "CronJob":
        template = (((spec.get("jobTemplate") or {}).get("spec") or {}).get("template") or {}).get("spec") or {}
    if obj.get("kind") == "Pod":
        template = spec
    for key in ("initContainers", "containers"):
        for container in template.get(key) or []:
            if isinstance(container, dict):
                yield container


def print_result(check: str, failures: list[str], summary: str) -> int:
    for failure in failures:
        print(f"  - {failure}")
    if failures:
        print(f"FAIL {check}: {len(failures)} problem(s)")
        return 1
    print(f"PASS {check}: {summary}")
    return 0


def fatal(check: str, message: str) -> None:
    print(f"  - {message}")
    print(f"FAIL {check}")
    sys.exit(1)
