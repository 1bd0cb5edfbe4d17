#!/usr/bin/env python3
"""Check 2: every kustomize overlay renders and every rendered object passes a schema check.

- `kubectl kustomize deploy/k8s/overlays/<each>` (or `kustomize build`); where neither is installed,
  every YAML file under deploy/k8s is parsed instead and the objects of every kustomization's
  `resources` are checked as they are (patches cannot be checked without rendering);
- Kubernetes objects: kubernetes-validate's bundled schemas, strict (unknown fields are errors),
  for K8S_VERSION (default 1.32);
- Strimzi KafkaTopics (a CRD): deploy/schemas/kafkatopic.schema.json;
- and what the deployment relies on: one KafkaTopic per topic of Sources/FilingsCore/Topics.swift,
  StatefulSets with at least one replica (notify exactly one: its subscriptions live in its store),
  a volumeClaimTemplate (one store per replica), `SERVICE_INSTANCE_ID` from the pod name (a distinct,
  stable group.instance.id per replica), probes on /healthz and /readyz, non-root, resources, and a
  PodDisruptionBudget per StatefulSet.
"""
from __future__ import annotations

import json
import os
import sys
from typing import Any

import jsonschema
import kubernetes_validate
from kubernetes_validate.utils import all_versions

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import deploy_common as common  # noqa: E402

CHECK = "check 2 (deploy/k8s: overlays render, objects pass schemas)"


def k8s_version() -> str:
    wanted = os.environ.get("K8S_VERSION", "1.32")
    versions = all_versions()
    mm = lambda v: tuple(int(x) for x in v.split(".")[:2])  # noqa: E731
    if any(mm(v) == mm(wanted) for v in versions):
        return wanted
    print(f"  (kubernetes-validate has no schemas for {wanted}; using {versions[-1]})")
    return versions[-1]


def describe(obj: dict[str, Any]) -> str:
    meta = obj.get("metadata") or {}
    return f"{obj.get('kind')}/{meta.get('name')}"


def validate_object(obj: dict[str, Any], version: str, topic_validator: Any) -> list[str]:
    if obj.get("kind") == "KafkaTopic" or str(obj.get("apiVersion", "")).startswith("kafka.strimzi.io/"):
        return [f"{'/'.join(str(p) for p in e.absolute_path) or '(top)'}: {e.message[:200]}"
                for e in topic_validator.iter_errors(obj)]
    try:
        kubernetes_validate.validate(obj, version, strict=True)
        return []
    except kubernetes_validate.ValidationError as error:
        where = "/".join(str(p) for p in error.absolute_path) or "(top)"
        return [f"{where}: {error.message[:300]}"]
    except kubernetes_validate.SchemaNotFoundError as error:
        return [error.message]


def policy_findings(objects: list[dict[str, Any]]) -> list[str]:
    """What the deployment relies on, beyond the schemas."""
    failures: list[str] = []
    statefulsets = [o for o in objects if o.get("kind") == "StatefulSet"]
    pdbs = [o for o in objects if o.get("kind") == "PodDisruptionBudget"]
    if not statefulsets:
        failures.append("no StatefulSet")
    for sts in statefulsets:
        spec = sts.get("spec") or {}
        name = describe(sts)
        replicas = spec.get("replicas")
        if not isinstance(replicas, int) or replicas < 1:
            failures.append(f"{name}: replicas must be at least 1, is {replicas}")
        elif (sts.get("metadata") or {}).get("name") == "notify" and replicas != 1:
            failures.append(f"{name}: replicas must be 1 (notify's subscriptions live in its one store), is {replicas}")
        if not spec.get("volumeClaimTemplates"):
            failures.append(f"{name}: no volumeClaimTemplates")
        pod = (spec.get("template") or {}).get("spec") or {}
        if not (pod.get("securityContext") or {}).get("runAsNonRoot"):
            failures.append(f"{name}: pod securityContext.runAsNonRoot is not true")
        for container in common.pod_containers(sts):
            cname = f"{name} container {container.get('name')}"
            live = ((container.get("livenessProbe") or {}).get("httpGet") or {}).get("path")
            ready = ((container.get("readinessProbe") or {}).get("httpGet") or {}).get("path")
            if live != "/healthz":
                failures.append(f"{cname}: livenessProbe is not httpGet /healthz ({live})")
            if ready != "/readyz":
                failures.append(f"{cname}: readinessProbe is not httpGet /readyz ({ready})")
            instance = [e for e in container.get("env") or [] if e.get("name") == "SERVICE_INSTANCE_ID"]
            field = ((instance[0].get("valueFrom") or {}).get("fieldRef") or {}).get("fieldPath") if instance else None
            if field != "metadata.name":
                failures.append(f"{cname}: SERVICE_INSTANCE_ID is not the pod name (valueFrom.fieldRef metadata.name)")
            resources = container.get("resources") or {}
            if not resources.get("requests") or not resources.get("limits"):
                failures.append(f"{cname}: resource requests and limits missing")
        labels = (spec.get("selector") or {}).get("matchLabels") or {}
        covered = False
        for pdb in pdbs:
            selects = ((pdb.get("spec") or {}).get("selector") or {}).get("matchLabels") or {}
            same_namespace = (pdb.get("metadata") or {}).get("namespace") == (sts.get("metadata") or {}).get("namespace")
            if selects and same_namespace and selects.items() <= labels.items():
                covered = True
        if not covered:
            failures.append(f"{name}: no PodDisruptionBudget selects its pods")
    return failures


