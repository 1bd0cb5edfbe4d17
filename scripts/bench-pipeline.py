#!/usr/bin/env python3
"""Helpers of scripts/bench-pipeline.sh (standard library only).

  generate DIR COUNT FIRST COMPANIES  write COUNT filings to DIR, copies of the fixture filings
                                      that have an SEC header, each with its own accession number
                                      (numbered from FIRST); COMPANIES > 0 spreads them over that
                                      many CIKs, 0 gives each filing its own CIK
  wait PORT COUNT TIMEOUT             wait until the metrics service (HTTP PORT) has handled COUNT
                                      records and its outbox is empty; prints how many events it published
  cpu PID...                          CPU seconds (user + system) each process has used so far
  runqueue PID...                     seconds each process's threads have so far spent runnable but
                                      waiting for a core (/proc/PID/task/*/schedstat): how contended
                                      the cores were, which tells a slow run on a busy host
  latency TIMINGS EVENTS              p50 and p99 of publish -> metric event, in ms, for the filings
                                      in TIMINGS (`filings publish --timings`), from EVENTS
                                      (`filings subscribe metrics.computed` JSON lines)
  rate TIMINGS EVENTS                 filings/s from the first send in TIMINGS to the last of their
                                      filing events in EVENTS
"""
import json
import os
import pathlib
import re
import sys
import time
import urllib.request

FIXTURES = pathlib.Path(os.environ.get("FIXTURES_DIR", pathlib.Path(__file__).resolve().parents[1] / "../shared/fixtures/filings"))
# Plain-text earnings releases (item 2.02 in the SEC header, which ingest requires) with one filer,
# small enough to copy thousands of times.
MAX_BYTES = 100_000
EARNINGS_ITEM = "ITEM INFORMATION:\t\tResults of Operations and Financial Condition"


def templates():
    out = []
    for path in sorted(FIXTURES.glob("*.txt")):
        text = path.read_text(encoding="latin-1")
        if len(text) > MAX_BYTES or re.search(r"<html", text, re.I) or EARNINGS_ITEM not in text:
            continue
        accession = re.search(r"ACCESSION NUMBER:\s*(\S+)", text)
        ciks = re.findall(r"CENTRAL INDEX KEY:\s*(\d+)", text)
        if accession and len(ciks) == 1:
            out.append((path.name, text, accession.group(1)))
    if not out:
        sys.exit(f"bench-pipeline: no fixture filings with an SEC header in {FIXTURES}")
    return out


def generate(directory, count, first, companies):
    directory = pathlib.Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    sources = templates()
    for i in range(count):
        n = first + i
        name, text, accession = sources[n % len(sources)]
        new_accession = f"9{n:09d}-26-{n % 1_000_000:06d}"
        cik = 900_000_000 + (n % companies if companies > 0 else n)
        text = text.replace(accession, new_accession)
        text = re.sub(r"(CENTRAL INDEX KEY:\s*)\d+", lambda m: m.group(1) + f"{cik:010d}", text)
        (directory / f"{n:07d}-{name}").write_text(text, encoding="latin-1")


def scrape(port):
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5) as response:
        text = response.read().decode()
    def value(pattern):
        m = re.search(r"^" + pattern + r"\s+([0-9.e+]+)$", text, re.M)
        return float(m.group(1)) if m else 0.0
    return (value(r'filings_messages_processed_total\{stage="metrics"\}'), value(r"filings_outbox_backlog"),
            value(r"filings_outbox_published_total"))


def wait(port, count, timeout):
    deadline = time.time() + timeout
    while time.time() < deadline:
        handled, backlog, published = scrape(port)
        if handled >= count and backlog == 0:
            print(int(published))
            return
        time.sleep(0.1)
    sys.exit(f"bench-pipeline: the metrics service handled {int(handled)} of {count} records within {timeout} s")


def cpu(pids):
    ticks = os.sysconf("SC_CLK_TCK")
    for pid in pids:
        fields = pathlib.Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        print((int(fields[11]) + int(fields[12])) / ticks)  # utime, stime (fields 14 and 15 of stat)


def runqueue(pids):
    for pid in pids:
        waited = 0
        for task in pathlib.Path(f"/proc/{pid}/task").iterdir():
            try:
                waited += int((task / "schedstat").read_text().split()[1])  # ns runnable, not running
            except (FileNotFoundError, ProcessLookupError, IndexError):
                pass  # a thread that ended meanwhile
        print(waited / 1e9)


def load(timings, events):
    sent = {}
    for line in pathlib.Path(timings).read_text().splitlines():
        accession, millis = line.split("\t")
        sent[accession] = int(millis)
    arrived = {}
    for line in pathlib.Path(events).read_text().splitlines():
        event = json.loads(line)
        data = event.get("data", {})
        if data.get("kind") == "filing" and data.get("accession") in sent:
            arrived.setdefault(data["accession"], event["timestamp"])
    missing = len(sent) - len(arrived)
    if missing:
        sys.exit(f"bench-pipeline: {missing} of {len(sent)} filings have no metric event")
    return sent, arrived


def percentile(values, fraction):
    values = sorted(values)
    return values[min(len(values) - 1, int(fraction * len(values)))]


def latency(timings, events):
    sent, arrived = load(timings, events)
    delays = [arrived[a] - sent[a] for a in sent]
    print(percentile(delays, 0.50), percentile(delays, 0.99))


def rate(timings, events):
    sent, arrived = load(timings, events)
    seconds = (max(arrived.values()) - min(sent.values())) / 1000
    print(f"{len(sent) / seconds:.1f}")


if __name__ == "__main__":
    command, args = sys.argv[1], sys.argv[2:]
    if command == "generate":
        generate(args[0], int(args[1]), int(args[2]), int(args[3]))
    elif command == "wait":
        wait(int(args[0]), int(args[1]), float(args[2]))
    elif command == "cpu":
        cpu(args)
    elif command == "runqueue":
        runqueue(args)
    elif command == "latency":
        latency(*args)
    elif command == "rate":
        rate(*args)
    else:
        sys.exit(__doc__)
