import FilingEvents
import FilingMetrics
import FilingParser
import FilingsCore
import Foundation
import GRDB
import KafkaKit
@testable import MetricsService
import Testing
import FilingVariants

/// The incremental metrics handler against a recomputation from scratch (`CompanyAnalysis` over all
/// filings): made-up histories of one company in shuffled arrival orders, with restatements,
/// amendments, derived quarters, guidance and claims.
struct MetricsIncrementalTests {
    static let company = "synthetic-1"

    static func message(_ filing: FilingRecord) throws -> KafkaMessage {
        let header = FilingHeader(form: "8-K", company: "Synthetic Corp", cik: "99", accession: filing.filingID, filedDate: filing.date)
        let payload = FilingParsed(filingID: filing.filingID, companyKey: company, header: header, statements: [],
                                   facts: filing.facts, guidance: filing.guidance, claims: filing.claims)
        let event = try CloudEvent(id: "parsed-" + filing.filingID, source: "test", type: EventTypes.filingParsed,
                                   subject: filing.filingID, payload: payload)
        return KafkaMessage(topic: "filings.parsed", partition: 0, offset: 0, key: nil, value: event.data, headers: event.headers)
    }

    static func shuffled(_ filings: [FilingRecord], seed: UInt64) -> [FilingRecord] {
        var rng = SeededRandom(seed: seed ^ 0x5EED)
        return filings.shuffled(using: &rng)
    }

    static func events(_ store: Store) async throws -> [(id: String, payload: MetricsComputed)] {
        try await outboxMessages(store).map { message in
            let event = try CloudEvent(message: message)
            return (event.id, try event.decode(MetricsComputed.self))
        }
    }

    static func sortKey(_ m: Metric) -> String { "\(m.period.end ?? m.period.instant ?? "")|\(m.period.start ?? "")|\(m.name)" }

    @Test(arguments: [1, 2, 3] as [UInt64])
    func shuffledHistoriesEndInTheStateOfARecomputationFromScratch(seed: UInt64) async throws {
        let history = SyntheticHistory(quarters: 200, seed: seed).filings
        #expect(history.count >= 200)
        let store = try Store.inMemory(migrations: MetricsService.migrations)
        let handler = MetricsHandler(store: store, topics: Topics(), logger: quietLogger)
        for filing in Self.shuffled(history, seed: seed) { try await handler.handle(try Self.message(filing)) }

        let truth = CompanyAnalysis(history)
        let stored = try #require(try await MetricsQueries(store: store).metrics(company: Self.company)).metrics
        #expect(stored.count == truth.metrics.count)
        let storedByKey = Dictionary(stored.map { (Self.sortKey($0), $0) }, uniquingKeysWith: { a, _ in a })
        var differing: [String] = []
        for metric in truth.metrics where storedByKey[Self.sortKey(metric)] != metric { differing.append(Self.sortKey(metric)) }
        #expect(differing.isEmpty, "stored metrics differ from a recomputation: \(differing.prefix(10))")

        // The last event of each reported period carries the period's metric values as recomputed
        // (an update is sent when a value changes, not when only the provenance does).
        let events = try await Self.events(store)
        #expect(events.filter { $0.payload.kind == .filing }.count == history.count)
        var latest: [Period: MetricsComputed] = [:]
        for (_, payload) in events { if let period = payload.period { latest[period] = payload } }
        let stale = latest.filter { period, payload in
            MetricsStore.fingerprint(payload.metrics)
                != MetricsStore.fingerprint(MetricsView(analysis: truth, period: period, filingID: payload.filingID).metrics)
        }.map(\.key.label).sorted()
        #expect(stale.isEmpty, "the last event of these periods is stale: \(stale.prefix(10))")
        #expect(Set(latest.keys) == Set(history.compactMap(\.mainPeriod)))

        // A replay of everything changes nothing.
        let before = events.count
        for filing in history { try await handler.handle(try Self.message(filing)) }
        #expect(try await count(store, "SELECT COUNT(*) FROM outbox") == before)
    }

