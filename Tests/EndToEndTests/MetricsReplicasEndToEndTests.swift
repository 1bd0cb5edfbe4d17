import FilingEvents
import FilingParser
import FilingsCore
import Foundation
import GRDB
import KafkaKit
import Logging
import MetricsService
import Synchronization
import Testing

/// Two metrics processes in one consumer group over the dev broker's three partitions; one is
/// killed with SIGKILL mid-stream, the other takes its partitions over (restoring their companies
/// from the changelog). The set of `metrics.computed` events (ids and payloads) is that of one
/// replica handling the same input.
@Suite(.serialized, .timeLimit(.minutes(5)))
struct MetricsReplicasEndToEndTests {
    static let companies = 9
    static let quarters = 12

    /// Company `c`'s release for quarter `q` (0 = Q1 2010): revenue and net income of the quarter
    /// and of the same quarter a year earlier (restated in every third filing), diluted EPS. The
    /// sequential growth a filing yields needs the previous filing's quarter: the company's history.
    static func parsed(company c: Int, quarter q: Int) throws -> CloudEvent {
        func period(_ q: Int) -> Period {
            let year = 2009 + (q + 4) / 4, index = (q + 4) % 4, first = 3 * index + 1  // q >= -4
            let ends = ["03-31", "06-30", "09-30", "12-31"]
            return Period(start: "\(year)-" + (first < 10 ? "0" : "") + "\(first)-01", end: "\(year)-\(ends[index])")
        }
        func revenue(_ q: Int) -> Double { Double(1_000_000 * (10 + c) + 37_000 * q * (q % 3 + 1 + c)) }
        let restated = q % 3 == 2 ? 1_000.0 : 0
        let facts = [
            Fact(concept: "Revenues", label: "Revenue", statement: "income", value: revenue(q), unit: "USD", period: period(q), basis: "gaap"),
            Fact(concept: "Revenues", label: "Revenue", statement: "income", value: revenue(q - 4) + restated, unit: "USD",
                 period: period(q - 4), basis: "gaap"),
            Fact(concept: "NetIncomeLoss", label: "Net income", statement: "income", value: revenue(q) / 10, unit: "USD",
                 period: period(q), basis: "gaap"),
            Fact(concept: "NetIncomeLoss", label: "Net income", statement: "income", value: revenue(q - 4) / 10, unit: "USD",
                 period: period(q - 4), basis: "gaap"),
            Fact(concept: "EarningsPerShareDiluted", label: "Diluted EPS", statement: "income", value: Double(10 + q + c) / 100,
                 unit: "USD/share", period: period(q), basis: "gaap"),
        ]
        let id = "replica-co\(c)-q\(q)", filed = period(q).end!.replacingOccurrences(of: "-31", with: "-28")
        let header = FilingHeader(form: "8-K", company: "Company \(c)", cik: "\(9000 + c)", accession: id, filedDate: filed)
        let payload = FilingParsed(filingID: id, companyKey: "replica-co\(c)", header: header, statements: [], facts: facts,
                                   guidance: [], claims: [])
        return try CloudEvent(id: "parsed-" + id, source: "test", type: EventTypes.filingParsed, subject: id, payload: payload)
    }

    /// The events a single metrics replica emits for `records` (handled in order), as "id payload" lines.
    static func singleReplicaRun(_ records: [KafkaMessage]) async throws -> Set<String> {
        let store = try Store.inMemory(migrations: MetricsService.migrations)
        let handler = MetricsHandler(store: store, topics: Topics(), logger: Logger(label: "single"))
        for record in records { try await handler.handle(record) }
        return try await store.writer.read { db in
            Set(try Row.fetchAll(db, sql: "SELECT headers, value FROM outbox WHERE topic = ?", arguments: [Topics().metricsComputed]).map { row in
                struct Header: Decodable { var name: String; var value: String }
                let headers = try JSONDecoder().decode([Header].self, from: row["headers"] as Data)
                return "\(headers.first { $0.name == "ce_id" }?.value ?? "?") \(String(decoding: row["value"] as Data, as: UTF8.self))"
            })
        }
    }

