import FilingMetrics
import FilingParser

/// `metrics.computed.v1`: the metrics of one filing's main period.
public struct MetricsComputed: Codable, Sendable, Equatable {
    public var filingID: String
    public var companyKey: String
    public var cik: String?
    public var accession: String?
    public var company: String?
    public var form: String?
    /// The filing's main period: its latest quarter (or latest period when no quarter is reported).
    public var period: Period?
    public var metrics: [Metric]

    public init(filingID: String, companyKey: String, cik: String?, accession: String?, company: String?, form: String?,
                period: Period?, metrics: [Metric]) {
        self.filingID = filingID
        self.companyKey = companyKey
        self.cik = cik
        self.accession = accession
        self.company = company
        self.form = form
        self.period = period
        self.metrics = metrics
    }

    /// The value of metric `name`, if computed.
    public func value(_ name: String) -> Double? { metrics.first { $0.name == name }?.value }

    enum CodingKeys: String, CodingKey {
        case filingID = "filing_id", companyKey = "company_key", cik, accession, company, form, period, metrics
    }
}
