// Classifies the lines of a plain-text document: blank, rule ("-----"), table tags, text; and
// splits text lines into a label and right-hand value cells by column position.

enum CellKind: Equatable {
    case number
    case percent
    /// "-", "--", "---": printed zero.
    case dash
    /// "N/A", "NA", "NM": no value.
    case missing
}

/// One value printed in a line, with its horizontal position.
struct Cell: Equatable {
    /// First column of the cell, including "$" and "(".
    var start: Int
    /// One past the last column of the cell.
    var end: Int
    /// One past the last digit (numbers are right-aligned on their digits); `end` for non-numbers.
    var anchor: Int
    var kind: CellKind
    /// Printed value (percentages as fractions); nil for `.missing`.
    var value: Double?
}

/// A maximal run of non-space bytes.
struct Word: Equatable {
    var start: Int
    var end: Int
}

struct AnalyzedLine {
    enum Kind: Equatable { case blank, separator, text }

    /// The line's bytes are `AnalyzedText.bytes[start..<start + count]`; every position below
    /// (indent, label end, cells) counts from `start`, so columns compare across lines.
    var start: Int
    var count: Int
    var kind: Kind
    var indent: Int
    /// The label is bytes `indent..<labelEnd` of the line (trailing spaces excluded).
    var labelEnd: Int
    var cells: [Cell]
    var opensTable = false
    var closesTable = false
    var isPageBreak = false
    var isYearLine = false
    /// A "=====" rule (closes a total) rather than "-----" (opens one).
    var isDoubleRule = false

    var hasNumericCell: Bool { cells.contains { $0.kind == .number || $0.kind == .percent } }
    var isLabelOnly: Bool { kind == .text && cells.isEmpty && labelEnd > indent }
}

/// A plain-text document as analyzed lines. The lines' bytes (tabs expanded, control characters
/// dropped, table tags blanked, trailing spaces removed) sit end to end in one buffer, so a
/// document costs one allocation for its text, not one per line.
struct AnalyzedText {
    private(set) var bytes: [UInt8]
    private(set) var lines: [AnalyzedLine]

    var count: Int { lines.count }
    subscript(i: Int) -> AnalyzedLine { lines[i] }

    /// The bytes of line `i` as an array of their own (positions count from 0).
    func bytes(of i: Int) -> [UInt8] {
        let l = lines[i]
        return Array(bytes[l.start..<(l.start + l.count)])
    }

    /// Bytes `range` of line `i` as a string.
    func text(_ i: Int, _ range: Range<Int>) -> String {
        let s = lines[i].start
        return stringFrom(bytes[(s + range.lowerBound)..<(s + range.upperBound)])
    }

    /// Bytes `range` of line `i` as a string, whitespace collapsed.
    func collapsedText(_ i: Int, _ range: Range<Int>) -> String {
        let s = lines[i].start
        return bytes.withUnsafeBufferPointer { collapseSpaces(UnsafeBufferPointer(rebasing: $0[(s + range.lowerBound)..<(s + range.upperBound)])) }
    }

    /// The label of line `i`, whitespace collapsed.
    func label(_ i: Int) -> String {
        let l = lines[i]
        guard l.labelEnd > l.indent else { return "" }
        return collapsedText(i, l.indent..<l.labelEnd)
    }

    /// Line `i` is running text (a text line without value cells that reads as prose). Asked
    /// only near tables, so it is worked out on demand.
    func isProse(_ i: Int) -> Bool {
        let l = lines[i]
        guard l.kind == .text && l.cells.isEmpty else { return false }
        return bytes.withUnsafeBufferPointer { LineAnalyzer.isProse(UnsafeBufferPointer(rebasing: $0[l.start..<(l.start + l.count)])) }
    }

    /// Phrases of line `i`: runs of text separated by two or more spaces.
    func phrases(_ i: Int) -> [Word] { LineAnalyzer.phrases(bytes(of: i)) }
}

enum LineAnalyzer {
    /// Work arrays reused from line to line.
    struct Scratch {
        var words: [Word] = []
        var tokens: [Word] = []
        var parsed: [ParsedValue] = []
    }

