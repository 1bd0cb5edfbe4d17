import Foundation

/// Fields read from the printed Form 8-K cover page of a plain-text document.
struct CoverPage {
    var form: String?
    var company: String?
    var reportDate: String?
    var commissionFileNumber: String?
    var irsEIN: String?
    var stateOfIncorporation: String?
    var items: [String] = []
    var exhibits: [Exhibit] = []

    /// How many lines of the document the cover and item sections are read from.
    static let lineLimit = 400

    /// Reads the cover from the first lines of a plain-text document.
    init(lines document: DocumentLines) {
        // The cover and item sections sit at the top; signatures end them.
        let lines = CoverPage.coverLines(document)

        for i in 0..<Swift.min(lines.count, 120) {
            let l = lines.lower(i)
            let t = HeaderBytes.trimmed(l)
            if form == nil, HeaderBytes.hasPrefix(t, Phrase.form8K) {
                let rest = stringFrom(t).dropFirst("form ".count).split(separator: " ").first.map(String.init) ?? "8-k"
                form = CoverPage.trimmingPunctuation(rest.uppercased())
            }
            if reportDate == nil, let r = HeaderBytes.offset(of: Phrase.dateOfReport, in: l) {
                var text = Array(l.dropFirst(r + Phrase.dateOfReport.count))
                var k = i + 1
                while k < Swift.min(lines.count, i + 4) { text.append(ASCII.space); text += lines.lower(k); k += 1 }
                reportDate = MonthNames.firstDate(in: stringFrom(text))?.iso
            }
            if company == nil, HeaderBytes.offset(of: Phrase.exactName, in: l) != nil {
                if let above = CoverPage.lineAbove(lines, i) {
                    let name = collapseSpaces(lines.string(above))
                    if !name.isEmpty && name.count < 120 { company = CompanyNames.titleCased(name) }
                }
            }
            if stateOfIncorporation == nil,
               let col = HeaderBytes.offset(of: Phrase.stateOrOther, in: l) ?? HeaderBytes.offset(of: Phrase.stateOfIncorporation, in: l) {
                let span = col..<(col + 28)
                if let v = CoverPage.valueAbove(lines, i, span: span, accept: CoverPage.isStateName) {
                    stateOfIncorporation = v
                }
            }
            if commissionFileNumber == nil,
               let col = HeaderBytes.offset(of: Phrase.commission, in: l) ?? HeaderBytes.offset(of: Phrase.commissionFile, in: l) {
                commissionFileNumber = CoverPage.valueAbove(lines, i, span: col..<(col + 24), accept: CoverPage.isFileNumber)
                    ?? CoverPage.tokenNear(lines, i, accept: CoverPage.isFileNumber)
            }
            if irsEIN == nil, let found = HeaderBytes.offset(of: Phrase.employer, in: l) ?? HeaderBytes.offset(of: Phrase.identificationNo, in: l) {
                // The caption's column: its "(" when it has one.
                var col = found
                if let p = l.prefix(found).lastIndex(of: ASCII.lparen) { col = p - l.startIndex }
                irsEIN = CoverPage.valueAbove(lines, i, span: col..<(col + 36), accept: CoverPage.isEIN)
                    ?? CoverPage.tokenNear(lines, i, accept: CoverPage.isEIN)
            }
        }
        items = CoverPage.items(lines)
        exhibits = CoverPage.exhibits(lines)
    }

    /// The captions searched for, in lower case.
    private enum Phrase {
        static let form8K = Array("form 8-k".utf8)
        static let dateOfReport = Array("date of report".utf8)
        static let exactName = Array("(exact name of registrant".utf8)
        static let stateOrOther = Array("(state or other jurisdiction".utf8)
        static let stateOfIncorporation = Array("(state of incorporation".utf8)
        static let commission = Array("(commission".utf8)
        static let commissionFile = Array("commission file".utf8)
        static let employer = Array("employer".utf8)
        static let identificationNo = Array("identification no".utf8)
        static let item = Array("item ".utf8)
        static let exhibit = Array("exhibit".utf8)
        static let exhibits = Array("exhibits".utf8)
        /// The "x" of "exhibit(s)": rarer than its "e", so searches jump to it.
        static let exhibitAnchor = 1
        static let exhibitSpace = Array("exhibit ".utf8)
        static let signature = Array("signature".utf8)
    }

