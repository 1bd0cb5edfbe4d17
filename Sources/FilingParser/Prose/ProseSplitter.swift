#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// Prose sentences of a plain-text document.

/// Splits a plain-text document into prose sentences. Table-like lines (wide interior gaps before
/// numbers, rules of dashes) and headings end a sentence; headings are returned as sentences of
/// their own so that "SEPTEMBER 2003 QUARTER OUTLOOK" can set the context of what follows.
///
/// Only sentences that can hold guidance or a claim (see `mayHoldAmount`) are returned; the test
/// runs on a whole paragraph first, on the original bytes, so most prose is never copied.
enum ProseSplitter {
    struct Sentence {
        var text: String
        var isHeading: Bool
    }

    static func sentences(_ bytes: ArraySlice<UInt8>) -> [Sentence] {
        bytes.withUnsafeBufferPointer { sentences(in: $0) }
    }

    private static func sentences(in p: UnsafeBufferPointer<UInt8>) -> [Sentence] {
        let lines = trimmedLines(p)
        var out: [Sentence] = []
        // The current paragraph: its non-blank lines (a single blank line does not end it).
        var paragraph: [Range<Int>] = []
        var joined: [UInt8] = []
        func flush() {
            guard let first = paragraph.first, let last = paragraph.last else { return }
            // The paragraph is its lines joined by single spaces. What `mayHoldAmount` looks for
            // contains no whitespace, so the original bytes from the first line to the last (with
            // line breaks and blank lines in between) give the same answer without the copy.
            if mayHoldAmount(UnsafeBufferPointer(rebasing: p[first.lowerBound..<last.upperBound])) {
                joined.removeAll(keepingCapacity: true)
                for r in paragraph {
                    if !joined.isEmpty { joined.append(ASCII.space) }
                    joined.append(contentsOf: UnsafeBufferPointer(rebasing: p[r]))
                }
                joined.withUnsafeBufferPointer { splitSentences($0, into: &out) }
            }
            paragraph.removeAll(keepingCapacity: true)
        }
        var blankRun = 2
        for n in lines.indices {
            let range = lines[n]
            if range.isEmpty {
                blankRun += 1
                if blankRun >= 2 { flush() }
                continue
            }
            let line = UnsafeBufferPointer(rebasing: p[range])
            let prevBlank = blankRun > 0
            blankRun = 0
            if line[0] == ASCII.lt || isTabular(line) {
                flush()
                continue
            }
            let nextBlank = n + 1 >= lines.count || lines[n + 1].isEmpty
            if prevBlank && nextBlank && isHeading(line) {
                flush()
                out.append(Sentence(text: collapse(line), isHeading: true))
                continue
            }
            // Bullets ("o ", "* ", "- ", "-- ") start a new sentence.
            let first = line[0]
            if line.count > 2, line[1] == ASCII.space,
               first == UInt8(ascii: "o") || first == UInt8(ascii: "*") || first == ASCII.minus {
                flush()
            } else if line.count >= 3 && first == ASCII.minus && line[1] == ASCII.minus && line[2] == ASCII.space {
                flush()
            }
            paragraph.append(range)
            if line[line.count - 1] == UInt8(ascii: "\"") { flush() }
        }
        flush()
        return out
    }

    /// The lines of `p` (split at newlines), trimmed of spaces, tabs, carriage returns and form feeds.
    private static func trimmedLines(_ p: UnsafeBufferPointer<UInt8>) -> [Range<Int>] {
        var lines: [Range<Int>] = []
        guard let base = p.baseAddress else { return lines }
        lines.reserveCapacity(p.count / 50 + 1)
        var start = 0
        while start < p.count {
            let end = memchr(base + start, Int32(ASCII.newline), p.count - start)
                .map { base.distance(to: $0.assumingMemoryBound(to: UInt8.self)) } ?? p.count
            var a = spacesEnd(p, from: start)
            var b = end
            while a < b, isLineSpace(p[a]) { a += 1 }
            while b > a, isLineSpace(p[b - 1]) { b -= 1 }
            lines.append(a..<b)
            start = end + 1
        }
        return lines
    }

    @inline(__always) private static func isLineSpace(_ c: UInt8) -> Bool { c == 32 || c == 9 || c == 13 || c == 12 }

