"""Checks docs/asyncapi.yaml:
  1. the AsyncAPI 3.0 object model of the PyPI package asyncapi3 accepts it (fields, types, enums;
     no validator that runs the official AsyncAPI JSON schema installs from PyPI)
  2. every $ref resolves (in the document, or a file of docs/schemas), and every operation's
     messages belong to its channel
  3. every topic of Sources/FilingsCore/Topics.swift has a channel (dead-letter topics included),
     and every CloudEvent type of the sources has a message whose payload is docs/schemas/<type>.json
  4. docs/events.md names every type and every topic
  5. every schema in docs/schemas is a valid JSON Schema 2020-12"""
import json
import pathlib
import re
import sys
import warnings

import yaml
from jsonschema import Draft202012Validator

warnings.filterwarnings("ignore")
from asyncapi3 import AsyncAPI3  # noqa: E402

root = pathlib.Path(__file__).resolve().parents[2]
docs = root / "docs"
doc = yaml.safe_load((docs / "asyncapi.yaml").read_text())
failures = []

try:
    AsyncAPI3.model_validate(doc)
except Exception as error:  # pydantic's ValidationError lists every field
    failures.append(f"not an AsyncAPI 3.0 document: {error}")


def pointer(ref):
    node = doc
    for part in ref.removeprefix("#/").split("/"):
        part = part.replace("~1", "/").replace("~0", "~")
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return node


def refs(node, where="#"):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref":
                yield where, value
            else:
                yield from refs(value, f"{where}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from refs(value, f"{where}/{index}")


for where, ref in refs(doc):
    if ref.startswith("#/"):
        if pointer(ref) is None:
            failures.append(f"{where}: $ref {ref} does not resolve")
    elif not (docs / ref).is_file():
        failures.append(f"{where}: $ref {ref} is not a file in docs/")

for name, operation in doc.get("operations", {}).items():
    channel = operation["channel"]["$ref"]
    for message in operation.get("messages", []):
        if not message["$ref"].startswith(channel + "/messages/"):
            failures.append(f"operation {name}: message {message['$ref']} is not one of {channel}'s")

topics_swift = (root / "Sources/FilingsCore/Topics.swift").read_text()
topics = re.findall(r'prefix \+ "([a-z.]+)"', topics_swift)
consumed = ["filings.submitted", "filings.ingested", "filings.parsed", "metrics.computed"]
expected_topics = set(topics) | {t + ".dlq" for t in consumed}
addresses = {channel["address"] for channel in doc["channels"].values()}
for topic in sorted(expected_topics - addresses):
    failures.append(f"topic {topic} has no channel")
for topic in sorted(addresses - expected_topics):
    failures.append(f"channel {topic} is not a topic of Topics.swift")

types = set()
for path in ["Sources/FilingEvents/EventTypes.swift", "Sources/NotifyService/WebhookPayloads.swift"]:
    types |= set(re.findall(r'static let \w+ = "([a-z.]+\.v\d+)"', (root / path).read_text()))
payloads = {m.get("payload", {}).get("$ref") for m in doc["components"]["messages"].values()}
for event_type in sorted(types):
    if f"./schemas/{event_type}.json" not in payloads:
        failures.append(f"type {event_type} has no message with payload ./schemas/{event_type}.json")

events_md = (docs / "events.md").read_text()
for name in sorted(types | expected_topics):
    if f"`{name}`" not in events_md:
        failures.append(f"docs/events.md does not name `{name}`")

for path in sorted((docs / "schemas").glob("*.json")):
    try:
        Draft202012Validator.check_schema(json.loads(path.read_text()))
    except Exception as error:
        failures.append(f"{path.name}: {error}")

for failure in failures:
    print("FAIL", failure)
print(f"asyncapi: {len(doc['channels'])} channels, {len(doc['operations'])} operations, {len(types)} event types, "
      f"{len(expected_topics)} topics: {'FAIL' if failures else 'PASS'}")
sys.exit(1 if failures else 0)