    /// The document's lines up to the "SIGNATURES" heading (after line 20) or `lineLimit`.
    static func coverLines(_ document: DocumentLines) -> CoverLines {
        var lines = CoverLines(document.text)
        for (i, raw) in document.prefix(lineLimit).enumerated() {
            // A plain line is kept as a slice of the document; only other lines are copied.
            let plain = lines.stagePlain(raw)
            let expanded = plain ?? LineAnalyzer.expand(raw)[...]
            if i > 20 && firstLetter(expanded) == UInt8(ascii: "s") && isSignatureHeading(expanded) { break }
            if let p = plain { lines.append(documentPart: p.indices) } else { lines.append(expanded) }
        }
        return lines
    }

    /// "SIGNATURES", "SIGNATURE", "Signatures ...", "Signature ..." (short).
    static func isSignatureHeading(_ line: ArraySlice<UInt8>) -> Bool {
        let trimmed = HeaderBytes.trimmed(line)
        // Cheap test first: an ASCII line must start with the word. (Other lines take the string
        // test: upper-casing turns some non-ASCII letters, such as "ı", into ASCII ones.)
        if !trimmed.contains(where: { $0 >= 0x80 }) && !trimmed.hasPrefixIgnoringCase(Phrase.signature, at: trimmed.startIndex) {
            return false
        }
        let t = stringFrom(trimmed).uppercased()
        return t == "SIGNATURE" || t == "SIGNATURES" || t.hasPrefix("SIGNATURES ") || t.hasPrefix("SIGNATURE ") && t.count < 20
    }

    /// The first non-blank byte of a line, lower-cased (0 for a blank line).
    static func firstLetter(_ line: ArraySlice<UInt8>) -> UInt8 {
        for b in line where b != ASCII.space && b != ASCII.tab { return ASCII.lower(b) }
        return 0
    }

    /// `s` without leading and trailing ".", "," and ";" (as `trimmingCharacters(in:)` trims scalars).
    static func trimmingPunctuation(_ s: String) -> String {
        let scalars = s.unicodeScalars
        let keep = { (c: Unicode.Scalar) in c != "." && c != "," && c != ";" }
        guard let first = scalars.firstIndex(where: keep), let last = scalars.lastIndex(where: keep) else { return "" }
        return String(scalars[first...last])
    }

    /// A state or country name: 2-40 characters, letters, spaces and periods.
    static func isStateName(_ s: String) -> Bool {
        if let ascii = asciiBytes(s) {
            return ascii.count >= 2 && ascii.count <= 40 && ascii.allSatisfy { ASCII.isLetter($0) || $0 == ASCII.space || $0 == ASCII.period }
        }
        return s.count >= 2 && s.count <= 40 && s.allSatisfy { $0.isLetter || $0 == " " || $0 == "." }
    }

    static func isFileNumber(_ s: String) -> Bool { isDigitGroups(s, first: 1...4, second: 3...6) }

    static func isEIN(_ s: String) -> Bool { isDigitGroups(s, first: 2...2, second: 7...7) }

    /// Two runs of digits joined by one "-", with lengths in `first` and `second` (e.g. "0-27026").
    private static func isDigitGroups(_ s: String, first: ClosedRange<Int>, second: ClosedRange<Int>) -> Bool {
        if let ascii = asciiBytes(s) {
            guard let dash = ascii.firstIndex(of: ASCII.minus) else { return false }
            let head = ascii[..<dash], tail = ascii[(dash + 1)...]
            return first.contains(head.count) && second.contains(tail.count)
                && head.allSatisfy(ASCII.isDigit) && tail.allSatisfy(ASCII.isDigit)
        }
        let parts = s.split(separator: "-", omittingEmptySubsequences: false)
        return parts.count == 2 && first.contains(parts[0].count) && second.contains(parts[1].count)
            && parts.allSatisfy { $0.allSatisfy(\.isNumber) }
    }

    /// The bytes of `s` when it is printable ASCII: then each byte is a character, and the only
    /// letters and numbers are A-Z, a-z and 0-9.
    static func asciiBytes(_ s: String) -> [UInt8]? {
        let bytes = Array(s.utf8)
        return bytes.allSatisfy({ $0 >= 32 && $0 < 127 }) ? bytes : nil
    }

