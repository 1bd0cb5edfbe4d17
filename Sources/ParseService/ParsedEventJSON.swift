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
        var first = true
        w.member("claims", first: &first)
        try array(parsed.claims, w) { try claim($0, w) }
        w.member("company_key", first: &first)
        w.string(parsed.companyKey)
        w.member("facts", first: &first)
        try array(parsed.facts, w) { try fact($0, w) }
        w.member("filing_id", first: &first)
        w.string(parsed.filingID)
        w.member("guidance", first: &first)
        try array(parsed.guidance, w) { try guidance($0, w) }
        w.member("header", first: &first)
        header(parsed.header, w)
        if let version = parsed.parserVersion {
            w.member("parser_version", first: &first)
            w.string(version)
        }
        w.member("statements", first: &first)
        try array(parsed.statements, w) { try statement($0, w) }
        w.endObject(first: first)
        return w.bytes
    }

    private static func array<T>(_ items: [T], _ w: JSONByteWriter, _ element: (T) throws -> Void) rethrows {
        w.raw("[")
        for (n, item) in items.enumerated() {
            if n > 0 { w.raw(",") }
            try element(item)
        }
        w.raw("]")
    }

    private static func string(_ key: StaticString, _ value: String?, _ w: JSONByteWriter, _ first: inout Bool) {
        guard let value else { return }
        w.member(key, first: &first)
        w.string(value)
    }

    private static func double(_ key: StaticString, _ value: Double?, _ w: JSONByteWriter, _ first: inout Bool) throws {
        guard let value else { return }
        w.member(key, first: &first)
        try w.double(value)
    }

    private static func period(_ key: StaticString, _ value: Period?, _ w: JSONByteWriter, _ first: inout Bool) {
        guard let value else { return }
        w.member(key, first: &first)
        var inner = true
        string("end", value.end, w, &inner)
        string("instant", value.instant, w, &inner)
        string("start", value.start, w, &inner)
        w.endObject(first: inner)
    }

    private static func header(_ h: FilingHeader, _ w: JSONByteWriter) {
        var first = true
        string("accession", h.accession, w, &first)
        string("cik", h.cik, w, &first)
        string("commission_file_number", h.commissionFileNumber, w, &first)
        string("company", h.company, w, &first)
        w.member("exhibits", first: &first)
        array(h.exhibits, w) { exhibit in
            var inner = true
            string("description", exhibit.description, w, &inner)
            string("type", exhibit.type, w, &inner)
            w.endObject(first: inner)
        }
        string("filed_date", h.filedDate, w, &first)
        string("form", h.form, w, &first)
        string("irs_ein", h.irsEIN, w, &first)
        w.member("items", first: &first)
        array(h.items, w) { w.string($0) }
        string("period_of_report", h.periodOfReport, w, &first)
        string("report_date", h.reportDate, w, &first)
        string("state_of_incorporation", h.stateOfIncorporation, w, &first)
        w.endObject(first: first)
    }

    private static func statement(_ s: Statement, _ w: JSONByteWriter) throws {
        var first = true
        string("basis", s.basis, w, &first)
        w.member("columns", first: &first)
        array(s.columns, w) { column in
            var inner = true
            string("heading", column.heading, w, &inner)
            period("period", column.period, w, &inner)
            w.endObject(first: inner)
        }
        string("kind", s.kind, w, &first)
        w.member("rows", first: &first)
        try array(s.rows, w) { try row($0, w) }
        try double("scale", s.scale, w, &first)
        string("title", s.title, w, &first)
        w.endObject(first: first)
    }

    private static func row(_ r: StatementRow, _ w: JSONByteWriter) throws {
        var first = true
        string("concept", r.concept, w, &first)
        w.member("is_total", first: &first)
        w.bool(r.isTotal)
        string("label", r.label, w, &first)
        w.member("level", first: &first)
        w.integer(r.level)
        w.member("values", first: &first)
        try array(r.values, w) { value in
            if let value { try w.double(value) } else { w.null() }
        }
        w.endObject(first: first)
    }

    private static func fact(_ f: Fact, _ w: JSONByteWriter) throws {
        var first = true
        string("basis", f.basis, w, &first)
        string("concept", f.concept, w, &first)
        string("label", f.label, w, &first)
        period("period", f.period, w, &first)
        string("statement", f.statement, w, &first)
        string("unit", f.unit, w, &first)
        try double("value", f.value, w, &first)
        w.endObject(first: first)
    }

    private static func guidance(_ g: Guidance, _ w: JSONByteWriter) throws {
        var first = true
        string("basis", g.basis, w, &first)
        if let quarter = g.fiscalQuarter {
            w.member("fiscal_quarter", first: &first)
            w.integer(quarter)
        }
        if let year = g.fiscalYear {
            w.member("fiscal_year", first: &first)
            w.integer(year)
        }
        try double("high", g.high, w, &first)
        try double("low", g.low, w, &first)
        string("metric", g.metric, w, &first)
        period("period", g.period, w, &first)
        string("period_label", g.periodLabel, w, &first)
        string("text", g.text, w, &first)
        string("unit", g.unit, w, &first)
        w.endObject(first: first)
    }

    private static func claim(_ c: Claim, _ w: JSONByteWriter) throws {
        var first = true
        string("basis", c.basis, w, &first)
        string("metric", c.metric, w, &first)
        period("period", c.period, w, &first)
        try double("rounding", c.rounding, w, &first)
        string("text", c.text, w, &first)
        string("unit", c.unit, w, &first)
        try double("value", c.value, w, &first)
        w.endObject(first: first)
    }
}
