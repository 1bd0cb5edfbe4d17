import FilingEvents
import FilingParser
import FilingsCore

/// A filing validated and its `filings.ingested` event built, waiting for `IngestProcessor.commit`.
public struct PreparedIngest: Sendable {
    let filingID: String
    let companyKey: String
    let header: FilingHeader
    let sha256: String
    /// The bytes as received (kept in `raw_filings`).
    let bytes: [UInt8]
    let contentType: String
    let format: FilingFormat
    let origin: FilingOrigin
    let documents: [FilingDocument]
    let event: CloudEvent
}
