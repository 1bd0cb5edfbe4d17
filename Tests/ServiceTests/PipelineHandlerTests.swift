import FilingEvents
import FilingsCore
import Foundation
@testable import IngestService
import KafkaKit
import MetricsService
import NotifyService
import ParseService
import Testing

/// The parse, metrics and notify handlers chained through their outboxes, with in-memory stores.
struct PipelineHandlerTests {
    static let samples = ["ptix-8k-2003-07-23.txt", "ptix-8k-2003-10-23.txt", "ptix-8k-2004-02-05.txt"]

    func ingested(_ names: [String]) async throws -> [KafkaMessage] {
        let store = try Store.inMemory(migrations: IngestService.migrations)
        let processor = IngestProcessor(store: store, validator: FilingValidator(), topics: Topics(), logger: quietLogger)
        for name in names { _ = try await processor.submit(try fixture(name), origin: FilingOrigin(source: "test")) }
        return try await outboxMessages(store)
    }

    @Test func parseEmitsOneParsedEventPerFilingAndIgnoresRedelivery() async throws {
        let store = try Store.inMemory(migrations: ParseService.migrations)
        let handler = ParseHandler(store: store, topics: Topics(), logger: quietLogger)
        let input = try await ingested([Self.samples[0]])
        try await handler.handle(input[0])
        try await handler.handle(input[0])
        let out = try await outboxMessages(store)
        try #require(out.count == 1)
        let parsed = try CloudEvent(message: out[0]).decode(FilingParsed.self)
        #expect(out[0].topic == "filings.parsed")
        #expect(parsed.facts.contains { $0.concept == "Revenues" && $0.value == 12_636_000 && $0.period.end == "2003-06-30" })
    }

    @Test func metricsFollowTheFilingsAndNotifyRecordsEachOnce() async throws {
        let parsedEvents = try await parsed(Self.samples)
        let metricsStore = try Store.inMemory(migrations: MetricsService.migrations)
        let metrics = MetricsHandler(store: metricsStore, topics: Topics(), logger: quietLogger)
        for message in parsedEvents { try await metrics.handle(message) }
        for message in parsedEvents { try await metrics.handle(message) }  // redelivery: no effect

        let out = try await outboxMessages(metricsStore)
        let events = try out.map { try CloudEvent(message: $0).decode(MetricsComputed.self) }
        #expect(events.map(\.kind) == [.filing, .filing, .filing], "in date order nothing earlier changes")
        #expect(events.map { $0.period?.end } == ["2003-06-30", "2003-09-30", "2003-12-31"])
        #expect(events.map { $0.value("revenue") } == [12_636_000, 13_060_000, 13_257_000])
        let growth = events.map { $0.value("revenue_growth_yoy") ?? .nan }
        #expect(abs(growth[0] - 0.909) < 0.001, "Q2 2003: \(growth[0])")
        #expect(abs(growth[1] - 2.302) < 0.001, "Q3 2003: \(growth[1])")
        #expect(abs(growth[2] - 0.321) < 0.001, "Q4 2003: \(growth[2])")

        let notifyStore = try Store.inMemory(migrations: NotifyService.migrations)
        let notify = NotifyHandler(store: notifyStore, logger: quietLogger)
        for message in out + out { try await notify.handle(message) }
        #expect(try await count(notifyStore, "SELECT COUNT(*) FROM metric_events") == 3)
    }

    /// `filings.parsed` events of `names`, through the real ingest and parse handlers.
    func parsed(_ names: [String]) async throws -> [KafkaMessage] {
        let parseStore = try Store.inMemory(migrations: ParseService.migrations)
        let parse = ParseHandler(store: parseStore, topics: Topics(), logger: quietLogger)
        for message in try await ingested(names) { try await parse.handle(message) }
        return try await outboxMessages(parseStore)
    }

    @Test func anEventOfTheWrongTypeIsAPermanentFailure() async throws {
        let store = try Store.inMemory(migrations: MetricsService.migrations)
        let handler = MetricsHandler(store: store, topics: Topics(), logger: quietLogger)
        let input = try await ingested([Self.samples[0]])
        await #expect(throws: CloudEventError.self) { try await handler.handle(input[0]) }
        let garbage = KafkaMessage(topic: "filings.parsed", partition: 0, offset: 0, key: nil, value: Array("{".utf8), headers: [])
        await #expect(throws: CloudEventError.missingAttribute("ce_specversion")) { try await handler.handle(garbage) }
    }
}
