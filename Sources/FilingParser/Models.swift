// Public value types produced by `FilingParser`. All JSON keys are snake_case.

/// Identification data of one filing: from the EDGAR SGML header when present,
/// completed (or replaced, for bare documents) by the Form 8-K cover page.
public struct FilingHeader: Codable, Sendable, Equatable {
    /// Submission type, e.g. "8-K" or "8-K/A".
    public var form: String?
    /// Company conformed name from the SEC header, or the registrant name printed on the cover.
    public var company: String?
    /// Central Index Key, digits without leading zeros (e.g. "92122"); nil for bare documents.
    public var cik: String?
    /// Accession number, e.g. "0001144204-07-021234".
    public var accession: String?
    /// FILED AS OF DATE, ISO yyyy-MM-dd.
    public var filedDate: String?
    /// Date of report (date of earliest event reported), ISO yyyy-MM-dd.
    public var reportDate: String?
    /// CONFORMED PERIOD OF REPORT, ISO yyyy-MM-dd.
    public var periodOfReport: String?
    /// Commission (SEC) file number, e.g. "0-27460".
    public var commissionFileNumber: String?
    /// IRS employer identification number, formatted "16-1158413".
    public var irsEIN: String?
    /// State of incorporation as written by the source ("DE" in SEC headers, "Delaware" on covers).
    public var stateOfIncorporation: String?
    /// Item numbers reported, e.g. ["2.02", "9.01"] or legacy ["7", "12"].
    public var items: [String]
    /// Exhibits attached or listed (type such as "EX-99.1", plus description).
    public var exhibits: [Exhibit]

    public init(
        form: String? = nil, company: String? = nil, cik: String? = nil, accession: String? = nil,
        filedDate: String? = nil, reportDate: String? = nil, periodOfReport: String? = nil,
        commissionFileNumber: String? = nil, irsEIN: String? = nil, stateOfIncorporation: String? = nil,
        items: [String] = [], exhibits: [Exhibit] = []
    ) {
        self.form = form
        self.company = company
        self.cik = cik
        self.accession = accession
        self.filedDate = filedDate
        self.reportDate = reportDate
        self.periodOfReport = periodOfReport
        self.commissionFileNumber = commissionFileNumber
        self.irsEIN = irsEIN
        self.stateOfIncorporation = stateOfIncorporation
        self.items = items
        self.exhibits = exhibits
    }

    enum CodingKeys: String, CodingKey {
        case form, company, cik, accession
        case filedDate = "filed_date"
        case reportDate = "report_date"
        case periodOfReport = "period_of_report"
        case commissionFileNumber = "commission_file_number"
        case irsEIN = "irs_ein"
        case stateOfIncorporation = "state_of_incorporation"
        case items, exhibits
    }

    /// Decodes leniently: every key may be missing (`items` and `exhibits` default to []).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        form = try c.decodeIfPresent(String.self, forKey: .form)
        company = try c.decodeIfPresent(String.self, forKey: .company)
        cik = try c.decodeIfPresent(String.self, forKey: .cik)
        accession = try c.decodeIfPresent(String.self, forKey: .accession)
        filedDate = try c.decodeIfPresent(String.self, forKey: .filedDate)
        reportDate = try c.decodeIfPresent(String.self, forKey: .reportDate)
        periodOfReport = try c.decodeIfPresent(String.self, forKey: .periodOfReport)
        commissionFileNumber = try c.decodeIfPresent(String.self, forKey: .commissionFileNumber)
        irsEIN = try c.decodeIfPresent(String.self, forKey: .irsEIN)
        stateOfIncorporation = try c.decodeIfPresent(String.self, forKey: .stateOfIncorporation)
        items = try c.decodeIfPresent([String].self, forKey: .items) ?? []
        exhibits = try c.decodeIfPresent([Exhibit].self, forKey: .exhibits) ?? []
    }
}

/// One exhibit of a filing: its type (e.g. "EX-99.1") and description when known.
public struct Exhibit: Codable, Sendable, Equatable {
    public var type: String
    public var description: String?

    public init(type: String, description: String? = nil) {
        self.type = type
        self.description = description
    }

    enum CodingKeys: String, CodingKey { case type, description }
}

/// A reporting period as ISO dates: a duration has `start` and `end`, a balance-sheet date has `instant`.
public struct Period: Codable, Sendable, Hashable {
    public var start: String?
    public var end: String?
    public var instant: String?

    public init(start: String? = nil, end: String? = nil, instant: String? = nil) {
        self.start = start
        self.end = end
        self.instant = instant
    }

    /// A duration from `start` through `end` (both inclusive).
    static func duration(_ start: String?, _ end: String) -> Period { Period(start: start, end: end) }
    /// A point in time (balance sheet date).
    static func instant(_ date: String) -> Period { Period(instant: date) }

    enum CodingKeys: String, CodingKey { case start, end, instant }
}

/// One normalized value: a US-GAAP concept for one period, scaled to units.
public struct Fact: Codable, Sendable, Equatable {
    /// US-GAAP element name, e.g. "Revenues", "NetIncomeLoss", "EarningsPerShareDiluted".
    public var concept: String
    /// Row label as printed (multi-line labels joined with one space).
    public var label: String
    /// "income", "balance", "cashflow" or "other".
    public var statement: String
    /// Value in units: scale applied, per-share values never scaled, parentheses negative.
    public var value: Double
    /// "USD", "USD/share", "shares" or "pure".
    public var unit: String
    public var period: Period
    /// "gaap", "non-gaap" (pro forma / adjusted / excluding items) or "previously-reported".
    public var basis: String

