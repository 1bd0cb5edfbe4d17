import FilingParser

/// `filings.parsed.v1`: what the parser extracted from one filing.
public struct FilingParsed: Codable, Sendable, Equatable {
    public var filingID: String
    public var companyKey: String
    public var header: FilingHeader
    public var statements: [Statement]
    public var facts: [Fact]

    public init(filingID: String, companyKey: String, header: FilingHeader, statements: [Statement], facts: [Fact]) {
        self.filingID = filingID
        self.companyKey = companyKey
        self.header = header
        self.statements = statements
        self.facts = facts
    }

    enum CodingKeys: String, CodingKey {
        case filingID = "filing_id", companyKey = "company_key", header, statements, facts
    }
}
