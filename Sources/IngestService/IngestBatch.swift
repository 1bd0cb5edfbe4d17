import FilingEvents
import FilingParser
import FilingsCore
import Synchronization

/// A filing validated and its `filings.ingested` event built, waiting for `IngestProcessor.commit`.
public struct PreparedIngest: Sendable {
    let filingID: String
    let companyKey: String
    let header: FilingHeader
    let sha256: String
    /// The bytes as received (kept in `raw_filings`).
    let bytes: [UInt8]
    let contentType: String
    let format: FilingFormat
    let origin: FilingOrigin
    let documents: [FilingDocument]
    let event: CloudEvent
}

/// The filings the `filings.submitted` loop prepared since its last after-batch step, recorded
/// together by `commit(with:)`: one store transaction per batch of records instead of one per
/// record. The loop stores a batch's offsets only after the step returned, so a crash before the
/// commit loses nothing (the records are read again) and one after it duplicates nothing (the
/// filings are known by then: read again, they are duplicates).
final class IngestBatch: Sendable {
    private let pending = Mutex<[PreparedIngest]>([])

    func add(_ filing: PreparedIngest) {
        pending.withLock { $0.append(filing) }
    }

    /// Records every pending filing in one transaction, and forgets them once it is committed (a
    /// failed commit keeps them for the loop's retry of the step).
    func commit(with processor: IngestProcessor) async throws {
        let batch = pending.withLock { $0 }
        guard !batch.isEmpty else { return }
        _ = try await processor.commit(batch)
        pending.withLock { $0.removeFirst(batch.count) }
    }
}
