import Synchronization

/// What a consumer loop's handler prepared for the records of the current batch, written together
/// by the loop's after-batch step (`commit`): one store transaction per batch instead of one per
/// record (ingest's, parse's and notify's loops).
///
/// The loop stores a batch's offsets only after its after-batch step returned, so a crash before
/// the commit loses nothing (the records are read again) and the write must make one after it
/// harmless (the event ids claimed, the filings known: read again, they write nothing).
public final class PendingBatch<Item: Sendable>: Sendable {
    private let pending = Mutex<[Item]>([])

    public init() {}

    public func add(_ item: Item) {
        pending.withLock { $0.append(item) }
    }

    /// Calls `write` with every pending item, and forgets them once it returned (a failed write
    /// keeps them for the loop's retry of the step).
    public func commit(_ write: ([Item]) async throws -> Void) async throws {
        let batch = pending.withLock { $0 }
        guard !batch.isEmpty else { return }
        try await write(batch)
        pending.withLock { $0.removeFirst(batch.count) }
    }
}
