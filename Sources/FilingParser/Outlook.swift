/// A quantitative outlook statement: what the company expects for a later period.
///
/// `low == high` for point guidance ("the tax rate is assumed to be 31%"). Percentages are
/// fractions (`0.475` for 47.5 %) with unit `pure`.
public struct Guidance: Codable, Sendable, Equatable {
    /// revenue, gross_margin, operating_margin, net_income, eps_diluted, eps_basic, tax_rate, ...
    public var metric: String
    /// The target fiscal year and quarter (nil quarter: the whole year).
    public var fiscalYear: Int?
    public var fiscalQuarter: Int?
    /// The period the guidance is for, when it can be determined (e.g. 2003-07-01..2003-09-30).
    public var period: Period?
    /// The period as written ("the third quarter 2003").
    public var periodLabel: String?
    public var low: Double?
    public var high: Double?
    /// USD, USD/share, pure.
    public var unit: String
    /// gaap, or non-gaap when the outlook says it excludes items.
    public var basis: String
    /// The sentence it was read from.
    public var text: String

    public init(metric: String, fiscalYear: Int? = nil, fiscalQuarter: Int? = nil, period: Period?, periodLabel: String?,
                low: Double?, high: Double?, unit: String, basis: String = "gaap", text: String) {
        self.metric = metric
        self.fiscalYear = fiscalYear
        self.fiscalQuarter = fiscalQuarter
        self.period = period
        self.periodLabel = periodLabel
        self.low = low
        self.high = high
        self.unit = unit
        self.basis = basis
        self.text = text
    }

    enum CodingKeys: String, CodingKey {
        case metric, fiscalYear = "fiscal_year", fiscalQuarter = "fiscal_quarter", period, periodLabel = "period_label"
        case low, high, unit, basis, text
    }
}

/// A claim in the prose that can be checked against the numbers
/// ("14% Revenue Growth over First Quarter").
public struct Claim: Codable, Sendable, Equatable {
    /// revenue_growth_qoq, revenue_growth_yoy, net_income_growth_yoy, ...
    public var metric: String
    /// As a fraction: 0.14 for 14 %.
    public var value: Double
    /// The period the claim is about (usually the filing's latest quarter).
    public var period: Period?
    /// The sentence it was read from.
    public var text: String

    public init(metric: String, value: Double, period: Period?, text: String) {
        self.metric = metric
        self.value = value
        self.period = period
        self.text = text
    }
}
