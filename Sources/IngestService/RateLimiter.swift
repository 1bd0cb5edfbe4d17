/// At most `limit` EDGAR requests per second for the whole process (SEC fair access: 10 per second
/// in total), as the server counts them.
///
/// Two rules: requests start evenly spaced (one window / `limit` apart), and a request may start
/// only one window (1 s plus `margin`) after the `limit`-th previous one *finished*. Counting from
/// the end of the earlier request, not its start, is what makes the bound hold at the server: that
/// request had certainly arrived there by then, whatever the network or scheduling delays were.
public actor RateLimiter {
    public nonisolated let limit: Int
    private let window: Duration
    private let clock = ContinuousClock()
    /// Start of the latest request.
    private var lastStart: ContinuousClock.Instant?
    /// Per recent request: its start, replaced by its end once it finished.
    private var recent: [Int: ContinuousClock.Instant] = [:]
    private var nextID = 0

    public static let maximumPerSecond = 10

    public init(perSecond limit: Int, margin: Duration = .milliseconds(50)) {
        self.limit = max(1, limit)
        window = .seconds(1) + margin
    }

    /// Runs `request` once the rate allows it.
    public func run<T: Sendable>(_ request: @Sendable () async throws -> T) async throws -> T {
        let id = try await acquire()
        defer { finished(id) }
        return try await request()
    }

    /// Suspends until one more request may start; returns its id for `finished(_:)`.
    func acquire() async throws -> Int {
        while true {
            let now = clock.now
            recent = recent.filter { now - $0.value < window }
            var earliest = now
            if let lastStart { earliest = max(earliest, lastStart + window / limit) }
            if recent.count >= limit {
                let times = recent.values.sorted()
                earliest = max(earliest, times[times.count - limit] + window)
            }
            if earliest <= now {
                nextID += 1
                recent[nextID] = now
                lastStart = now
                return nextID
            }
            try await clock.sleep(until: earliest)
        }
    }

    /// Marks request `id` as finished now.
    func finished(_ id: Int) {
        if recent[id] != nil { recent[id] = clock.now }
    }
}
