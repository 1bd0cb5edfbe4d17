/// Waits before retrying a refused EDGAR request: 403 (EDGAR blocks a client for about ten
/// minutes after it exceeds the rate), 429 and 5xx, and network errors.
public struct Backoff: Sendable {
    /// First wait after a 403.
    public var forbiddenInitial: Duration
    /// First wait after a 429, a 5xx or a network error.
    public var initial: Duration
    public var maximum: Duration
    /// Attempts per request, the first included.
    public var attempts: Int

    public static let `default` = Backoff(forbiddenInitial: .seconds(60), initial: .seconds(1), maximum: .seconds(600), attempts: 6)

    public init(forbiddenInitial: Duration, initial: Duration, maximum: Duration, attempts: Int) {
        self.forbiddenInitial = forbiddenInitial
        self.initial = initial
        self.maximum = maximum
        self.attempts = attempts
    }

    /// The wait after failed attempt `attempt` (0-based); `retryAfter` (seconds) from the server wins
    /// when larger.
    public func delay(attempt: Int, status: Int?, retryAfter: Int? = nil) -> Duration {
        let base = status == 403 ? forbiddenInitial : initial
        var delay = base
        for _ in 0..<min(attempt, 20) where delay < maximum { delay = delay * 2 }
        delay = min(delay, maximum)
        if let retryAfter, retryAfter > 0 { delay = max(delay, min(.seconds(retryAfter), maximum)) }
        return delay
    }
}
