"""Every metric the dashboard and the alert rules in deploy/monitoring/ query is one the services
expose: in the scraped /metrics files given as arguments, or (for metrics that appear only once
something happened, e.g. a skipped filing) in Sources/FilingsCore/MetricHelp.swift. Also checks
that the dashboard is valid JSON with a query on every panel."""
import json
import pathlib
import re
import sys

import yaml

root = pathlib.Path(__file__).resolve().parents[2]
monitoring = root / "deploy" / "monitoring"
NAME = re.compile(r"\b((?:filings|notify)_[a-z0-9_]+)")
SUFFIXES = ("_bucket", "_sum", "_count")


def family(name):
    for suffix in SUFFIXES:
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name


exposed = set()
for path in sys.argv[1:]:
    for line in pathlib.Path(path).read_text().splitlines():
        if line.startswith("# TYPE "):
            exposed.add(line.split()[2])
exposed |= set(re.findall(r'"((?:filings|notify)_[a-z0-9_]+)":', (root / "Sources/FilingsCore/MetricHelp.swift").read_text()))

queries = []
dashboard = json.loads((monitoring / "grafana-dashboard.json").read_text())
for panel in dashboard["panels"]:
    targets = [t["expr"] for t in panel.get("targets", [])]
    if not targets:
        print(f"FAIL dashboard panel {panel.get('title')!r} has no query")
        sys.exit(1)
    queries += [(f"dashboard panel {panel['title']!r}", e) for e in targets]
for group in yaml.safe_load((monitoring / "alerts.yml").read_text())["groups"]:
    queries += [(f"alert {rule['alert']}", rule["expr"]) for rule in group["rules"]]

missing = [(where, name) for where, expr in queries for name in NAME.findall(expr) if family(name) not in exposed]
for where, name in missing:
    print(f"FAIL {where} queries {name}, which no service exposes")
print(f"{len(queries)} queries over {len(exposed)} metric families: {'FAIL' if missing else 'PASS'}")
sys.exit(1 if missing else 0)
