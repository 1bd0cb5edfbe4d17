// Splits an EDGAR submission into its SGML header and documents, undoing the PEM wrapper.

/// One `<DOCUMENT>` of a submission (or the whole input for a bare document).
struct SubmissionDocument {
    var type: String?
    var sequence: String?
    var filename: String?
    var description: String?
    /// The bytes between `<TEXT>` and `</TEXT>`.
    var text: ArraySlice<UInt8>
    /// HTML, XML, XBRL, graphics or other content that is not plain text.
    var isMarkupOrBinary: Bool
}

struct SubmissionEnvelope {
    /// Content of `<SEC-HEADER>` (or `<IMS-HEADER>`), nil for bare documents.
    var headerText: ArraySlice<UInt8>?
    var documents: [SubmissionDocument]
    /// The whole input after removing the PEM wrapper.
    var bytes: [UInt8]

    init(_ text: String) {
        self.init(bytes: Array(text.utf8))
    }

    init(bytes raw: [UInt8]) {
        let bytes = SubmissionEnvelope.removingPEMWrapper(raw)
        self.bytes = bytes

        var headerText: ArraySlice<UInt8>?
        let firstDoc = bytes.find(Array("<DOCUMENT>".utf8))
        if let hs = bytes.find(Array("<SEC-HEADER>".utf8), to: firstDoc) ?? bytes.find(Array("<IMS-HEADER>".utf8), to: firstDoc) {
            let contentStart = Swift.min(bytes.lineEnd(from: hs) + 1, bytes.count)
            let he = bytes.find(Array("</SEC-HEADER>".utf8), from: contentStart)
                ?? bytes.find(Array("</IMS-HEADER>".utf8), from: contentStart)
                ?? firstDoc ?? bytes.count
            headerText = bytes[contentStart..<Swift.max(contentStart, he)]
        } else if let acc = bytes.find(Array("ACCESSION NUMBER:".utf8), to: firstDoc.map { Swift.min($0, 20_000) } ?? Swift.min(bytes.count, 20_000)) {
            headerText = bytes[acc..<(firstDoc ?? Swift.min(bytes.count, acc + 20_000))]
        }
        self.headerText = headerText

        var docs: [SubmissionDocument] = []
        if let first = firstDoc {
            let openTag = Array("<DOCUMENT>".utf8)
            let closeTag = Array("</DOCUMENT>".utf8)
            var pos = first
            while pos < bytes.count, let start = bytes.find(openTag, from: pos) {
                let bodyStart = start + openTag.count
                let nextOpen = bytes.find(openTag, from: bodyStart)
                let close = bytes.find(closeTag, from: bodyStart, to: nextOpen) ?? nextOpen ?? bytes.count
                docs.append(SubmissionEnvelope.parseDocument(bytes, from: bodyStart, to: close))
                pos = Swift.max(close, bodyStart)
            }
        } else {
            let slice = bytes[0..<bytes.count]
            docs.append(SubmissionDocument(type: nil, sequence: nil, filename: nil, description: nil, text: slice,
                                           isMarkupOrBinary: SubmissionEnvelope.looksLikeMarkup(slice, filename: nil, type: nil)))
        }
        self.documents = docs
    }

