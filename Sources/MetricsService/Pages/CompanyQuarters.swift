import FilingMetrics
import FilingParser

/// A company's quarters in order, each with its metrics, the metrics whose inputs a later filing
/// restated, and the guidance given for it compared with what was reported.
struct CompanyQuarters {
    struct Quarter {
        var period: Period
        var metrics: [String: Metric] = [:]
        /// Names of metrics computed from a value that a later filing restated.
        var restated: Set<String> = []
        /// Guidance for this quarter by metric name, in filing order.
        var guidance: [String: [GuidanceComparison]] = [:]

        func value(_ name: String) -> Double? { metrics[name]?.value }
        func isDerived(_ name: String) -> Bool { metrics[name]?.derived ?? false }
    }

    var quarters: [Quarter]

    init(_ analysis: CompanyAnalysis) {
        var byPeriod: [Period: Quarter] = [:]
        for metric in analysis.metrics where metric.periodKind == .quarter {
            byPeriod[metric.period, default: Quarter(period: metric.period)].metrics[metric.name] = metric
        }
        // A metric is restated when one of its inputs ("Revenues 2003-04-01..2003-06-30 = ...") was.
        let restatedInputs = Dictionary(grouping: analysis.restatements) { $0.period.end ?? $0.period.instant ?? "" }
        for (period, quarter) in byPeriod {
            guard let restatements = restatedInputs[period.end ?? ""] else { continue }
            for (name, metric) in quarter.metrics
            where restatements.contains(where: { r in metric.computedFrom.contains { $0.hasPrefix("\(r.concept) \(r.period.label) =") } }) {
                byPeriod[period]?.restated.insert(name)
            }
        }
        for comparison in analysis.guidanceComparisons where byPeriod[comparison.period] != nil {
            byPeriod[comparison.period]?.guidance[comparison.metric, default: []].append(comparison)
        }
        quarters = byPeriod.values.sorted { ($0.period.end ?? "", $0.period.start ?? "") < ($1.period.end ?? "", $1.period.start ?? "") }
    }

    /// The scale the company's amounts were printed in (all quarters' revenue and net income).
    var scale: Scale {
        Scale.of(quarters.flatMap { [$0.value("revenue"), $0.value("net_income"), $0.value("gross_profit"), $0.value("operating_income")] }
            .compactMap { $0 })
    }
}
