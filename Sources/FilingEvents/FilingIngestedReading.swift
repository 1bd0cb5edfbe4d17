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
        var filingID: String?, companyKey: String?, cik: String?, accession: String?, company: String?, form: String?
        var filedDate: String?, sha256: String?, sizeBytes: Int?, source: String?, filename: String?, contentType: String?
        var document: String?, format: String?, items: [String]?, reportDate: String?, documents: [FilingDocument]?
        var stylesCompacted: Bool?, replay: Replay?
        var seen = Set<String>()
        try json.withUnsafeBufferPointer { buffer in
            var reader = JSONReader(buffer)
            try reader.object { reader, key in
                guard seen.insert(key).inserted else { throw JSONReader.Unsupported() }
                switch key {
                case "filing_id": filingID = try reader.string()
                case "company_key": companyKey = try reader.string()
                case "cik": cik = try reader.optionalString()
                case "accession": accession = try reader.optionalString()
                case "company": company = try reader.optionalString()
                case "form": form = try reader.optionalString()
                case "filed_date": filedDate = try reader.optionalString()
                case "sha256": sha256 = try reader.string()
                case "size_bytes": sizeBytes = try reader.integer()
                case "source": source = try reader.string()
                case "filename": filename = try reader.optionalString()
                case "content_type": contentType = try reader.string()
                case "document": document = try reader.string()
                case "format": format = try reader.optionalString()
                case "items":
                    if try !reader.null() {
                        var list: [String] = []
                        try reader.array { reader in list.append(try reader.string()) }
                        items = list
                    }
                case "report_date": reportDate = try reader.optionalString()
                case "documents":
                    if try !reader.null() {
                        var list: [FilingDocument] = []
                        try reader.array { reader in list.append(try FilingDocument(reading: &reader)) }
                        documents = list
                    }
                case "styles_compacted": stylesCompacted = try reader.optionalBool()
                case "replay": replay = try reader.null() ? nil : try Replay(reading: &reader)
                default: try reader.skipValue()
                }
            }
            try reader.end()
        }
        guard let filingID, let companyKey, let sha256, let sizeBytes, let source, let contentType, let document
        else { throw JSONReader.Unsupported() }
        self.init(filingID: filingID, companyKey: companyKey, cik: cik, accession: accession, company: company, form: form,
                  filedDate: filedDate, sha256: sha256, sizeBytes: sizeBytes, source: source, filename: filename,
                  contentType: contentType, document: document, format: format, items: items, reportDate: reportDate,
                  documents: documents, stylesCompacted: stylesCompacted, replay: replay)
    }
}

extension FilingIngested.Replay {
    init(reading reader: inout JSONReader) throws {
        var request: String?, stage: Stage?
        var seen = Set<String>()
        try reader.object { reader, key in
            guard seen.insert(key).inserted else { throw JSONReader.Unsupported() }
            switch key {
            case "request": request = try reader.string()
            case "stage": stage = Stage(rawValue: try reader.string())
            default: try reader.skipValue()
            }
        }
        guard let request, let stage else { throw JSONReader.Unsupported() }
        self.init(request: request, stage: stage)
    }
}

extension FilingDocument {
    init(reading reader: inout JSONReader) throws {
        var type: String?, sequence: String?, filename: String?, description: String?, sizeBytes: Int?
        var omitted: String?, textOffset: Int?, textLength: Int?
        var seen = Set<String>()
        try reader.object { reader, key in
            guard seen.insert(key).inserted else { throw JSONReader.Unsupported() }
            switch key {
            case "type": type = try reader.optionalString()
            case "sequence": sequence = try reader.optionalString()
            case "filename": filename = try reader.optionalString()
            case "description": description = try reader.optionalString()
            case "size_bytes": sizeBytes = try reader.integer()
            case "omitted": omitted = try reader.optionalString()
            case "text_offset": textOffset = try reader.optionalInteger()
            case "text_length": textLength = try reader.optionalInteger()
            default: try reader.skipValue()
            }
        }
        guard let sizeBytes else { throw JSONReader.Unsupported() }
        self.init(type: type, sequence: sequence, filename: filename, description: description, sizeBytes: sizeBytes,
                  omitted: omitted, textOffset: textOffset, textLength: textLength)
    }
}
