#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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
        let firstDoc = bytes.find(Tag.documentOpen)
        if let hs = bytes.find(Tag.secHeader, to: firstDoc) ?? bytes.find(Tag.imsHeader, to: firstDoc) {
            let contentStart = Swift.min(bytes.lineEnd(from: hs) + 1, bytes.count)
            let he = bytes.find(Tag.secHeaderEnd, from: contentStart)
                ?? bytes.find(Tag.imsHeaderEnd, from: contentStart)
                ?? firstDoc ?? bytes.count
            headerText = bytes[contentStart..<Swift.max(contentStart, he)]
        } else if let acc = bytes.find(Tag.accessionNumber, to: firstDoc.map { Swift.min($0, 20_000) } ?? Swift.min(bytes.count, 20_000)) {
            headerText = bytes[acc..<(firstDoc ?? Swift.min(bytes.count, acc + 20_000))]
        }
        self.headerText = headerText

        var docs: [SubmissionDocument] = []
        if let first = firstDoc {
            let openTag = Tag.documentOpen
            let closeTag = Tag.documentClose
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

    /// The SGML tags and markers looked for.
    private enum Tag {
        static let documentOpen = Array("<DOCUMENT>".utf8)
        static let documentClose = Array("</DOCUMENT>".utf8)
        static let secHeader = Array("<SEC-HEADER>".utf8)
        static let imsHeader = Array("<IMS-HEADER>".utf8)
        static let secHeaderEnd = Array("</SEC-HEADER>".utf8)
        static let imsHeaderEnd = Array("</IMS-HEADER>".utf8)
        static let accessionNumber = Array("ACCESSION NUMBER:".utf8)
        static let pemBegin = Array("-----BEGIN PRIVACY-ENHANCED MESSAGE-----".utf8)
        static let pemEnd = Array("-----END PRIVACY-ENHANCED MESSAGE-----".utf8)
        static let pemEndAnchor = pemEnd.firstIndex(of: UInt8(ascii: "V"))!
        static let text = Array("<TEXT>".utf8)
        static let textEnd = Array("</TEXT>".utf8)
        static let type = Array("<TYPE>".utf8)
        static let sequence = Array("<SEQUENCE>".utf8)
        static let filename = Array("<FILENAME>".utf8)
        static let description = Array("<DESCRIPTION>".utf8)
        static let uuencoded = Array("begin 6".utf8)
    }

    /// Removes `-----BEGIN PRIVACY-ENHANCED MESSAGE-----` headers and trailer and un-escapes
    /// lines that the wrapper prefixed with "- ".
    static func removingPEMWrapper(_ bytes: [UInt8]) -> [UInt8] {
        guard let b = bytes.find(Tag.pemBegin, to: Swift.min(bytes.count, 4096)) else { return bytes }
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
        // "V" is rare in filings; the "-" the marker starts with is not.
        let stop = HeaderBytes.find(Tag.pemEnd, anchor: Tag.pemEndAnchor, in: bytes[Swift.min(i, bytes.count)...]) ?? bytes.count
        let start = Swift.min(i, stop)
        // Copy the message in runs, leaving out the "- " that starts an escaped line.
        return bytes.withUnsafeBufferPointer { p in
            [UInt8](unsafeUninitializedCapacity: stop - start) { out, count in
                guard let base = p.baseAddress, let dest = out.baseAddress else { return }
                func copyRun(_ run: Range<Int>) {
                    (dest + count).initialize(from: base + run.lowerBound, count: run.count)
                    count += run.count
                }
                var runStart = start
                // An escaped line starts with "- ": the first line, then any line after a "\n-".
                func unescape(lineAt lineStart: Int) {
                    if lineStart + 2 <= stop && p[lineStart] == ASCII.minus && p[lineStart + 1] == ASCII.space {
                        copyRun(runStart..<lineStart)
                        runStart = lineStart + 2
                    }
                }
                unescape(lineAt: start)
                var k = start
                while let nl = SubmissionEnvelope.nextNewlineBeforeMinus(p, from: k, to: stop) {
                    unescape(lineAt: nl + 1)
                    k = nl + 1
                }
                copyRun(runStart..<stop)
            }
        }
    }

    /// The first "\n" at or after `from` that is followed by "-" (before `to`). 32 bytes are
    /// tested at a time: a per-line memchr costs more than this on the short lines of a filing.
    private static func nextNewlineBeforeMinus(_ p: UnsafeBufferPointer<UInt8>, from: Int, to: Int) -> Int? {
        guard let base = p.baseAddress else { return nil }
        let raw = UnsafeRawPointer(base)
        let newline = SIMD16<UInt8>(repeating: ASCII.newline), minus = SIMD16<UInt8>(repeating: ASCII.minus)
        func hasNewlineBeforeMinus(at i: Int) -> Bool {
            let here = raw.loadUnaligned(fromByteOffset: i, as: SIMD16<UInt8>.self)
            let next = raw.loadUnaligned(fromByteOffset: i &+ 1, as: SIMD16<UInt8>.self)
            return any((here .== newline) .& (next .== minus))
        }
        var i = from
        // Blocks of 32 positions, each with the byte after it (so reading up to `to`).
        while i &+ 33 <= to && !(hasNewlineBeforeMinus(at: i) || hasNewlineBeforeMinus(at: i &+ 16)) {
            i &+= 32
        }
        while i + 1 < to {
            if p[i] == ASCII.newline && p[i + 1] == ASCII.minus { return i }
            i += 1
        }
        return nil
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
            let line = HeaderBytes.trimmed(bytes[p..<e])
            if HeaderBytes.hasPrefix(line, Tag.text) {
                textStart = Swift.min(e + 1, to)
                foundText = true
                break
            }
            if let v = tagValue(line, Tag.type) { type = v }
            else if let v = tagValue(line, Tag.sequence) { seq = v }
            else if let v = tagValue(line, Tag.filename) { file = v }
            else if let v = tagValue(line, Tag.description) { desc = v }
            p = e + 1
            linesSeen += 1
        }
        if !foundText { textStart = Swift.min(p, to) }
        if textStart > to { textStart = to }
        if let te = bytes.find(Tag.textEnd, from: textStart, to: to) { textEnd = te }
        let slice = bytes[textStart..<Swift.max(textStart, textEnd)]
        return SubmissionDocument(type: type, sequence: seq, filename: file, description: desc, text: slice,
                                  isMarkupOrBinary: looksLikeMarkup(slice, filename: file, type: type))
    }

    /// The value after `tag` on a (trimmed) line that starts with it; nil when there is none.
    private static func tagValue(_ line: ArraySlice<UInt8>, _ tag: [UInt8]) -> String? {
        guard HeaderBytes.hasPrefix(line, tag) else { return nil }
        let v = HeaderBytes.trimmed(line.dropFirst(tag.count))
        return v.isEmpty ? nil : stringFrom(v)
    }

    private static let markupMarkers = ["<html", "<body", "<?xml", "<xbrl", "<div", "<td", "<p>", "<p ", "<font", "<!doctype"]
        .map { Array($0.utf8) }
    private static let binaryTypes = ["GRAPHIC", "ZIP", "EXCEL", "PDF", "XML", "JSON"]
    private static let binaryExtensions = [".htm", ".html", ".xml", ".xsd", ".jpg", ".jpeg", ".gif", ".png", ".pdf", ".xlsx", ".zip",
                                           ".json", ".js", ".css"]

    static func looksLikeMarkup(_ text: ArraySlice<UInt8>, filename: String?, type: String?) -> Bool {
        if let t = type?.uppercased() {
            if t.hasPrefix("EX-101") || binaryTypes.contains(t) { return true }
        }
        if let f = filename?.lowercased() {
            for ext in binaryExtensions where f.hasSuffix(ext) { return true }
        }
        let head = text.prefix(8192)
        if let begin = head.prefix(200 + 7).find(Tag.uuencoded), begin < 200 { return true }
        // One pass over the "<" of the first 8 KB (memchr finds each).
        return head.withUnsafeBufferPointer { p in
            guard let base = p.baseAddress else { return false }
            var i = 0
            while i < p.count, let lt = memchr(base + i, Int32(ASCII.lt), p.count - i) {
                let at = base.distance(to: lt.assumingMemoryBound(to: UInt8.self))
                if markupMarkers.contains(where: { p.hasPrefixIgnoringCase($0, at: at) }) { return true }
                i = at + 1
            }
            return false
        }
    }
}
