#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// Prose of a plain-text document: sentences, a small tokenizer for amounts, and period references
// ("the third quarter 2003", "Fiscal Q4 2007", "the December quarter", "the first six months 2003").

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
        if line.contains(where: isLetter) { return false }
        let ruleChars = line.reduce(0) { $0 + ($1 == 45 || $1 == 61 || $1 == 95 ? 1 : 0) }
        return ruleChars * 2 >= line.count
    }

    @inline(__always) private static func isNumberStart(_ c: UInt8) -> Bool {
        isDigit(c) || c == 36 || c == 40 || c == 45 || c == 46  // digit $ ( - .
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
                boundary = (n >= 65 && n <= 90) || isDigit(n) || n == 34 || n == 36 || n == 39
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
        while w > first, isLetter(s[w - 1]) || s[w - 1] == 46 { w -= 1 }
        let word = UnsafeBufferPointer(rebasing: s[w..<tail])
        if word.count == 1 { return ASCII.lower(word[0]) != UInt8(ascii: "a") }
        return abbreviations.contains { $0.count == word.count && word.hasPrefixIgnoringCase($0, at: 0) }
    }
}

// Byte helpers of the prose code (candidates for Bytes.swift).

/// A few lower-case ASCII words looked for anywhere in a text, ignoring ASCII case. Each word is
/// filed under one of its letters that is rare in English prose ("v" of "revenue", "x" of "tax");
/// memchr hops between the occurrences of each filed letter, lower case and then upper case, and
/// only there are the words filed under it compared. Words that share a letter ("sales" and "loss"
/// under "l") share its pass: the text is scanned once per letter and case, not once per word.
struct AnchoredWords {
    private struct Word {
        /// Where the word's bytes are in `bytes`.
        var bytes: Range<Int>
        /// Offset of the filed letter in the word.
        var anchor: Int
    }
    /// The filed letters (lower case) in search order; the words of `letters[g]` are `words[groups[g]]`.
    private var letters: [UInt8] = []
    private var groups: [Range<Int>] = []
    private var words: [Word] = []
    private var bytes: [UInt8] = []
    /// All the words, in the order given.
    private(set) var list: [String] = []

    init(_ filed: KeyValuePairs<Character, [String]>) {
        for (letter, group) in filed {
            list += group
            let l = letter.asciiValue!
            precondition(ASCII.isLower(l), "words are filed under a lower-case letter")
            letters.append(l)
            let first = words.count
            for w in group {
                let b = Array(w.utf8)
                words.append(Word(bytes: bytes.count..<(bytes.count + b.count), anchor: b.firstIndex(of: l)!))
                bytes.append(contentsOf: b)
            }
            groups.append(first..<words.count)
        }
    }

    /// Whether one of the words occurs in `hay` (ignoring ASCII case).
    func occur(in hay: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = hay.baseAddress else { return false }
        return bytes.withUnsafeBufferPointer { text in
            words.withUnsafeBufferPointer { words in
                // Whether a word of `group` has its filed letter at each occurrence of `letter` in turn.
                func found(_ letter: UInt8, _ group: Range<Int>) -> Bool {
                    var from = 0
                    while from < hay.count, let hit = memchr(base + from, Int32(letter), hay.count - from) {
                        let at = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                        for w in words[group] {
                            let start = at - w.anchor
                            guard start >= 0, start + w.bytes.count <= hay.count else { continue }
                            var j = 0
                            while j < w.bytes.count && ASCII.lower(hay[start + j]) == text[w.bytes.lowerBound + j] { j += 1 }
                            if j == w.bytes.count { return true }
                        }
                        from = at + 1
                    }
                    return false
                }
                for g in letters.indices where found(letters[g], groups[g]) || found(letters[g] - 32, groups[g]) {
                    return true
                }
                return false
            }
        }
    }
}

@inline(__always) private func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }
@inline(__always) private func isLetter(_ c: UInt8) -> Bool { (c >= 65 && c <= 90) || (c >= 97 && c <= 122) }