    /// Only spaces, tabs and rule characters. (Checking bytes is exact: a character equal to one of
    /// these is that single byte.)
    private static func isSeparatorOrBlank(_ line: ArraySlice<UInt8>) -> Bool {
        line.allSatisfy { $0 == ASCII.space || $0 == ASCII.minus || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "=") || $0 == ASCII.tab }
    }

    /// Nearest line above `i` that has content.
    static func lineAbove(_ lines: CoverLines, _ i: Int) -> Int? {
        var k = i - 1
        while k >= 0 && k >= i - 4 {
            if !isSeparatorOrBlank(lines[k]) { return k }
            k -= 1
        }
        return nil
    }

    /// The phrase (run of text separated by 2+ spaces) above line `i` overlapping `span` (character
    /// columns) that passes `accept`.
    static func valueAbove(_ lines: CoverLines, _ i: Int, span: Range<Int>, accept: (String) -> Bool) -> String? {
        var k = i - 1
        var checked = 0
        while k >= 0 && checked < 3 {
            if isSeparatorOrBlank(lines[k]) { k -= 1; continue }
            checked += 1
            let best: String?
            if lines.isASCII(k) {
                // Bytes are characters: columns are byte offsets.
                let line = lines[k]
                best = bestPhrase(phraseColumns(line, space: ASCII.space), span: span, accept: accept) { stringFrom(line.dropFirst($0.lowerBound).prefix($0.count)) }
            } else {
                let chars = Array(lines.string(k))
                best = bestPhrase(phraseColumns(chars, space: " "), span: span, accept: accept) { String(chars[$0]) }
            }
            if let b = best { return b }
            // The label may be the second line of a stacked caption; look one line further up.
            k -= 1
        }
        return nil
    }

    /// Text of the phrase overlapping `span` the most that passes `accept` (the first of equals).
    private static func bestPhrase(_ phrases: [Range<Int>], span: Range<Int>, accept: (String) -> Bool,
                                   text: (Range<Int>) -> String) -> String? {
        var best: (String, Int)?
        for p in phrases {
            let overlap = Swift.min(p.upperBound, span.upperBound) - Swift.max(p.lowerBound, span.lowerBound)
            // Only phrases that would win are made into strings and tested.
            guard overlap > (best?.1 ?? 0) else { continue }
            let t = text(p)
            if accept(t) { best = (t, overlap) }
        }
        return best?.0
    }

    /// Any whitespace-separated token passing `accept` within four lines of `i`.
    static func tokenNear(_ lines: CoverLines, _ i: Int, accept: (String) -> Bool) -> String? {
        for k in stride(from: i - 1, through: Swift.max(0, i - 4), by: -1) {
            for t in lines.string(k).split(separator: " ") where accept(String(t)) { return String(t) }
        }
        for k in (i + 1)..<Swift.min(lines.count, i + 5) {
            for t in lines.string(k).split(separator: " ") where accept(String(t)) { return String(t) }
        }
        return nil
    }

    /// Columns of the phrases of a line (runs of text separated by two or more spaces), the line
    /// given as characters or as ASCII bytes.
    static func phraseColumns<C: RandomAccessCollection>(_ chars: C, space: C.Element) -> [Range<Int>] where C.Index == Int, C.Element: Equatable {
        var out: [Range<Int>] = []
        let base = chars.startIndex
        let count = chars.count
        var i = 0
        while i < count {
            while i < count && chars[base + i] == space { i += 1 }
            guard i < count else { break }
            let start = i
            var end = i
            while i < count {
                if chars[base + i] == space {
                    if i + 1 < count && chars[base + i + 1] != space { i += 1; continue }
                    break
                }
                i += 1
                end = i
            }
            out.append(start..<end)
        }
        return out
    }

    /// Item numbers from lines such as "Item 7.", "ITEM 2.02", "Item 12:".
    static func items(_ lines: CoverLines) -> [String] {
        var out: [String] = []
        for i in 0..<lines.count {
            // Only lines starting with "item " (lower-cased, after blanks) can hold one.
            let t = HeaderBytes.trimmed(lines.lower(i))
            guard t.first == UInt8(ascii: "i"), t.starts(with: Phrase.item) else { continue }
            guard let n = lines.isASCII(i) ? itemNumber(asciiTrimmed: t) : itemNumber(lines.lower(i)) else { continue }
            if !out.contains(n) { out.append(n) }
        }
        return out
    }

    /// `itemNumber` for a trimmed, lower-cased ASCII line starting with "item ", read as bytes
    /// (for ASCII, bytes are characters and the numbers are the digits).
    private static func itemNumber(asciiTrimmed t: ArraySlice<UInt8>) -> String? {
        var p = t.startIndex + Phrase.item.count - 1
        guard p < t.endIndex, t[p] == ASCII.space || t[p] == ASCII.tab else { return nil }
        while p < t.endIndex && (t[p] == ASCII.space || t[p] == ASCII.tab) { p += 1 }
        let n = numberRun(t, from: p).number
        guard let first = n.first, ASCII.isDigit(first), n.count <= 5 else { return nil }
        let parts = n.split(separator: ASCII.period)
        guard parts.count <= 2, let major = Int(stringFrom(parts[0])), (1...12).contains(major) else { return nil }
        if parts.count == 2 && parts[1].count != 2 { return nil }
        return stringFrom(n)
    }

    /// The run of digits and periods of ASCII `line` starting at `p`: the number without its
    /// trailing periods, and the end of the whole run.
    private static func numberRun(_ line: ArraySlice<UInt8>, from p: Int) -> (number: ArraySlice<UInt8>, end: Int) {
        var end = p
        while end < line.endIndex && (ASCII.isDigit(line[end]) || line[end] == ASCII.period) { end += 1 }
        var numberEnd = end
        while numberEnd > p && line[numberEnd - 1] == ASCII.period { numberEnd -= 1 }
        return (line[p..<numberEnd], end)
    }

    /// The item number of a lower-cased line starting with "item".
    private static func itemNumber(_ lowerLine: ArraySlice<UInt8>) -> String? {
        let t = stringFrom(HeaderBytes.trimmed(lowerLine))
        guard t.hasPrefix("item") else { return nil }
        let rest = t.dropFirst(4)
        guard rest.first == " " || rest.first == "\t" else { return nil }
        let num = rest.drop(while: { $0 == " " || $0 == "\t" }).prefix(while: { $0.isNumber || $0 == "." })
        var n = String(num)
        while n.hasSuffix(".") { n.removeLast() }
        guard !n.isEmpty, n.first?.isNumber == true, n.count <= 5 else { return nil }
        let parts = n.split(separator: ".")
        guard parts.count <= 2, let major = Int(parts[0]), (1...12).contains(major) else { return nil }
        if parts.count == 2 && parts[1].count != 2 { return nil }
        return n
    }

    /// Exhibits listed under "Exhibits" in the item section, e.g. "(99.1) Press release ...".
    static func exhibits(_ lines: CoverLines) -> [Exhibit] {
        var out: [Exhibit] = []
        var inExhibits = false
        var i = 0
        while i < lines.count {
            let lower = lines.lower(i)
            let first = firstLetter(lower)
            // Only item headings, "Exhibits" headings and lines under them matter.
            guard inExhibits || first == UInt8(ascii: "i") || first == UInt8(ascii: "e") || first == UInt8(ascii: "(")
                    || HeaderBytes.find(Phrase.exhibits, anchor: Phrase.exhibitAnchor, in: lower) != nil else {
                i += 1
                continue
            }
            let t = HeaderBytes.trimmed(lines[i])
            let tl = HeaderBytes.trimmed(lower)
            if HeaderBytes.hasPrefix(tl, Phrase.item) {
                inExhibits = HeaderBytes.find(Phrase.exhibit, anchor: Phrase.exhibitAnchor, in: tl) != nil
                i += 1
                continue
            }
            if HeaderBytes.find(Phrase.exhibits, anchor: Phrase.exhibitAnchor, in: tl) != nil && lines.characterCount(t, line: i) < 60 { inExhibits = true; i += 1; continue }
            guard inExhibits, !t.isEmpty else { i += 1; continue }
            if let (number, desc, indent) = exhibitLine(lines, i) {
                var d = desc
                var k = i + 1
                while k < lines.count {
                    let nt = HeaderBytes.trimmed(lines[k])
                    if nt.isEmpty || exhibitLine(lines, k) != nil || lines.indent(k) <= indent
                        || HeaderBytes.hasPrefix(HeaderBytes.trimmed(lines.lower(k)), Phrase.item) { break }
                    d += " " + collapseSpaces(stringFrom(nt))
                    k += 1
                }
                let type = "EX-" + number
                if !out.contains(where: { $0.type == type }) {
                    out.append(Exhibit(type: type, description: d.isEmpty ? nil : d))
                }
                i = k
                continue
            }
            i += 1
        }
        return out
    }

    /// `exhibitLine` for line `i`, skipping lines that cannot be one: after blanks, an optional
    /// "exhibit " and "(", an exhibit line starts with a digit.
    private static func exhibitLine(_ lines: CoverLines, _ i: Int) -> (String, String, Int)? {
        let t = HeaderBytes.trimmed(lines.lower(i))
        var p = t.startIndex
        if t.starts(with: Phrase.exhibitSpace) {
            p += Phrase.exhibitSpace.count
            while p < t.endIndex && t[p] == ASCII.space { p += 1 }
        }
        if p < t.endIndex && t[p] == ASCII.lparen { p += 1 }
        guard p < t.endIndex && ASCII.isDigit(t[p]) else { return nil }
        return lines.isASCII(i) ? exhibitLine(ascii: lines[i]) : exhibitLine(lines.string(i))
    }

    /// `exhibitLine` for an ASCII line, read as bytes (for ASCII, bytes are characters, the
    /// numbers are the digits and the letters are A-Z and a-z).
    private static func exhibitLine(ascii line: ArraySlice<UInt8>) -> (String, String, Int)? {
        let indent = line.prefix(while: { $0 == ASCII.space }).count
        let t = HeaderBytes.trimmed(line)
        var p = t.startIndex
        if t.hasPrefixIgnoringCase(Phrase.exhibitSpace, at: p) {
            p += Phrase.exhibitSpace.count
            while p < t.endIndex && t[p] == ASCII.space { p += 1 }
        }
        let paren = p < t.endIndex && t[p] == ASCII.lparen
        if paren { p += 1 }
        let (n, end) = numberRun(t, from: p)
        guard let first = n.first, ASCII.isDigit(first) else { return nil }
        let majorDigits = n.prefix(while: ASCII.isDigit)
        guard let major = Int(stringFrom(majorDigits)), (1...110).contains(major) else { return nil }
        p = end
        if paren {
            guard p < t.endIndex && t[p] == ASCII.rparen else { return nil }
            p += 1
        }
        guard p < t.endIndex && (t[p] == ASCII.space || t[p] == ASCII.tab) else { return nil }
        let desc = collapseSpaces(stringFrom(t[p...]))
        guard let d = desc.utf8.first, ASCII.isLetter(d) else { return nil }
        return (stringFrom(n), desc, indent)
    }

    /// Parses "(99.1) Text", "99.1  Text", "Exhibit 99.1 Text"; returns number, description, indent.
    static func exhibitLine(_ line: String) -> (String, String, Int)? {
        let indent = line.prefix(while: { $0 == " " }).count
        var t = Substring(line.trimmingSpaces)
        if t.lowercased().hasPrefix("exhibit ") { t = t.dropFirst("exhibit ".count).drop(while: { $0 == " " }) }
        var paren = false
        if t.first == "(" { paren = true; t = t.dropFirst() }
        let num = t.prefix(while: { $0.isNumber || $0 == "." })
        guard !num.isEmpty, num.first?.isNumber == true else { return nil }
        var n = String(num)
        while n.hasSuffix(".") { n.removeLast() }
        guard let major = Int(n.split(separator: ".").first ?? ""), (1...110).contains(major) else { return nil }
        t = t.dropFirst(num.count)
        if paren {
            guard t.first == ")" else { return nil }
            t = t.dropFirst()
        }
        guard t.first == " " || t.first == "\t" else { return nil }
        let desc = collapseSpaces(String(t))
        guard !desc.isEmpty, desc.first?.isLetter == true else { return nil }
        return (n, desc, indent)
    }
}

