import FilingsCore
import Foundation

/// Notify's own configuration keys (besides the common ones of `ServiceSettings`).
///
/// | key | default | meaning |
/// |---|---|---|
/// | `NOTIFY_API_TOKEN` | — (API answers 401) | bearer token of `/subscriptions` and `/deliveries` |
/// | `NOTIFY_SUBSCRIPTIONS_FILE` | — | JSON file of subscriptions loaded (upserted by id) at start |
/// | `NOTIFY_ALLOW_PRIVATE_TARGETS` | `false` | `true`: any target; `loopback`: public and loopback only |
/// | `NOTIFY_RETRY_SCHEDULE` | `0,5s,5m,30m,2h,5h,10h,14h,20h,24h` | delay before each attempt |
/// | `NOTIFY_RETRY_JITTER` | `0.1` | ± fraction applied to each retry delay |
/// | `NOTIFY_DELIVERY_TIMEOUT` | `15s` | whole-request timeout of one attempt |
/// | `NOTIFY_DELIVERY_CONCURRENCY` | `8` | attempts in flight at once |
public struct NotifySettings: Sendable {
    public var apiToken: String?
    public var subscriptionsFile: String?
    public var targets: TargetPolicy.Allowance
    public var schedule: RetrySchedule
    public var timeout: Duration
    public var concurrency: Int

    public init(apiToken: String? = nil, subscriptionsFile: String? = nil, targets: TargetPolicy.Allowance = .publicOnly,
                schedule: RetrySchedule = .standard, timeout: Duration = .seconds(15), concurrency: Int = 8) {
        self.apiToken = apiToken
        self.subscriptionsFile = subscriptionsFile
        self.targets = targets
        self.schedule = schedule
        self.timeout = timeout
        self.concurrency = concurrency
    }

    public init(_ settings: ServiceSettings) throws {
        let env = settings.environment
        apiToken = env["NOTIFY_API_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
        subscriptionsFile = env["NOTIFY_SUBSCRIPTIONS_FILE"].flatMap { $0.isEmpty ? nil : $0 }
        let allow = (env["NOTIFY_ALLOW_PRIVATE_TARGETS"] ?? "false").lowercased()
        guard let allowance = TargetPolicy.Allowance(rawValue: allow == "1" ? "true" : allow == "0" ? "false" : allow) else {
            throw NotifyConfigurationError(key: "NOTIFY_ALLOW_PRIVATE_TARGETS", reason: "'\(allow)' is not true, false or loopback")
        }
        targets = allowance
        let jitterText = env["NOTIFY_RETRY_JITTER"] ?? "0.1"
        guard let jitter = Double(jitterText), (0...1).contains(jitter) else {
            throw NotifyConfigurationError(key: "NOTIFY_RETRY_JITTER", reason: "'\(jitterText)' is not a fraction between 0 and 1")
        }
        if let text = env["NOTIFY_RETRY_SCHEDULE"], !text.isEmpty {
            do { schedule = try RetrySchedule.parse(text, jitter: jitter) } catch {
                throw NotifyConfigurationError(key: "NOTIFY_RETRY_SCHEDULE", reason: "\(error)")
            }
        } else {
            schedule = RetrySchedule.standard
            schedule.jitter = jitter
        }
        let timeoutText = env["NOTIFY_DELIVERY_TIMEOUT"] ?? "15s"
        guard let timeout = try? RetrySchedule.parseDuration(timeoutText), timeout > .zero else {
            throw NotifyConfigurationError(key: "NOTIFY_DELIVERY_TIMEOUT", reason: "'\(timeoutText)' is not a positive duration")
        }
        self.timeout = timeout
        concurrency = try settings.integer("NOTIFY_DELIVERY_CONCURRENCY", default: 8)
    }
}

/// A notify configuration key with a value it cannot use.
public struct NotifyConfigurationError: Error, CustomStringConvertible {
    public let key: String
    public let reason: String
    public var description: String { "configuration \(key): \(reason)" }
}