/// One token of a sentence: a lower-cased word, a number (with its "$", "%" and scale word
/// folded in) or a punctuation mark.
struct ProseToken {
    enum Kind { case word, number, punct }
    var kind: Kind
    var text: String
    /// The word when the rules know it (nil for other words, numbers and punctuation): the rules
    /// compare these instead of strings.
    var word: ProseWord?
    /// The vocabulary groups `word` belongs to.
    var classes: ProseWordClasses = []
    /// The character of a punctuation token (0 for other tokens).
    var punct: UInt8 = 0
    /// A word ending in "fold" that is longer than "fold" ("nine-fold", "tenfold").
    var endsInFold = false
    var value: Double = 0
    var dollar = false
    var percent = false
    var scale: Double?
    /// Digits after the decimal point as printed (for the claim's rounding).
    var decimals = 0
    /// A plain integer without "$", "%", "," or decimals (a year candidate).
    var plainInteger = false
    /// The printed digits as an integer (value = mantissa / 10^decimals), for exact scaling.
    var mantissa: Double = 0

    init(kind: Kind, text: String, word: ProseWord? = nil, classes: ProseWordClasses = []) {
        self.kind = kind
        self.text = text
        self.word = word
        self.classes = classes
    }

    /// The value in units: percentages as fractions, money times its scale word; computed from
    /// the printed digits so that "$.7 million" is exactly 700,000.
    var units: Double {
        var p = 1.0
        for _ in 0..<decimals { p *= 10 }
        let sign: Double = value < 0 ? -1 : 1
        return percent ? sign * mantissa / (100 * p) : sign * mantissa * (scale ?? 1) / p
    }

    var isYear: Bool { kind == .number && plainInteger && value >= 1950 && value <= 2100 }

    /// A punctuation token of character `c`.
    @inline(__always) func isPunct(_ c: UInt8) -> Bool { punct == c && kind == .punct }
}

/// The words the prose rules look at, spelled as tokens are (lower case).
enum ProseWord: String, CaseIterable {
    // Period references (see PeriodRefScanner).
    case first, second, third, fourth, first1 = "1st", second2 = "2nd", third3 = "3rd", fourth4 = "4th"
    case three, six, nine, twelve
    case january, february, march, april, may, june, july, august, september, october, november, december
    case q1, q2, q3, q4
    case fiscal, corresponding, same, yearAgo = "year-ago", comparable, prior, previous, last
    case priorYear = "prior-year", previousYear = "previous-year"
    case of, the, quarter, ended, ending, year, yearPossessive = "year's", years, months, earlier, ago, period
    // Scale and percent words (see ProseTokenizer).
    case million, millions, billion, billions, thousand, thousands, percent, per
    // Metrics, ranges, and the sentence vocabulary of guidance and claims (see ProseExtractor).
    case diluted, earnings, share, eps, basic, gross, margin, margins, operating, tax, rate, net, income, loss
    case profit, profits, revenues, revenue, sales
    case to, and, through
    case expect, expects, expected, anticipate, anticipates, anticipated, guidance, forecast, forecasts, outlook
    case assumed, assume, assumes, project, projects, projected, estimate, estimates, estimated, target, targets
    case should, will, plan, plans
    case was, were, amounted, totaled, totalled, reached
    case excluding, excludes, exclude, nonGAAP = "non-gaap", proForma = "pro-forma", before
    case `in`, equity, by, growth, grow, sequential, sequentially, yearOverYear = "year-over-year"
    case increase, increases, increased, rise, rose, gain, grew, up
    case decline, declined, decrease, decreased, drop, dropped, down, fell
    case over, from, compared, versus, vs, or, an, a
}

/// Groups of words a rule tests for, looked up once per token (see `ProseTokenizer.vocabulary`).
struct ProseWordClasses: OptionSet {
    let rawValue: UInt8
    /// May start a period reference.
    static let referenceStart = ProseWordClasses(rawValue: 1 << 0)
    /// First word of a metric phrase.
    static let metricStart = ProseWordClasses(rawValue: 1 << 1)
    /// Marks a sentence as guidance.
    static let forward = ProseWordClasses(rawValue: 1 << 2)
    /// "was", "totaled": a level claim.
    static let levelVerb = ProseWordClasses(rawValue: 1 << 3)
    /// Marks a sentence as non-GAAP.
    static let nonGAAP = ProseWordClasses(rawValue: 1 << 4)
}

