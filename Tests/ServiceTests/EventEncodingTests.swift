import FilingEvents
import FilingParser
@testable import FilingsCore
import Foundation
@testable import IngestService
import KafkaKit
import MetricsService
import ParseService
import Testing

/// Every event type the pipeline emits is encoded by `JSONCoding.encoder`'s direct path (no fallback),
/// byte for byte what Foundation's `JSONEncoder` writes with the same settings (`JSONCoding.foundationEncoder`).
struct EventEncodingTests {
    static func fixtureNames() -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: fixturesDirectory.path)) ?? [])
            .filter { !$0.hasSuffix(".json") && !$0.hasSuffix(".md") }.sorted()
    }

    func expectSame<T: Encodable>(_ value: T, _ what: String) throws {
        // The direct path throws where `encode` would quietly fall back to Foundation.
        let ours = try JSONCoding.encoder.encodeDirectly(value), theirs = [UInt8](try JSONCoding.foundationEncoder.encode(value))
        #expect(ours == theirs, "\(what): \(ours.count) bytes vs Foundation's \(theirs.count)")
    }

    @Test(.fixtures) func ingestedAndParsedEventsOfEveryFixture() async throws {
        let names = Self.fixtureNames()
        #expect(names.count >= 20)
        let store = try Store.inMemory(migrations: IngestService.migrations)
        let processor = IngestProcessor(store: store, validator: FilingValidator(), topics: Topics(), logger: quietLogger)
        for name in names { _ = try? await processor.submit(try fixture(name), origin: FilingOrigin(source: "test")) }
        let ingested = try await outboxMessages(store)
        #expect(ingested.count >= 20)
        for message in ingested {
            let event = try CloudEvent(message: message).decode(FilingIngested.self)
            try expectSame(event, event.filingID)
            #expect(FilingIngested.read(json: message.value) == event, "the direct reader gives Foundation's value: \(event.filingID)")
            #expect(try JSONCoding.encoder.encode(event) == Data(message.value), "the emitted bytes are the encoder's")
            let parsed = FilingParser.parse(event.document)
            try expectSame(FilingParsed(filingID: event.filingID, companyKey: event.companyKey, header: parsed.header,
                                        statements: parsed.statements, facts: parsed.facts, guidance: parsed.guidance,
                                        claims: parsed.claims), "parsed \(event.filingID)")
            try expectSame(parsed, "parser output \(event.filingID)")
        }
    }

    @Test func metricEventsOfACompanysFilings() async throws {
        let parseStore = try Store.inMemory(migrations: ParseService.migrations)
        let parse = ParseHandler(store: parseStore, topics: Topics(), logger: quietLogger)
        for message in try await PipelineHandlerTests().ingested(PipelineHandlerTests.samples) { try await parse.handle(message) }
        let metricsStore = try Store.inMemory(migrations: MetricsService.migrations)
        let metrics = MetricsHandler(store: metricsStore, topics: Topics(), logger: quietLogger)
        for message in try await outboxMessages(parseStore).reversed() { try await metrics.handle(message) }
        let out = try await outboxMessages(metricsStore)
        #expect(out.count >= 3)
        for message in out {
            let event = try CloudEvent(message: message).decode(MetricsComputed.self)
            try expectSame(event, "metrics of \(event.filingID)")
        }
    }
}
