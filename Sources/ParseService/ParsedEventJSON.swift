import FilingEvents
import FilingParser
import FilingsCore

/// The data of a `filings.parsed` event written by hand: byte for byte what `JSONCoding.encoder`
/// writes for the same `FilingParsed` (sorted keys, nil optionals left out, `null` for a blank
/// cell in a row's values; `EventEncodingTests` compares them on every fixture and on a filing
/// with every optional member both set and nil).
///
/// Going through `Encodable` (a witness call, a frame and a key list per object, the keys sorted
/// again for every object) was about a fifth of the parse service's CPU per filing; here each
/// member is written in key order as it comes.
enum ParsedEventJSON {
    /// The JSON of `parsed`; throws only for a number JSON cannot hold (infinite or NaN).
    static func bytes(_ parsed: FilingParsed) throws -> [UInt8] {
        let w = JSONByteWriter()
        try write(parsed, w)
        return w.bytes
    }

    static func write(_ parsed: FilingParsed, _ w: JSONByteWriter) throws {
        var first = true
        w.member("claims", first: &first)
        try w.array(parsed.claims) { try w.claim($0) }
        w.member("company_key", first: &first)
        w.string(parsed.companyKey)
        w.member("facts", first: &first)
        try w.array(parsed.facts) { try fact($0, w) }
        w.member("filing_id", first: &first)
        w.string(parsed.filingID)
        w.member("guidance", first: &first)
        try w.array(parsed.guidance) { try w.guidance($0) }
        w.member("header", first: &first)
        header(parsed.header, w)
        if let version = parsed.parserVersion {
            w.member("parser_version", first: &first)
            w.string(version)
        }
        w.member("statements", first: &first)
        try w.array(parsed.statements) { try statement($0, w) }
        w.endObject(first: first)
    }

    private static func header(_ h: FilingHeader, _ w: JSONByteWriter) {
        var first = true
        w.member("accession", h.accession, first: &first)
        w.member("cik", h.cik, first: &first)
        w.member("commission_file_number", h.commissionFileNumber, first: &first)
        w.member("company", h.company, first: &first)
        w.member("exhibits", first: &first)
        w.array(h.exhibits) { exhibit in
            var inner = true
            w.member("description", exhibit.description, first: &inner)
            w.member("type", exhibit.type, first: &inner)
            w.endObject(first: inner)
        }
        w.member("filed_date", h.filedDate, first: &first)
        w.member("form", h.form, first: &first)
        w.member("irs_ein", h.irsEIN, first: &first)
        w.member("items", first: &first)
        w.array(h.items) { w.string($0) }
        w.member("period_of_report", h.periodOfReport, first: &first)
        w.member("report_date", h.reportDate, first: &first)
        w.member("state_of_incorporation", h.stateOfIncorporation, first: &first)
        w.endObject(first: first)
    }

    private static func statement(_ s: Statement, _ w: JSONByteWriter) throws {
        var first = true
        w.member("basis", s.basis, first: &first)
        w.member("columns", first: &first)
        w.array(s.columns) { column in
            var inner = true
            w.member("heading", column.heading, first: &inner)
            w.member("period", column.period, first: &inner)
            w.endObject(first: inner)
        }
        w.member("kind", s.kind, first: &first)
        w.member("rows", first: &first)
        try w.array(s.rows) { try row($0, w) }
        try w.member("scale", s.scale, first: &first)
        w.member("title", s.title, first: &first)
        w.endObject(first: first)
    }

    private static func row(_ r: StatementRow, _ w: JSONByteWriter) throws {
        var first = true
        w.member("concept", r.concept, first: &first)
        w.member("is_total", first: &first)
        w.bool(r.isTotal)
        w.member("label", r.label, first: &first)
        w.member("level", first: &first)
        w.integer(r.level)
        w.member("values", first: &first)
        try w.array(r.values) { value in
            if let value { try w.double(value) } else { w.null() }
        }
        w.endObject(first: first)
    }

    private static func fact(_ f: Fact, _ w: JSONByteWriter) throws {
        var first = true
        w.member("basis", f.basis, first: &first)
        w.member("concept", f.concept, first: &first)
        w.member("label", f.label, first: &first)
        w.member("period", f.period, first: &first)
        w.member("statement", f.statement, first: &first)
        w.member("unit", f.unit, first: &first)
        try w.member("value", f.value, first: &first)
        w.endObject(first: first)
    }
}