/// Interned vocabulary: lower-case words of up to 16 bytes packed into two integers and found in an
/// open-addressing hash table (a multiply and a compare or two per word, no String is made).
struct ProseVocabulary {
    struct Entry {
        var key: (UInt64, UInt64) = (0, 0)
        var word: ProseWord?
        var classes: ProseWordClasses = []
    }

    private static let bits = 9
    private static let mask = (1 << bits) - 1
    private var entries = [Entry](repeating: Entry(), count: 1 << bits)

    init(classes: (ProseWord) -> ProseWordClasses) {
        for w in ProseWord.allCases {
            let key = Array(w.rawValue.utf8).withUnsafeBufferPointer { Self.key($0) }
            precondition(key != nil, "vocabulary words have at most 16 bytes")
            var slot = Self.slot(key!)
            while entries[slot].word != nil { slot = (slot + 1) & Self.mask }
            entries[slot] = Entry(key: key!, word: w, classes: classes(w))
        }
    }

    /// The bytes (lower-cased ASCII) packed little-endian into two integers, zero-padded; nil
    /// when longer than 16 bytes. No word holds a zero byte, so the padding keeps keys distinct.
    @inline(__always) static func key(_ b: UnsafeBufferPointer<UInt8>) -> (UInt64, UInt64)? {
        guard b.count <= 16 else { return nil }
        var k0: UInt64 = 0
        var k1: UInt64 = 0
        // From the last byte down, so that each byte is one shift and one or.
        var i = b.count
        while i > 8 {
            i -= 1
            k1 = k1 << 8 | UInt64(ASCII.lower(b[i]))
        }
        while i > 0 {
            i -= 1
            k0 = k0 << 8 | UInt64(ASCII.lower(b[i]))
        }
        return (k0, k1)
    }

    @inline(__always) private static func slot(_ key: (UInt64, UInt64)) -> Int {
        let h = (key.0 &* 0x9E37_79B9_7F4A_7C15) ^ (key.1 &* 0xC2B2_AE3D_27D4_EB4F)
        return Int(truncatingIfNeeded: h >> (64 - UInt64(bits)))
    }

    /// The entry of the word `b` (any ASCII case), if it is in the vocabulary.
    func lookup(_ b: UnsafeBufferPointer<UInt8>) -> Entry? {
        guard let key = Self.key(b) else { return nil }
        return entries.withUnsafeBufferPointer { e in
            var slot = Self.slot(key)
            while e[slot].word != nil {
                if e[slot].key == key { return e[slot] }
                slot = (slot + 1) & Self.mask
            }
            return nil
        }
    }
}

enum ProseTokenizer {
    /// The rules' words with their groups; the groups come from the rules' own word lists.
    static let vocabulary: ProseVocabulary = {
        let metricStarts = ProseExtractor.metricPatterns.map { $0.0[0] }
        let groups: [(ProseWordClasses, [ProseWord])] = [
            (.referenceStart, PeriodRefScanner.startWords), (.metricStart, metricStarts), (.forward, ProseExtractor.forwardWords),
            (.levelVerb, ProseExtractor.levelVerbs), (.nonGAAP, ProseExtractor.nonGAAPWords),
        ]
        var classes = [ProseWord: ProseWordClasses]()
        for (c, words) in groups {
            for w in words { classes[w, default: []].insert(c) }
        }
        return ProseVocabulary { classes[$0] ?? [] }
    }()

    static func tokenize(_ sentence: String) -> [ProseToken] {
        var s = sentence
        return s.withUTF8 { tokenize($0) }
    }

