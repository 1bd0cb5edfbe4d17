import FilingParser

/// Everything computed from one company's filings. A function of the set of filings only:
/// the order they arrived in does not change it.
public struct CompanyAnalysis: Sendable, Equatable {
    public private(set) var metrics: [Metric]
    /// The metrics by their period's end day, in `metrics`' order: `metrics(endingWith:)` reads
    /// the few of one end without parsing every metric's end date.
    private var metricsByEnd: [Int: [Metric]] = [:]
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
            if let end = dated.end { metricsByEnd[end, default: []] += periodMetrics }
        }
        restatements = book.restatements
        warnings = book.warnings
        derivationChecks = book.derivationChecks.sorted { ($0.concept, $0.period.label) < ($1.concept, $1.period.label) }
        guidanceComparisons = GuidanceComparison.compare(filings, metrics: metrics)
        claimChecks = ClaimCheck.check(filings, metrics: metrics)
    }

    /// The metrics of every period ending with `period` (the quarter, the year to date, the year,
    /// the balance-sheet date), the quarter first.
    public func metrics(endingWith period: Period) -> [Metric] {
        guard let end = period.endDay, let ending = metricsByEnd[end] else { return [] }
        return ending.filter { $0.periodKind != .other }
            .map { ($0, $0.periodKind == .quarter ? 0 : 1, $0.period.lengthInDays ?? 0) }  // each length read once
            .sorted { ($0.1, $0.2) < ($1.1, $1.2) }.map(\.0)
    }

    /// Value of metric `name` for `period`, if computed.
    public func value(_ name: String, _ period: Period) -> Double? {
        metrics.first { $0.name == name && $0.period == period }?.value
    }
}
