import FilingsCore
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import GRDB
import KafkaKit
import Synchronization
import Testing

@Suite(.serialized, .timeLimit(.minutes(4)))
struct ReliabilityTests {
    @Test func serviceWithoutKafkaKeepsRetryingAndIsNotReady() async throws {
        let bin = try binDirectory()
        let work = try temporaryDirectory("nokafka")
        let port = try freePort()
        let ingest = try ChildProcess(bin.appendingPathComponent("ingest"), environment: [
            "KAFKA_BOOTSTRAP_SERVERS": "127.0.0.1:\(try freePort())", "HTTP_PORT": "\(port)",
            "STORE_PATH": work.appendingPathComponent("ingest.sqlite").path,
        ], logDirectory: work, name: "ingest")
        defer { if ingest.process.isRunning { kill(ingest.process.processIdentifier, SIGKILL) } }

        let health = try await httpGet("http://127.0.0.1:\(port)/healthz", waitingUpTo: 20)
        #expect(health.status == 200)
        let deadline = ContinuousClock.now + .seconds(20)
        while ingest.log.components(separatedBy: "Kafka not reachable").count < 3 && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(200))
        }
        let ready = try await httpGet("http://127.0.0.1:\(port)/readyz", waitingUpTo: 5)
        #expect(ready.status == 503)
        let checks = try JSONDecoder().decode(OpsRoutes.Readiness.self, from: ready.body).checks
        #expect(checks == ["store": true, "kafka": false])
        let attempts = ingest.log.components(separatedBy: "Kafka not reachable").count - 1
        #expect(attempts >= 2, "expected repeated retry messages in the log:\n\(ingest.log.suffix(2000))")
        #expect(ingest.log.contains("retrying in 1.0 seconds") && ingest.log.contains("retrying in 2.0 seconds"))
        #expect(await ingest.terminate() == 0)
    }

    /// SIGTERM while Kafka is unreachable and an accepted filing waits in the outbox: the process
    /// exits within SHUTDOWN_TIMEOUT_SECONDS, the row stays in SQLite and is published at the next
    /// start (against a broker that is up by then).
    @Test func sigtermWithKafkaGoneExitsWithinTheDeadlineAndTheOutboxGoesOutLater() async throws {
        let bin = try binDirectory()
        let work = try temporaryDirectory("shutdown")
        let port = try freePort()
        let storePath = work.appendingPathComponent("ingest.sqlite").path
        var env = ["KAFKA_BOOTSTRAP_SERVERS": "127.0.0.1:\(try freePort())", "HTTP_PORT": "\(port)",
                   "STORE_PATH": storePath, "SHUTDOWN_TIMEOUT_SECONDS": "3"]
        let first = try ChildProcess(bin.appendingPathComponent("ingest"), environment: env, logDirectory: work, name: "ingest-1")
        defer { if first.process.isRunning { kill(first.process.processIdentifier, SIGKILL) } }
        _ = try await httpGet("http://127.0.0.1:\(port)/healthz", waitingUpTo: 20)
        let filing = try Data(contentsOf: samplesDirectory().appendingPathComponent("ptix-8k-2003-07-23.txt"))
        let (status, body) = try await httpPost("http://127.0.0.1:\(port)/filings", body: filing)
        #expect(status == 202, "\(String(decoding: body, as: UTF8.self))")
        try await Task.sleep(for: .seconds(1))  // the relay is now waiting on the unreachable broker
        #expect(try outboxPending(storePath) == 1)

        let started = ContinuousClock.now
        let code = await first.terminate(within: 20)
        let took = ContinuousClock.now - started
        #expect(code == 0)
        // The deadline (3 s) plus slack for a machine busy with the parallel tests (8.6 s seen in CI),
        // still well under the 20 s after which terminate(within:) kills; the log line below shows it
        // was the deadline that ended the shutdown.
        #expect(took < .seconds(14), "SIGTERM took \(took) with SHUTDOWN_TIMEOUT_SECONDS=3:\n\(first.log.suffix(2000))")
        #expect(first.log.contains("shutdown did not finish within"))
        #expect(try outboxPending(storePath) == 1, "the unsent row stays in the store")

        let (broker, bootstrap) = try await startDevBroker(bin: bin, work: work)
        defer { if broker.process.isRunning { kill(broker.process.processIdentifier, SIGKILL) } }
        env["KAFKA_BOOTSTRAP_SERVERS"] = bootstrap
        let second = try ChildProcess(bin.appendingPathComponent("ingest"), environment: env, logDirectory: work, name: "ingest-2")
        defer { if second.process.isRunning { kill(second.process.processIdentifier, SIGKILL) } }
        let deadline = ContinuousClock.now + .seconds(30)
        while try outboxPending(storePath) > 0 && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(200)) }
        #expect(try outboxPending(storePath) == 0)
        let consumer = try KafkaConsumer(config: ["bootstrap.servers": bootstrap, "group.id": "shutdown-check"],
                                         topics: [Topics().ingested])
        let record = try #require(try await consumer.next())
        #expect(try CloudEvent(message: record).type == "filings.ingested.v1")
        await consumer.close()
        #expect(await second.terminate() == 0)
        _ = await broker.terminate()
    }

    /// parse dies after committing a batch's work (one transaction) but before storing its offsets; metrics dies after
    /// Kafka acknowledged an outgoing event but before deleting its outbox row. Both restart:
    /// every filing still yields exactly one distinct metric event, and notify records each once.
    @Test func crashesMidMessageLoseNothingAndDuplicateNothing() async throws {
        let bin = try binDirectory()
        let work = try temporaryDirectory("crash")
        var children: [ChildProcess] = []
        defer { for child in children where child.process.isRunning { kill(child.process.processIdentifier, SIGKILL) } }
        let (broker, bootstrap) = try await startDevBroker(bin: bin, work: work)
        children.append(broker)
        func start(_ name: String, crashAt: String? = nil) throws -> ChildProcess {
            // A short session timeout (passed through to librdkafka) lets the group drop the dead
            // member quickly; Kafka's default would hold its partitions for 45 s.
            var env = ["KAFKA_BOOTSTRAP_SERVERS": bootstrap, "HTTP_PORT": "0",
                       "KAFKA_SESSION_TIMEOUT_MS": "6000", "KAFKA_HEARTBEAT_INTERVAL_MS": "1000",
                       "STORE_PATH": work.appendingPathComponent("\(name).sqlite").path]
            if let crashAt {
                env["FILINGS_CRASH_AT"] = crashAt
                env["FILINGS_CRASH_ONCE_FILE"] = work.appendingPathComponent("\(name).crashed").path
            }
            let child = try ChildProcess(bin.appendingPathComponent(name), environment: env, logDirectory: work,
                                         name: "\(name)-\(children.count)")
            children.append(child)
            return child
        }
        let ingest = try start("ingest"), notify = try start("notify")
        var parse = try start("parse", crashAt: "after-batch")
        var metrics = try start("metrics", crashAt: "after-publish")

        let files = PipelineEndToEndTests.samples.map { samplesDirectory().appendingPathComponent($0).path }
        let (status, output) = try runToCompletion(bin.appendingPathComponent("filings"), ["publish"] + files,
                                                   environment: ["KAFKA_BOOTSTRAP_SERVERS": bootstrap])
        #expect(status == 0, "\(output)")
        for (name, crashing) in [("parse", parse), ("metrics", metrics)] {
            let deadline = ContinuousClock.now + .seconds(60)
            while crashing.process.isRunning && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(100)) }
            try #require(!crashing.process.isRunning, "\(name) never reached its crash point:\n\(crashing.log.suffix(2000))")
            #expect(crashing.process.terminationStatus == 137)
            if name == "parse" { parse = try start("parse") } else { metrics = try start("metrics") }
        }

        let consumer = try KafkaConsumer(config: ["bootstrap.servers": bootstrap, "group.id": "crash-check"],
                                         topics: [Topics().metricsComputed])
        final class Seen: Sendable { let records = Mutex<[KafkaMessage]>([]) }
        let seen = Seen()
        let reader = Task {
            while let message = try await consumer.next() { seen.records.withLock { $0.append(message) } }
        }
        func distinctIDs() throws -> Int { Set(try seen.records.withLock { $0 }.map { try CloudEvent(message: $0).id }).count }
        let deadline = ContinuousClock.now + .seconds(90)
        while try notifiedCount(work.appendingPathComponent("notify.sqlite").path) < 3 || distinctIDs() < 3,
              ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(500))
        }
        try await Task.sleep(for: .seconds(3))  // anything extra would show up here
        reader.cancel()
        _ = try? await reader.value
        await consumer.close()
        let records = seen.records.withLock { $0 }
        var revenues: [String: Double] = [:]
        var ids = Set<String>()
        for message in records {
            let event = try CloudEvent(message: message)
            ids.insert(event.id)
            let metric = MetricEvent(json: try JSONSerialization.jsonObject(with: Data(event.data)) as? [String: Any] ?? [:])
            if let end = metric.periodEnd, let revenue = metric.metric("revenue") { revenues[end] = revenue }
        }
        // The records acknowledged before metrics crashed (one, or all of a batch the relay sent
        // together) are published again after restart, with the same ids.
        #expect((4...6).contains(records.count), "records on metrics.computed: \(records.count)")
        #expect(ids.count == 3, "distinct metric events: \(ids.count)")
        #expect(revenues == ["2003-06-30": 12_636_000, "2003-09-30": 13_060_000, "2003-12-31": 13_257_000])
        #expect(try notifiedCount(work.appendingPathComponent("notify.sqlite").path) == 3)
        for child in [ingest, parse, metrics, notify] { #expect(await child.terminate() == 0, "\(child.name)") }
    }
}

