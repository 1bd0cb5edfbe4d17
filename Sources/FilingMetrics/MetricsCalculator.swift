import FilingParser

/// Metric formulas over a company's facts. Pure: no storage, no clock.
public enum MetricsCalculator {
    /// US-GAAP concepts behind the base metrics, in order of preference.
    static let revenueConcepts = ["Revenues", "SalesRevenueNet", "RevenueFromContractWithCustomerExcludingAssessedTax"]
    static let netIncomeConcepts = ["NetIncomeLoss"]
    static let dilutedEPSConcepts = ["EarningsPerShareDiluted"]

    /// A filing's main period: the quarter-length duration ending last; else the latest-ending duration.
    public static func mainPeriod(of facts: [Fact]) -> Period? {
        let durations = facts.filter { $0.basis == "gaap" && $0.period.start != nil && $0.period.end != nil }.map(\.period)
        let quarters = durations.filter { $0.isQuarter }
        let candidates = quarters.isEmpty ? durations : quarters
        return candidates.max { a, b in
            let endA = a.endDay ?? 0, endB = b.endDay ?? 0
            // Latest end first; among equal ends the shorter period (the quarter, not the year).
            return endA != endB ? endA < endB : (a.lengthInDays ?? 0) > (b.lengthInDays ?? 0)
        }
    }

    /// The metrics of `period` from `history` (GAAP facts of every filing of one company, oldest
    /// filing first: for the same concept and period, the latest filing's value wins).
    public static func metrics(for period: Period, history: [HistoricalFact]) -> [Metric] {
        var out: [Metric] = []
        let revenue = value(of: revenueConcepts, period, history)
        if let revenue { out.append(metric("revenue", revenue, "USD", period)) }
        if let netIncome = value(of: netIncomeConcepts, period, history) {
            out.append(metric("net_income", netIncome, "USD", period))
        }
        if let eps = value(of: dilutedEPSConcepts, period, history) {
            out.append(metric("eps_diluted", eps, "USD/share", period))
        }
        if let revenue, let prior = priorYear(of: period, in: history),
           let before = value(of: revenueConcepts, prior, history), before.value != 0 {
            out.append(Metric(name: "revenue_growth_yoy", value: revenue.value / before.value - 1, unit: "pure",
                              period: period, computedFrom: revenue.computedFrom + before.computedFrom))
        }
        return out
    }

    /// The period of the same length ending about one year before `period` (±7 days).
    static func priorYear(of period: Period, in history: [HistoricalFact]) -> Period? {
        guard let end = period.endDay, let length = period.lengthInDays else { return nil }
        return history.map(\.period).first { other in
            guard let otherEnd = other.endDay, let otherLength = other.lengthInDays else { return false }
            return abs(end - otherEnd - 365) <= 7 && abs(length - otherLength) <= 12
        }
    }

    private struct Sourced {
        var value: Double
        var computedFrom: [String]
    }

    private static func value(of concepts: [String], _ period: Period, _ history: [HistoricalFact]) -> Sourced? {
        for concept in concepts {
            if let fact = history.last(where: { $0.concept == concept && $0.period == period }) {
                let span = period.instant ?? "\(period.start ?? "?")..\(period.end ?? "?")"
                return Sourced(value: fact.value, computedFrom: ["\(concept) \(span) from \(fact.filingID)"])
            }
        }
        return nil
    }

    private static func metric(_ name: String, _ sourced: Sourced, _ unit: String, _ period: Period) -> Metric {
        Metric(name: name, value: sourced.value, unit: unit, period: period, computedFrom: sourced.computedFrom)
    }
}
