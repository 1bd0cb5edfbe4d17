import FilingParser

/// Everything computed from one company's filings. A function of the set of filings only:
/// the order they arrived in does not change it.
public struct CompanyAnalysis: Sendable, Equatable {
    public private(set) var metrics: [Metric]
    /// `metrics` by their period's end day: `metrics(endingWith:)` and the guidance and claims
    /// compared with a metric read the few near one day without parsing every metric's dates.
    private var byEnd = MetricsByEnd()
    public var restatements: [Restatement]
    public var derivationChecks: [DerivationCheck]
    public var guidanceComparisons: [GuidanceComparison]
    public var claimChecks: [ClaimCheck]
    /// Inputs that could not all be used (e.g. contradictory facts within a filing).
    public var warnings: [String]

    public init(_ filings: [FilingRecord]) { self.init(filings, metricsEndingIn: nil) }

    /// The analysis with metrics computed only for the periods ending in `ends` (and those without a
    /// readable end date); every period still serves as a base for growth. Guidance comparisons and
    /// claim checks see only these metrics.
    public init(_ filings: [FilingRecord], metricsEndingIn ends: DayRanges?) {
        let filings = filings.sorted { ($0.date, $0.filingID) < ($1.date, $1.filingID) }
        let book = FactBook(filings)
        // Day numbers read once per period (not in every comparison).
        let periods = book.periods.map(DatedPeriod.init).sorted { ($0.end ?? 0, $0.start ?? 0) < ($1.end ?? 0, $1.start ?? 0) }
        let computed = ends.map { ends in periods.filter { $0.end.map(ends.contains) ?? true } } ?? periods
        metrics = []
        for dated in computed {
            let periodMetrics = MetricsCalculator.metrics(for: dated, book: book, periods: periods)
            metrics += periodMetrics
            byEnd.add(periodMetrics, of: dated)
        }
        restatements = book.restatements
        warnings = book.warnings
        derivationChecks = book.derivationChecks.sorted { ($0.concept, $0.period.label) < ($1.concept, $1.period.label) }
        // Filings repeat guidance and claims (and copies of a filing all of them): each metric looked for once.
        let lookup = FirstMetricLookup(byEnd)
        guidanceComparisons = GuidanceComparison.compare(filings, first: lookup.first)
        claimChecks = ClaimCheck.check(filings, first: lookup.first)
    }

    /// The metrics of every period ending with `period` (the quarter, the year to date, the year,
    /// the balance-sheet date), the quarter first.
    public func metrics(endingWith period: Period) -> [Metric] {
        guard let end = period.endDay else { return [] }
        return byEnd.periods(endingOn: end).filter { $0.kind != .other }
            .sorted { ($0.kind == .quarter ? 0 : 1, $0.length) < ($1.kind == .quarter ? 0 : 1, $1.length) }.flatMap(\.metrics)
    }

    /// Value of metric `name` for `period`, if computed.
    public func value(_ name: String, _ period: Period) -> Double? {
        metrics.first { $0.name == name && $0.period == period }?.value
    }
}

/// The metrics of the computed periods by end day, each period's kind and length read once, in the
/// order they were computed (`CompanyAnalysis.metrics`' order).
struct MetricsByEnd: Sendable, Equatable {
    struct PeriodMetrics: Sendable, Equatable {
        var kind: PeriodKind
        var length: Int
        var metrics: [Metric]
    }

    private var periods: [Int: [PeriodMetrics]] = [:]

    mutating func add(_ metrics: [Metric], of dated: DatedPeriod) {
        guard let end = dated.end, let kind = metrics.first?.periodKind else { return }
        periods[end, default: []].append(PeriodMetrics(kind: kind, length: dated.length ?? 0, metrics: metrics))
    }

    func periods(endingOn end: Int) -> [PeriodMetrics] { periods[end] ?? [] }

    /// The first metric (in computed order) named `name` whose period matches `period`
    /// (`Period.matches`: it ends within its tolerance of `period`'s end, so only those end days are read).
    func first(named name: String, matching period: Period) -> Metric? {
        guard let end = period.endDay else { return nil }
        let tolerance = MetricsReach.matchToleranceDays
        // Computed periods are in end-day order: ascending days visit them in `metrics`' order.
        for day in (end - tolerance)...(end + tolerance) {
            for group in periods[day] ?? [] {
                if let metric = group.metrics.first(where: { $0.name == name && $0.period.matches(period) }) { return metric }
            }
        }
        return nil
    }
}

/// `MetricsByEnd.first(named:matching:)` with each answer kept for the same name and period.
private final class FirstMetricLookup {
    private struct Query: Hashable {
        var name: String
        var period: Period
    }

    private let byEnd: MetricsByEnd
    private var found: [Query: Metric?] = [:]

    init(_ byEnd: MetricsByEnd) { self.byEnd = byEnd }

    func first(_ name: String, _ period: Period) -> Metric? {
        let query = Query(name: name, period: period)
        if let known = found[query] { return known }
        let metric = byEnd.first(named: name, matching: period)
        found[query] = metric
        return metric
    }
}
