import Foundation
import Logging
import ServiceLifecycle

/// Bounds a graceful shutdown: once SIGTERM/SIGINT starts it, the process exits (status 0) after
/// `timeout` whatever is still waiting, e.g. an outbox row for a broker that is gone.
///
/// Exiting there loses nothing: outbox rows are committed in SQLite and go out at the next start;
/// a record whose offset was not committed is read again and its handler is idempotent.
/// The service is the last of the group, so it hears of the shutdown first.
final class ShutdownDeadline: Service, Sendable {
    private let timeout: Duration
    private let store: Store
    private let logger: Logger

    init(timeout: Duration, store: Store, logger: Logger) {
        self.timeout = timeout
        self.store = store
        self.logger = logger
    }

    func run() async throws {
        do { try await gracefulShutdown() } catch { return }  // cancelled: the group is ending anyway
        let timeout = self.timeout, store = self.store, logger = self.logger
        let seconds = Double(timeout.components.seconds) + Double(timeout.components.attoseconds) / 1e18
        Thread.detachNewThread {
            Thread.sleep(forTimeInterval: seconds)
            let pending = (try? store.writer.read { db in try Outbox.pendingCount(db) }) ?? -1
            logger.error("shutdown did not finish within \(timeout) (SHUTDOWN_TIMEOUT_SECONDS); exiting now",
                         metadata: ["outbox_pending": "\(pending)",
                                    "note": "pending outbox rows stay in the store and are published at the next start"])
            _exit(0)
        }
    }
}
