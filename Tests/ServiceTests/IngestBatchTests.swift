import FilingsCore
import GRDB
@testable import IngestService
import Testing

/// Ingest records a batch of `filings.submitted` records in one transaction: a crash before the
/// commit leaves nothing behind (the records are read again), a crash after it leaves nothing to
/// do twice, and a filing twice in one batch is recorded once.
struct IngestBatchTests {
    func prepareAll(_ processor: IngestProcessor, _ inputs: [[UInt8]]) async throws -> [IngestProcessor.Prepared] {
        var out: [IngestProcessor.Prepared] = []
        for bytes in inputs { out.append(try await processor.prepare(bytes, origin: FilingOrigin(source: "topic"))) }
        return out
    }

    @Test func aBatchIsRecordedWhollyOnceAcrossCrashesBeforeAndAfterItsCommit() async throws {
        let store = try Store.inMemory(migrations: IngestService.migrations)
        let processor = IngestProcessor(store: store, validator: FilingValidator(), topics: Topics(), logger: quietLogger)
        let samples = try PipelineHandlerTests.samples.prefix(2).map { try fixture($0) }
        let inputs = [samples[0], samples[1], samples[0]]

        // Prepared, then the process dies before the batch's commit: nothing is recorded.
        _ = try await prepareAll(processor, inputs)
        #expect(try await count(store, "SELECT COUNT(*) FROM filings") == 0)
        #expect(try await count(store, "SELECT COUNT(*) FROM outbox") == 0)

        // Read again after the restart; the first filing is in the batch twice.
        let batch = PendingBatch<PreparedIngest>()
        for prepared in try await prepareAll(processor, inputs) {
            guard case .new(let filing) = prepared else { Issue.record("a filing was known before its batch"); continue }
            batch.add(filing)
        }
        try await batch.commit { _ = try await processor.commit($0) }
        #expect(try await count(store, "SELECT COUNT(*) FROM filings WHERE status = 'accepted'") == 2)
        #expect(try await count(store, "SELECT COUNT(*) FROM outbox") == 2)
        #expect(try await count(store, "SELECT COUNT(*) FROM raw_filings") == 2)

        // The process dies after the commit, before the offsets are stored: read again, all known.
        let again = try await prepareAll(processor, inputs)
        #expect(again.allSatisfy { if case .known(let result) = $0 { result.duplicate } else { false } })
        try await batch.commit { _ = try await processor.commit($0) }  // the committed batch was forgotten
        #expect(try await count(store, "SELECT COUNT(*) FROM outbox") == 2)
    }

    @Test func aCommitAnswersEachFilingInOrder() async throws {
        let store = try Store.inMemory(migrations: IngestService.migrations)
        let processor = IngestProcessor(store: store, validator: FilingValidator(), topics: Topics(), logger: quietLogger)
        let bytes = try fixture(PipelineHandlerTests.samples[0])
        guard case .new(let first) = try await processor.prepare(bytes, origin: FilingOrigin(source: "topic")),
              case .new(let second) = try await processor.prepare(bytes, origin: FilingOrigin(source: "topic"))
        else { Issue.record("the filing was known before"); return }
        let results = try await processor.commit([first, second])
        #expect(results.map(\.duplicate) == [false, true])
        #expect(results[0].filingID == results[1].filingID)
    }
}