    /// A line of a table: an interior gap of 4+ spaces (or a tab) followed by a number, or a rule.
    private static func isTabular(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        if hasNumberAfterGap(line) { return true }
        // A rule: no letters, and at least half of it dashes, equals signs or underscores.
        if line.contains(where: ASCII.isLetter) { return false }
        let ruleChars = line.reduce(0) { $0 + ($1 == 45 || $1 == 61 || $1 == 95 ? 1 : 0) }
        return ruleChars * 2 >= line.count
    }

    @inline(__always) private static func isNumberStart(_ c: UInt8) -> Bool {
        ASCII.isDigit(c) || c == 36 || c == 40 || c == 45 || c == 46  // digit $ ( - .
    }

    /// A run of spaces worth 4 or more (a tab counts 4) followed by a number.
    private static func hasNumberAfterGap(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = line.baseAddress else { return false }
        // Lines without tabs (nearly all) are tested eight bytes at a time: a run of four spaces
        // is looked for with shifted masks, and only at such a run is the byte after it read.
        let raw = UnsafeRawPointer(base)
        var i = 0
        // Space masks (0x80 per space byte) of the previous eight bytes, and of the spaces whose
        // previous byte is a space too.
        var spaces: UInt64 = 0
        var pairs: UInt64 = 0
        while line.count - i >= 8 {
            let x = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            if EightBytes.equal(x, ASCII.tab) != 0 { return hasNumberAfterWeightedGap(line) }
            let s = EightBytes.equal(x, ASCII.space)
            let p = s & (s << 8 | spaces >> 56)
            // Spaces ending a run of four: the byte and the three before it are spaces.
            let quads = p & (p << 16 | pairs >> 48)
            spaces = s
            pairs = p
            i += 8
            guard quads != 0 else { continue }
            let b = spacesEnd(line, from: i - 8 + quads.trailingZeroBitCount / 8)
            if b < line.count && isNumberStart(line[b]) { return true }
            // line[b] is not a space: no later run reaches back before it.
            i = b + 1
            spaces = 0
            pairs = 0
        }
        // The last few bytes, continuing the run of spaces that ends the bytes tested so far.
        var run = (~spaces & 0x8080_8080_8080_8080).leadingZeroBitCount / 8
        while i < line.count {
            let c = line[i]
            if c == ASCII.tab { return hasNumberAfterWeightedGap(line) }
            if c == ASCII.space {
                run += 1
            } else {
                if run >= 4 && isNumberStart(c) { return true }
                run = 0
            }
            i += 1
        }
        return false
    }

    /// `hasNumberAfterGap` for a line with tabs: a tab counts as four spaces.
    private static func hasNumberAfterWeightedGap(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        var run = 0
        for c in line {
            if c == 32 { run += 1; continue }
            if c == 9 { run += 4; continue }
            if run >= 4 && isNumberStart(c) { return true }
            run = 0
        }
        return false
    }

    private static let eightSpaces = UInt64(0x2020_2020_2020_2020)

    /// The index of the first byte at or after `i` that is not a space (eight at a time across wide gaps).
    @inline(__always) private static func spacesEnd(_ p: UnsafeBufferPointer<UInt8>, from i: Int) -> Int {
        var b = i
        let raw = UnsafeRawPointer(p.baseAddress!)
        while p.count - b >= 8 && raw.loadUnaligned(fromByteOffset: b, as: UInt64.self) == eightSpaces { b += 8 }
        while b < p.count && p[b] == 32 { b += 1 }
        return b
    }

    private static func isHeading(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let last = line.last, ![46, 44, 59, 58, 34, 39].contains(last) else { return false }
        var lower = 0
        var upper = 0
        var words = 1
        for c in line {
            if c >= 97 && c <= 122 { lower += 1 } else if c >= 65 && c <= 90 { upper += 1 } else if c == 32 { words += 1 }
        }
        if upper == 0 { return false }
        if lower == 0 { return line.count <= 80 }
        return line.count <= 40 && words <= 5
    }

