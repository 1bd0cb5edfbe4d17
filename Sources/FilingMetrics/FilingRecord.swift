import FilingParser

/// One parsed filing of a company, as the metrics history keeps it.
public struct FilingRecord: Sendable, Equatable {
    public var filingID: String
    /// Orders filings for "latest wins" (restatements): the filing date, else the report date.
    /// Arrival order never matters, so a backfill gives the same state as live processing.
    public var date: String
    public var facts: [Fact]
    public var guidance: [Guidance]
    public var claims: [Claim]

    public init(filingID: String, date: String, facts: [Fact], guidance: [Guidance] = [], claims: [Claim] = []) {
        self.filingID = filingID
        self.date = date
        self.facts = facts
        self.guidance = guidance
        self.claims = claims
    }

    /// The filing's main period: its latest quarter, else its latest-ending duration.
    public var mainPeriod: Period? { MetricsCalculator.mainPeriod(of: facts) }
}

/// The same concept and period reported again by a later filing with a different value.
public struct Restatement: Codable, Sendable, Equatable {
    public var concept: String
    public var period: Period
    public var previousValue: Double
    public var previousFilingID: String
    public var value: Double
    public var filingID: String

    enum CodingKeys: String, CodingKey {
        case concept, period, previousValue = "previous_value", previousFilingID = "previous_filing_id", value
        case filingID = "filing_id"
    }
}

/// A quarter that is both reported and derivable from year-to-date differences.
public struct DerivationCheck: Codable, Sendable, Equatable {
    public var concept: String
    public var period: Period
    public var reported: Double
    public var derived: Double
    public var formula: String
    public var agrees: Bool
}
