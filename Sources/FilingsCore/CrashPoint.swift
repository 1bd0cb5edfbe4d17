import Foundation

/// Fault injection for reliability tests: `FILINGS_CRASH_AT=<point>` makes the process die
/// abruptly (like kill -9) the first time it reaches that point, and `FILINGS_CRASH_ONCE_FILE`
/// names a marker file so a restarted process does not crash again. Unset in production.
///
/// Points: `after-handle` (the handler returned, the offset is not stored), `after-batch` (a
/// consumer loop's after-batch step returned, e.g. parse's one transaction for the batch is
/// committed, and the batch's offsets are not stored),
/// `after-publish` (an outbox record is acknowledged by Kafka, its row not yet deleted),
/// `after-delivery-attempt` (notify: a webhook attempt got its answer, the outcome is not yet recorded).
public enum CrashPoint: String, Sendable {
    case afterHandle = "after-handle"
    case afterBatch = "after-batch"
    case afterPublish = "after-publish"
    case afterDeliveryAttempt = "after-delivery-attempt"

    private static let configured: (point: String, marker: String?)? = {
        let env = ProcessInfo.processInfo.environment
        guard let point = env["FILINGS_CRASH_AT"], !point.isEmpty else { return nil }
        return (point, env["FILINGS_CRASH_ONCE_FILE"])
    }()

    /// Dies here if configured to.
    public func reached() {
        guard let configured = Self.configured, configured.point == rawValue else { return }
        if let marker = configured.marker {
            if FileManager.default.fileExists(atPath: marker) { return }
            FileManager.default.createFile(atPath: marker, contents: Data(rawValue.utf8))
        }
        FileHandle.standardError.write(Data("crash point \(rawValue) reached: exiting abruptly\n".utf8))
        _exit(137)
    }
}
