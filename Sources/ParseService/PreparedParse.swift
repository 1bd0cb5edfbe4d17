import FilingParser
import FilingsCore

/// One parsed filing waiting to be written: what `ParseHandler.commit` stores for it.
public struct PreparedParse: Sendable {
    /// The `filings.ingested` event it answers, claimed in the same transaction.
    public let inputEventID: String
    public let filingID: String
    public let companyKey: String
    public let header: FilingHeader
    public let statementCount: Int
    public let factCount: Int
    public let isReplay: Bool
    /// The `filings.parsed` event, kept as the result and queued in the outbox.
    public let event: CloudEvent
}