    static func tokenize(_ b: UnsafeBufferPointer<UInt8>) -> [ProseToken] {
        let vocabulary = vocabulary
        var out: [ProseToken] = []
        out.reserveCapacity(b.count / 5 + 4)
        var i = 0
        var pendingDollar = false
        var pendingNegative = false
        while i < b.count {
            let c = b[i]
            if c == 32 { i += 1; continue }
            if isLetter(c) {
                var j = i + 1
                while j < b.count {
                    let d = b[j]
                    if isLetter(d) || isDigit(d) { j += 1; continue }
                    if (d == 45 || d == 39 || d == 96), j + 1 < b.count, isLetter(b[j + 1]) { j += 1; continue }
                    break
                }
                let bytes = UnsafeBufferPointer(rebasing: b[i..<j])
                let entry = vocabulary.lookup(bytes)
                let word = entry?.word
                i = j
                if let n = out.indices.last, out[n].kind == .number, !out[n].percent, out[n].scale == nil {
                    let scale: Double? = switch word {
                    case .million, .millions: 1_000_000
                    case .billion, .billions: 1_000_000_000
                    case .thousand, .thousands: 1000
                    default: nil
                    }
                    if let s = scale, !out[n].isYear || out[n].dollar {
                        out[n].scale = s
                        continue
                    }
                    // "35 percent", "35 per cent"
                    let perCent = word == .per && j + 5 <= b.count && b[j] == 32 && UnsafeBufferPointer(rebasing: b[(j + 1)..<(j + 5)])
                        .hasPrefixIgnoringCase(centWord, at: 0) && (j + 5 == b.count || !isLetter(b[j + 5]))
                    if word == .percent || perCent {
                        out[n].percent = true
                        out[n].plainInteger = false
                        if perCent { i = min(b.count, j + 5) }
                        continue
                    }
                }
                if let entry {
                    out.append(ProseToken(kind: .word, text: entry.word!.rawValue, word: entry.word, classes: entry.classes))
                } else {
                    out.append(ProseToken(kind: .word, text: lowercased(bytes)))
                    out[out.count - 1].endsInFold = bytes.count > 4 && bytes.hasPrefixIgnoringCase(foldWord, at: bytes.count - 4)
                }
                pendingDollar = false
                continue
            }
            if c == 36 {
                pendingDollar = true
                i += 1
                while i < b.count, b[i] == 32 { i += 1 }
                if i < b.count, b[i] == 40 { pendingNegative = true; i += 1 }
                continue
            }
            if isDigit(c) || (c == 46 && i + 1 < b.count && isDigit(b[i + 1]) && (pendingDollar || i == 0 || b[i - 1] == 32 || b[i - 1] == 40)) {
                var j = i
                var intPart: Double = 0
                var sawComma = false
                while j < b.count {
                    if isDigit(b[j]) {
                        intPart = intPart * 10 + Double(b[j] - 48)
                        j += 1
                    } else if b[j] == 44, j + 3 < b.count, isDigit(b[j + 1]), isDigit(b[j + 2]), isDigit(b[j + 3]),
                              j + 4 >= b.count || !isDigit(b[j + 4]) {
                        sawComma = true
                        j += 1
                    } else {
                        break
                    }
                }
                var mantissa = intPart
                var decimals = 0
                if j + 1 < b.count, b[j] == 46, isDigit(b[j + 1]) {
                    j += 1
                    while j < b.count, isDigit(b[j]) {
                        mantissa = mantissa * 10 + Double(b[j] - 48)
                        decimals += 1
                        j += 1
                    }
                }
                var p10 = 1.0
                for _ in 0..<decimals { p10 *= 10 }
                var value = mantissa / p10
                var tok = ProseToken(kind: .number, text: stringFrom(b[i..<j]))
                tok.dollar = pendingDollar
                tok.decimals = decimals
                tok.mantissa = mantissa
                tok.plainInteger = !pendingDollar && !sawComma && decimals == 0
                if pendingNegative {
                    value = -value
                    if j < b.count, b[j] == 41 { j += 1 }
                }
                tok.value = value
                if j < b.count, b[j] == 37 {
                    tok.percent = true
                    tok.plainInteger = false
                    j += 1
                }
                out.append(tok)
                pendingDollar = false
                pendingNegative = false
                i = j
                continue
            }
            // "fiscal '03": an abbreviated year.
            if (c == 39 || c == 96), i + 2 < b.count, isDigit(b[i + 1]), isDigit(b[i + 2]), i + 3 == b.count || !isDigit(b[i + 3]) && !isLetter(b[i + 3]) {
                let n = Double((b[i + 1] - 48) * 10 + (b[i + 2] - 48))
                var tok = ProseToken(kind: .number, text: stringFrom(b[i..<(i + 3)]))
                tok.value = n < 50 ? 2000 + n : 1900 + n
                tok.mantissa = tok.value
                tok.plainInteger = true
                out.append(tok)
                pendingDollar = false
                pendingNegative = false
                i += 3
                continue
            }
            pendingDollar = false
            pendingNegative = false
            out.append(ProseToken(kind: .punct, text: String(UnicodeScalar(c))))
            out[out.count - 1].punct = c
            i += 1
        }
        return out
    }