/// The first lines of a plain-text document (at most `limit`), read one after another as slices
/// of its bytes; each is expanded only when read, so a cover page that ends early costs little.
struct DocumentLines: Sequence {
    let text: ArraySlice<UInt8>
    let limit: Int

    init(_ text: ArraySlice<UInt8>, limit: Int) {
        self.text = text
        self.limit = limit
    }

    /// Lines end at newlines; a final line without a newline counts, an empty one after it does not.
    struct Iterator: IteratorProtocol {
        let text: ArraySlice<UInt8>
        var start: Int
        var left: Int

        mutating func next() -> ArraySlice<UInt8>? {
            guard start < text.endIndex && left > 0 else { return nil }
            left -= 1
            let end = text.withUnsafeBufferPointer { p -> Int in
                let offset = start - text.startIndex
                guard let base = p.baseAddress, let hit = memchr(base + offset, Int32(ASCII.newline), p.count - offset) else { return text.endIndex }
                return text.startIndex + base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
            }
            defer { start = end + 1 }
            return text[start..<end]
        }
    }

    func makeIterator() -> Iterator { Iterator(text: text, start: text.startIndex, left: limit) }

    static let dotLeader = Array("....".utf8)

    /// The first `n` expanded lines joined by spaces.
    func joined(first n: Int) -> String {
        var out: [UInt8] = []
        for (i, line) in prefix(n).enumerated() {
            if i > 0 { out.append(ASCII.space) }
            out += LineAnalyzer.expanded(line)
        }
        return stringFrom(out)
    }
}

