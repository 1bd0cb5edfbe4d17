/// `filings.ingested.v1`: an accepted, de-duplicated filing with its full text.
public struct FilingIngested: Codable, Sendable, Equatable {
    /// The accession number, or `sha256:<hex>` when the filing has none.
    public var filingID: String
    public var companyKey: String
    public var cik: String?
    public var accession: String?
    public var company: String?
    public var form: String?
    public var filedDate: String?
    /// SHA-256 of the bytes as received.
    public var sha256: String
    public var sizeBytes: Int
    /// How it arrived: `topic`, `http`, ...
    public var source: String
    public var filename: String?
    /// `text/plain` or `text/html`.
    public var contentType: String
    /// The filing decoded to UTF-8 (Windows-1252 bytes converted).
    public var document: String

    public init(filingID: String, companyKey: String, cik: String?, accession: String?, company: String?, form: String?,
                filedDate: String?, sha256: String, sizeBytes: Int, source: String, filename: String?,
                contentType: String, document: String) {
        self.filingID = filingID
        self.companyKey = companyKey
        self.cik = cik
        self.accession = accession
        self.company = company
        self.form = form
        self.filedDate = filedDate
        self.sha256 = sha256
        self.sizeBytes = sizeBytes
        self.source = source
        self.filename = filename
        self.contentType = contentType
        self.document = document
    }

    enum CodingKeys: String, CodingKey {
        case filingID = "filing_id", companyKey = "company_key", cik, accession, company, form
        case filedDate = "filed_date", sha256, sizeBytes = "size_bytes", source, filename
        case contentType = "content_type", document
    }
}
