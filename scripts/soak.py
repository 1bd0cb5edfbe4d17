"""Helper of scripts/soak.sh (python3, standard library only).

  soak.py generate COUNT DIR      writes COUNT distinct filings made from samples/: each sample wrapped in an
                                  SEC header with its own accession number and company (CIK 9990001...),
                                  DIR/soak-NNNN.txt; prints nothing
  soak.py receiver FILE           webhook receiver on 127.0.0.1 (a free port, printed on stdout): answers 204
                                  to every POST and appends one JSON line per delivery to FILE
  soak.py check WORK              reads WORK/accepted.txt, WORK/metrics.jsonl, WORK/webhooks.jsonl and
                                  WORK/kills.log and prints the verdict; last line
                                  `soak: N filings, K kills, M missing, D duplicate effects`; exit 1 if M or D > 0

Missing: an accepted filing without a metric event, or a metric event without its webhook.
Duplicate effects: a filing with more than one metric event id; a filing delivered to the subscription
under more than one webhook-id; a webhook-id received again when notify was not killed between the two
receipts (docs/notify.md documents exactly one window: a crash after the receiver answered 2xx and
before notify recorded it sends the attempt again, same webhook-id). The same metric event read twice
from the topic (an outbox row re-published after a crash; consumers drop its id) is reported but is
not a duplicate effect.
"""
import json
import sys
import time
from collections import defaultdict
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

SAMPLES = sorted(Path(__file__).resolve().parent.parent.joinpath("samples").glob("*.txt"))
SAMPLE_COMPANY = "PERFORMANCE TECHNOLOGIES, INCORPORATED"
SAMPLE_FILE_NUMBER = "0-27460"


def accession(index):
    return f"0009990001-26-{index:06d}"


def generate(count, directory):
    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    for index in range(1, count + 1):
        sample = SAMPLES[(index - 1) % len(SAMPLES)].read_text()
        cik, name, file_number = f"{9990000 + index:010d}", f"SOAK TEST CO {index}", f"0-{90000 + index}"
        body = sample.replace(SAMPLE_COMPANY, name).replace(SAMPLE_FILE_NUMBER, file_number)
        header = (
            f"<SEC-DOCUMENT>{accession(index)}.txt : 20260101\n"
            f"<SEC-HEADER>{accession(index)}.hdr.sgml : 20260101\n"
            f"ACCESSION NUMBER:\t\t{accession(index)}\n"
            "CONFORMED SUBMISSION TYPE:\t8-K\n"
            "PUBLIC DOCUMENT COUNT:\t\t1\n"
            "ITEM INFORMATION:\t\tResults of Operations and Financial Condition\n"
            "FILED AS OF DATE:\t\t20260101\n\n"
            "FILER:\n\n\tCOMPANY DATA:\t\n"
            f"\t\tCOMPANY CONFORMED NAME:\t\t\t{name}\n"
            f"\t\tCENTRAL INDEX KEY:\t\t\t{cik}\n\n"
            "\tFILING VALUES:\n\t\tFORM TYPE:\t\t8-K\n"
            f"\t\tSEC FILE NUMBER:\t{file_number}\n"
            "</SEC-HEADER>\n<DOCUMENT>\n<TYPE>8-K\n<SEQUENCE>1\n"
            f"<FILENAME>soak-{index:04d}.txt\n<TEXT>\n"
        )
        (out / f"soak-{index:04d}.txt").write_text(header + body + "</TEXT>\n</DOCUMENT>\n</SEC-DOCUMENT>\n")


def receiver(path):
    class Receiver(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            try:
                webhook = json.loads(body)
            except ValueError:
                webhook = {}
            event = webhook.get("event") or {}
            line = {"webhook_id": self.headers.get("webhook-id"), "received_at": time.time(),
                    "subscription_id": webhook.get("subscription_id"), "event_id": event.get("id"),
                    "filing_id": (event.get("data") or {}).get("filing_id")}
            with open(path, "a") as out:
                out.write(json.dumps(line) + "\n")
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Receiver)
    print(server.server_address[1], flush=True)
    server.serve_forever()