/// The lines of a cover page, expanded, each also lower-cased. Plain lines are parts of the
/// document; the others (expanded copies) and the lower-cased lines are kept in buffers.
struct CoverLines {
    private struct Line {
        /// Where the line is: in `document`, or in `expandedText`.
        var range: Range<Int>
        var inDocument: Bool
        /// Lines of ASCII bytes only: for them byte offsets are character columns and byte tests
        /// are character tests; other lines go through `String` where that can differ.
        var isASCII: Bool
        var lower: Range<Int>
    }

    private let document: ArraySlice<UInt8>
    private var expandedText: [UInt8] = []
    /// The lower-cased lines, in `lowerText[..<lowerCount]`; the rest is room for the next line.
    private var lowerText: [UInt8]
    private var lowerCount = 0
    /// What `stagePlain` learned of the line it lower-cased into the room after `lowerCount`.
    private var staged = LowerCased.Traits()
    private var lines: [Line] = []

    var count: Int { lines.count }

    subscript(i: Int) -> ArraySlice<UInt8> {
        let line = lines[i]
        return line.inDocument ? document[line.range] : expandedText[line.range]
    }

    /// Line `i` lower-cased as `String.lowercased` does (ASCII lines byte by byte).
    func lower(_ i: Int) -> ArraySlice<UInt8> { lowerText[lines[i].lower] }