    /// Splits a document into analyzed lines (tabs expanded, CR removed, SGML table tags blanked).
    static func analyze(_ text: ArraySlice<UInt8>) -> AnalyzedText {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.count)
        var lines: [AnalyzedLine] = []
        lines.reserveCapacity(text.count / 40 + 1)
        var scratch = Scratch()
        // Each line is found with memchr; what it may need (expansion, a year test, table tags)
        // comes from `RawLineTraits`.
        text.withUnsafeBufferPointer { p in
            var lineStart = 0
            while lineStart <= p.count {
                let lineEnd = ByteSearch.first(ASCII.newline, in: p, from: lineStart) ?? p.count
                if lineEnd > lineStart || lineEnd < p.count {
                    let raw = UnsafeBufferPointer(rebasing: p[lineStart..<lineEnd])
                    let traits = RawLineTraits(raw)
                    let start = bytes.count
                    if traits.isPlain { appendTrimmed(raw, to: &bytes) } else { appendExpanded(raw, to: &bytes) }
                    lines.append(analyzeLine(in: &bytes, from: start, mayHaveYear: traits.mayHaveYear, mayHaveTags: traits.hasTags,
                                             scratch: &scratch))
                }
                lineStart = lineEnd + 1
            }
        }
        return AnalyzedText(bytes: bytes, lines: lines)
    }

    /// One line analyzed on its own, as `analyze` would (tests and fuzzing).
    static func analyzeLine(_ input: [UInt8]) -> AnalyzedText {
        var bytes: [UInt8] = []
        var scratch = Scratch()
        input.withUnsafeBufferPointer { appendTrimmed($0, to: &bytes) }
        let line = analyzeLine(in: &bytes, from: 0, mayHaveYear: nil, mayHaveTags: nil, scratch: &scratch)
        return AnalyzedText(bytes: bytes, lines: [line])
    }

    /// Appends `raw` without its trailing spaces.
    private static func appendTrimmed(_ raw: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        var end = raw.count
        while end > 0 && raw[end - 1] == ASCII.space { end -= 1 }
        out.append(contentsOf: UnsafeBufferPointer(rebasing: raw[0..<end]))
    }

    /// `expand(raw)`, without a copy for a plain line (no tab, control character or dot leader):
    /// then it is `raw` without its trailing spaces.
    static func expanded(_ raw: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        guard raw.withUnsafeBufferPointer({ RawLineTraits($0).isPlain }) else { return expand(raw)[...] }
        var end = raw.endIndex
        while end > raw.startIndex && raw[end - 1] == ASCII.space { end -= 1 }
        return raw[raw.startIndex..<end]
    }

    /// Expands tabs to 8-column stops and drops control characters.
    static func expand(_ raw: ArraySlice<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        raw.withUnsafeBufferPointer { appendExpanded($0, to: &out) }
        return out
    }

    /// Appends `raw` with tabs expanded to 8-column stops (counted from the line's start), control
    /// characters as spaces, dot leaders as spaces, and no trailing spaces.
    private static func appendExpanded(_ raw: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        let start = out.count
        out.reserveCapacity(start + raw.count)
        var dots = 0
        for b in raw {
            // Dot leaders ("Net sales..........$ 1,234") become spaces.
            if b == ASCII.period {
                dots += 1
                out.append(b)
                if dots == 4 { for k in (out.count - 4)..<out.count { out[k] = ASCII.space } }
                if dots > 4 { out[out.count - 1] = ASCII.space }
                continue
            }
            dots = 0
            if b == ASCII.tab {
                let n = 8 - (out.count - start) % 8
                for _ in 0..<n { out.append(ASCII.space) }
            } else if b < 32 {
                out.append(ASCII.space)
            } else {
                out.append(b)
            }
        }
        while out.count > start && out[out.count - 1] == ASCII.space { out.removeLast() }
    }

    /// Analyzes the line that ends `bytes`, starting at `start`; table tags in it are blanked in
    /// place. `mayHaveYear` and `mayHaveTags` let a caller that has already scanned the line skip work.
    static func analyzeLine(in bytes: inout [UInt8], from start: Int, mayHaveYear: Bool?, mayHaveTags: Bool?,
                            scratch: inout Scratch) -> AnalyzedLine {
        var opens = false, closes = false, page = false
        if mayHaveTags ?? bytes[start...].contains(ASCII.lt) {
            let kept = bytes.withUnsafeMutableBufferPointer { all in
                blankTags(UnsafeMutableBufferPointer(rebasing: all[start...]), opens: &opens, closes: &closes, page: &page)
            }
            bytes.removeLast(bytes.count - start - kept)
        }
        var line = AnalyzedLine(start: start, count: bytes.count - start, kind: .blank, indent: 0, labelEnd: 0, cells: [])
        line.opensTable = opens
        line.closesTable = closes
        line.isPageBreak = page
        bytes.withUnsafeBufferPointer { all in
            analyze(&line, UnsafeBufferPointer(rebasing: all[start...]), mayHaveYear: mayHaveYear, scratch: &scratch)
        }
        return line
    }

    /// Kind, indent, label, value cells and heading/prose flags of the line whose bytes are `b`.
    private static func analyze(_ line: inout AnalyzedLine, _ b: UnsafeBufferPointer<UInt8>, mayHaveYear: Bool?,
                                scratch: inout Scratch) {
        var indent = 0
        while indent < b.count && b[indent] == ASCII.space { indent += 1 }
        line.indent = indent
        line.labelEnd = indent
        guard indent < b.count else { return }

        var ruleChars = 0
        var other = false
        for k in indent..<b.count where b[k] != ASCII.space {
            let c = b[k]
            if c == ASCII.minus || c == 61 || c == 95 || c == 126 || c == 43 { ruleChars += 1 } else { other = true; break }
        }
        if !other && ruleChars >= 2 {
            line.kind = .separator
            line.isDoubleRule = b[indent...].contains(61)
            return
        }
        // A page number between dashes ("- 7 -", "-12-") is no row: the line stays blank.
        if b[indent] == ASCII.minus && isPageNumber(b[indent...]) { return }
        line.kind = .text
        line.labelEnd = b.count
        let mayBeHeading = mayHaveYear ?? containsYearLikeDigits(b)
        // Most lines are prose or labels: no year, and a last word of letters (no value cells).
        var lastWordStart = b.count - 1
        while lastWordStart > 0 && b[lastWordStart - 1] != ASCII.space { lastWordStart -= 1 }
        if !mayBeHeading && ASCII.isLetter(b[lastWordStart]) && b.count - lastWordStart > 3 { return }
        splitWords(b, into: &scratch.words)
        if mayBeHeading { line.isYearLine = isHeading(b, scratch.words) }
        if !line.isYearLine { splitCells(&line, b, scratch: &scratch) }
    }

    /// "- 7 -", "-12-": a dash, one to three digits and a dash, spaces around the digits allowed.
    static func isPageNumber(_ b: Slice<UnsafeBufferPointer<UInt8>>) -> Bool {
        guard b.count >= 3, b.first == ASCII.minus, b.last == ASCII.minus else { return false }
        let inner = b.dropFirst().dropLast().filter { $0 != ASCII.space }
        return (1...3).contains(inner.count) && inner.allSatisfy(ASCII.isDigit)
    }

    /// Four digits in a row starting with 19 or 20 (a possible year): the first four digits of a
    /// run are tested, as a year would be read. A date with a two-digit year counts too: "6/30/03"
    /// (two slashes between digits) or "30-Jun-03"; so do "4Q04" and "FY04". The tests run only
    /// where a digit run starts, reaches two or four digits, or at a hyphen.
    static func containsYearLikeDigits(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        // Every test looks back from a digit, or from a hyphen after one: the bytes before the
        // first digit are passed over in a tighter loop.
        guard let firstDigit = b.firstIndex(where: ASCII.isDigit) else { return false }
        var run = 0
        var slashes = 0
        for i in firstDigit..<b.count {
            guard ASCII.isDigit(b[i]) else {
                run = 0
                if b[i] == ASCII.minus && i >= 1 && i + 5 < b.count && ASCII.isDigit(b[i - 1]) && ASCII.isLetter(b[i + 1])
                    && ASCII.isLetter(b[i + 2]) && ASCII.isLetter(b[i + 3]) && b[i + 4] == ASCII.minus && ASCII.isDigit(b[i + 5]) {
                    return true  // "30-Jun-03"
                }
                continue
            }
            run += 1
            switch run {
            case 1:
                if i >= 2 && (b[i - 1] == 47 || b[i - 1] == ASCII.minus) && ASCII.isDigit(b[i - 2]) {
                    slashes += 1  // "6/3" in "6/30/03"
                    if slashes >= 2 { return true }
                }
                if i >= 2 && b[i - 1] | 0x20 == 0x71 && isQuarterYear(b[(i - 2)...].prefix(4)) { return true }  // "4Q04"
            case 2:
                if i >= 3 && (i + 1 == b.count || !ASCII.isDigit(b[i + 1])) && (i == 3 || !ASCII.isLetter(b[i - 4]))
                    && isFiscalYear(b[(i - 3)...i]) { return true }  // "FY04"
                if i >= 2 && (i + 1 == b.count || !ASCII.isDigit(b[i + 1])) && endsWithApostrophe(b[..<(i - 1)]) { return true }  // "Q4'04"
            case 4:
                let s = i - 3
                if (b[s] == 49 && b[s + 1] == 57) || (b[s] == 50 && b[s + 1] == 48) { return true }
            default:
                break
            }
        }
        return false
    }

    /// A quarter and its year in one word: "4Q04" (quarter 1 to 4, "Q", two-digit year), as
    /// five-quarter trend tables head their columns.
    static func isQuarterYear<C: Collection>(_ w: C) -> Bool where C.Element == UInt8 {
        guard let (b0, b1, b2, b3) = fourBytes(w) else { return false }
        return (49...52).contains(b0) && b1 | 0x20 == 0x71 && ASCII.isDigit(b2) && ASCII.isDigit(b3)
    }

    /// A fiscal year with a two-digit year in one word: "FY04" (as in "Q1 FY04").
    static func isFiscalYear<C: Collection>(_ w: C) -> Bool where C.Element == UInt8 {
        guard let (b0, b1, b2, b3) = fourBytes(w) else { return false }
        return b0 | 0x20 == 0x66 && b1 | 0x20 == 0x79 && ASCII.isDigit(b2) && ASCII.isDigit(b3)
    }

    /// A two-digit year after an apostrophe ends the word: "Q4'04", "4Q'04", "'04" (as in "Fourth
    /// Quarter '04"), the apostrophe straight or typographic (U+2019).
    static func isApostropheYear<C: BidirectionalCollection>(_ w: C) -> Bool where C.Element == UInt8 {
        let digits = w.reversed().prefix(while: ASCII.isDigit)
        return digits.count == 2 && endsWithApostrophe(w.dropLast(2))
    }

    /// The bytes end with an apostrophe: "'" or the UTF-8 of U+2019.
    static func endsWithApostrophe<C: BidirectionalCollection>(_ b: C) -> Bool where C.Element == UInt8 {
        b.last == 0x27 || b.suffix(3).elementsEqual([0xE2, 0x80, 0x99])
    }

    /// The bytes of a four-byte word, without copying it (these run for every two-digit number
    /// on every line read).
    private static func fourBytes<C: Collection>(_ w: C) -> (UInt8, UInt8, UInt8, UInt8)? where C.Element == UInt8 {
        guard w.count == 4 else { return nil }
        var i = w.startIndex
        func next() -> UInt8 { defer { i = w.index(after: i) }; return w[i] }
        return (next(), next(), next(), next())
    }

    /// Replaces the SGML table markup (<TABLE>, <CAPTION>, <S>, <C>, <PAGE>, <FN>...) by spaces;
    /// returns the line's length without the trailing spaces that leaves.
    private static let knownTags: [[UInt8]] = ["table", "/table", "caption", "/caption", "s", "c", "page", "fn", "/fn", "f1", "f2", "f3", "f4", "r", "/r"]
        .map { Array($0.utf8) }
    private static let tableTag = Array("table".utf8), tableEndTag = Array("/table".utf8), pageTag = Array("page".utf8)

    static func blankTags(_ b: UnsafeMutableBufferPointer<UInt8>, opens: inout Bool, closes: inout Bool, page: inout Bool) -> Int {
        var i = 0
        while i < b.count {
            guard b[i] == ASCII.lt, let close = b[i..<Swift.min(b.count, i + 13)].firstIndex(of: 62) else { i += 1; continue }
            var name = b[(i + 1)..<close].map { ASCII.lower($0) }
            if let sp = name.firstIndex(of: ASCII.space) { name = Array(name[..<sp]) }
            if knownTags.contains(name) {
                if name == tableTag { opens = true }
                if name == tableEndTag { closes = true }
                if name == pageTag { page = true }
                for k in i...close { b[k] = ASCII.space }
                i = close + 1
            } else {
                i += 1
            }
        }
        var end = b.count
        while end > 0 && b[end - 1] == ASCII.space { end -= 1 }
        return end
    }

    /// Maximal runs of non-space bytes, into `words`.
    static func splitWords(_ b: UnsafeBufferPointer<UInt8>, into words: inout [Word]) {
        words.removeAll(keepingCapacity: true)
        var i = 0
        while i < b.count {
            while i < b.count && b[i] == ASCII.space { i += 1 }
            guard i < b.count else { break }
            let s = i
            while i < b.count && b[i] != ASCII.space { i += 1 }
            words.append(Word(start: s, end: i))
        }
    }

    static func splitWords(_ b: [UInt8]) -> [Word] {
        var words: [Word] = []
        b.withUnsafeBufferPointer { splitWords($0, into: &words) }
        return words
    }

    static func phrases(_ b: [UInt8]) -> [Word] {
        var out: [Word] = []
        var i = 0
        while i < b.count {
            while i < b.count && b[i] == ASCII.space { i += 1 }
            guard i < b.count else { break }
            let s = i
            var e = i
            while i < b.count {
                if b[i] == ASCII.space {
                    if i + 1 < b.count && b[i + 1] != ASCII.space { i += 1; continue }
                    break
                }
                i += 1
                e = i
            }
            out.append(Word(start: s, end: e))
        }
        return out
    }

    // MARK: - Values

    struct ParsedValue {
        var kind: CellKind
        var value: Double?
        var firstDigit: Int
        var lastDigitEnd: Int
    }

    /// Parses a value token spanning `b[s..<e]` (it may contain spaces after "$" or inside "4,180 ,000").
    static func parseValue(_ b: [UInt8], _ s: Int, _ e: Int) -> ParsedValue? {
        b.withUnsafeBufferPointer { parseValue($0, s, e) }
    }

    static func parseValue(_ b: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> ParsedValue? {
        var i = s
        func skipSpaces() { while i < e && b[i] == ASCII.space { i += 1 } }
        var dollar = false
        while i < e && b[i] == ASCII.dollar { i += 1; dollar = true; skipSpaces() }
        var neg = false
        var paren = false
        if i < e && b[i] == ASCII.lparen { paren = true; neg = true; i += 1; skipSpaces() }
        while i < e && b[i] == ASCII.dollar { i += 1; dollar = true; skipSpaces() }
        // Dashes and not-available markers ("--", "—", "-0-", "N/A"): the printed bytes without
        // spaces (and without the ")" closing a "("), in upper case. Numbers start with a digit or
        // a point and are not looked at here.
        // Only a token that starts as a marker does and is not longer than the longest one (and a
        // ")" closing a "(") is copied to be compared: most tokens here are words of labels.
        if i < e, !ASCII.isDigit(b[i]), b[i] != ASCII.period, e - i <= 12,
           let first = b[i..<e].first(where: { $0 != ASCII.space }), markerStarts.contains(upper(first)),
           b[i..<e].lazy.filter({ $0 != ASCII.space }).count <= longestMarker + 1 {
            var printed = b[i..<e].filter { $0 != ASCII.space }.map(upper)
            if paren && printed.last == ASCII.rparen { printed.removeLast() }
            if dashes.contains(printed) { return ParsedValue(kind: .dash, value: 0, firstDigit: s, lastDigitEnd: e) }
            if !dollar && !paren && notAvailable.contains(printed) {
                return ParsedValue(kind: .missing, value: nil, firstDigit: s, lastDigitEnd: e)
            }
        }
        if i < e && (b[i] == ASCII.minus || b[i] == 43) {
            if b[i] == ASCII.minus { neg = !neg }
            i += 1
            while i < e && b[i] == ASCII.dollar { i += 1; dollar = true }
        }
        // Digits: the value is accumulated exactly as an integer and a count of decimals.
        var mantissa: UInt64 = 0
        var digitCount = 0
        var decimals = 0
        var firstDigit = -1
        var lastDigitEnd = -1
        var sawDot = false
        var lastWasComma = false
        let numberStart = i
        while i < e {
            let c = b[i]
            if ASCII.isDigit(c) {
                if firstDigit < 0 { firstDigit = i }
                lastDigitEnd = i + 1
                digitCount += 1
                if digitCount <= 18 { mantissa = mantissa &* 10 &+ UInt64(c - 48) }
                if sawDot { decimals += 1 }
                lastWasComma = false
            } else if c == ASCII.comma {
                if firstDigit < 0 || sawDot || lastWasComma { return nil }
                lastWasComma = true
            } else if c == ASCII.period {
                if sawDot || lastWasComma { return nil }
                sawDot = true
            } else if c == ASCII.space {
                // Only "4,180 ,000": a space directly before a comma group.
                var k = i
                while k < e && b[k] == ASCII.space { k += 1 }
                guard k < e, b[k] == ASCII.comma, firstDigit >= 0 else { break }
                i = k
                continue
            } else {
                break
            }
            i += 1
        }
        guard firstDigit >= 0, !lastWasComma, digitCount + (sawDot ? 1 : 0) <= 18 else { return nil }
        if sawDot && decimals == 0 { return nil }
        let numberEnd = i
        // Trailer: ")" "%" footnote "*".
        var percent = false
        while i < e {
            let c = b[i]
            if c == ASCII.rparen {
                paren = false
            } else if c == ASCII.percent {
                percent = true
            } else if c == 42 || c == ASCII.space {
                // footnote star or padding
            } else if c == ASCII.lparen && i + 2 < e && b[i + 2] == ASCII.rparen && (ASCII.isLetter(b[i + 1]) || ASCII.isDigit(b[i + 1])) {
                // footnote marker "1,234(a)"
                i += 2
            } else {
                return nil
            }
            i += 1
        }
        var v: Double
        if digitCount <= 15 {
            // Both operands are exact, so the quotient is the correctly rounded decimal.
            v = Double(mantissa) / powersOfTen[decimals]
        } else {
            guard let parsed = Double(stringFrom(b[numberStart..<numberEnd].filter { ASCII.isDigit($0) || $0 == ASCII.period })) else { return nil }
            v = parsed
        }
        guard v.isFinite else { return nil }
        if neg { v = -v }
        if percent { v /= 100 }
        return ParsedValue(kind: percent ? .percent : .number, value: v, firstDigit: firstDigit, lastDigitEnd: lastDigitEnd)
    }

    /// Printed zeros: "-", "--", "---", em dash, en dash, "-0-".
    private static let dashes = ["-", "--", "---", "\u{2014}", "\u{2013}", "-0-"].map { Array($0.utf8) }
    /// No value: "N/A", "NA", "NM", "N/M" (upper case).
    private static let notAvailable = ["N/A", "NA", "NM", "N/M"].map { Array($0.utf8) }
    /// The bytes of the longest of `dashes` and `notAvailable`, and the bytes they start with.
    private static let longestMarker = (dashes + notAvailable).map(\.count).max()!
    private static let markerStarts = Set((dashes + notAvailable).map { $0[0] })
    @inline(__always) private static func upper(_ c: UInt8) -> UInt8 { ASCII.isLower(c) ? c - 32 : c }

    private static let powersOfTen: [Double] = (0...18).map { Double("1e\($0)")! }

    /// Peels value cells off the right end of a line; what remains on the left is the label.
    static func splitCells(_ line: inout AnalyzedLine, _ b: UnsafeBufferPointer<UInt8>, scratch: inout Scratch) {
        let words = scratch.words
        // Prose and labels end in a word: no value cells (saves the work below for most lines).
        if let last = words.last, ASCII.isLetter(b[last.start]), last.end - last.start > 3 { return }
        // Merge "$" / "(" / "$(" with the following word, and "4,180" with ",000".
        // The work arrays are moved out of `scratch` (and back) so they stay uniquely referenced.
        var tokens: [Word] = []
        swap(&tokens, &scratch.tokens)
        defer { swap(&tokens, &scratch.tokens) }
        tokens.removeAll(keepingCapacity: true)
        var k = 0
        while k < words.count {
            var w = words[k]
            var isPrefixOnly = w.end > w.start
            for i in w.start..<w.end where b[i] != ASCII.dollar && b[i] != ASCII.lparen {
                isPrefixOnly = false
                break
            }
            if isPrefixOnly && k + 1 < words.count {
                w.end = words[k + 1].end
                k += 1
            }
            while k + 1 < words.count, words[k + 1].start == w.end + 1, b[words[k + 1].start] == ASCII.comma,
                  words[k + 1].end - words[k + 1].start >= 2, ASCII.isDigit(b[words[k + 1].start + 1]),
                  w.end > w.start, ASCII.isDigit(b[w.end - 1]) {
                w.end = words[k + 1].end
                k += 1
            }
            // "7 %": a percent sign one space after its number.
            if k + 1 < words.count, words[k + 1].end - words[k + 1].start == 1, b[words[k + 1].start] == ASCII.percent,
               words[k + 1].start == w.end + 1, w.end > w.start, ASCII.isDigit(b[w.end - 1]) || b[w.end - 1] == ASCII.rparen {
                w.end = words[k + 1].end
                k += 1
            }
            tokens.append(w)
            k += 1
        }
        // Parse from the right only as far as the values go: `parsed` holds the values of
        // tokens[first...] right to left.
        var parsed: [ParsedValue] = []
        swap(&parsed, &scratch.parsed)
        defer { swap(&parsed, &scratch.parsed) }
        parsed.removeAll(keepingCapacity: true)
        var first = tokens.count
        while first > 0 {
            let t = tokens[first - 1]
            guard ASCII.isLetter(b[t.start]) == false || t.end - t.start <= 3, let p = parseValue(b, t.start, t.end) else { break }
            parsed.append(p)
            first -= 1
        }
        guard first < tokens.count else { return }
        // Values touching the label with a single space belong to it ("in 2003", "(Note 1)").
        while first < tokens.count && first > 0 {
            let prev = tokens[first - 1]
            let gap = tokens[first].start - prev.end
            let prevEndsWithLeader = prev.end - prev.start >= 2 && b[prev.end - 1] == ASCII.period && b[prev.end - 2] == ASCII.period
            if gap >= 2 || prevEndsWithLeader { break }
            first += 1
        }
        // A run of dozens of numbers is not a financial statement row.
        guard first < tokens.count, tokens.count - first <= 30 else { return }
        var cells: [Cell] = []
        cells.reserveCapacity(tokens.count - first)
        for t in first..<tokens.count {
            let p = parsed[tokens.count - 1 - t]
            let anchor = p.kind == .number || p.kind == .percent ? p.lastDigitEnd : tokens[t].end
            cells.append(Cell(start: tokens[t].start, end: tokens[t].end, anchor: anchor, kind: p.kind, value: p.value))
        }
        // "(unaudited)   (1)": footnote markers in a heading, not values.
        if cells.allSatisfy({ $0.end - $0.start == 3 && b[$0.start] == ASCII.lparen && b[$0.end - 1] == ASCII.rparen })
            && (first == 0 || isHeadingVocabulary(stringFrom(b[tokens[0].start..<tokens[first - 1].end]))) {
            return
        }
        line.cells = cells
        // Label: everything left of the first cell, without dot leaders.
        var le = first > 0 ? tokens[first - 1].end : line.indent
        var k2 = le
        var dots = 0
        while k2 > line.indent && (b[k2 - 1] == ASCII.period || b[k2 - 1] == ASCII.space) {
            if b[k2 - 1] == ASCII.period { dots += 1 }
            k2 -= 1
        }
        if dots >= 2 { le = k2 }
        line.labelEnd = Swift.max(line.indent, le)
    }

    // MARK: - Header and prose lines

    static let headerVocabulary: Set<String> = [
        "three", "six", "nine", "twelve", "one", "two", "four", "five", "seven", "eight", "ten", "eleven",
        "thirteen", "fourteen", "twenty", "fifty", "twenty-six", "thirty-nine", "fifty-two", "fifty-three",
        "month", "months", "week", "weeks", "quarter", "quarters", "year", "years", "fiscal", "ended", "ending", "end", "ends",
        "period", "periods", "as", "of", "at", "and", "the", "for", "to", "date", "ytd", "qtd", "unaudited", "audited",
        "restated", "reported", "previously", "actual", "change", "changes", "increase", "decrease", "inc", "dec", "variance",
        "percent", "pct", "pro", "forma", "gaap", "non-gaap", "notes", "note", "total", "first", "second", "third", "fourth",
        "q1", "q2", "q3", "q4", "fy", "current", "prior", "from", "in", "thousands", "millions", "except", "per", "share",
        "data", "amounts", "dollars", "sequential", "vs", "versus", "over", "favorable", "unfavorable", "better", "worse",
        "full", "last", "this", "months:", "adjustments", "adjusted", "result", "results", "combined", "consolidated",
        "as", "adjusted", "pre", "post", "cumulative", "september", "sept",
        // Abbreviated periods: "3 Mos. Ended", "Qtr. Ended".
        "mos", "mo", "qtr", "qtrs",
        // A change column's basis: "% Change in Constant Currency".
        "constant", "currency",
    ]

    /// Heading vocabulary and month names (as `MonthNames.month` reads them, lower case), in one set.
    static let headingWords = headerVocabulary.union(MonthNames.lowerCaseNames)

    /// `headingWords` for lookups without building strings.
    private static let headingWordSet = WordSet(headingWords)

    /// A column-heading line: at least one year, and otherwise heading vocabulary, days of month,
    /// footnote markers ("(1)", "Q4", "FY2004"), with at most two other words.
    static func isHeading(_ b: UnsafeBufferPointer<UInt8>, _ words: [Word]) -> Bool {
        var years = 0
        var nonVocab = 0
        for w in words {
            var s = w.start, e = w.end
            while s < e && (b[s] == ASCII.lparen || b[s] == ASCII.dollar) { s += 1 }
            while e > s && (b[e - 1] == ASCII.rparen || b[e - 1] == ASCII.comma || b[e - 1] == 42 || b[e - 1] == ASCII.period || b[e - 1] == ASCII.colon) { e -= 1 }
            guard e > s else { continue }
            let tok = b[s..<e]
            if tok.allSatisfy(ASCII.isDigit) {
                if tok.count == 4, let y = Int(stringFrom(tok)), (1980...2039).contains(y) { years += 1; continue }
                if tok.count <= 2 { continue } // day of month
                return false  // another number: not a heading line
            }
            // "31,2007"
            if let comma = tok.firstIndex(of: ASCII.comma), comma > s, e - comma - 1 == 4,
               tok[s..<comma].allSatisfy(ASCII.isDigit), tok[(comma + 1)..<e].allSatisfy(ASCII.isDigit), comma - s <= 2 {
                years += 1
                continue
            }
            // "06/30/2003", "30-Jun-2003": a date with its year; "4Q04": a quarter with its year; "FY04": a fiscal year.
            if tok.count <= 11 && MonthNames.isNumericDate(tok) || isQuarterYear(tok) || isFiscalYear(tok) || isApostropheYear(tok) { years += 1; continue }
            if tok.contains(where: ASCII.isDigit) {
                if tok.last == ASCII.percent || tok.contains(ASCII.comma) || tok.contains(ASCII.period) {
                    return false  // another number: not a heading line
                }
                // "(1)" footnotes, "Q4", "FY2004"
                if tok.count <= 3 && !tok.contains(where: ASCII.isLetter) { continue }
                if let y = yearInside(tok), y > 0 { years += 1; continue }
                nonVocab += 1
                continue
            }
            if !tok.contains(where: ASCII.isLetter) { continue }
            if headingWordSet.contains(tok) { continue }
            if tok.count >= 5 && tok.suffix(5).hasPrefixIgnoringCase(gaapSuffix) { continue }
            nonVocab += 1
            // Decided: running text with a year in it is not a heading.
            if nonVocab > 2 { return false }
        }
        return years >= 1
    }

    private static let gaapSuffix = Array("-gaap".utf8)

    /// True when every word of a heading phrase is heading vocabulary (dates, durations, "Ended"...).
    static func isHeadingVocabulary(_ text: String) -> Bool {
        let b = Array(text.utf8)
        func inWord(_ i: Int) -> Bool { b[i] == ASCII.minus || UTF8Text.isLetter(b, at: i) }
        var i = 0
        while i < b.count {
            guard inWord(i) else { i += UTF8Text.scalarLength(b, at: i); continue }
            let start = i
            while i < b.count && inWord(i) { i += UTF8Text.scalarLength(b, at: i) }
            var raw = b[start..<i]
            // Hyphens at the edges belong to a date ("30-Jun-03" reads "-Jun-" between its digits).
            while raw.count > 1 && raw.first == ASCII.minus { raw = raw.dropFirst() }
            while raw.count > 1 && raw.last == ASCII.minus { raw = raw.dropLast() }
            if raw.allSatisfy({ $0 < 0x80 }) {
                // ASCII: tested on the bytes, ignoring case.
                if raw.count == 1 && raw.first == ASCII.minus { continue }
                if headingWordSet.contains(raw) || (raw.count >= 5 && raw.suffix(5).hasPrefixIgnoringCase(gaapSuffix)) { continue }
                if raw.count <= 2 && raw.allSatisfy({ "qfy-".utf8.contains(ASCII.lower($0)) }) { continue }
                return false
            }
            let word = stringFrom(raw).lowercased()
            if headingWords.contains(word) || word.hasSuffix("-gaap") { continue }
            if word.count <= 2 && word.allSatisfy({ $0 == "q" || $0 == "f" || $0 == "y" || $0 == "-" }) { continue }
            return false
        }
        return true
    }

    /// "FY2004" -> 2004.
    private static func yearInside(_ tok: Slice<UnsafeBufferPointer<UInt8>>) -> Int? {
        let digits = tok.filter(ASCII.isDigit)
        let letters = tok.filter(ASCII.isLetter)
        guard digits.count == 4, letters.count >= 1, letters.count <= 2, let y = Int(stringFrom(digits)), (1980...2039).contains(y) else { return nil }
        return y
    }

    /// Running text: eight or more words, mostly starting lower case, and no gap between two words
    /// wide enough to set them in columns ("(In thousands, except per share data)" on the left
    /// of a "Three Months Ended" heading is two phrases of a table heading, not a sentence).
    /// Words inside parentheses do not count: a title with its scale note ("Statements of
    /// Operations (in millions, except per share data)") is not a sentence.
    static func isProse(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        var words = 0, alpha = 0, lowerStart = 0
        var first = -1, end = 0
        var parenDepth = 0
        var i = 0
        while i < b.count {
            while i < b.count && b[i] == ASCII.space { i += 1 }
            guard i < b.count else { break }
            if first >= 0 && i - end >= columnGap { return false }
            if first < 0 { first = i }
            let wordStart = i
            // A word counts when it starts outside parentheses, not with one.
            let inside = parenDepth > 0 || b[wordStart] == ASCII.lparen
            while i < b.count && b[i] != ASCII.space {
                if b[i] == ASCII.lparen { parenDepth += 1 } else if b[i] == ASCII.rparen { parenDepth = Swift.max(0, parenDepth - 1) }
                i += 1
            }
            end = i
            guard !inside else { continue }
            words += 1
            if ASCII.isLetter(b[wordStart]) {
                alpha += 1
                if ASCII.isLower(b[wordStart]) { lowerStart += 1 }
            }
        }
        return words >= 8 && alpha >= 8 && lowerStart * 2 >= alpha && end - first >= 45
    }

    /// Spaces between two words that set them in separate columns; justified running text stretches
    /// a gap to two or three.
    static let columnGap = 6
}

