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
    /// gaap, or non-gaap when the sentence says it excludes items.
    public var basis: String
    /// USD, USD/share or pure (growth rates).
    public var unit: String
    /// Step of the printed value (0.01 for "14%", 100,000 for "$13.1 million"): a check allows half of it.
    public var rounding: Double?

    public init(metric: String, value: Double, period: Period?, text: String, basis: String = "gaap", unit: String? = nil, rounding: Double? = nil) {
        self.metric = metric
        self.value = value
        self.period = period
        self.text = text
        self.basis = basis
        self.unit = unit ?? (metric.has("_growth") ? "pure" : metric.hasPrefix("eps") ? "USD/share" : "USD")
        self.rounding = rounding
    }
}

extension Claim {
    enum CodingKeys: String, CodingKey { case metric, value, period, text, basis, unit, rounding }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        metric = try c.decode(String.self, forKey: .metric)
        value = try c.decode(Double.self, forKey: .value)
        period = try c.decodeIfPresent(Period.self, forKey: .period)
        text = try c.decode(String.self, forKey: .text)
        basis = try c.decodeIfPresent(String.self, forKey: .basis) ?? "gaap"
        unit = try c.decodeIfPresent(String.self, forKey: .unit) ?? (metric.has("_growth") ? "pure" : "USD")
        rounding = try c.decodeIfPresent(Double.self, forKey: .rounding)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(metric, forKey: .metric)
        try c.encode(value, forKey: .value)
        try c.encodeIfPresent(period, forKey: .period)
        try c.encode(text, forKey: .text)
        try c.encode(basis, forKey: .basis)
        try c.encode(unit, forKey: .unit)
        try c.encodeIfPresent(rounding, forKey: .rounding)
    }
}