    func isASCII(_ i: Int) -> Bool { lines[i].isASCII }

    func string(_ i: Int) -> String { stringFrom(self[i]) }

    /// Lines of `document` (the whole document text, or a larger part of it).
    init(_ document: ArraySlice<UInt8>) {
        self.document = document
        // Sized for the cover of most documents; grown when a line does not fit.
        // (Left uninitialized: every byte is written before it is read.)
        let room = Swift.min(document.count, 32_768) + 8
        lowerText = [UInt8](unsafeUninitializedCapacity: room) { _, count in count = room }
        lines.reserveCapacity(CoverPage.lineLimit)
    }

    /// `LineAnalyzer.expanded(raw)` for a plain line, found while lower-casing `raw` into the room after the lines
    /// (one pass tests for tabs, control characters and non-ASCII bytes and counts periods; only a
    /// line with four periods is searched for a dot leader). `append(documentPart:)` of the plain
    /// line then keeps that lower-cased copy.
    mutating func stagePlain(_ raw: ArraySlice<UInt8>) -> ArraySlice<UInt8>? {
        staged = lowerCaseIntoRoom(raw)
        if staged.hasControl || staged.mayHaveDotLeader && raw.find(DocumentLines.dotLeader) != nil { return nil }
        var end = raw.endIndex
        while end > raw.startIndex && raw[end - 1] == ASCII.space { end -= 1 }
        return raw[raw.startIndex..<end]
    }

    /// Adds the plain line `document[range]` just staged by `stagePlain`, kept where it is.
    mutating func append(documentPart range: Range<Int>) {
        // The staged copy is the whole raw line; the plain line is its start.
        commitLine(document[range], range: range, inDocument: true)
    }