/// What a raw line (before expansion) needs from `LineAnalyzer`: expansion when it has a tab or
/// another control character or a dot leader ("...."), the heading test when it has a year-like
/// number (four digits starting 19 or 20), tag blanking when it has a "<". Eight bytes at a time,
/// without a branch per byte: the costly exact tests (dot runs, year-like numbers) run only on
/// lines that have a dot or a digit at all.
struct RawLineTraits {
    var isPlain: Bool
    var mayHaveYear: Bool
    var hasTags: Bool

    init(_ raw: UnsafeBufferPointer<UInt8>) {
        var control: UInt64 = 0, lt: UInt64 = 0, dot: UInt64 = 0, digit: UInt64 = 0
        if let base = raw.baseAddress, raw.count >= 8 {
            // The last load overlaps the one before it; the masks are only ever OR-ed.
            var i = 0
            while true {
                let x = UnsafeRawPointer(base + Swift.min(i, raw.count - 8)).loadUnaligned(as: UInt64.self)
                control |= EightBytes.below(x, 32)
                lt |= EightBytes.equal(x, ASCII.lt)
                dot |= EightBytes.equal(x, ASCII.period)
                digit |= EightBytes.below(x, 58) & ~EightBytes.below(x, 48)
                if i + 8 >= raw.count { break }
                i += 8
            }
        } else {
            for b in raw {
                if b < 32 { control = 1 }
                if b == ASCII.lt { lt = 1 }
                if b == ASCII.period { dot = 1 }
                if ASCII.isDigit(b) { digit = 1 }
            }
        }
        isPlain = control == 0 && (dot == 0 || !Self.hasFourDots(raw))
        mayHaveYear = digit != 0 && LineAnalyzer.containsYearLikeDigits(raw)
        hasTags = lt != 0
    }

