import FilingEvents
import FilingsCore

/// The data of a `filings.ingested` event written by hand: byte for byte what `JSONCoding.encoder`
/// writes for the same `FilingIngested` (sorted keys, nil optionals left out; `IngestedEventJSONTests`
/// compares them on every fixture and on events with every optional member both set and nil).
///
/// Through `Encodable` the members came in declaration order, so the finished object was copied
/// out and back in key order: the filing's text, most of the event, was copied twice more.
/// Here each member is written in key order as it comes, the text escaped once.
enum IngestedEventJSON {
    static func bytes(_ event: FilingIngested) -> [UInt8] {
        let w = JSONByteWriter()
        var first = true
        string("accession", event.accession, w, &first)
        string("cik", event.cik, w, &first)
        string("company", event.company, w, &first)
        string("company_key", event.companyKey, w, &first)
        string("content_type", event.contentType, w, &first)
        string("document", event.document, w, &first)
        if let documents = event.documents {
            w.member("documents", first: &first)
            w.raw("[")
            for (n, document) in documents.enumerated() {
                if n > 0 { w.raw(",") }
                self.document(document, w)
            }
            w.raw("]")
        }
        string("filed_date", event.filedDate, w, &first)
        string("filename", event.filename, w, &first)
        string("filing_id", event.filingID, w, &first)
        string("form", event.form, w, &first)
        string("format", event.format, w, &first)
        if let items = event.items {
            w.member("items", first: &first)
            w.raw("[")
            for (n, item) in items.enumerated() {
                if n > 0 { w.raw(",") }
                w.string(item)
            }
            w.raw("]")
        }
        if let replay = event.replay {
            w.member("replay", first: &first)
            var inner = true
            string("request", replay.request, w, &inner)
            string("stage", replay.stage.rawValue, w, &inner)
            w.endObject(first: inner)
        }
        string("report_date", event.reportDate, w, &first)
        string("sha256", event.sha256, w, &first)
        w.member("size_bytes", first: &first)
        w.integer(event.sizeBytes)
        string("source", event.source, w, &first)
        if let compacted = event.stylesCompacted {
            w.member("styles_compacted", first: &first)
            w.bool(compacted)
        }
        w.endObject(first: first)
        return w.bytes
    }

    private static func document(_ d: FilingDocument, _ w: JSONByteWriter) {
        var first = true
        string("description", d.description, w, &first)
        string("filename", d.filename, w, &first)
        string("omitted", d.omitted, w, &first)
        string("sequence", d.sequence, w, &first)
        w.member("size_bytes", first: &first)
        w.integer(d.sizeBytes)
        integer("text_length", d.textLength, w, &first)
        integer("text_offset", d.textOffset, w, &first)
        string("type", d.type, w, &first)
        w.endObject(first: first)
    }

    private static func string(_ key: StaticString, _ value: String?, _ w: JSONByteWriter, _ first: inout Bool) {
        guard let value else { return }
        w.member(key, first: &first)
        w.string(value)
    }

    private static func integer(_ key: StaticString, _ value: Int?, _ w: JSONByteWriter, _ first: inout Bool) {
        guard let value else { return }
        w.member(key, first: &first)
        w.integer(value)
    }
}
