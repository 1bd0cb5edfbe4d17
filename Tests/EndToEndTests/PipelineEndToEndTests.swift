import FilingsCore
import Foundation
import KafkaKit
import Testing

/// The dev broker and the four real executables as separate processes.
@Suite(.serialized, .timeLimit(.minutes(4)))
struct PipelineEndToEndTests {
    static let samples = ["ptix-8k-2003-07-23.txt", "ptix-8k-2003-10-23.txt", "ptix-8k-2004-02-05.txt"]

    @Test func sampleFilingsFlowToMetricEventsAndRepublishingAddsNone() async throws {
        let bin = try binDirectory()
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("filings-e2e-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        var children: [ChildProcess] = []
        defer { for child in children where child.process.isRunning { kill(child.process.processIdentifier, SIGKILL) } }

        let (broker, bootstrap) = try await startDevBroker(bin: bin, work: work)
        children.append(broker)
        let env = ["KAFKA_BOOTSTRAP_SERVERS": bootstrap, "HTTP_PORT": "0", "LOG_LEVEL": "info"]
        var services: [ChildProcess] = []
        for name in ["ingest", "parse", "metrics", "notify"] {
            var serviceEnv = env
            serviceEnv["STORE_PATH"] = work.appendingPathComponent("\(name).sqlite").path
            services.append(try ChildProcess(bin.appendingPathComponent(name), environment: serviceEnv, logDirectory: work, name: name))
        }
        children += services

        let consumer = try KafkaConsumer(config: ["bootstrap.servers": bootstrap, "group.id": "e2e-check"],
                                         topics: [Topics().metricsComputed])
        let files = Self.samples.map { samplesDirectory().appendingPathComponent($0).path }
        let (status, output) = try runToCompletion(bin.appendingPathComponent("filings"), ["publish"] + files, environment: env)
        #expect(status == 0, "publish failed: \(output)")

        // One `filing` event per filing; `update` events may come between them when filings are
        // processed out of date order, and are not counted here.
        let received = try await collectMetricEvents(consumer, filingEvents: 3, seconds: 120)
        let events = received.filter { $0.kind == "filing" }
        let failureContext = services.map { "--- \($0.name)\n\($0.log.suffix(3000))" }.joined(separator: "\n")
        try #require(events.count == 3, "got \(events.count) metric events\n\(failureContext)")
        let revenueByPeriod = Dictionary(uniqueKeysWithValues: events.compactMap { event -> (String, Double)? in
            guard let end = event.periodEnd, let revenue = event.metric("revenue") else { return nil }
            return (end, revenue)
        })
        #expect(revenueByPeriod == ["2003-06-30": 12_636_000, "2003-09-30": 13_060_000, "2003-12-31": 13_257_000])
        let growth = events.first { $0.periodEnd == "2003-06-30" }?.metric("revenue_growth_yoy")
        #expect(growth.map { abs($0 - (12_636_000.0 / 6_619_000 - 1)) < 1e-9 } == true, "Q2 2003 YoY growth: \(String(describing: growth))")

        // Let the pipeline settle, then the same files again: ingest recognises them, so nothing new.
        var settled = received
        while true {
            let more = try await collectMetricEvents(consumer, filingEvents: .max, seconds: 3)
            if more.isEmpty { break }
            settled += more
        }
        let (again, againOutput) = try runToCompletion(bin.appendingPathComponent("filings"), ["publish"] + files, environment: env)
        #expect(again == 0, "second publish failed: \(againOutput)")
        let repeats = try await collectMetricEvents(consumer, filingEvents: .max, seconds: 10)
        #expect(repeats.isEmpty, "republishing produced \(repeats.count) more metric events")
        await consumer.close()

        // Graceful shutdown: every service exits 0 on SIGTERM.
        for service in services {
            let code = await service.terminate()
            #expect(code == 0, "\(service.name) did not stop cleanly: \(String(describing: code))\n\(service.log.suffix(2000))")
        }
        _ = await broker.terminate()
        #expect(services.first { $0.name == "notify" }.map { $0.log.components(separatedBy: "metric event").count - 1 } == settled.count)
    }

    @Test func publishRejectsEmptyAndNonFilingFilesWithAClearError() throws {
        let bin = try binDirectory()
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("filings-bad-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let empty = dir.appendingPathComponent("empty.txt")
        let prose = dir.appendingPathComponent("letter.txt")
        try Data().write(to: empty)
        try Data("Dear shareholder,\nthis is not a filing.\n".utf8).write(to: prose)
        // A bootstrap address is required; nothing listens there, and nothing is sent.
        let env = ["KAFKA_BOOTSTRAP_SERVERS": "127.0.0.1:1"]
        for file in [empty, prose] {
            let (status, output) = try runToCompletion(bin.appendingPathComponent("filings"), ["publish", file.path], environment: env)
            #expect(status != 0)
            #expect(output.contains(file.path) && output.contains("error"), "unclear message: \(output)")
        }
        let (status, output) = try runToCompletion(bin.appendingPathComponent("filings"), ["publish", dir.appendingPathComponent("missing.txt").path], environment: env)
        #expect(status != 0)
        #expect(output.contains("no such file"))
    }
}

struct MetricEvent: @unchecked Sendable {
    let json: [String: Any]
    var kind: String? { json["kind"] as? String }
    var periodEnd: String? { (json["period"] as? [String: Any])?["end"] as? String }
    func metric(_ name: String) -> Double? {
        (json["metrics"] as? [[String: Any]])?.first { $0["name"] as? String == name }?["value"] as? Double
    }
}

/// Reads metric events until `filingEvents` of kind `filing` arrived or `seconds` passed.
func collectMetricEvents(_ consumer: KafkaConsumer, filingEvents: Int, seconds: Double) async throws -> [MetricEvent] {
    let reader = Task { () -> [MetricEvent] in
        var events: [MetricEvent] = []
        while events.filter({ $0.kind == "filing" }).count < filingEvents, let message = try await consumer.next() {
            let event = try CloudEvent(message: message)
            let json = try JSONSerialization.jsonObject(with: Data(event.data)) as? [String: Any] ?? [:]
            events.append(MetricEvent(json: json))
        }
        return events
    }
    let timer = Task { try? await Task.sleep(for: .seconds(seconds)); reader.cancel() }
    let events = try await reader.value
    timer.cancel()
    return events
}

func waitForFile(_ path: String, seconds: Double) async throws -> String {
    let deadline = ContinuousClock.now + .seconds(seconds)
    while ContinuousClock.now < deadline {
        if let text = try? String(contentsOfFile: path, encoding: .utf8), !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            return text.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        try await Task.sleep(for: .milliseconds(100))
    }
    throw SetupError("\(path) did not appear within \(seconds) s")
}
