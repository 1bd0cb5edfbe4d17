import FilingParser

/// A prose claim checked against the computed metrics, within the claim's own rounding.
public struct ClaimCheck: Codable, Sendable, Equatable {
    public enum Status: String, Codable, Sendable {
        case holds, fails
        /// The periods the claim needs are not known (yet).
        case unverifiable
        /// A claim on another basis (excluding items, pro forma): not checked against GAAP metrics.
        case nonGAAP = "non_gaap"
    }

    public var metric: String
    public var claimed: Double
    public var actual: Double?
    public var period: Period?
    public var status: Status
    public var filingID: String
    public var text: String

    enum CodingKeys: String, CodingKey { case metric, claimed, actual, period, status, filingID = "filing_id", text }

    static func check(_ filings: [FilingRecord], metrics: [Metric]) -> [ClaimCheck] {
        check(filings) { name, period in metrics.first { $0.name == name && $0.period.matches(period) } }
    }

    /// `first` gives the first metric of a name whose period matches a period (`Period.matches`).
    static func check(_ filings: [FilingRecord], first: (String, Period) -> Metric?) -> [ClaimCheck] {
        filings.flatMap { filing in
            filing.claims.map { claim in
                let actual = claim.period.flatMap { period in first(claim.metric, period)?.value }
                let status: Status = claim.basis != "gaap" ? .nonGAAP
                    : actual.map { abs($0 - claim.value) <= tolerance(of: claim) ? .holds : .fails } ?? .unverifiable
                return ClaimCheck(metric: claim.metric, claimed: claim.value, actual: actual, period: claim.period,
                                  status: status, filingID: filing.filingID, text: claim.text)
            }
        }
    }

    /// Half a unit of the claim's last stated digit: "14%" → 0.5 percentage points,
    /// "$13.1 million" → 50,000. The parser's `rounding` when it gives one, else inferred.
    static func tolerance(of claim: Claim) -> Double {
        if let rounding = claim.rounding, rounding > 0 { return rounding / 2 }
        let isRatio = claim.metric.contains("growth") || claim.metric.contains("margin") || claim.metric.contains("rate")
            || claim.metric.contains("change")
        return halfUnitOfLastDigit(claim.value, isRatio: isRatio)
    }
}

/// Half a unit of the last significant digit of a printed value: a fraction printed as a
/// percentage (0.14 → "14%" → 0.005), or an amount ($13,100,000 → 50,000; 0.09 → 0.005).
func halfUnitOfLastDigit(_ value: Double, isRatio: Bool) -> Double {
    if isRatio {
        let percent = value * 100
        for decimals in 0...3 {
            let scale = pow10(decimals)
            if abs((percent * scale).rounded() - percent * scale) < 1e-6 { return 0.5 / scale / 100 }
        }
        return 0.0005 / 100
    }
    let magnitude = abs(value)
    guard magnitude >= 1 else {
        for decimals in 1...4 where abs((magnitude * pow10(decimals)).rounded() - magnitude * pow10(decimals)) < 1e-6 {
            return 0.5 / pow10(decimals)
        }
        return 0.00005
    }
    var unit = 1.0
    while unit * 10 <= magnitude, (magnitude / (unit * 10)).rounded() == magnitude / (unit * 10) { unit *= 10 }
    return unit / 2
}

private func pow10(_ n: Int) -> Double { (0..<n).reduce(1.0) { acc, _ in acc * 10 } }
