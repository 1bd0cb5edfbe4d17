import FilingParser

/// Guidance given in one filing, compared with the actual value reported later (or earlier).
public struct GuidanceComparison: Codable, Sendable, Equatable {
    public enum Position: String, Codable, Sendable { case below, within, above }

    /// The metric name as computed (`revenue`, `gross_margin`, `eps_diluted`, `effective_tax_rate`, ...).
    public var metric: String
    public var period: Period
    public var low: Double
    public var high: Double
    public var unit: String
    public var actual: Double
    public var position: Position
    /// (actual − midpoint) / |midpoint|, a fraction; nil when the midpoint is zero.
    public var surpriseVsMidpoint: Double?
    public var guidanceFilingID: String
    public var text: String

    enum CodingKeys: String, CodingKey {
        case metric, period, low, high, unit, actual, position, surpriseVsMidpoint = "surprise_vs_midpoint"
        case guidanceFilingID = "guidance_filing_id", text
    }

    /// Guidance metric names that differ from the computed metric's name.
    static let metricNames = ["tax_rate": "effective_tax_rate"]

    /// Compares every guidance entry that has a period and bounds with the metric of that period.
    public static func compare(_ filings: [FilingRecord], metrics: [Metric]) -> [GuidanceComparison] {
        compare(filings) { name, period in metrics.first { $0.name == name && $0.period.matches(period) } }
    }

    /// `first` gives the first metric of a name whose period matches a period (`Period.matches`).
    static func compare(_ filings: [FilingRecord], first: (String, Period) -> Metric?) -> [GuidanceComparison] {
        var out: [GuidanceComparison] = []
        for filing in filings {
            for guidance in filing.guidance where guidance.basis == "gaap" {
                guard let period = guidance.period, let low = guidance.low ?? guidance.high,
                      let high = guidance.high ?? guidance.low else { continue }
                let name = metricNames[guidance.metric] ?? guidance.metric
                guard let actual = first(name, period) else { continue }
                // A range is compared as printed; a point estimate ("a tax rate of 31%") within
                // half a unit of its last digit, since the actual is never exactly equal.
                let tolerance = low == high ? halfUnitOfLastDigit(low, isRatio: guidance.unit == "pure")
                    : (guidance.unit == "USD/share" ? 0.0005 : (guidance.unit == "pure" ? 1e-9 : 0.5))
                let position: Position = actual.value < low - tolerance ? .below : (actual.value > high + tolerance ? .above : .within)
                let midpoint = (low + high) / 2
                out.append(GuidanceComparison(
                    metric: name, period: actual.period, low: low, high: high, unit: guidance.unit, actual: actual.value,
                    position: position, surpriseVsMidpoint: midpoint == 0 ? nil : (actual.value - midpoint) / abs(midpoint),
                    guidanceFilingID: filing.filingID, text: guidance.text))
            }
        }
        return out
    }
}
