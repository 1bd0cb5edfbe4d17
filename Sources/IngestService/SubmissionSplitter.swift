import Foundation

/// How a filing arrived: an EDGAR complete submission (SGML header and `<DOCUMENT>`s), or a bare
/// document in plain text or HTML.
public enum FilingFormat: String, Sendable, Codable {
    case submission
    case text
    case html
}

/// One `<DOCUMENT>` of a complete submission, located by byte ranges in the input.
public struct SplitDocument: Sendable, Equatable {
    public var type: String?
    public var sequence: String?
    public var filename: String?
    public var description: String?
    /// Why the document is left out of the event text (`graphic`, `pdf`, `zip`, `spreadsheet`,
    /// `uuencoded`, `binary`, `xbrl`, `data`); nil when it is kept.
    public var omitted: String?
    /// `<DOCUMENT>` through `</DOCUMENT>` (inclusive) in the input.
    var blockRange: Range<Int>
    /// The content between `<TEXT>` and `</TEXT>` in the input.
    var textRange: Range<Int>

    public var sizeBytes: Int { textRange.count }
}

/// The documents of a filing and whether it is complete.
public struct SplitSubmission: Sendable {
    public var format: FilingFormat
    /// Empty for a bare document.
    public var documents: [SplitDocument]
    /// Why the submission is incomplete (a `<DOCUMENT>` or `<SEC-DOCUMENT>` never closed); nil when complete.
    public var truncation: String?
}

/// Splits an EDGAR complete submission into its documents and classifies each one as text
/// (kept) or binary / machine-readable data (left out of the event, but listed).
///
/// Works on bytes: the SGML tags are ASCII, so the split is the same for UTF-8 and
/// Windows-1252 input, and no document is decoded before we know it is kept.
public enum SubmissionSplitter {
    static let documentOpen = Array("<DOCUMENT>".utf8)
    static let documentClose = Array("</DOCUMENT>".utf8)
    static let textOpen = Array("<TEXT>".utf8)
    static let textClose = Array("</TEXT>".utf8)
    static let secDocumentOpen = Array("<SEC-DOCUMENT>".utf8)
    static let secDocumentClose = Array("</SEC-DOCUMENT>".utf8)

    /// Splits `bytes`; `isHTML` decides the format of a bare document.
    public static func split(_ bytes: [UInt8], isHTML: Bool) -> SplitSubmission {
        guard let first = bytes.firstIndex(of: documentOpen) else {
            var truncation: String?
            if let sec = bytes.firstIndex(of: secDocumentOpen, to: min(bytes.count, 65_536)),
               bytes.firstIndex(of: secDocumentClose, from: sec) == nil {
                truncation = "the submission has an SEC header but no document and no </SEC-DOCUMENT>"
            }
            return SplitSubmission(format: isHTML ? .html : .text, documents: [], truncation: truncation)
        }
        var documents: [SplitDocument] = []
        var truncation: String?
        var position = first
        while let start = bytes.firstIndex(of: documentOpen, from: position) {
            let bodyStart = start + documentOpen.count
            let nextOpen = bytes.firstIndex(of: documentOpen, from: bodyStart)
            let close = bytes.firstIndex(of: documentClose, from: bodyStart, to: nextOpen ?? bytes.count)
            var document = parseDocument(bytes, bodyStart: bodyStart, bodyEnd: close ?? nextOpen ?? bytes.count)
            document.blockRange = start..<((close.map { $0 + documentClose.count }) ?? nextOpen ?? bytes.count)
            if close == nil, truncation == nil {
                truncation = "document \(documents.count + 1) (\(document.type ?? "untyped")) has no </DOCUMENT>: the submission is truncated"
            }
            documents.append(document)
            position = document.blockRange.upperBound
        }
        if truncation == nil, let sec = bytes.firstIndex(of: secDocumentOpen, to: first),
           bytes.lastIndex(of: secDocumentClose, after: max(sec, position)) == nil {
            truncation = "the submission has no </SEC-DOCUMENT>: it is truncated"
        }
        return SplitSubmission(format: .submission, documents: documents, truncation: truncation)
    }