    private static let centWord = Array("cent".utf8), foldWord = Array("fold".utf8)

    /// The word's bytes (ASCII letters, digits, "-", "'", "`") in lower case, as a string.
    private static func lowercased(_ b: UnsafeBufferPointer<UInt8>) -> String {
        String(unsafeUninitializedCapacity: b.count) { buf in
            for k in 0..<b.count { buf[k] = ASCII.lower(b[k]) }
            return b.count
        }
    }
}

/// A period named in prose, before it is placed on the calendar.
enum PeriodRef: Equatable {
    /// Fiscal quarter `q` of fiscal year `year` (nil: the next / nearest one).
    case quarter(Int, Int?)
    /// The quarter ending in calendar month `month` of `year` ("the September 2003 quarter").
    case monthQuarter(Int, Int?)
    /// The first `months` months of fiscal year `year` ("the first six months 2003").
    case yearToDate(Int, Int?)
    /// A whole fiscal year.
    case year(Int)
    /// "the corresponding quarter / period a year earlier", "the year-ago quarter", "the prior year's quarter".
    case priorYearCorresponding
    /// Fiscal quarter `q` of the year before the current one ("the fourth quarter of last year").
    case quarterOfPriorYear(Int)
}

/// A resolved period: calendar dates plus the fiscal labels.
struct ResolvedPeriod: Equatable {
    var period: Period
    var fiscalYear: Int?
    var fiscalQuarter: Int?
}

/// Places prose periods on the calendar, given the fiscal year end month and the filing's latest quarter.
struct FiscalCalendar {
    /// Month (1...12) in which the fiscal year ends.
    var yearEndMonth: Int
    /// End of the filing's latest reported quarter, when known.
    var currentQuarterEnd: SimpleDate?

    /// Fiscal year and quarter containing `date` (fiscal years named by the calendar year they end in).
    func fiscal(of date: SimpleDate) -> (year: Int, quarter: Int) {
        // Month index counted from the start of the fiscal year (0...11).
        let startMonth = yearEndMonth % 12 + 1
        var offset = date.month - startMonth
        // A 52/53-week period ending in the first days of a month belongs to the previous month.
        var adjMonth = date.month
        var adjYear = date.year
        if date.day <= 7 {
            adjMonth -= 1
            if adjMonth == 0 { adjMonth = 12; adjYear -= 1 }
            offset = adjMonth - startMonth
        }
        if offset < 0 { offset += 12 }
        let quarter = offset / 3 + 1
        let year = adjMonth > yearEndMonth ? adjYear + 1 : adjYear
        return (year, quarter)
    }

    /// Calendar months spanned by fiscal quarter `q` of fiscal year `fy` (first and last month as absolute month indices).
    func quarterMonths(_ q: Int, _ fy: Int) -> (Int, Int) {
        let endIndex = fy * 12 + (yearEndMonth - 1) - 3 * (4 - q)
        return (endIndex - 2, endIndex)
    }

    static func period(fromMonth a: Int, toMonth b: Int) -> Period? {
        dates(fromMonth: a, toMonth: b).map { Period(start: $0.iso, end: $1.iso) }
    }

    /// The first day of absolute month `a` and the last day of absolute month `b`.
    private static func dates(fromMonth a: Int, toMonth b: Int) -> (SimpleDate, SimpleDate)? {
        guard let s = SimpleDate(year: a / 12, month: a % 12 + 1, day: 1) else { return nil }
        let ey = b / 12, em = b % 12 + 1
        guard let e = SimpleDate(year: ey, month: em, day: SimpleDate.daysIn(month: em, year: ey)) else { return nil }
        return (s, e)
    }

    var current: (year: Int, quarter: Int)? { currentQuarterEnd.map { fiscal(of: $0) } }