    @Test func aKilledReplicasPartitionsAreTakenOverAndTheEventsAreThoseOfOneReplica() async throws {
        let bin = try binDirectory()
        let work = try temporaryDirectory("replicas")
        let (broker, bootstrap) = try await startDevBroker(bin: bin, work: work)
        var children = [broker]
        defer { for child in children where child.process.isRunning { kill(child.process.processIdentifier, SIGKILL) } }
        func start(_ replica: String) throws -> ChildProcess {
            let child = try ChildProcess(bin.appendingPathComponent("metrics"), environment: [
                "KAFKA_BOOTSTRAP_SERVERS": bootstrap, "HTTP_PORT": "0", "SERVICE_INSTANCE_ID": replica,
                "STORE_PATH": work.appendingPathComponent("metrics-\(replica).sqlite").path,
            ], logDirectory: work, name: "metrics-\(replica)-\(children.count)")
            children.append(child)
            return child
        }

        // Everything seen on metrics.computed, as "id payload" lines.
        let seen = Lines()
        let collector = try KafkaConsumer(config: ["bootstrap.servers": bootstrap, "group.id": "replica-check"], topics: [Topics().metricsComputed])
        let collecting = Task {
            while let message = try await collector.next() {
                let line = "\(try CloudEvent(message: message).id) \(String(decoding: message.value, as: UTF8.self))"
                seen.insert(line)
            }
        }
        func waitUntil(_ what: String, seconds: Int, _ condition: (Set<String>) -> Bool) async throws {
            let deadline = ContinuousClock.now + .seconds(seconds)
            while !condition(seen.all) {
                guard ContinuousClock.now < deadline else {
                    throw SetupError("\(what) not seen within \(seconds) s\n" + children.dropFirst().map { "\($0.name):\n\($0.log.suffix(1500))" }.joined(separator: "\n"))
                }
                try await Task.sleep(for: .milliseconds(200))
            }
        }
        func filingEvents(_ events: Set<String>, _ ids: [String]) -> Bool {
            ids.allSatisfy { id in events.contains { $0.contains("\"filing_id\":\"\(id)\"") && $0.contains("\"kind\":\"filing\"") } }
        }

        let a = try start("a")
        _ = try start("b")
        let producer = try KafkaProducer(config: ["bootstrap.servers": bootstrap])
        var records: [KafkaMessage] = []
        func publish(quarters: Range<Int>) async throws -> [String] {
            var ids: [String] = []
            for q in quarters {
                for c in 0..<Self.companies {
                    let event = try Self.parsed(company: c, quarter: q)
                    let key = Array("replica-co\(c)".utf8)
                    let report = try await producer.send(ProducerRecord(topic: Topics().parsed, key: key, value: event.data, headers: event.headers))
                    records.append(KafkaMessage(topic: report.topic, partition: report.partition, offset: report.offset, key: key,
                                                value: event.data, headers: event.headers))
                    ids.append(event.subject ?? "")
                }
            }
            return ids
        }

        // Both replicas own partitions and have emitted events; then A dies mid-stream.
        let firstHalf = try await publish(quarters: 0..<(Self.quarters / 2))
        try await waitUntil("events from both replicas", seconds: 60) { _ in
            children.dropFirst().allSatisfy { $0.log.contains("metrics computed") }
        }
        kill(a.process.processIdentifier, SIGKILL)
        a.process.waitUntilExit()
        let secondHalf = try await publish(quarters: (Self.quarters / 2)..<Self.quarters)
        #expect(Set(records.map(\.partition)).count >= 2, "the companies spread over several partitions")

        // B alone handles every filing of the second half, on A's partitions as well: restored state.
        try await waitUntil("the second half's filing events", seconds: 90) { filingEvents($0, secondHalf) }
        #expect(children[2].log.contains("partition state restored from the changelog"))

        // A back with its store sends what its outbox still held; then nothing is missing, nothing extra.
        _ = try start("a")
        let expected = try await Self.singleReplicaRun(records)
        try await waitUntil("every event of a single replica's run", seconds: 60) { $0.isSuperset(of: expected) }
        try await Task.sleep(for: .seconds(2))
        let actual = seen.all
        #expect(filingEvents(actual, firstHalf + secondHalf))
        let extra = actual.subtracting(expected), missing = expected.subtracting(actual)
        #expect(actual == expected, "\(extra.count) events not in a single replica's run, \(missing.count) missing: \(extra.sorted().prefix(3))")

        await collector.close()
        _ = try? await collecting.value
        await producer.close()
        for child in children.dropFirst() where child.process.isRunning { _ = await child.terminate() }
        _ = await broker.terminate()
    }
}

/// Lines collected by one task and read by another.
final class Lines: Sendable {
    private let lines = Mutex(Set<String>())
    func insert(_ line: String) { _ = lines.withLock { $0.insert(line) } }
    var all: Set<String> { lines.withLock { $0 } }
}