    private static func parseDocument(_ bytes: [UInt8], bodyStart: Int, bodyEnd: Int) -> SplitDocument {
        var type: String?, sequence: String?, filename: String?, description: String?
        var textStart = bodyStart
        var line = bodyStart
        var lines = 0
        // The tags precede <TEXT>; never scan more than a few lines for them.
        while line < bodyEnd, lines < 40 {
            var end = bytes.lineEnd(from: line)
            if end > bodyEnd { end = bodyEnd }
            let text = trimmingWhitespace(String(decoding: bytes[line..<end], as: UTF8.self)[...])
            if text.hasPrefix("<TEXT>") {
                textStart = min(bytes.firstIndex(of: textOpen, from: line).map { $0 + textOpen.count } ?? end, bodyEnd)
                break
            }
            if let value = tagValue(text, "<TYPE>") { type = value }
            else if let value = tagValue(text, "<SEQUENCE>") { sequence = value }
            else if let value = tagValue(text, "<FILENAME>") { filename = value }
            else if let value = tagValue(text, "<DESCRIPTION>") { description = value }
            line = end + 1
            textStart = min(line, bodyEnd)
            lines += 1
        }
        let textEnd = bytes.firstIndex(of: textClose, from: textStart, to: bodyEnd) ?? bodyEnd
        let range = textStart..<max(textStart, textEnd)
        return SplitDocument(type: type, sequence: sequence, filename: filename, description: description,
                             omitted: omission(bytes, range, type: type, filename: filename),
                             blockRange: bodyStart..<bodyEnd, textRange: range)
    }

    private static func tagValue(_ line: String, _ tag: String) -> String? {
        guard line.hasPrefix(tag) else { return nil }
        let value = trimmingWhitespace(line.dropFirst(tag.count))
        return value.isEmpty ? nil : value
    }

    /// `text.trimmingCharacters(in: .whitespaces)`, with Foundation only when an end is not ASCII.
    /// Tab and space are the only ASCII characters in `.whitespaces` (Unicode's space separators
    /// and tab), so cutting them byte by byte gives the same string when both new ends are ASCII;
    /// Foundation's trimming was most of the time spent splitting a filing (perf, pipeline bench).
    static func trimmingWhitespace(_ text: Substring) -> String {
        let utf8 = text.utf8
        var start = utf8.startIndex, end = utf8.endIndex
        while start < end, utf8[start] == 0x20 || utf8[start] == 0x09 { utf8.formIndex(after: &start) }
        while start < end, utf8[utf8.index(before: end)] == 0x20 || utf8[utf8.index(before: end)] == 0x09 { utf8.formIndex(before: &end) }
        if start < end, utf8[start] >= 0x80 || utf8[utf8.index(before: end)] >= 0x80 {
            return text.trimmingCharacters(in: .whitespaces)
        }
        return String(decoding: utf8[start..<end], as: UTF8.self)
    }

    static let binaryTypes = ["GRAPHIC": "graphic", "PDF": "pdf", "ZIP": "zip", "EXCEL": "spreadsheet"]
    static let binaryExtensions = ["jpg": "graphic", "jpeg": "graphic", "gif": "graphic", "png": "graphic", "bmp": "graphic",
                                   "tif": "graphic", "tiff": "graphic", "pdf": "pdf", "zip": "zip", "xls": "spreadsheet",
                                   "xlsx": "spreadsheet"]
    static let dataExtensions: Set<String> = ["xml", "xsd", "json", "js", "css"]