def topic_findings(objects: list[dict[str, Any]], label: str) -> list[str]:
    topics, source = common.expected_topics()
    have = {((o.get("spec") or {}).get("topicName") or (o.get("metadata") or {}).get("name"))
            for o in objects if o.get("kind") == "KafkaTopic"}
    failures = []
    missing = [t for t in topics if t not in have]
    extra = sorted(t for t in have if t not in topics)
    if missing:
        failures.append(f"{label}: no KafkaTopic for {', '.join(missing)} (expected from {source})")
    if extra:
        failures.append(f"{label}: KafkaTopic for unknown topics {', '.join(extra)}")
    return failures


def main() -> int:
    version = k8s_version()
    with open(os.path.join(common.SCHEMA_DIR, "kafkatopic.schema.json"), encoding="utf-8") as f:
        topic_schema = json.load(f)
    topic_validator = jsonschema.Draft7Validator(topic_schema)
    failures: list[str] = []
    counted = 0
    overlays = common.overlays()
    if not overlays:
        common.fatal(CHECK, "no overlays under deploy/k8s/overlays")

    command = common.kustomize_command()
    if command:
        for overlay in overlays:
            label = common.rel(overlay)
            try:
                objects = common.render_overlay(overlay)
            except Exception as error:  # noqa: BLE001 - rendering failure is the finding
                failures.append(f"{label}: {error}")
                continue
            for obj in objects:
                failures += [f"{label}: {describe(obj)}: {m}" for m in validate_object(obj, version, topic_validator)]
            failures += [f"{label}: {m}" for m in policy_findings(objects)]
            failures += topic_findings(objects, label)
            counted += len(objects)
            print(f"  {label}: {len(objects)} objects rendered with `{' '.join(command)}`")
        how = f"{len(overlays)} overlays rendered with `{' '.join(command)}`"
    else:
        print("  kubectl/kustomize not found: parsing every YAML file instead of rendering")
        for path in common.k8s_yaml_files():
            try:
                common.load_yaml_all(path)
            except Exception as error:  # noqa: BLE001
                failures.append(f"{common.rel(path)}: does not parse: {error}")
        objects = common.base_resource_objects()
        for path, obj in objects:
            failures += [f"{common.rel(path)}: {describe(obj)}: {m}" for m in validate_object(obj, version, topic_validator)]
        plain = [obj for _, obj in objects]
        failures += policy_findings(plain)
        failures += topic_findings(plain, "deploy/k8s")
        counted = len(objects)
        how = f"{len(common.k8s_yaml_files())} YAML files parsed (no kustomize: patches not rendered)"

    return common.print_result(
        CHECK, failures,
        f"{how}; {counted} objects valid (Kubernetes {version} strict schemas, KafkaTopic against "
        f"deploy/schemas/kafkatopic.schema.json)")


if __name__ == "__main__":
    sys.exit(main())
