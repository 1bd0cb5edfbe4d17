import FilingsCore
import Foundation
import GRDB
import KafkaKit
import Testing

/// `filings reconcile` and `filings replay` against the dev broker and the real executables.
@Suite(.serialized, .timeLimit(.minutes(6)))
struct ReplayEndToEndTests {
    static let july = "ptix-8k-2003-07-23.txt"

    /// The dev broker and the services a test starts one by one, each on a free port with its own store.
    final class Stage: @unchecked Sendable {
        let bin: URL
        let work: URL
        let bootstrap: String
        var children: [String: ChildProcess] = [:]
        var ports: [String: Int] = [:]
        private var started = 0

        init(tag: String) async throws {
            bin = try binDirectory()
            work = try temporaryDirectory(tag)
            let (broker, address) = try await startDevBroker(bin: bin, work: work)
            children["dev-broker"] = broker
            bootstrap = address
        }

        func start(_ name: String, _ environment: [String: String] = [:]) async throws {
            let port = try ports[name] ?? freePort()
            ports[name] = port
            var env = environment
            env["KAFKA_BOOTSTRAP_SERVERS"] = bootstrap
            env["HTTP_PORT"] = "\(port)"
            env["STORE_PATH"] = work.appendingPathComponent("\(name).sqlite").path
            started += 1
            children[name] = try ChildProcess(bin.appendingPathComponent(name), environment: env, logDirectory: work, name: "\(name)-\(started)")
            _ = try await httpGet(url(name, "/healthz"), waitingUpTo: 20)
        }

        func stop(_ name: String) async -> Int32? { await children[name]?.terminate() }

        func url(_ name: String, _ path: String = "") -> String { "http://127.0.0.1:\(ports[name]!)\(path)" }

        /// `filings ARGUMENTS` with this stage's broker and service URLs.
        func filings(_ arguments: [String]) throws -> (Int32, String) {
            var env = ["KAFKA_BOOTSTRAP_SERVERS": bootstrap]
            if ports["ingest"] != nil { env["INGEST_URL"] = url("ingest") }
            if ports["metrics"] != nil { env["METRICS_URL"] = url("metrics") }
            return try runToCompletion(bin.appendingPathComponent("filings"), arguments, environment: env)
        }

        func logs() -> String {
            children.values.map { "--- \($0.name)\n\($0.log.suffix(2500))" }.joined(separator: "\n")
        }

        deinit {
            for child in children.values where child.process.isRunning { kill(child.process.processIdentifier, SIGKILL) }
        }
    }

    static func filingID(_ sample: String) throws -> String {
        "sha256:" + sha256Hex([UInt8](try Data(contentsOf: samplesDirectory().appendingPathComponent(sample))))
    }

    /// Waits until `condition` holds, up to `seconds`.
    static func waitUntil(_ seconds: Double, _ condition: () async throws -> Bool) async throws -> Bool {
        let deadline = ContinuousClock.now + .seconds(seconds)
        while ContinuousClock.now < deadline {
            if try await condition() { return true }
            try await Task.sleep(for: .milliseconds(200))
        }
        return try await condition()
    }

