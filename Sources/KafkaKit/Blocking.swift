import Dispatch

/// Runs blocking librdkafka calls on a dedicated serial queue, never on Swift's cooperative pool.
struct BlockingQueue: Sendable {
    let queue: DispatchQueue

    init(label: String) { queue = DispatchQueue(label: label) }

    func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async { continuation.resume(with: Result { try body() }) }
        }
    }

    func run<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            queue.async { continuation.resume(returning: body()) }
        }
    }
}

extension Duration {
    /// Whole milliseconds, clamped to `Int32` for librdkafka timeouts.
    var milliseconds: Int32 {
        let (seconds, attoseconds) = components
        let ms = seconds * 1000 + attoseconds / 1_000_000_000_000_000
        return Int32(clamping: ms)
    }
}

import Synchronization

/// A boolean shared between threads (for example a poll loop's "keep running").
final class AtomicFlag: Sendable {
    private let atomic: Atomic<Bool>
    init(_ value: Bool) { atomic = Atomic(value) }
    var value: Bool { atomic.load(ordering: .acquiring) }
    func set(_ value: Bool) { atomic.store(value, ordering: .releasing) }
    /// Sets the flag and returns its previous value.
    func exchange(_ value: Bool) -> Bool { atomic.exchange(value, ordering: .acquiringAndReleasing) }
}
