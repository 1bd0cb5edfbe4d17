/// `filings.ingested.v1`: an accepted, de-duplicated filing with its text.
///
/// The fields after `document` were added compatibly (all optional): a consumer that only reads
/// `document` keeps working.
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
    /// How it arrived: `topic`, `http`, `folder`, `edgar`.
    public var source: String
    public var filename: String?
    /// `text/plain` or `text/html`.
    public var contentType: String
    /// The filing decoded to UTF-8 (Windows-1252 bytes converted). For a complete submission: the
    /// submission without its binary and XBRL/data documents (they are listed in `documents`
    /// with `omitted` set); every kept document is there byte for byte, unless
    /// `styles_compacted` says that inline CSS was reduced to fit the event size limit.
    public var document: String
    /// `submission` (EDGAR complete submission), `text` or `html` (a bare document).
    public var format: String?
    /// Item numbers the filing reports (e.g. `2.02`, `9.01`; legacy `12`), as found in the filing.
    public var items: [String]?
    /// Date of report, ISO yyyy-MM-dd.
    public var reportDate: String?
    /// Every document of a complete submission, kept or omitted, in order.
    public var documents: [FilingDocument]?
    /// True when presentational inline CSS of HTML documents was removed to stay under the event
    /// size limit (text, tables, alignment, indentation, borders and bold are kept).
    public var stylesCompacted: Bool?
    /// Set on an event `filings replay` re-emitted from the kept raw filing (absent otherwise).
    public var replay: Replay?

    public init(filingID: String, companyKey: String, cik: String?, accession: String?, company: String?, form: String?,
                filedDate: String?, sha256: String, sizeBytes: Int, source: String, filename: String?,
                contentType: String, document: String, format: String? = nil, items: [String]? = nil,
                reportDate: String? = nil, documents: [FilingDocument]? = nil, stylesCompacted: Bool? = nil,
                replay: Replay? = nil) {
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
        self.format = format
        self.items = items
        self.reportDate = reportDate
        self.documents = documents
        self.stylesCompacted = stylesCompacted
        self.replay = replay
    }

    enum CodingKeys: String, CodingKey {
        case filingID = "filing_id", companyKey = "company_key", cik, accession, company, form
        case filedDate = "filed_date", sha256, sizeBytes = "size_bytes", source, filename
        case contentType = "content_type", document
        case format, items, reportDate = "report_date", documents, stylesCompacted = "styles_compacted", replay
    }

    /// What a replayed event asks of parse.
    public struct Replay: Codable, Sendable, Equatable {
        /// `ingest`: parse the filing again with the current parser; `parse`: re-emit the stored
        /// parse result as it is (parsing only when there is none).
        public enum Stage: String, Codable, Sendable, CaseIterable { case ingest, parse }

        /// The replay request (one id per `POST /replay`), part of the event id so each replay is new to parse.
        public var request: String
        public var stage: Stage

        public init(request: String, stage: Stage) {
            self.request = request
            self.stage = stage
        }
    }
}

/// One `<DOCUMENT>` of a complete submission.
///
/// A kept document's text is `document`'s UTF-8 bytes `text_offset ..< text_offset + text_length`
/// (not repeated here, so the event does not carry every document twice); an omitted one has
/// `omitted` set and no offset.
public struct FilingDocument: Codable, Sendable, Equatable {
    /// `<TYPE>`, e.g. `8-K`, `EX-99.1`, `GRAPHIC`, `EX-101.INS`.
    public var type: String?
    public var sequence: String?
    public var filename: String?
    public var description: String?
    /// Size of the document's text as received, in bytes.
    public var sizeBytes: Int
    /// Why it is not in `document`: `graphic`, `pdf`, `zip`, `spreadsheet`, `uuencoded`, `binary`,
    /// `xbrl`, `data`; nil when kept.
    public var omitted: String?
    public var textOffset: Int?
    public var textLength: Int?

    public init(type: String?, sequence: String?, filename: String?, description: String?, sizeBytes: Int,
                omitted: String?, textOffset: Int?, textLength: Int?) {
        self.type = type
        self.sequence = sequence
        self.filename = filename
        self.description = description
        self.sizeBytes = sizeBytes
        self.omitted = omitted
        self.textOffset = textOffset
        self.textLength = textLength
    }

    enum CodingKeys: String, CodingKey {
        case type, sequence, filename, description, sizeBytes = "size_bytes", omitted
        case textOffset = "text_offset", textLength = "text_length"
    }
}