    /// A filing whose `filings.parsed` event never reached metrics (a member of metrics' consumer
    /// group committed past it, as when the broker loses records) is listed by `filings reconcile`,
    /// replayed with `--replay`, and then produces its metric event; replaying it again, from
    /// either stage, adds nothing.
    @Test func filingLostBetweenStagesIsFoundByReconcileAndReplayed() async throws {
        let stage = try await Stage(tag: "reconcile")
        try await stage.start("ingest")
        try await stage.start("parse")
        let id = try Self.filingID(Self.july)
        let filing = try Data(contentsOf: samplesDirectory().appendingPathComponent(Self.july))
        let (status, body) = try await httpPost(stage.url("ingest", "/filings"), body: filing)
        #expect(status == 202, "\(String(decoding: body, as: UTF8.self))")

        // Lose the parsed event: metrics' group commits past it before metrics ever runs.
        let thief = try KafkaConsumer(config: ["bootstrap.servers": stage.bootstrap, "group.id": "filings-metrics"],
                                      topics: [Topics().parsed])
        let stolen = try #require(try await Self.next(thief, seconds: 60), "no filings.parsed record\n\(stage.logs())")
        #expect(try CloudEvent(message: stolen).subject == id)
        try thief.storeOffset(for: stolen)
        try await thief.commit()
        await thief.close()
        try await stage.start("metrics")

        let (listed, listOutput) = try stage.filings(["reconcile", "--min-age", "0"])
        #expect(listed == 1, "reconcile exits 1 while filings are missing: \(listOutput)")
        #expect(listOutput.contains("missing \(id)"), "\(listOutput)")
        #expect(listOutput.contains("reconcile: 1 accepted, 0 processed, 1 missing"), "\(listOutput)")

        let consumer = try KafkaConsumer(config: ["bootstrap.servers": stage.bootstrap, "group.id": "reconcile-check"],
                                         topics: [Topics().metricsComputed])
        let (replayed, replayOutput) = try stage.filings(["reconcile", "--min-age", "0", "--replay"])
        #expect(replayed == 0, "\(replayOutput)")
        #expect(replayOutput.contains("replayed \(id)"), "\(replayOutput)")
        let events = try await collectMetricEvents(consumer, filingEvents: 1, seconds: 90)
        try #require(events.count == 1, "got \(events.count) metric events\n\(stage.logs())")
        #expect(events[0].kind == "filing" && events[0].periodEnd == "2003-06-30")
        #expect(events[0].metric("revenue") == 12_636_000)
        let (after, afterOutput) = try stage.filings(["reconcile", "--min-age", "0"])
        #expect(after == 0 && afterOutput.contains("1 accepted, 1 processed, 0 missing"), "\(afterOutput)")

        // Replayed again, from the parse stage (stored result re-emitted) and from ingest (parsed
        // again, same parser): both are duplicates to metrics.
        for replayStage in ["parse", "ingest"] {
            let (code, output) = try stage.filings(["replay", "--accession", id, "--stage", replayStage])
            #expect(code == 0 && output.contains("replay: 1 filings queued (stage \(replayStage)"), "\(output)")
        }
        let parse = try #require(stage.children["parse"])
        #expect(try await Self.waitUntil(60) {
            parse.log.contains("stored parse re-emitted (replay)") && parse.log.contains("filing parsed again (replay)")
        }, "parse did not take both replays\n\(parse.log.suffix(3000))")
        let extra = try await collectMetricEvents(consumer, filingEvents: .max, seconds: 6)
        #expect(extra.isEmpty, "replaying an unchanged filing produced \(extra.count) metric events")
        await consumer.close()
        for name in ["ingest", "parse", "metrics"] { #expect(await stage.stop(name) == 0) }
    }

    /// A parse by a newer parser version replaces the filing's facts in metrics and emits `update`
    /// events only for the periods whose metrics changed; a newer version with the same values
    /// emits nothing. The "buggy" release 0.9.1 is simulated by publishing its parse of the July
    /// filing with one value changed; the real parser (as 1.0, then 1.1) re-parses it on replay.
    @Test func reparseWithNewerParserVersionUpdatesOnlyChangedMetrics() async throws {
        let stage = try await Stage(tag: "reparse")
        try await stage.start("ingest")
        try await stage.start("parse", ["PARSER_VERSION_OVERRIDE": "0.9"])
        try await stage.start("metrics")
        let consumer = try KafkaConsumer(config: ["bootstrap.servers": stage.bootstrap, "group.id": "reparse-check"],
                                         topics: [Topics().metricsComputed])
        let files = PipelineEndToEndTests.samples.map { samplesDirectory().appendingPathComponent($0).path }
        let (published, publishOutput) = try stage.filings(["publish"] + files)
        #expect(published == 0, "\(publishOutput)")
        var seen = try await collectMetricEvents(consumer, filingEvents: 3, seconds: 120)
        try #require(seen.filter { $0.kind == "filing" }.count == 3, "\(stage.logs())")
        seen += try await collectMetricEvents(consumer, filingEvents: .max, seconds: 4)  // updates from arrival order
        /// The metrics last emitted per period end, to tell whether an update changed anything.
        var latest: [String: [String: Double]] = [:]
        func record(_ events: [MetricEvent]) {
            for event in events { if let end = event.periodEnd { latest[end] = event.metricValues } }
        }
        record(seen)
        let id = try Self.filingID(Self.july)

        // Release "0.9.1" reads Q2 2003 revenue as 12,000,000.
        let parseStore = try DatabaseQueue(path: stage.work.appendingPathComponent("parse.sqlite").path)
        let stored = try #require(try await parseStore.read { db in
            try Data.fetchOne(db, sql: "SELECT result FROM parsed_filings WHERE filing_id = ?", arguments: [id])
        })
        var json = try #require(try JSONSerialization.jsonObject(with: stored) as? [String: Any])
        #expect(json["parser_version"] as? String == "0.9")
        var facts = try #require(json["facts"] as? [[String: Any]])
        var changedFacts = 0
        for i in facts.indices {
            let period = facts[i]["period"] as? [String: Any]
            if facts[i]["concept"] as? String == "Revenues", period?["start"] as? String == "2003-04-01", period?["end"] as? String == "2003-06-30" {
                facts[i]["value"] = 12_000_000
                changedFacts += 1
            }
        }
        try #require(changedFacts >= 1)
        json["facts"] = facts
        json["parser_version"] = "0.9.1"
        let buggy = CloudEvent(id: "test-parse-0.9.1", source: "/filings/parse", type: "filings.parsed.v1", subject: id,
                               data: [UInt8](try JSONSerialization.data(withJSONObject: json)))
        let producer = try KafkaProducer(config: ["bootstrap.servers": stage.bootstrap])
        _ = try await producer.send(ProducerRecord(topic: Topics().parsed, key: "file-0-27460", value: buggy.data, headers: buggy.headers))
        await producer.close()

        func checkUpdates(_ events: [MetricEvent], q2Revenue: Double, _ step: String) {
            #expect(events.allSatisfy { $0.kind == "update" }, "\(step): a re-parse is no new filing")
            #expect(events.first { $0.periodEnd == "2003-06-30" }?.metric("revenue") == q2Revenue, "\(step): Q2 revenue")
            for event in events {
                #expect(latest[event.periodEnd ?? ""] != event.metricValues, "\(step): an update for \(event.periodEnd ?? "-") changed nothing")
                record([event])
            }
            // Q3's sequential growth reads Q2's revenue; Q4's metrics read neither.
            #expect(!events.contains { $0.periodEnd == "2003-12-31" }, "\(step): Q4 did not change")
        }
        let buggyUpdates = try await Self.collect(consumer, seconds: 60) { $0.contains { $0.periodEnd == "2003-06-30" } }
        checkUpdates(buggyUpdates, q2Revenue: 12_000_000, "0.9.1")

        // The fixed parser (1.0) re-parses the filing on replay: back to the printed 12,636,000.
        #expect(await stage.stop("parse") == 0)
        try await stage.start("parse", ["PARSER_VERSION_OVERRIDE": "1.0"])
        let (replayed, replayOutput) = try stage.filings(["replay", "--accession", id])
        #expect(replayed == 0, "\(replayOutput)")
        let fixedUpdates = try await Self.collect(consumer, seconds: 60) { $0.contains { $0.periodEnd == "2003-06-30" } }
        checkUpdates(fixedUpdates, q2Revenue: 12_636_000, "1.0")
        #expect(Set(buggyUpdates.compactMap(\.periodEnd)) == Set(fixedUpdates.compactMap(\.periodEnd)))

        // 1.1 reads the same values: metrics stores the new version and emits nothing.
        #expect(await stage.stop("parse") == 0)
        try await stage.start("parse", ["PARSER_VERSION_OVERRIDE": "1.1"])
        let (again, againOutput) = try stage.filings(["replay", "--company", "file-0-27460"])
        #expect(again == 0 && againOutput.contains("replay: 3 filings queued"), "\(againOutput)")
        #expect(try await Self.waitUntil(60) { try await Self.parserVersions(stage.url("metrics", "/filings/processed")) == ["1.1"] },
                "metrics did not store the 1.1 parses\n\(stage.logs())")
        let quiet = try await collectMetricEvents(consumer, filingEvents: .max, seconds: 6)
        #expect(quiet.isEmpty, "an identical re-parse produced \(quiet.count) metric events")
        await consumer.close()
        for name in ["ingest", "parse", "metrics"] { #expect(await stage.stop(name) == 0) }
    }

    /// Bad `filings replay` arguments: usage errors (exit 64) saying what is wrong, nothing sent.
    @Test func replayArgumentsAreCheckedBeforeAnythingIsSent() throws {
        let bin = try binDirectory()
        let env = ["INGEST_URL": "http://127.0.0.1:1"]
        for (arguments, message) in [
            (["replay"], "say which filings"),
            (["replay", "--from", "2003-01-01"], "needs both from and to"),
            (["replay", "--from", "2003-02-30", "--to", "2003-03-01"], "from must be a date yyyy-MM-dd; got '2003-02-30'"),
            (["replay", "--from", "2004-01-01", "--to", "2003-01-01"], "is after to"),
            (["replay", "--company", "320193", "--accession", "a"], "give only one of"),
            (["replay", "--company", "320193", "--stage", "metrics"], "stage"),
            (["reconcile", "--since", "last week"], "--since must be a date"),
        ] {
            let (status, output) = try runToCompletion(bin.appendingPathComponent("filings"), arguments, environment: env)
            #expect(status == 64, "\(arguments): \(output)")
            #expect(output.contains(message), "\(arguments): \(output)")
        }
        let (status, output) = try runToCompletion(bin.appendingPathComponent("filings"), ["replay", "--company", "320193"], environment: env)
        #expect(status == 1 && output.contains("cannot reach ingest at http://127.0.0.1:1"), "\(output)")
    }

    static func next(_ consumer: KafkaConsumer, seconds: Double) async throws -> KafkaMessage? {
        let reader = Task { try await consumer.next() }
        let timer = Task { try? await Task.sleep(for: .seconds(seconds)); reader.cancel() }
        defer { timer.cancel() }
        return try await reader.value
    }

    /// Metric events until `done` holds for them (then 4 s more, for events that follow), or `seconds` passed.
    static func collect(_ consumer: KafkaConsumer, seconds: Double, until done: ([MetricEvent]) -> Bool) async throws -> [MetricEvent] {
        var events: [MetricEvent] = []
        let deadline = ContinuousClock.now + .seconds(seconds)
        while !done(events) && ContinuousClock.now < deadline {
            events += try await collectMetricEvents(consumer, filingEvents: .max, seconds: 1)
        }
        return events + (try await collectMetricEvents(consumer, filingEvents: .max, seconds: 4))
    }

    /// The distinct parser versions metrics lists for its filings.
    static func parserVersions(_ url: String) async throws -> Set<String> {
        let data = try await httpGet(url, waitingUpTo: 5).body
        let filings = (try JSONSerialization.jsonObject(with: data) as? [String: Any])?["filings"] as? [[String: Any]] ?? []
        return Set(filings.map { $0["parser_version"] as? String ?? "none" })
    }
}

extension MetricEvent {
    /// Every metric of the event as `name|start|end` → value.
    var metricValues: [String: Double] {
        var out: [String: Double] = [:]
        for metric in json["metrics"] as? [[String: Any]] ?? [] {
            let period = metric["period"] as? [String: Any] ?? [:]
            let key = "\(metric["name"] ?? "")|\(period["start"] ?? "")|\(period["end"] ?? period["instant"] ?? "")"
            out[key] = metric["value"] as? Double
        }
        return out
    }
}