    /// `line` with runs of spaces, tabs and carriage returns collapsed to one space and the ends trimmed.
    private static func collapse(_ line: UnsafeBufferPointer<UInt8>) -> String {
        String(unsafeUninitializedCapacity: line.count) { buf in
            var n = 0
            var space = false
            for c in line {
                if c == 32 || c == 9 || c == 13 {
                    space = true
                } else {
                    if space && n > 0 { buf[n] = 32; n += 1 }
                    space = false
                    buf[n] = c
                    n += 1
                }
            }
            return n
        }
    }

    /// "percent" and "fold", the amounts besides "$" and "%".
    private static let amountWords = AnchoredWords(["p": ["percent"], "f": ["fold"]])
    /// Metric words, matched anywhere ignoring case ("pretax"), filed under a rare letter of each
    /// (see `AnchoredWords`); the letters most likely to find a word early come first.
    private static let metricWords = AnchoredWords([
        "v": ["revenue"], "x": ["tax"], "m": ["income", "margin"], "l": ["sales", "loss"], "g": ["earnings"], "p": ["profit", "eps"],
    ])

    /// A sentence that can hold guidance or a claim: an amount ("$", "%", "percent", "-fold")
    /// and a metric word (anywhere, ignoring case: "pretax"). Everything else is skipped before
    /// it is tokenized.
    static func mayHoldAmount(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = b.baseAddress, !b.isEmpty else { return false }
        let amount = memchr(base, Int32(ASCII.dollar), b.count) != nil || memchr(base, Int32(ASCII.percent), b.count) != nil
            || amountWords.occur(in: b)
        return amount && metricWords.occur(in: b)
    }

    /// Words before a period that do not end a sentence ("Inc.", "U.S.", "e.g."), besides single letters.
    private static let abbreviations = ["inc", "corp", "co", "ltd", "mr", "ms", "mrs", "dr", "st", "no", "vs", "jr", "sr", "u.s", "e.g", "i.e"]
        .map { Array($0.utf8) }

    /// Splits joined prose at ". " / "? " / "! " (optionally after a closing quote) before an
    /// upper-case letter, digit, quote or "$"; whitespace runs collapse to one space. Sentences
    /// are ranges of `s` until they pass `mayHoldAmount`.
    private static func splitSentences(_ s: UnsafeBufferPointer<UInt8>, into out: inout [Sentence]) {
        func emit(_ r: Range<Int>) {
            let sentence = UnsafeBufferPointer(rebasing: s[r])
            if mayHoldAmount(sentence) {
                let t = collapse(sentence)
                if !t.isEmpty { out.append(Sentence(text: t, isHeading: false)) }
            }
        }
        var start = 0
        var i = 0
        while i < s.count {
            let c = s[i]
            guard c == 46 || c == 63 || c == 33 else {
                i += 1
                continue
            }
            // The sentence would end after the mark and an optional closing quote.
            var end = i + 1
            if end < s.count, s[end] == 34 || s[end] == 39 { end += 1 }
            var k = end
            while k < s.count, s[k] == 32 { k += 1 }
            let boundary: Bool
            if k == s.count {
                boundary = true
            } else if k > end {
                let n = s[k]
                boundary = (n >= 65 && n <= 90) || ASCII.isDigit(n) || n == 34 || n == 36 || n == 39
            } else {
                boundary = false
            }
            if boundary && (c != 46 || !endsWithAbbreviation(s, start..<end)) {
                emit(start..<end)
                start = end
            }
            i = end
        }
        emit(start..<s.count)
    }

    /// Whether the word before the final period of `s[r]` (letters and periods, not before the
    /// sentence's first non-space byte) is an abbreviation. After a closing quote the word takes
    /// the period in ("Co.\"" is the word "co.", not an abbreviation).
    private static func endsWithAbbreviation(_ s: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> Bool {
        var first = r.lowerBound
        while s[first] == 32 || s[first] == 9 { first += 1 }
        let tail = r.upperBound - 1
        var w = tail
        while w > first, ASCII.isLetter(s[w - 1]) || s[w - 1] == 46 { w -= 1 }
        let word = UnsafeBufferPointer(rebasing: s[w..<tail])
        if word.count == 1 { return ASCII.lower(word[0]) != UInt8(ascii: "a") }
        return abbreviations.contains { $0.count == word.count && word.hasPrefixIgnoringCase($0, at: 0) }
    }
}

// Byte helpers of the prose code (candidates for Bytes.swift).
