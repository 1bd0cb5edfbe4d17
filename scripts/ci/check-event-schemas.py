#!/usr/bin/env python3
"""Validates the events a run kept (DIR/<topic>.jsonl, one `filings subscribe` JSON line each)
against docs/schemas/<ce type>.json. Usage: check-event-schemas.py DIR [TOPIC...] (default: the
three topics of a demo run). Fails when a schema is invalid, an event does not match its schema,
or a topic has no events."""
import json
import pathlib
import sys

from jsonschema import Draft202012Validator
from referencing import Registry, Resource

root = pathlib.Path(__file__).resolve().parents[2]
schemas_dir = root / "docs" / "schemas"
events_dir = pathlib.Path(sys.argv[1])

resources = {}
for path in schemas_dir.glob("*.json"):
    schema = json.loads(path.read_text())
    Draft202012Validator.check_schema(schema)
    resources[path.name] = Resource.from_contents(schema)
registry = Registry().with_resources(resources.items())

failures, checked = [], 0
topics = sys.argv[2:] or ["filings.ingested", "filings.parsed", "metrics.computed"]
for topic in topics:
    path = events_dir / f"{topic}.jsonl"
    lines = [l for l in path.read_text().splitlines() if l.strip()] if path.exists() else []
    if not lines:
        failures.append(f"{path}: no events")
        continue
    for number, line in enumerate(lines, 1):
        event = json.loads(line)
        schema_name = f"{event.get('type')}.json"
        if schema_name not in resources:
            failures.append(f"{path}:{number}: no schema for type {event.get('type')}")
            continue
        validator = Draft202012Validator(resources[schema_name].contents, registry=registry,
                                         format_checker=Draft202012Validator.FORMAT_CHECKER)
        for error in validator.iter_errors(event["data"]):
            failures.append(f"{path}:{number}: {'/'.join(map(str, error.path))}: {error.message[:200]}")
        checked += 1

for failure in failures:
    print("FAIL", failure)
print(f"event schemas: {checked} events checked, {len(failures)} failures")
sys.exit(1 if failures else 0)
