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
        w.member("accession", event.accession, first: &first)
        w.member("cik", event.cik, first: &first)
        w.member("company", event.company, first: &first)
        w.member("company_key", event.companyKey, first: &first)
        w.member("content_type", event.contentType, first: &first)
        w.member("document", event.document, first: &first)
        if let documents = event.documents {
            w.member("documents", first: &first)
            w.array(documents) { document($0, w) }
        }
        w.member("filed_date", event.filedDate, first: &first)
        w.member("filename", event.filename, first: &first)
        w.member("filing_id", event.filingID, first: &first)
        w.member("form", event.form, first: &first)
        w.member("format", event.format, first: &first)
        if let items = event.items {
            w.member("items", first: &first)
            w.array(items) { w.string($0) }
        }
        if let replay = event.replay {
            w.member("replay", first: &first)
            var inner = true
            w.member("request", replay.request, first: &inner)
            w.member("stage", replay.stage.rawValue, first: &inner)
            w.endObject(first: inner)
        }
        w.member("report_date", event.reportDate, first: &first)
        w.member("sha256", event.sha256, first: &first)
        w.member("size_bytes", first: &first)
        w.integer(event.sizeBytes)
        w.member("source", event.source, first: &first)
        if let compacted = event.stylesCompacted {
            w.member("styles_compacted", first: &first)
            w.bool(compacted)
        }
        w.endObject(first: first)
        return w.bytes
    }

    private static func document(_ d: FilingDocument, _ w: JSONByteWriter) {
        var first = true
        w.member("description", d.description, first: &first)
        w.member("filename", d.filename, first: &first)
        w.member("omitted", d.omitted, first: &first)
        w.member("sequence", d.sequence, first: &first)
        w.member("size_bytes", first: &first)
        w.integer(d.sizeBytes)
        w.member("text_length", d.textLength, first: &first)
        w.member("text_offset", d.textOffset, first: &first)
        w.member("type", d.type, first: &first)
        w.endObject(first: first)
    }
}