func notifiedCount(_ path: String) throws -> Int {
    guard FileManager.default.fileExists(atPath: path) else { return 0 }
    var config = Configuration()
    config.readonly = true
    let db = try DatabaseQueue(path: path, configuration: config)
    return try db.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM metric_events") ?? 0 }
}

func outboxPending(_ path: String) throws -> Int {
    var config = Configuration()
    config.readonly = true
    let db = try DatabaseQueue(path: path, configuration: config)
    return try db.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM outbox WHERE status = 'pending'") ?? 0 }
}

/// POST on loopback; the status and body of the answer.
func httpPost(_ url: String, body: Data, headers: [String: String] = [:]) async throws -> (status: Int, body: Data) {
    var request = URLRequest(url: URL(string: url)!)
    request.httpMethod = "POST"
    for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
    let (data, response) = try await URLSession.shared.upload(for: request, from: body)
    return ((response as? HTTPURLResponse)?.statusCode ?? 0, data)
}

func temporaryDirectory(_ tag: String) throws -> URL {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("filings-\(tag)-\(UUID().uuidString.prefix(8))")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    return dir
}

/// A TCP port nothing listens on right now (bound to port 0, then released).
func freePort() throws -> Int {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { throw SetupError("socket() failed") }
    defer { close(fd) }
    var addr = sockaddr_in()
    addr.sin_family = sa_family_t(AF_INET)
    addr.sin_addr.s_addr = inet_addr("127.0.0.1")
    addr.sin_port = 0
    var len = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &addr) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, len) == 0 && getsockname(fd, $0, &len) == 0 }
    }
    guard bound else { throw SetupError("bind() failed") }
    return Int(UInt16(bigEndian: addr.sin_port))
}

/// GET on loopback, retrying connection failures until the server is up.
func httpGet(_ url: String, waitingUpTo seconds: Double) async throws -> (status: Int, body: Data) {
    let deadline = ContinuousClock.now + .seconds(seconds)
    while true {
        do {
            let (data, response) = try await URLSession.shared.data(from: URL(string: url)!)
            return ((response as? HTTPURLResponse)?.statusCode ?? 0, data)
        } catch {
            if ContinuousClock.now > deadline { throw error }
            try await Task.sleep(for: .milliseconds(200))
        }
    }
}