    /// Resolves `ref`. A quarter without a year is the next such quarter after the current one
    /// when `future`, else the latest one up to the current quarter.
    func resolve(_ ref: PeriodRef, future: Bool, relativeTo base: ResolvedPeriod? = nil) -> ResolvedPeriod? {
        switch ref {
        case .quarter(let q, let y):
            guard (1...4).contains(q) else { return nil }
            var fy = y
            if fy == nil, let cur = current {
                if future {
                    fy = q > cur.quarter ? cur.year : cur.year + 1
                } else {
                    fy = q <= cur.quarter ? cur.year : cur.year - 1
                }
            }
            guard let year = fy else { return nil }
            let (a, b) = quarterMonths(q, year)
            return FiscalCalendar.period(fromMonth: a, toMonth: b).map { ResolvedPeriod(period: $0, fiscalYear: year, fiscalQuarter: q) }
        case .quarterOfPriorYear(let q):
            guard let cur = current else { return nil }
            return resolve(.quarter(q, cur.year - 1), future: future)
        case .monthQuarter(let m, let y):
            var year = y
            if year == nil, let cur = currentQuarterEnd {
                year = future ? (m > cur.month ? cur.year : cur.year + 1) : (m <= cur.month ? cur.year : cur.year - 1)
            }
            guard let yy = year, (1...12).contains(m) else { return nil }
            let b = yy * 12 + m - 1
            guard let (start, end) = FiscalCalendar.dates(fromMonth: b - 2, toMonth: b) else { return nil }
            let f = fiscal(of: end)
            return ResolvedPeriod(period: Period(start: start.iso, end: end.iso), fiscalYear: f.year, fiscalQuarter: f.quarter)
        case .yearToDate(let months, let y):
            guard let year = y ?? current?.year, months > 0, months <= 12 else { return nil }
            let first = year * 12 + yearEndMonth - 12  // absolute index of the first month of the fiscal year
            return FiscalCalendar.period(fromMonth: first, toMonth: first + months - 1).map { ResolvedPeriod(period: $0, fiscalYear: year, fiscalQuarter: nil) }
        case .year(let y):
            let first = y * 12 + yearEndMonth - 12
            return FiscalCalendar.period(fromMonth: first, toMonth: first + 11).map { ResolvedPeriod(period: $0, fiscalYear: y, fiscalQuarter: nil) }
        case .priorYearCorresponding:
            guard let b = base, let s = b.period.start.flatMap({ SimpleDate(iso: $0) }), let e = b.period.end.flatMap({ SimpleDate(iso: $0) }),
                  let ps = SimpleDate(year: s.year - 1, month: s.month, day: s.day, clamp: true),
                  let pe = SimpleDate(year: e.year - 1, month: e.month, day: SimpleDate.daysIn(month: e.month, year: e.year - 1))
            else { return nil }
            return ResolvedPeriod(period: Period(start: ps.iso, end: pe.iso), fiscalYear: b.fiscalYear.map { $0 - 1 }, fiscalQuarter: b.fiscalQuarter)
        }
    }
}

/// Finds period references in a token stream.
enum PeriodRefScanner {
    struct Found {
        var ref: PeriodRef
        var range: Range<Int>
        var label: String
    }

    // The numbers some words stand for. Switches rather than dictionaries keyed by `ProseWord`: a
    // jump instead of a hash and a probe per word looked at.

    /// 1...4 for "first" ... "fourth", "1st" ... "4th".
    static func ordinal(_ w: ProseWord) -> Int? {
        switch w {
        case .first, .first1: 1
        case .second, .second2: 2
        case .third, .third3: 3
        case .fourth, .fourth4: 4
        default: nil
        }
    }

    /// The months of "three months", "six months", ...
    static func count(_ w: ProseWord) -> Int? {
        switch w {
        case .three: 3
        case .six: 6
        case .nine: 9
        case .twelve: 12
        default: nil
        }
    }

    /// 1...12 for "january" ... "december".
    static func month(_ w: ProseWord) -> Int? {
        switch w {
        case .january: 1
        case .february: 2
        case .march: 3
        case .april: 4
        case .may: 5
        case .june: 6
        case .july: 7
        case .august: 8
        case .september: 9
        case .october: 10
        case .november: 11
        case .december: 12
        default: nil
        }
    }