def read_lines(path):
    file = Path(path)
    if not file.exists():
        return []
    return [json.loads(line) for line in file.read_text().splitlines() if line.strip()]


def check(work):
    work = Path(work)
    accepted = [line.split()[0] for line in (work / "accepted.txt").read_text().splitlines() if line.strip()]
    kills = [line.split() for line in (work / "kills.log").read_text().splitlines() if line.strip()]
    notify_kills = sorted(float(at) for at, service in kills if service == "notify")
    events = read_lines(work / "metrics.jsonl")
    webhooks = read_lines(work / "webhooks.jsonl")

    event_ids = defaultdict(set)        # filing id -> metric event ids
    records = defaultdict(int)          # metric event id -> records read
    updates = 0                         # `update` events: none expected, every filing is its own company
    for event in events:
        data = event.get("data") or {}
        records[event["id"]] += 1
        if data.get("kind") == "filing":
            event_ids[data.get("filing_id")].add(event["id"])
        else:
            updates += 1
    deliveries = defaultdict(list)      # webhook-id -> receipt times
    delivered_ids = defaultdict(set)    # (subscription, filing id) -> webhook-ids
    for hook in webhooks:
        deliveries[hook["webhook_id"]].append(hook["received_at"])
        delivered_ids[(hook["subscription_id"], hook["filing_id"])].add(hook["webhook_id"])
    delivered_filings = {filing for _, filing in delivered_ids}

    problems = []
    missing_events = [a for a in accepted if not event_ids.get(a)]
    missing_hooks = [a for a in accepted if event_ids.get(a) and a not in delivered_filings]
    problems += [f"missing: no metric event for accepted filing {a}" for a in missing_events]
    problems += [f"missing: no webhook for the metric event of {a}" for a in missing_hooks]
    duplicates = 0
    for filing, ids in sorted(event_ids.items(), key=lambda item: str(item[0])):
        if len(ids) > 1:
            duplicates += len(ids) - 1
            problems.append(f"duplicate: {len(ids)} metric event ids for filing {filing}: {sorted(ids)}")
        if filing not in accepted:
            problems.append(f"note: metric event for {filing}, which the soak did not publish")
    for (subscription, filing), ids in sorted(delivered_ids.items(), key=str):
        if len(ids) > 1:
            duplicates += len(ids) - 1
            problems.append(f"duplicate: {len(ids)} webhook-ids for filing {filing} to {subscription}")
    in_window = 0
    for webhook_id, times in sorted(deliveries.items()):
        times.sort()
        for before, after in zip(times, times[1:]):
            if any(before <= kill <= after for kill in notify_kills):
                in_window += 1
            else:
                duplicates += 1
                problems.append(f"duplicate: webhook {webhook_id} received again {after - before:.1f} s later "
                                "with no notify kill in between")
    for problem in problems:
        print(problem)
    repeated = sum(count - 1 for count in records.values())
    by_service = defaultdict(int)
    for _, service in kills:
        by_service[service] += 1
    print(f"kills: " + ", ".join(f"{service} {count}" for service, count in sorted(by_service.items())))
    print(f"metric events: {len(event_ids)} filings, {len(records)} event ids ({updates} updates), {repeated} "
          "repeated records (same id, dropped by consumers)")
    print(f"webhooks: {len(webhooks)} received, {len(deliveries)} webhook-ids, {in_window} repeated within "
          "the documented window (notify killed between the receipts)")
    missing = len(missing_events) + len(missing_hooks)
    print(f"soak: {len(accepted)} filings, {len(kills)} kills, {missing} missing, {duplicates} duplicate effects")
    return 1 if missing or duplicates else 0


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    if command == "generate" and len(sys.argv) == 4:
        generate(int(sys.argv[2]), sys.argv[3])
    elif command == "receiver" and len(sys.argv) == 3:
        receiver(sys.argv[2])
    elif command == "check" and len(sys.argv) == 3:
        sys.exit(check(sys.argv[2]))
    else:
        sys.exit(__doc__)