    @Test(arguments: [4, 5] as [UInt64])
    func eachFilingEmitsTheEventsOfTheWholeHistoryAnalysis(seed: UInt64) async throws {
        let history = Self.shuffled(SyntheticHistory(quarters: 40, seed: seed).filings, seed: seed)
        let store = try Store.inMemory(migrations: MetricsService.migrations)
        let handler = MetricsHandler(store: store, topics: Topics(), logger: quietLogger)
        var reference = WholeHistoryReference()
        var expected: [(id: String, payload: MetricsComputed)] = []
        for filing in history {
            try await handler.handle(try Self.message(filing))
            expected += try reference.handle(filing)
        }
        let actual = try await Self.events(store)
        #expect(actual.count == expected.count)
        for (index, (got, want)) in zip(actual, expected).enumerated() {
            #expect(got.id == want.id, "event \(index): \(got.payload.kind) \(got.payload.period?.label ?? "-") vs \(want.payload.period?.label ?? "-")")
            #expect(got.payload == want.payload, "event \(index) (\(want.payload.kind) \(want.payload.period?.label ?? "-")) differs")
        }
    }

    @Test func aMigratedStoreKeepsItsHistory() async throws {
        // Filings stored before the per-period tables existed are read into them by the migration.
        let history = Array(SyntheticHistory(quarters: 12, seed: 9).filings)
        let store = try Store.inMemory(migrations: MetricsService.migrations)
        let handler = MetricsHandler(store: store, topics: Topics(), logger: quietLogger)
        for filing in history.dropLast() { try await handler.handle(try Self.message(filing)) }
        let factRows = try await count(store, "SELECT COUNT(*) FROM metric_facts")
        try await store.writer.write { db in
            try db.execute(sql: "DROP TABLE metric_facts; DROP TABLE metric_guidance; DROP TABLE metric_claims; DROP INDEX filings_company_period; DROP INDEX metrics_company_period")
            try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier = 'metrics-v2-periods'")
        }
        var migrator = DatabaseMigrator()
        MetricsService.migrations(&migrator)
        try migrator.migrate(store.writer)
        #expect(try await count(store, "SELECT COUNT(*) FROM metric_facts") == factRows)
        try await handler.handle(try Self.message(history.last!))
        let stored = try #require(try await MetricsQueries(store: store).metrics(company: Self.company)).metrics
        #expect(stored.sorted { Self.sortKey($0) < Self.sortKey($1) } == CompanyAnalysis(history).metrics.sorted { Self.sortKey($0) < Self.sortKey($1) })
    }
}

/// The handler's semantics before it became incremental: the whole history analysed for each filing,
/// a view built for every earlier-reported period.
struct WholeHistoryReference {
    var filings: [String: FilingRecord] = [:]
    var emitted: [Period: String] = [:]

    mutating func handle(_ filing: FilingRecord) throws -> [(id: String, payload: MetricsComputed)] {
        filings[filing.filingID] = filing
        let analysis = CompanyAnalysis(Array(filings.values))
        let company = MetricsIncrementalTests.company
        func event(_ kind: MetricsComputed.Kind, _ period: Period?) throws -> MetricsComputed {
            let view = MetricsView(analysis: analysis, period: period, filingID: filing.filingID)
            let payload = MetricsComputed(kind: kind, filingID: filing.filingID, companyKey: company, cik: "99",
                                          accession: filing.filingID, company: "Synthetic Corp", form: "8-K", period: period,
                                          metrics: view.metrics, guidance: view.guidance, restatements: view.restatements,
                                          claimChecks: view.claimChecks, derivationChecks: view.derivationChecks)
            return try JSONCoding.decoder.decode(MetricsComputed.self, from: JSONCoding.encoder.encode(payload))
        }
        let main = filing.mainPeriod
        var out = [(CloudEvent.deterministicID(stage: "metrics", type: EventTypes.metricsComputed, subject: filing.filingID),
                    try event(.filing, main))]
        if let main { emitted[main] = MetricsStore.fingerprint(out[0].1.metrics) }
        let earlier = Set(filings.values.filter { $0.filingID != filing.filingID }.compactMap(\.mainPeriod))
        for period in earlier.sorted(by: { $0.label < $1.label }) where period != main {
            let update = try event(.update, period)
            let fingerprint = MetricsStore.fingerprint(update.metrics)
            guard emitted[period] != fingerprint else { continue }
            emitted[period] = fingerprint
            out.append((CloudEvent.deterministicID(stage: "metrics-update", type: EventTypes.metricsComputed,
                                                   subject: "\(company)/\(period.label)", discriminator: fingerprint), update))
        }
        return out
    }
}
