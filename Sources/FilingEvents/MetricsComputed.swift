import FilingMetrics
import FilingParser

/// `metrics.computed.v1`: the metrics of one period of one company.
///
/// `kind` is `filing` for the event every processed filing produces (its main period), and
/// `update` when a later-arriving filing changed the metrics of a period an earlier filing
/// reported (e.g. sequential growth that needed the previous quarter).
public struct MetricsComputed: Codable, Sendable, Equatable {
    public enum Kind: String, Codable, Sendable { case filing, update }

    public var kind: Kind
    /// The filing processed (for updates: the filing whose arrival caused the update).
    public var filingID: String
    public var companyKey: String
    public var cik: String?
    public var accession: String?
    public var company: String?
    public var form: String?
    /// The filing's main period (its latest quarter), or the updated period.
    public var period: Period?
    /// Metrics of every period ending with `period`: the quarter, year to date, year, balance sheet.
    public var metrics: [Metric]
    /// Guidance for these periods compared with the actuals.
    public var guidance: [GuidanceComparison]
    /// Values this filing reports differently from an earlier filing.
    public var restatements: [Restatement]
    /// Prose claims about these periods, checked.
    public var claimChecks: [ClaimCheck]
    /// Quarters both reported and derivable from year-to-date differences, compared.
    public var derivationChecks: [DerivationCheck]

    public init(kind: Kind, filingID: String, companyKey: String, cik: String?, accession: String?, company: String?,
                form: String?, period: Period?, metrics: [Metric], guidance: [GuidanceComparison] = [],
                restatements: [Restatement] = [], claimChecks: [ClaimCheck] = [], derivationChecks: [DerivationCheck] = []) {
        self.kind = kind
        self.filingID = filingID
        self.companyKey = companyKey
        self.cik = cik
        self.accession = accession
        self.company = company
        self.form = form
        self.period = period
        self.metrics = metrics
        self.guidance = guidance
        self.restatements = restatements
        self.claimChecks = claimChecks
        self.derivationChecks = derivationChecks
    }

    /// The value of metric `name` for the main period itself.
    public func value(_ name: String) -> Double? {
        metrics.first { $0.name == name && $0.period == period }?.value
    }

    enum CodingKeys: String, CodingKey {
        case kind, filingID = "filing_id", companyKey = "company_key", cik, accession, company, form, period, metrics
        case guidance, restatements, claimChecks = "claim_checks", derivationChecks = "derivation_checks"
    }
}
