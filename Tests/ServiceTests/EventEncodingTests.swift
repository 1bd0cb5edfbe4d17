import FilingEvents
import FilingParser
@testable import FilingsCore
import Foundation
@testable import IngestService
import KafkaKit
import MetricsService
@testable import ParseService
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
            let payload = FilingParsed(filingID: event.filingID, companyKey: event.companyKey, header: parsed.header,
                                       statements: parsed.statements, facts: parsed.facts, guidance: parsed.guidance,
                                       claims: parsed.claims)
            try expectSame(payload, "parsed \(event.filingID)")
            try expectHandWritten(payload, "parsed \(event.filingID)")
            try expectSame(parsed, "parser output \(event.filingID)")
        }
    }

    func expectHandWritten(_ payload: FilingParsed, _ what: String) throws {
        let ours = try ParsedEventJSON.bytes(payload), theirs = [UInt8](try JSONCoding.foundationEncoder.encode(payload))
        #expect(ours == theirs, "\(what), written by hand: \(String(decoding: ours, as: UTF8.self).prefix(300))")
    }

    /// Every optional member both set and nil, an empty period, blank cells, escapes and numbers
    /// Foundation writes in exponent form: the fixtures need not have all of them.
    @Test func parsedEventWrittenByHandWithEveryOptionalSetAndNil() throws {
        let full = FilingHeader(form: "8-K", company: "A \"Quoted\" Co\\ /slash", cik: "0000001", accession: "0000001-26-000001",
                                filedDate: "2026-01-02", reportDate: "2026-01-01", periodOfReport: "2025-12-31",
                                commissionFileNumber: "001-1", irsEIN: "12-3", stateOfIncorporation: "DE",
                                items: ["2.02", "9.01"], exhibits: [Exhibit(type: "EX-99.1", description: "Press\trelease"), Exhibit(type: "EX-99.2")])
        let statement = Statement(kind: "income", title: "Statements\nof income", scale: 1000, basis: "gaap",
                                  columns: [StatementColumn(heading: "Q4", period: Period(start: "2025-10-01", end: "2025-12-31")),
                                            StatementColumn(heading: "Change", period: nil),
                                            StatementColumn(heading: "Odd", period: Period())],
                                  rows: [StatementRow(label: "Revenue", concept: "Revenues", values: [1.5, nil, -2e21], level: 0, isTotal: false),
                                         StatementRow(label: "Total \u{1}", concept: nil, values: [], level: 2, isTotal: true)])
        let facts = [Fact(concept: "Revenues", label: "Revenue", statement: "income", value: 0.000001, unit: "USD",
                          period: Period(instant: "2025-12-31"), basis: "gaap")]
        let guidance = [Guidance(metric: "revenue", fiscalYear: 2026, fiscalQuarter: 1, period: Period(start: "2026-01-01", end: "2026-03-31"),
                                 periodLabel: "first quarter", low: 1e6, high: 1.25e6, unit: "USD", text: "We expect é"),
                        Guidance(metric: "tax_rate", period: nil, periodLabel: nil, low: nil, high: nil, unit: "pure", text: "")]
        let claims = [Claim(metric: "revenue_growth_yoy", value: 0.14, period: Period(start: "a", end: "b"), text: "14%", rounding: 0.01),
                      Claim(metric: "eps_diluted", value: 1, period: nil, text: "x")]
        try expectHandWritten(FilingParsed(filingID: "f", companyKey: "k", header: full, statements: [statement], facts: facts,
                                           guidance: guidance, claims: claims), "every member set")
        try expectHandWritten(FilingParsed(filingID: "f", companyKey: "k", header: FilingHeader(), statements: [], facts: [],
                                           parserVersion: nil), "every optional nil")
        #expect(throws: (any Error).self) {
            try ParsedEventJSON.bytes(FilingParsed(filingID: "f", companyKey: "k", header: FilingHeader(), statements: [], facts: [
                Fact(concept: "c", label: "l", statement: "s", value: .infinity, unit: "USD", period: Period(), basis: "gaap")]))
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
