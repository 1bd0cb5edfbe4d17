import Foundation

/// When each delivery attempt happens: `delays[0]` after the event (normally 0), then `delays[i]`
/// after attempt `i` failed; `delays.count` attempts in all. Each delay after the first is spread
/// by ±`jitter` (a fraction), and a `Retry-After` longer than the delay wins (capped at `maxRetryAfter`).
public struct RetrySchedule: Sendable, Equatable {
    public var delays: [Duration]
    public var jitter: Double
    public var maxRetryAfter: Duration

    /// Standard Webhooks' example: immediately, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h, 24 h.
    public static let standard = RetrySchedule(
        delays: [.zero, .seconds(5), .seconds(300), .seconds(1800), .seconds(7200), .seconds(18000),
                 .seconds(36000), .seconds(50400), .seconds(72000), .seconds(86400)],
        jitter: 0.1)

    public init(delays: [Duration], jitter: Double = 0.1, maxRetryAfter: Duration = .seconds(86400)) {
        self.delays = delays
        self.jitter = jitter
        self.maxRetryAfter = maxRetryAfter
    }

    public var attempts: Int { delays.count }

    /// The delay before attempt `attempt + 1` (1-based `attempt` just failed), nil when none is left.
    public func delay(after attempt: Int, retryAfter: Duration? = nil,
                      random: (ClosedRange<Double>) -> Double = { Double.random(in: $0) }) -> Duration? {
        guard attempt < delays.count else { return nil }
        var delay = delays[attempt]
        if jitter > 0 && delay > .zero {
            delay = delay * random((1 - jitter)...(1 + jitter))
        }
        if let retryAfter { delay = max(delay, min(retryAfter, maxRetryAfter)) }
        return delay
    }

    /// `0,5s,5m,30m,2h` (a bare number is seconds; units ms, s, m, h, d).
    public static func parse(_ text: String, jitter: Double) throws -> RetrySchedule {
        let delays = try text.split(separator: ",").map { try parseDuration(String($0).trimmingCharacters(in: .whitespaces)) }
        guard !delays.isEmpty else { throw DurationError(text: text) }
        return RetrySchedule(delays: delays, jitter: jitter)
    }

    public struct DurationError: Error, CustomStringConvertible {
        let text: String
        public var description: String { "'\(text)' is not a duration (e.g. 500ms, 5s, 5m, 2h, 1d)" }
    }

    public static func parseDuration(_ text: String) throws -> Duration {
        let units: [(String, Double)] = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600), ("d", 86400)]
        for (suffix, factor) in units where text.hasSuffix(suffix) {
            let number = text.dropLast(suffix.count)
            if let value = Double(number), value >= 0, !(suffix == "s" && number.hasSuffix("m")) {
                return .milliseconds(Int64((value * factor * 1000).rounded()))
            }
        }
        if let value = Double(text), value >= 0 { return .milliseconds(Int64((value * 1000).rounded())) }
        throw DurationError(text: text)
    }

    /// Seconds (`120`) or an HTTP date (`Wed, 21 Oct 2015 07:28:00 GMT`), relative to `now`.
    public static func parseRetryAfter(_ value: String, now: Date) -> Duration? {
        let text = value.trimmingCharacters(in: .whitespaces)
        if let seconds = Int(text), seconds >= 0 { return .seconds(seconds) }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        guard let date = formatter.date(from: text) else { return nil }
        return .milliseconds(Int64(max(0, date.timeIntervalSince(now)) * 1000))
    }
}

/// The worker's notion of time. `SystemDeliveryClock` in production; tests use `VirtualDeliveryClock`.
public protocol DeliveryClock: Sendable {
    func now() -> Date
    /// Returns at `deadline` (or earlier when cancelled).
    func sleep(until deadline: Date) async
}

public struct SystemDeliveryClock: DeliveryClock {
    public init() {}
    public func now() -> Date { Date() }
    public func sleep(until deadline: Date) async {
        let seconds = deadline.timeIntervalSinceNow
        if seconds > 0 { try? await Task.sleep(for: .milliseconds(Int64(seconds * 1000))) }
    }
}

import Synchronization

/// A clock that jumps: sleeping moves time forward to the deadline at once, so a retry schedule
/// of hours runs in milliseconds and the recorded times show its exact spacing.
public final class VirtualDeliveryClock: DeliveryClock {
    private let current: Mutex<Date>
    public init(start: Date = Date(timeIntervalSince1970: 1_700_000_000)) { current = Mutex(start) }
    public func now() -> Date { current.withLock { $0 } }
    public func sleep(until deadline: Date) async {
        current.withLock { if deadline > $0 { $0 = deadline } }
        await Task.yield()
    }
    public func advance(by seconds: TimeInterval) { current.withLock { $0 += seconds } }
}

extension Duration {
    var seconds: Double {
        let (s, atto) = components
        return Double(s) + Double(atto) / 1e18
    }
}
