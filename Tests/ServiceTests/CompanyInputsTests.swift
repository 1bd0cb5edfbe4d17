import FilingEvents
import FilingMetrics
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

    @Test func eachStoreHasItsOwnInputs() throws {
        let a = try Store.inMemory(migrations: MetricsService.migrations)
        let b = try Store.inMemory(migrations: MetricsService.migrations)
        #expect(CompanyInputs.of(a) === CompanyInputs.of(a))
        #expect(CompanyInputs.of(a) !== CompanyInputs.of(b))
    }
}