    /// A run of four dots (a dot leader).
    private static func hasFourDots(_ raw: UnsafeBufferPointer<UInt8>) -> Bool {
        var run = 0
        for b in raw {
            run = b == ASCII.period ? run &+ 1 : 0
            if run == 4 { return true }
        }
        return false
    }
}

/// A set of short words (up to 15 bytes) matched ignoring ASCII case, without building strings:
/// each word is packed into two integers and looked up by binary search.
struct WordSet {
    private struct Key: Comparable {
        var high: UInt64 = 0
        var low: UInt64 = 0

        init?<C: Collection>(lowercasing word: C) where C.Element == UInt8 {
            let n = word.count
            guard n <= 15 else { return nil }
            high = UInt64(n) << 56  // the length keeps "ab" apart from "ab\0"
            var k = 0
            for c in word {
                let v = UInt64(ASCII.lower(c))
                if k < 8 { low |= v << (8 * k) } else { high |= v << (8 * (k - 8)) }
                k += 1
            }
        }

        static func < (a: Key, b: Key) -> Bool { (a.high, a.low) < (b.high, b.low) }
    }

    private let keys: [Key]

    /// `words` in lower case; words longer than 15 bytes are left out (`contains` never matches them).
    init<S: Sequence<String>>(_ words: S) {
        keys = words.compactMap { Key(lowercasing: $0.utf8) }.sorted()
    }

    func contains<C: Collection>(_ word: C) -> Bool where C.Element == UInt8 {
        guard let key = Key(lowercasing: word) else { return false }
        var lo = 0, hi = keys.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if keys[mid] < key { lo = mid + 1 } else { hi = mid }
        }
        return lo < keys.count && keys[lo] == key
    }
}
