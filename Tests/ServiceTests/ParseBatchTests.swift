import FilingEvents
import FilingsCore
import GRDB
import KafkaKit
import ParseService
import Testing

/// Parse writes a batch of records in one transaction: a crash before the commit leaves nothing
/// behind (the records are read again), a crash after it leaves nothing to do twice.
struct ParseBatchTests {
    func parsedEvents(_ store: Store) async throws -> [String] {
        try await outboxMessages(store).map { try CloudEvent(message: $0).id }
    }

    func processedCount(_ store: Store) async throws -> Int {
        try await store.writer.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM processed_events") ?? 0 }
    }

    @Test func aBatchIsWrittenWhollyOnceAcrossCrashesBeforeAndAfterItsCommit() async throws {
        let store = try Store.inMemory(migrations: ParseService.migrations)
        let handler = ParseHandler(store: store, topics: Topics(), logger: quietLogger)
        let input = try await PipelineHandlerTests().ingested(PipelineHandlerTests.samples)
        try #require(input.count == 3)

        // Prepared, then the process dies before the batch's commit: nothing is written.
        let lost = PendingBatch<PreparedParse>()
        for message in input { if let parsed = try await handler.prepare(message) { lost.add(parsed) } }
        #expect(try await parsedEvents(store).isEmpty)
        #expect(try await processedCount(store) == 0)

        // Read again after the restart (offsets were not stored), with the first record twice.
        var prepared: [PreparedParse] = []
        for message in [input[0]] + input {
            prepared.append(try #require(try await handler.prepare(message)))
        }
        let batch = PendingBatch<PreparedParse>()
        for parsed in prepared { batch.add(parsed) }
        try await batch.commit(handler.commit)
        let ids = try await parsedEvents(store)
        #expect(ids.count == 3, "one filings.parsed event per filing: \(ids)")
        #expect(Set(ids).count == 3)
        #expect(try await processedCount(store) == 3)

        // The process dies after the commit, before the offsets are stored: read again, nothing new.
        for message in input { #expect(try await handler.prepare(message) == nil) }
        try await handler.commit(prepared)  // even a batch prepared before the commit writes nothing twice
        #expect(try await parsedEvents(store) == ids)

        // The committed batch is forgotten: committing again writes nothing.
        try await batch.commit(handler.commit)
        #expect(try await parsedEvents(store) == ids)
        let rows = try await store.writer.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM parsed_filings") ?? 0 }
        #expect(rows == 3)
    }
}
