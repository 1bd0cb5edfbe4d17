extension FilingIngested {
    /// Reads a `filings.ingested` event's JSON data directly (`JSONReader`); nil for anything the
    /// direct reader does not take (malformed JSON, a key twice, a missing required key, a value of
    /// another type), which the caller then decodes with `JSONCoding.decoder` (Foundation), the
    /// reference it equals on every fixture's event (`EventEncodingTests`) and on crafted JSON
    /// (`FilingIngestedReadingTests`).
    /// Parse decodes one on every record, most of it the filing's text.
    public static func read(json: [UInt8]) -> FilingIngested? {
        try? FilingIngested(json: json)
    }

    /// The direct reader: throws `JSONReader.Unsupported` for anything it does not take (a key
    /// twice, a missing required key, a value of another type).
    init(json: [UInt8]) throws {
        self = try json.withUnsafeBufferPointer { buffer in
            var reader = JSONReader(buffer)
            let event = try Self.fields.read(&reader)
            try reader.end()
            return event
        }
    }

    static let fields = JSONFields<FilingIngested>(
        blank: FilingIngested(filingID: "", companyKey: "", cik: nil, accession: nil, company: nil, form: nil, filedDate: nil,
                              sha256: "", sizeBytes: 0, source: "", filename: nil, contentType: "", document: "", format: nil,
                              items: nil, reportDate: nil, documents: nil, stylesCompacted: nil, replay: nil), [
        .required("filing_id") { $1.filingID = try $0.string() },
        .required("company_key") { $1.companyKey = try $0.string() },
        .optional("cik") { $1.cik = try $0.optionalString() },
        .optional("accession") { $1.accession = try $0.optionalString() },
        .optional("company") { $1.company = try $0.optionalString() },
        .optional("form") { $1.form = try $0.optionalString() },
        .optional("filed_date") { $1.filedDate = try $0.optionalString() },
        .required("sha256") { $1.sha256 = try $0.string() },
        .required("size_bytes") { $1.sizeBytes = try $0.integer() },
        .required("source") { $1.source = try $0.string() },
        .optional("filename") { $1.filename = try $0.optionalString() },
        .required("content_type") { $1.contentType = try $0.string() },
        .required("document") { $1.document = try $0.string() },
        .optional("format") { $1.format = try $0.optionalString() },
        .optional("items") { $1.items = try $0.null() ? nil : try [String](reading: &$0) },
        .optional("report_date") { $1.reportDate = try $0.optionalString() },
        .optional("documents") { $1.documents = try $0.null() ? nil : try [FilingDocument](reading: &$0) },
        .optional("styles_compacted") { $1.stylesCompacted = try $0.optionalBool() },
        .optional("replay") { $1.replay = try $0.null() ? nil : try Replay(reading: &$0) },
    ])
}

extension FilingIngested.Replay: JSONReadable {
    public init(reading reader: inout JSONReader) throws { self = try Self.fields.read(&reader) }

    static let fields = JSONFields<FilingIngested.Replay>(blank: FilingIngested.Replay(request: "", stage: .ingest), [
        .required("request") { $1.request = try $0.string() },
        .required("stage") {
            guard let stage = Stage(rawValue: try $0.string()) else { throw JSONReader.Unsupported() }
            $1.stage = stage
        },
    ])
}

extension FilingDocument: JSONReadable {
    public init(reading reader: inout JSONReader) throws { self = try Self.fields.read(&reader) }

    static let fields = JSONFields<FilingDocument>(
        blank: FilingDocument(type: nil, sequence: nil, filename: nil, description: nil, sizeBytes: 0, omitted: nil,
                              textOffset: nil, textLength: nil), [
        .optional("type") { $1.type = try $0.optionalString() },
        .optional("sequence") { $1.sequence = try $0.optionalString() },
        .optional("filename") { $1.filename = try $0.optionalString() },
        .optional("description") { $1.description = try $0.optionalString() },
        .required("size_bytes") { $1.sizeBytes = try $0.integer() },
        .optional("omitted") { $1.omitted = try $0.optionalString() },
        .optional("text_offset") { $1.textOffset = try $0.optionalInteger() },
        .optional("text_length") { $1.textLength = try $0.optionalInteger() },
    ])
}