    /// Adds a line that is not part of the document, copied.
    mutating func append(_ line: ArraySlice<UInt8>) {
        expandedText.append(contentsOf: line)
        staged = lowerCaseIntoRoom(line)
        commitLine(line, range: (expandedText.count - line.count)..<expandedText.count, inDocument: false)
    }

    /// Lower-cases `line` (ASCII letters) into the room after the lines, growing it when needed.
    private mutating func lowerCaseIntoRoom(_ line: ArraySlice<UInt8>) -> LowerCased.Traits {
        // Eight bytes of slack: the tail is copied eight bytes at a time.
        if lowerCount + line.count + 8 > lowerText.count {
            lowerText += repeatElement(0, count: Swift.max(line.count + 8, lowerText.count))
        }
        let start = lowerCount
        return line.withUnsafeBufferPointer { src in
            lowerText.withUnsafeMutableBufferPointer { dst in LowerCased.copy(src, to: dst.baseAddress! + start) }
        }
    }

    /// Records the staged line `line` (its first `line.count` lower-cased bytes).
    private mutating func commitLine(_ line: ArraySlice<UInt8>, range: Range<Int>, inDocument: Bool) {
        let lowerStart = lowerCount
        let ascii = !staged.hasNonASCII
        if ascii {
            lowerCount += line.count
        } else {
            // Unicode lower-casing can change lengths ("İ" becomes "i̇").
            let lowered = Array(stringFrom(line).lowercased().utf8)
            if lowerCount + lowered.count + 8 > lowerText.count {
                lowerText += repeatElement(0, count: Swift.max(lowered.count + 8, lowerText.count))
            }
            lowerText.replaceSubrange(lowerCount..<(lowerCount + lowered.count), with: lowered)
            lowerCount += lowered.count
        }
        lines.append(Line(range: range, inDocument: inDocument, isASCII: ascii, lower: lowerStart..<lowerCount))
    }

    /// Characters in `part` of line `i`.
    func characterCount(_ part: ArraySlice<UInt8>, line i: Int) -> Int {
        isASCII(i) ? part.count : stringFrom(part).count
    }

    /// Leading spaces of line `i`, in characters.
    func indent(_ i: Int) -> Int {
        isASCII(i) ? self[i].prefix(while: { $0 == ASCII.space }).count : string(i).prefix(while: { $0 == " " }).count
    }
}

/// ASCII lower-casing of a line, eight bytes at a time, noting what the line holds on the way.
enum LowerCased {
    struct Traits {
        /// A byte of 0x80 or more.
        var hasNonASCII = false
        /// A byte below 32: tab, newline or other control character.
        var hasControl = false
        /// Four or more periods, or a line too long to have counted them.
        var mayHaveDotLeader = false
    }

    /// Copies `src` to `dst` with A-Z lower-cased (writing up to 7 bytes beyond `src.count`).
    static func copy(_ src: UnsafeBufferPointer<UInt8>, to dst: UnsafeMutablePointer<UInt8>) -> Traits {
        guard let base = src.baseAddress else { return Traits() }
        let n = src.count
        var any: UInt64 = 0, control: UInt64 = 0
        // Periods counted per byte lane; a lane cannot overflow before 255 * 8 bytes.
        var periods: UInt64 = 0
        var i = 0
        func put(_ x: UInt64) {
            let upper = EightBytes.below(x, 91) & ~EightBytes.below(x, 65)
            // Bit 7 of an upper-case byte, moved to bit 5: its lower-case letter.
            UnsafeMutableRawPointer(dst + i).storeBytes(of: x | upper >> 2, as: UInt64.self)
            any |= x
            control |= EightBytes.below(x, 32)
            periods &+= EightBytes.equal(x, ASCII.period) >> 7
        }
        while i + 8 <= n {
            put(UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self))
            i += 8
        }
        if i < n {
            // The last bytes, padded with spaces (which change nothing).
            var last: UInt64 = 0x2020_2020_2020_2020
            withUnsafeMutableBytes(of: &last) { tail in
                for k in 0..<(n - i) { tail[k] = base[i + k] }
            }
            put(last)
        }
        // The lane counts summed (exact while the line is shorter than 256 bytes).
        let total = (periods &* 0x0101_0101_0101_0101) >> 56
        return Traits(hasNonASCII: any & 0x8080_8080_8080_8080 != 0, hasControl: control != 0,
                      mayHaveDotLeader: n >= 256 || total >= 4)
    }
}
