#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// A small tokenizer for the amounts and words of prose sentences.

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
            if ASCII.isLetter(c) {
                var j = i + 1
                while j < b.count {
                    let d = b[j]
                    if ASCII.isLetter(d) || ASCII.isDigit(d) { j += 1; continue }
                    if (d == 45 || d == 39 || d == 96), j + 1 < b.count, ASCII.isLetter(b[j + 1]) { j += 1; continue }
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
                        .hasPrefixIgnoringCase(centWord, at: 0) && (j + 5 == b.count || !ASCII.isLetter(b[j + 5]))
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
            if ASCII.isDigit(c) || (c == 46 && i + 1 < b.count && ASCII.isDigit(b[i + 1]) && (pendingDollar || i == 0 || b[i - 1] == 32 || b[i - 1] == 40)) {
                var j = i
                var intPart: Double = 0
                var sawComma = false
                while j < b.count {
                    if ASCII.isDigit(b[j]) {
                        intPart = intPart * 10 + Double(b[j] - 48)
                        j += 1
                    } else if b[j] == 44, j + 3 < b.count, ASCII.isDigit(b[j + 1]), ASCII.isDigit(b[j + 2]), ASCII.isDigit(b[j + 3]),
                              j + 4 >= b.count || !ASCII.isDigit(b[j + 4]) {
                        sawComma = true
                        j += 1
                    } else {
                        break
                    }
                }
                var mantissa = intPart
                var decimals = 0
                if j + 1 < b.count, b[j] == 46, ASCII.isDigit(b[j + 1]) {
                    j += 1
                    while j < b.count, ASCII.isDigit(b[j]) {
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
            if (c == 39 || c == 96), i + 2 < b.count, ASCII.isDigit(b[i + 1]), ASCII.isDigit(b[i + 2]), i + 3 == b.count || !ASCII.isDigit(b[i + 3]) && !ASCII.isLetter(b[i + 3]) {
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
