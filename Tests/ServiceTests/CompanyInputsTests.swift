import FilingEvents
import FilingMetrics
import FilingParser
import FilingsCore
import Foundation
import GRDB
import KafkaKit
@testable import MetricsService
import Testing

/// The handler keeps recent companies' analysis inputs in memory (`CompanyInputs`): what it holds
/// must be what the store holds, also after a transaction that failed.
struct CompanyInputsTests {
    /// The three PTIX samples: Q2, Q3 and Q4 2003 of one company.
    static func samples() async throws -> [KafkaMessage] {
        try await PipelineHandlerTests().parsed(PipelineHandlerTests.samples)
    }

    static func metrics(_ store: Store) async throws -> [Metric] {
        try #require(try await MetricsQueries(store: store).metrics(company: "file-0-27460")).metrics
    }

    @Test func aFilingWhoseTransactionFailedIsNotReadByTheNextOne() async throws {
        let (q2, q3, q4) = try await { let s = try await Self.samples(); return (s[0], s[1], s[2]) }()
        let store = try Store.inMemory(migrations: MetricsService.migrations)
        let handler = MetricsHandler(store: store, topics: Topics(), logger: quietLogger)
        try await handler.handle(q2)
        // Q3's transaction fails at its very end (the changelog capture), after the inputs were stored.
        try await store.writer.write { db in
            try db.execute(sql: "CREATE TRIGGER fail BEFORE INSERT ON changelog_pending BEGIN SELECT RAISE(ABORT, 'injected'); END")
        }
        await #expect(throws: (any Error).self) { try await handler.handle(q3) }
        try await store.writer.write { db in try db.execute(sql: "DROP TRIGGER fail") }
        try await handler.handle(q4)

        // The same as a store that never saw Q3 (Q4's sequential growth and derived quarters need it).
        let without = try Store.inMemory(migrations: MetricsService.migrations)
        let clean = MetricsHandler(store: without, topics: Topics(), logger: quietLogger)
        for message in [q2, q4] { try await clean.handle(message) }
        #expect(try await Self.metrics(store) == Self.metrics(without))
        let q4Events = try await outboxMessages(store).count
        #expect(q4Events == (try await outboxMessages(without).count))

        // Q3 handled again (its retry) ends where all three in order end.
        try await handler.handle(q3)
        let all = try Store.inMemory(migrations: MetricsService.migrations)
        let reference = MetricsHandler(store: all, topics: Topics(), logger: quietLogger)
        for message in [q2, q3, q4] { try await reference.handle(message) }
        #expect(try await Self.metrics(store) == Self.metrics(all))
    }

    /// The index by days finds what visiting every filing finds, for the windows a filing of the
    /// history reads (its own `RecomputeScope`) and for wide and far-off ones; also after versions
    /// are replaced.
    @Test func theDayIndexFindsWhatAScanOfEveryFilingFinds() throws {
        let history = SyntheticHistory(quarters: 120, seed: 5).filings
        var stored = Dictionary(history.map { ($0.filingID, StoredInputs($0)) }, uniquingKeysWith: { $1 })
        var index = CompanyFilings(stored)
        // A version replaced: the later one without guidance, with its facts a year later.
        for filing in history.prefix(10) {
            var changed = filing
            changed.guidance = []
            changed.facts = changed.facts.map { fact in
                var f = fact
                f.period = Period(start: f.period.start.flatMap(dayNumber).map { isoDate($0 + 365) }, end: f.period.end.flatMap(dayNumber).map { isoDate($0 + 365) },
                                  instant: f.period.instant.flatMap(dayNumber).map { isoDate($0 + 365) })
                return f
            }
            stored[filing.filingID] = StoredInputs(changed)
            index.insert(StoredInputs(changed))
        }
        func key(_ records: [FilingRecord]) -> [String: FilingRecord] { Dictionary(records.map { ($0.filingID, $0) }, uniquingKeysWith: { a, _ in a }) }
        var windows: [(DayRanges, DayRanges, DayRanges)] = history.map { filing in
            let scope = RecomputeScope(filing: filing, replacedPeriods: []) { _ in [] }
            return (scope.factDays, scope.guidanceEnds, scope.affected)
        }
        windows.append((DayRanges(-1_000_000...1_000_000), DayRanges(), DayRanges()))
        windows.append((DayRanges(), DayRanges(-1_000_000...1_000_000), DayRanges(-1_000_000...1_000_000)))
        windows.append((DayRanges(900_000...900_010), DayRanges(), DayRanges()))
        var found = 0
        for (n, (facts, guidance, claims)) in windows.enumerated() {
            let excluded = history[n % history.count].filingID
            let scan = stored.values.compactMap { filing in
                filing.filingID == excluded ? nil : filing.near(factDays: facts, guidanceEnds: guidance, claimEnds: claims)
            }
            let indexed = index.near(excluding: excluded, factDays: facts, guidanceEnds: guidance, claimEnds: claims)
            #expect(indexed.count == scan.count)
            #expect(key(indexed) == key(scan))
            found += scan.count
        }
        #expect(found > windows.count * 3)  // the windows do find neighbours
    }

    /// The partners held in memory are those `metric_facts` gives, also after versions are replaced
    /// and removed (a duration that a replaced version alone had goes with it).
    @Test func thePartnersHeldAreThoseTheStoreReads() throws {
        let history = SyntheticHistory(quarters: 40, seed: 7).filings
        let store = try Store.inMemory(migrations: MetricsService.migrations)
        var index = CompanyFilings()
        var periods = Set<Period>()
        try store.writer.write { db in
            for filing in history {
                try MetricsStore.addInputs(db, company: "c", filing)
                index.insert(StoredInputs(filing))
                periods.formUnion(filing.facts.map(\.period))
            }
            // Versions replaced: with their facts' periods five days longer, then back again for half of them.
            for (n, filing) in history.prefix(12).enumerated() {
                var changed = filing
                changed.facts = changed.facts.map { fact in
                    var f = fact
                    if let start = f.period.start.flatMap(dayNumber) { f.period.start = isoDate(start - 5) }
                    return f
                }
                for version in n.isMultiple(of: 2) ? [changed, filing] : [changed] {
                    _ = try MetricsStore.removeInputs(db, filingID: filing.filingID)
                    try MetricsStore.addInputs(db, company: "c", version)
                    index.insert(StoredInputs(version))
                    periods.formUnion(version.facts.map(\.period))
                }
            }
            var compared = 0
            for period in periods {
                func pairs(_ list: [(start: Int, end: Int)]) -> [String] { list.map { "\($0.start)...\($0.end)" }.sorted() }
                let held = pairs(index.partners(of: period))
                #expect(held == pairs(try MetricsStore.partners(db, company: "c", of: period)), "\(period)")
                compared += held.count
            }
            #expect(compared > periods.count)  // durations do have partners
        }
    }

    @Test func eachStoreHasItsOwnInputs() throws {
        let a = try Store.inMemory(migrations: MetricsService.migrations)
        let b = try Store.inMemory(migrations: MetricsService.migrations)
        #expect(CompanyInputs.of(a) === CompanyInputs.of(a))
        #expect(CompanyInputs.of(a) !== CompanyInputs.of(b))
    }
}
