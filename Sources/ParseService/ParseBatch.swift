import FilingParser
import FilingsCore
import Synchronization

/// One parsed filing waiting to be written: what `ParseHandler.commit` stores for it.
public struct PreparedParse: Sendable {
    /// The `filings.ingested` event it answers, claimed in the same transaction.
    public let inputEventID: String
    public let filingID: String
    public let companyKey: String
    public let header: FilingHeader
    public let statementCount: Int
    public let factCount: Int
    public let isReplay: Bool
    /// The `filings.parsed` event, kept as the result and queued in the outbox.
    public let event: CloudEvent
}

/// The filings the parse loop prepared since its last after-batch step, written together by
/// `commit(with:)`: one store transaction per batch of records instead of one per record.
///
/// The consumer loop stores a batch's offsets only after its after-batch step returned, so a
/// crash before the commit loses nothing (the records are read again) and one after it
/// duplicates nothing (their event ids are claimed: the second reading writes nothing).
public final class ParseBatch: Sendable {
    private let pending = Mutex<[PreparedParse]>([])

    public init() {}

    public func add(_ filing: PreparedParse) {
        pending.withLock { $0.append(filing) }
    }

    /// Writes every pending filing in one transaction, and forgets them once it is committed (a
    /// failed commit keeps them for the loop's retry of the step).
    public func commit(with handler: ParseHandler) async throws {
        let batch = pending.withLock { $0 }
        try await handler.commit(batch)
        pending.withLock { $0.removeFirst(batch.count) }
    }
}