    public init(concept: String, label: String, statement: String, value: Double, unit: String, period: Period, basis: String) {
        self.concept = concept
        self.label = label
        self.statement = statement
        self.value = value
        self.unit = unit
        self.period = period
        self.basis = basis
    }

    enum CodingKeys: String, CodingKey { case concept, label, statement, value, unit, period, basis }
}

/// One value column of a statement: its heading as printed and the period it covers (nil for
/// change / percentage columns or headings that could not be dated).
public struct StatementColumn: Codable, Sendable, Equatable {
    public var heading: String
    public var period: Period?

    public init(heading: String, period: Period?) {
        self.heading = heading
        self.period = period
    }

    enum CodingKeys: String, CodingKey { case heading, period }
}

/// One row of a statement. `values` are as printed (not scaled; percentages as fractions),
/// one per column, nil for blank or "N/A" cells.
public struct StatementRow: Codable, Sendable, Equatable {
    public var label: String
    public var concept: String?
    public var values: [Double?]
    public var level: Int
    public var isTotal: Bool

    public init(label: String, concept: String?, values: [Double?], level: Int, isTotal: Bool) {
        self.label = label
        self.concept = concept
        self.values = values
        self.level = level
        self.isTotal = isTotal
    }

    enum CodingKeys: String, CodingKey {
        case label, concept, values, level
        case isTotal = "is_total"
    }
}

/// A financial table found in the filing.
public struct Statement: Codable, Sendable, Equatable {
    /// "income", "balance", "cashflow" or "other".
    public var kind: String
    public var title: String
    /// Multiplier for the printed values (1, 1000, 1_000_000, ...).
    public var scale: Double
    /// "gaap", "non-gaap" or "reconciliation".
    public var basis: String
    public var columns: [StatementColumn]
    public var rows: [StatementRow]

    public init(kind: String, title: String, scale: Double, basis: String, columns: [StatementColumn], rows: [StatementRow]) {
        self.kind = kind
        self.title = title
        self.scale = scale
        self.basis = basis
        self.columns = columns
        self.rows = rows
    }

    enum CodingKeys: String, CodingKey { case kind, title, scale, basis, columns, rows }
}

/// Everything `FilingParser.parse` extracts from one filing.
public struct ParsedFiling: Codable, Sendable, Equatable {
    public var header: FilingHeader
    public var statements: [Statement]
    public var facts: [Fact]
    /// Outlook statements for later periods.
    public var guidance: [Guidance]
    /// Checkable claims in the prose.
    public var claims: [Claim]
    /// Arithmetic and consistency checks of the tables, and of each claim against them.
    public var checks: [Check]
    /// What was skipped or ambiguous.
    public var warnings: [String]

    public init(header: FilingHeader, statements: [Statement], facts: [Fact], guidance: [Guidance] = [], claims: [Claim] = [],
                checks: [Check] = [], warnings: [String] = []) {
        self.header = header
        self.statements = statements
        self.facts = facts
        self.guidance = guidance
        self.claims = claims
        self.checks = checks
        self.warnings = warnings
    }

    enum CodingKeys: String, CodingKey { case header, statements, facts, guidance, claims, checks, warnings }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        header = try c.decode(FilingHeader.self, forKey: .header)
        statements = try c.decodeIfPresent([Statement].self, forKey: .statements) ?? []
        facts = try c.decodeIfPresent([Fact].self, forKey: .facts) ?? []
        guidance = try c.decodeIfPresent([Guidance].self, forKey: .guidance) ?? []
        claims = try c.decodeIfPresent([Claim].self, forKey: .claims) ?? []
        checks = try c.decodeIfPresent([Check].self, forKey: .checks) ?? []
        warnings = try c.decodeIfPresent([String].self, forKey: .warnings) ?? []
    }

    /// The fact for `concept` whose period ends (or, for balance sheet values, is dated) on `end`
    /// with the given basis. When several durations end that day (quarter, year to date), the
    /// shortest one is returned.
    public func fact(_ concept: String, period end: String, basis: String = "gaap") -> Fact? {
        var best: Fact?
        var bestDays = Int.max
        for f in facts where f.concept == concept && f.basis == basis {
            if f.period.instant == end { return f }
            guard f.period.end == end else { continue }
            let days = f.period.start.flatMap { SimpleDate(iso: $0) }.flatMap { s in
                SimpleDate(iso: end).map { $0.dayNumber - s.dayNumber }
            } ?? Int.max - 1
            if days < bestDays {
                bestDays = days
                best = f
            }
        }
        return best
    }
}

/// The result of one arithmetic or consistency check. A failed check is reported, never "fixed".
public struct Check: Codable, Sendable, Equatable {
    /// e.g. "gross_profit", "operating_income", "balance_sheet", "claim:revenue_growth_qoq".
    public var name: String
    /// true: holds within rounding; false: does not; nil: cannot be verified from this filing.
    public var passed: Bool?
    /// "passed", "failed" or "unverifiable".
    public var status: String
    /// The value the check expects (e.g. revenue - cost of revenue, or the claimed value).
    public var expected: Double?
    /// The value printed / computed from the tables.
    public var actual: Double?
    /// The period checked, when there is one.
    public var period: Period?
    public var detail: String

    public init(name: String, passed: Bool?, expected: Double?, actual: Double?, period: Period? = nil, detail: String) {
        self.name = name
        self.passed = passed
        self.status = passed.map { $0 ? "passed" : "failed" } ?? "unverifiable"
        self.expected = expected
        self.actual = actual
        self.period = period
        self.detail = detail
    }

    enum CodingKeys: String, CodingKey { case name, passed, status, expected, actual, period, detail }
}
