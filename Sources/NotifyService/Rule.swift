import FilingMetrics

/// A subscription rule, parsed (see `RuleParser` for the grammar and docs/notify.md for examples).
public indirect enum Rule: Sendable, Equatable {
    case and(Rule, Rule)
    case or(Rule, Rule)
    case not(Rule)
    /// `revenue_growth_yoy > 0.5`, `ytd.revenue >= 1000000`
    case compare(MetricRef, ComparisonOperator, Double)
    /// `net_income turns positive`: this period's value has the sign, the previous period's did not.
    case turns(MetricRef, Sign)
    /// `guidance.revenue = above`
    case guidance(metric: String, EqualityOperator, GuidancePosition)
    /// `cik = 320193` (leading zeros ignored)
    case cik(EqualityOperator, String)
    /// `company = 'file-0-27460'`: the company key or the company name, case-insensitive
    case company(EqualityOperator, String)
    /// `form = 8-K`, case-insensitive
    case form(EqualityOperator, String)

    /// Every metric the rule reads, in order of appearance (for the webhook's `values`).
    public var metricRefs: [MetricRef] {
        switch self {
        case .and(let a, let b), .or(let a, let b): Self.unique(a.metricRefs + b.metricRefs)
        case .not(let a): a.metricRefs
        case .compare(let ref, _, _), .turns(let ref, _): [ref]
        case .guidance, .cik, .company, .form: []
        }
    }

    private static func unique(_ refs: [MetricRef]) -> [MetricRef] {
        var seen = Set<MetricRef>()
        return refs.filter { seen.insert($0).inserted }
    }
}

/// A metric of the event: of its main period (`kind == nil`) or of another period kind
/// (`quarter`, `ytd`, `year` — also written `annual` —, `instant`), as the metrics service labels them.
public struct MetricRef: Sendable, Hashable, CustomStringConvertible {
    public var kind: PeriodKind?
    public var name: String
    public init(kind: PeriodKind? = nil, name: String) {
        self.kind = kind
        self.name = name
    }
    public var description: String { kind.map { "\($0.rawValue).\(name)" } ?? name }
}

public enum ComparisonOperator: String, Sendable, CaseIterable {
    case greater = ">", greaterOrEqual = ">=", less = "<", lessOrEqual = "<=", equal = "=", notEqual = "!="

    func holds(_ a: Double, _ b: Double) -> Bool {
        switch self {
        case .greater: a > b
        case .greaterOrEqual: a >= b
        case .less: a < b
        case .lessOrEqual: a <= b
        case .equal: a == b
        case .notEqual: a != b
        }
    }
}

public enum EqualityOperator: String, Sendable {
    case equal = "=", notEqual = "!="
}

public enum Sign: String, Sendable {
    case positive, negative
}

public enum GuidancePosition: String, Sendable, CaseIterable {
    case above, within, below
}

/// Metric names a rule may use: what the metrics service emits, and the ones planned.
public enum RuleVocabulary {
    public static let metrics: Set<String> = [
        "revenue", "gross_profit", "gross_margin", "operating_income", "operating_margin", "net_income", "net_margin",
        "eps_basic", "eps_diluted", "effective_tax_rate", "rd_to_revenue", "revenue_growth_yoy", "net_income_growth_yoy",
        "eps_diluted_change_yoy", "revenue_growth_qoq", "current_ratio", "working_capital", "equity_to_assets", "cash",
    ]

    /// The period-kind prefix of a metric (`ytd.revenue`); `annual` is another name for `year`.
    public static func periodKind(_ word: String) -> PeriodKind? {
        let lower = word.lowercased()
        if lower == "annual" { return .year }
        guard let kind = PeriodKind(rawValue: lower), kind != .other else { return nil }
        return kind
    }
}