    /// Removes `-----BEGIN PRIVACY-ENHANCED MESSAGE-----` headers and trailer and un-escapes
    /// lines that the wrapper prefixed with "- ".
    static func removingPEMWrapper(_ bytes: [UInt8]) -> [UInt8] {
        let begin = Array("-----BEGIN PRIVACY-ENHANCED MESSAGE-----".utf8)
        guard let b = bytes.find(begin, to: Swift.min(bytes.count, 4096)) else { return bytes }
        // PEM header fields end at the first empty line.
        var i = bytes.lineEnd(from: b) + 1
        while i < bytes.count {
            let e = bytes.lineEnd(from: i)
            var blank = true
            var k = i
            while k < e { if !ASCII.isSpace(bytes[k]) { blank = false; break }; k += 1 }
            i = e + 1
            if blank { break }
        }
        let endMarker = Array("-----END PRIVACY-ENHANCED MESSAGE-----".utf8)
        let stop = bytes.find(endMarker, from: Swift.min(i, bytes.count)) ?? bytes.count
        var out: [UInt8] = []
        out.reserveCapacity(Swift.max(0, stop - i))
        var p = Swift.min(i, stop)
        while p < stop {
            var e = bytes.lineEnd(from: p)
            if e > stop { e = stop }
            var s = p
            if e - p >= 2 && bytes[p] == ASCII.minus && bytes[p + 1] == ASCII.space { s = p + 2 }
            out.append(contentsOf: bytes[s..<e])
            if e < stop { out.append(ASCII.newline) }
            p = e + 1
        }
        return out
    }

    private static func parseDocument(_ bytes: [UInt8], from: Int, to: Int) -> SubmissionDocument {
        var type: String?, seq: String?, file: String?, desc: String?
        var textStart = from
        var textEnd = to
        var p = from
        var foundText = false
        // Header tags precede <TEXT>; never scan more than a few lines for them.
        var linesSeen = 0
        while p < to && linesSeen < 40 {
            var e = bytes.lineEnd(from: p)
            if e > to { e = to }
            let line = stringFrom(bytes[p..<e]).trimmingSpaces
            if line.hasPrefix("<TEXT>") {
                textStart = Swift.min(e + 1, to)
                foundText = true
                break
            }
            if let v = tagValue(line, "<TYPE>") { type = v }
            else if let v = tagValue(line, "<SEQUENCE>") { seq = v }
            else if let v = tagValue(line, "<FILENAME>") { file = v }
            else if let v = tagValue(line, "<DESCRIPTION>") { desc = v }
            p = e + 1
            linesSeen += 1
        }
        if !foundText { textStart = Swift.min(p, to) }
        if textStart > to { textStart = to }
        if let te = bytes.find(Array("</TEXT>".utf8), from: textStart, to: to) { textEnd = te }
        let slice = bytes[textStart..<Swift.max(textStart, textEnd)]
        return SubmissionDocument(type: type, sequence: seq, filename: file, description: desc, text: slice,
                                  isMarkupOrBinary: looksLikeMarkup(slice, filename: file, type: type))
    }

    private static func tagValue(_ line: String, _ tag: String) -> String? {
        guard line.hasPrefix(tag) else { return nil }
        let v = line.dropFirst(tag.count).trimmingSpaces
        return v.isEmpty ? nil : v
    }

    private static let markupMarkers = ["<html", "<body", "<?xml", "<xbrl", "<div", "<td", "<p>", "<p ", "<font", "<!doctype"]
        .map { Array($0.utf8) }

    static func looksLikeMarkup(_ text: ArraySlice<UInt8>, filename: String?, type: String?) -> Bool {
        if let t = type?.uppercased() {
            if t.hasPrefix("EX-101") || ["GRAPHIC", "ZIP", "EXCEL", "PDF", "XML", "JSON"].contains(t) { return true }
        }
        if let f = filename?.lowercased() {
            for ext in [".htm", ".html", ".xml", ".xsd", ".jpg", ".jpeg", ".gif", ".png", ".pdf", ".xlsx", ".zip", ".json", ".js", ".css"]
            where f.hasSuffix(ext) { return true }
        }
        let head = text.prefix(8192)
        if let begin = head.prefix(200 + 7).find(Array("begin 6".utf8)), begin < 200 { return true }
        // One pass over the "<" of the first 8 KB.
        var i = head.startIndex
        while let lt = head[i...].firstIndex(of: ASCII.lt) {
            if markupMarkers.contains(where: { head.hasPrefixIgnoringCase($0, at: lt) }) { return true }
            i = lt + 1
        }
        return false
    }
}