    /// Why a document is not text we keep, or nil. Binary: graphics, PDFs, archives, spreadsheets,
    /// uuencoded blobs, anything with NUL bytes. Data: XBRL exhibits (`EX-101.*`), XML, JSON, scripts.
    static func omission(_ bytes: [UInt8], _ range: Range<Int>, type: String?, filename: String?) -> String? {
        let upperType = type?.uppercased() ?? ""
        if let kind = binaryTypes[upperType] { return kind }
        let ext = filename.flatMap { name in name.lastIndex(of: ".").map { String(name[name.index(after: $0)...]).lowercased() } } ?? ""
        if let kind = binaryExtensions[ext] { return kind }
        if upperType.hasPrefix("EX-101") { return "xbrl" }
        if upperType == "XML" || upperType == "JSON" || dataExtensions.contains(ext) { return "data" }
        // Content checks: a uuencoded file starts with "begin <mode> <name>"; PDF magic; NUL bytes.
        var start = range.lowerBound
        while start < range.upperBound, bytes[start] == 0x20 || bytes[start] == 0x0A || bytes[start] == 0x0D || bytes[start] == 0x09 {
            start += 1
        }
        let head = bytes[start..<min(range.upperBound, start + 16)]
        if head.starts(with: Array("begin ".utf8)), head.count >= 9,
           head[head.startIndex + 6...head.startIndex + 8].allSatisfy({ (0x30...0x37).contains($0) }) {
            return "uuencoded"
        }
        if head.starts(with: Array("%PDF".utf8)) { return "pdf" }
        if bytes.contains(0, in: range.lowerBound..<min(range.upperBound, range.lowerBound + 8192)) { return "binary" }
        return nil
    }
}

extension Array where Element == UInt8 {
    /// First position of `needle` in `from..<to`.
    func firstIndex(of needle: [UInt8], from: Int = 0, to: Int? = nil) -> Int? {
        let end = Swift.min(to ?? count, count)
        guard from >= 0, from <= end else { return nil }
        return withUnsafeBufferPointer { buffer in
            UnsafeBufferPointer(rebasing: buffer[from..<end]).firstIndex(of: needle).map { from + $0 }
        }
    }

    /// True when `byte` occurs in `range` (memchr).
    func contains(_ byte: UInt8, in range: Range<Int>) -> Bool {
        withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress, !range.isEmpty else { return false }
            return memchr(base + range.lowerBound, Int32(byte), range.count) != nil
        }
    }

    /// Last position of `needle` at or after `after`.
    func lastIndex(of needle: [UInt8], after: Int) -> Int? {
        guard count - after >= needle.count else { return nil }
        var i = count - needle.count
        while i >= after {
            if self[i] == needle[0] && self[i..<(i + needle.count)].elementsEqual(needle) { return i }
            i -= 1
        }
        return nil
    }

    /// Index of the next `\n` at or after `from`, or `count`.
    func lineEnd(from: Int) -> Int {
        var i = from
        while i < count && self[i] != 0x0A { i += 1 }
        return i
    }
}

extension UnsafeBufferPointer where Element == UInt8 {
    /// First position of `needle`; memchr skips to each place its first byte occurs.
    func firstIndex(of needle: [UInt8]) -> Int? {
        guard let first = needle.first, count >= needle.count, let base = baseAddress else { return nil }
        let last = count - needle.count
        var i = 0
        while i <= last {
            guard let hit = memchr(base + i, Int32(first), last - i + 1) else { return nil }
            i = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
            var k = 1
            while k < needle.count && self[i + k] == needle[k] { k += 1 }
            if k == needle.count { return i }
            i += 1
        }
        return nil
    }

    /// First position of `needle` (given in lower case), ignoring ASCII case. A needle starting
    /// with a byte that has no case (`<`) is found with memchr, like `firstIndex(of:)`.
    func firstIndex(ofLowercased needle: [UInt8]) -> Int? {
        guard let first = needle.first, count >= needle.count, let base = baseAddress else { return nil }
        let caseless = !(0x61...0x7A).contains(first)
        let last = count - needle.count
        var i = 0
        while i <= last {
            if caseless {
                guard let hit = memchr(base + i, Int32(first), last - i + 1) else { return nil }
                i = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
            }
            var k = 0
            while k < needle.count && HTMLStyleCompactor.lower(self[i + k]) == needle[k] { k += 1 }
            if k == needle.count { return i }
            i += 1
        }
        return nil
    }
}