    /// 1...4 for "q1" ... "q4".
    static func quarter(_ w: ProseWord) -> Int? {
        switch w {
        case .q1: 1
        case .q2: 2
        case .q3: 3
        case .q4: 4
        default: nil
        }
    }

    /// Words a period reference can start with (`ProseWordClasses.referenceStart`).
    static let startWords: [ProseWord] = ProseWord.allCases.filter { ordinal($0) != nil || count($0) != nil || month($0) != nil || quarter($0) != nil }
        + [.fiscal, .corresponding, .same, .yearAgo, .comparable, .prior, .previous, .last, .priorYear, .previousYear]

    private static let comma = UInt8(ascii: ",")

    static func scan(_ t: [ProseToken]) -> [Found] {
        var out: [Found] = []
        var i = 0
        func word(_ k: Int) -> ProseWord? { k < t.count ? t[k].word : nil }
        func year(_ k: Int) -> Int? { k < t.count && t[k].isYear ? Int(t[k].value) : nil }
        func label(_ r: Range<Int>) -> String {
            var s = ""
            s.reserveCapacity(r.reduce(0) { $0 + t[$1].text.utf8.count + 1 })
            for k in r {
                if k > r.lowerBound { s += " " }
                s += t[k].text
            }
            return s
        }
        while i < t.count {
            let start = i
            if t[i].kind == .word {
                guard t[i].classes.contains(.referenceStart), let w = t[i].word else {
                    i += 1
                    continue
                }
                // "fiscal q4 2007", "q4 2007", "q4 of fiscal 2007"
                var k = i
                if w == .fiscal { k += 1 }
                if let qw = word(k), let q = quarter(qw) {
                    k += 1
                    if word(k) == .of { k += 1 }
                    if word(k) == .fiscal { k += 1 }
                    if k < t.count && t[k].isPunct(comma) { k += 1 }
                    let y = year(k)
                    if y != nil { k += 1 } else if k > i + 1, word(k - 1) == .fiscal { k -= 1 }
                    out.append(Found(ref: .quarter(q, y), range: start..<k, label: label(start..<k)))
                    i = k
                    continue
                }
                // "third quarter 2003", "third fiscal quarter of 2003", "first quarter of fiscal 2004"
                if let q = ordinal(w) {
                    k = i + 1
                    if word(k) == .fiscal { k += 1 }
                    if word(k) == .quarter {
                        k += 1
                        // "fourth quarter ended September 30, 2003": the quarter ending that month.
                        if word(k) == .ended || word(k) == .ending, let (m, y, end) = monthAndYear(t, from: k + 1) {
                            out.append(Found(ref: .monthQuarter(m, y), range: start..<end, label: label(start..<end)))
                            i = end
                            continue
                        }
                        // "fourth quarter of last year", "fourth quarter of the prior year".
                        var p = k
                        if word(p) == .of { p += 1 }
                        if word(p) == .the { p += 1 }
                        if let rel = word(p), rel == .last || rel == .prior || rel == .previous,
                           word(p + 1) == .year || word(p + 1) == .fiscal && word(p + 2) == .year {
                            let end = p + (word(p + 1) == .year ? 2 : 3)
                            out.append(Found(ref: .quarterOfPriorYear(q), range: start..<end, label: label(start..<end)))
                            i = end
                            continue
                        }
                        if word(k) == .of { k += 1 }
                        if word(k) == .fiscal { k += 1 }
                        var y = year(k)
                        if y != nil { k += 1 } else if k < t.count, t[k].isPunct(comma), let yy = year(k + 1) { y = yy; k += 2 }
                        while k > i + 2, word(k - 1) == .of || word(k - 1) == .fiscal { k -= 1 }
                        out.append(Found(ref: .quarter(q, y), range: start..<k, label: label(start..<k)))
                        i = k
                        continue
                    }
                }
                // "first six months 2003", "six months ended june 30, 2003", "first nine months of 2003"
                if let n = count(w) ?? (w == .first ? word(i + 1).flatMap(count) : nil) {
                    k = w == .first ? i + 2 : i + 1
                    if word(k) == .months {
                        k += 1
                        var y: Int?
                        if word(k) == .ended || word(k) == .ending {
                            var m = k + 1
                            while m < min(t.count, k + 6), y == nil {
                                y = year(m)
                                m += 1
                            }
                            if y != nil { k = m }
                        } else {
                            if word(k) == .of { k += 1 }
                            if word(k) == .fiscal { k += 1 }
                            y = year(k)
                            if y != nil { k += 1 }
                        }
                        if n == 3 {
                            // "three months ended June 30, 2003": a quarter ending that month.
                            if let ended = monthBefore(t, k), let yy = y {
                                out.append(Found(ref: .monthQuarter(ended, yy), range: start..<k, label: label(start..<k)))
                            }
                        } else {
                            out.append(Found(ref: .yearToDate(n, y), range: start..<k, label: label(start..<k)))
                        }
                        i = k
                        continue
                    }
                }
                // "september 2003 quarter", "the december quarter"
                if let m = month(w) {
                    k = i + 1
                    let y = year(k)
                    if y != nil { k += 1 }
                    if word(k) == .quarter {
                        k += 1
                        out.append(Found(ref: .monthQuarter(m, y), range: start..<k, label: label(start..<k)))
                        i = k
                        continue
                    }
                }
                // "the corresponding quarter a year earlier", "the year-ago quarter", "the same quarter last year"
                if w == .corresponding || w == .same || w == .yearAgo || w == .comparable {
                    k = i + 1
                    if word(k) == .quarter || word(k) == .period {
                        var m = k + 1
                        var ok = w == .yearAgo
                        while !ok, m < min(t.count, k + 5) {
                            if let e = word(m), e == .earlier || e == .ago || e == .last || e == .prior || e == .previous { ok = true }
                            m += 1
                        }
                        if ok {
                            if w != .yearAgo, word(m) == .year { m += 1 }
                            out.append(Found(ref: .priorYearCorresponding, range: start..<m, label: label(start..<m)))
                            i = m
                            continue
                        }
                    }
                }
                // "the prior year's quarter", "prior-year period", "last year's quarter"
                if w == .prior || w == .previous || w == .last || w == .priorYear || w == .previousYear {
                    k = i + 1
                    var yearSaid = w == .priorYear || w == .previousYear
                    if !yearSaid, let next = word(k), next == .year || next == .yearPossessive || next == .years {
                        yearSaid = true
                        k += 1
                    }
                    if yearSaid, word(k) == .quarter || word(k) == .period {
                        out.append(Found(ref: .priorYearCorresponding, range: start..<(k + 1), label: label(start..<(k + 1))))
                        i = k + 1
                        continue
                    }
                }
                // "fiscal 2004", "fiscal year 2004"
                if w == .fiscal {
                    k = i + 1
                    if word(k) == .year { k += 1 }
                    if let y = year(k) {
                        out.append(Found(ref: .year(y), range: start..<(k + 1), label: label(start..<(k + 1))))
                        i = k + 1
                        continue
                    }
                }
            } else if let y = year(i) {
                // A bare year, unless it belongs to a date ("July 23, 2003") or a count.
                let isDate = i > 1 && t[i - 1].isPunct(comma) && t[i - 2].kind == .number
                    || (i > 0 && t[i - 1].word.flatMap(month) != nil)
                if !isDate {
                    out.append(Found(ref: .year(y), range: i..<(i + 1), label: label(i..<(i + 1))))
                }
            }
            i += 1
        }
        return out
    }

    /// A month name and then a year within the next few tokens ("September 30, 2003"), with the index after the year.
    private static func monthAndYear(_ t: [ProseToken], from k: Int) -> (Int, Int, Int)? {
        guard k < t.count, let w = t[k].word, let m = month(w) else { return nil }
        var j = k + 1
        while j < min(t.count, k + 5) {
            if t[j].isYear { return (m, Int(t[j].value), j + 1) }
            j += 1
        }
        return nil
    }

    private static func monthBefore(_ t: [ProseToken], _ end: Int) -> Int? {
        var k = end - 1
        while k >= 0 && k >= end - 5 {
            if let w = t[k].word, let m = month(w) { return m }
            k -= 1
        }
        return nil
    }
}
