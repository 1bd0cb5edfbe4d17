import FilingParser

/// `filings.parsed.v1`: what the parser extracted from one filing.
public struct FilingParsed: Codable, Sendable, Equatable {
    public var filingID: String
    public var companyKey: String
    public var header: FilingHeader
    public var statements: [Statement]
    public var facts: [Fact]
    public var guidance: [Guidance]
    public var claims: [Claim]
    /// `ParserVersion.current` of the parse (or `PARSER_VERSION_OVERRIDE`); nil in events written
    /// before versions existed, which count as older than any.
    public var parserVersion: String?

    public init(filingID: String, companyKey: String, header: FilingHeader, statements: [Statement], facts: [Fact],
                guidance: [Guidance] = [], claims: [Claim] = [], parserVersion: String? = ParserVersion.current) {
        self.filingID = filingID
        self.companyKey = companyKey
        self.header = header
        self.statements = statements
        self.facts = facts
        self.guidance = guidance
        self.claims = claims
        self.parserVersion = parserVersion
    }

    enum CodingKeys: String, CodingKey {
        case filingID = "filing_id", companyKey = "company_key", header, statements, facts, guidance, claims
        case parserVersion = "parser_version"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        filingID = try c.decode(String.self, forKey: .filingID)
        companyKey = try c.decode(String.self, forKey: .companyKey)
        header = try c.decode(FilingHeader.self, forKey: .header)
        statements = try c.decodeIfPresent([Statement].self, forKey: .statements) ?? []
        facts = try c.decodeIfPresent([Fact].self, forKey: .facts) ?? []
        guidance = try c.decodeIfPresent([Guidance].self, forKey: .guidance) ?? []
        claims = try c.decodeIfPresent([Claim].self, forKey: .claims) ?? []
        parserVersion = try c.decodeIfPresent(String.self, forKey: .parserVersion)
    }
}
