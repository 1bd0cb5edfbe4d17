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
enum ProseSplitter {
    struct Sentence {
        var text: String
        var isHeading: Bool
    }

    static func sentences(_ bytes: ArraySlice<UInt8>) -> [Sentence] {
        bytes.withUnsafeBufferPointer { sentences(in: $0) }
    }

    private static func sentences(in p: UnsafeBufferPointer<UInt8>) -> [Sentence] {
        // Lines, trimmed of spaces, tabs and carriage returns.
        var lines: [Range<Int>] = []
        lines.reserveCapacity(p.count / 50 + 1)
        var start = 0
        for i in 0...p.count where i == p.count || p[i] == ASCII.newline {
            if i < p.count || start < p.count { lines.append(trimmed(p, start..<i)) }
            start = i + 1
        }

        var out: [Sentence] = []
        var buffer: [UInt8] = []
        func flush() {
            // A paragraph without an amount and a metric word has no sentence with them either.
            if !buffer.isEmpty && mayHoldAmount(buffer) {
                splitSentences(buffer, into: &out)
            }
            buffer.removeAll(keepingCapacity: true)
        }
        var blankRun = 2
        for n in lines.indices {
            let line = p[lines[n]]
            if line.isEmpty {
                blankRun += 1
                if blankRun >= 2 { flush() }
                continue
            }
            let prevBlank = blankRun > 0
            blankRun = 0
            if line.first == UInt8(ascii: "<") || isTabular(line) {
                flush()
                continue
            }
            let nextBlank = n + 1 >= lines.count || lines[n + 1].isEmpty
            if prevBlank && nextBlank && isHeading(line) {
                flush()
                out.append(Sentence(text: collapse(line), isHeading: true))
                continue
            }
            // Bullets start a new sentence.
            let first = line[line.startIndex]
            if line.count > 2, line[line.startIndex + 1] == UInt8(ascii: " "),
               first == UInt8(ascii: "o") || first == UInt8(ascii: "*") || first == UInt8(ascii: "-") {
                flush()
            } else if line.count >= 3 && first == 45 && line[line.startIndex + 1] == 45 && line[line.startIndex + 2] == 32 {
                flush()
            }
            if !buffer.isEmpty { buffer.append(32) }
            buffer.append(contentsOf: line)
            if line[line.endIndex - 1] == UInt8(ascii: "\"") { flush() }
        }
        flush()
        return out
    }

    private static func trimmed(_ p: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> Range<Int> {
        var a = r.lowerBound
        var b = r.upperBound
        while a < b, p[a] == 32 || p[a] == 9 || p[a] == 13 || p[a] == 12 { a += 1 }
        while b > a, p[b - 1] == 32 || p[b - 1] == 9 || p[b - 1] == 13 || p[b - 1] == 12 { b -= 1 }
        return a..<b
    }

    /// A line of a table: an interior gap of 4+ spaces (or a tab) followed by a number, or a rule.
    private static func isTabular<C: Collection<UInt8>>(_ line: C) -> Bool {
        var run = 0
        var letters = 0
        var ruleChars = 0
        for c in line {
            if c == 32 { run += 1; continue }
            if c == 9 { run += 4; continue }
            if run >= 4 && (isDigit(c) || c == 36 || c == 40 || c == 45 || c == 46) { return true }
            run = 0
            if isLetter(c) { letters += 1 }
            if c == 45 || c == 61 || c == 95 { ruleChars += 1 }
        }
        return letters == 0 && ruleChars * 2 >= line.count
    }

    private static func isHeading<C: BidirectionalCollection<UInt8>>(_ line: C) -> Bool {
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

    private static func collapse<C: Collection<UInt8>>(_ line: C) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(line.count)
        var space = false
        for c in line {
            if c == 32 || c == 9 || c == 13 {
                space = true
            } else {
                if space && !out.isEmpty { out.append(32) }
                space = false
                out.append(c)
            }
        }
        return stringFrom(out)
    }

    private static let revenueWord = Array("revenue".utf8), salesWord = Array("sales".utf8), incomeWord = Array("income".utf8)
    private static let marginWord = Array("margin".utf8), earningsWord = Array("earnings".utf8), epsWord = Array("eps".utf8)
    private static let profitWord = Array("profit".utf8), taxWord = Array("tax".utf8), lossWord = Array("loss".utf8)
    private static let percentWord = Array("percent".utf8), foldWord = Array("fold".utf8)

    /// A sentence that can hold guidance or a claim: an amount ("$", "%", "percent", "-fold")
    /// and a metric word (anywhere, ignoring case: "pretax"). Everything else is skipped before
    /// it is tokenized.
    static func mayHoldAmount(_ b: [UInt8]) -> Bool {
        let amount = b.withUnsafeBufferPointer { p -> Bool in
            guard let base = p.baseAddress else { return false }
            return memchr(base, 36, p.count) != nil || memchr(base, 37, p.count) != nil
        } || b.findCaseInsensitive(percentWord) != nil || b.findCaseInsensitive(foldWord) != nil
        guard amount else { return false }
        for i in b.indices {
            let found: Bool
            switch ASCII.lower(b[i]) {
            case 114: found = b.hasPrefixIgnoringCase(revenueWord, at: i)
            case 115: found = b.hasPrefixIgnoringCase(salesWord, at: i)
            case 105: found = b.hasPrefixIgnoringCase(incomeWord, at: i)
            case 109: found = b.hasPrefixIgnoringCase(marginWord, at: i)
            case 101: found = b.hasPrefixIgnoringCase(earningsWord, at: i) || b.hasPrefixIgnoringCase(epsWord, at: i)
            case 116: found = b.hasPrefixIgnoringCase(taxWord, at: i)
            case 108: found = b.hasPrefixIgnoringCase(lossWord, at: i)
            case 112: found = b.hasPrefixIgnoringCase(profitWord, at: i)
            default: continue
            }
            if found { return true }
        }
        return false
    }

    private static let abbreviations: Set<String> = ["inc", "corp", "co", "ltd", "mr", "ms", "mrs", "dr", "st", "no", "vs", "jr", "sr", "u.s", "e.g", "i.e"]

    /// Splits joined prose at ". " / "? " / "! " (optionally after a closing quote) before an
    /// upper-case letter, digit, quote or "$"; whitespace runs collapse to one space.
    private static func splitSentences(_ text: [UInt8], into out: inout [Sentence]) {
        let s = text[...]
        var cur: [UInt8] = []
        cur.reserveCapacity(256)
        var i = s.startIndex
        var space = false
        func emit() {
            // Only sentences with an amount ("$", "%", "percent", "-fold") can hold guidance or
            // claims; the others are not turned into strings at all.
            if mayHoldAmount(cur) {
                let t = collapse(cur[...])
                if !t.isEmpty { out.append(Sentence(text: t, isHeading: false)) }
            }
            cur.removeAll(keepingCapacity: true)
        }
        while i < s.endIndex {
            let c = s[i]
            if c == 32 || c == 9 {
                space = true
                i += 1
                continue
            }
            if space && !cur.isEmpty { cur.append(32) }
            space = false
            cur.append(c)
            if c == 46 || c == 63 || c == 33 {
                var j = i + 1
                if j < s.endIndex, s[j] == 34 || s[j] == 39 { cur.append(s[j]); j += 1; i += 1 }
                var k = j
                while k < s.endIndex, s[k] == 32 { k += 1 }
                let boundary: Bool
                if k == s.endIndex {
                    boundary = true
                } else if k > j {
                    let n = s[k]
                    boundary = (n >= 65 && n <= 90) || isDigit(n) || n == 34 || n == 36 || n == 39
                } else {
                    boundary = false
                }
                if boundary && c == 46 {
                    // The word before the period: an abbreviation does not end a sentence.
                    var w = cur.count - 1
                    while w > 0, isLetter(cur[w - 1]) || cur[w - 1] == 46 { w -= 1 }
                    let word = stringFrom(cur[w..<(cur.count - 1)]).lowercased()
                    if abbreviations.contains(word) || (word.count == 1 && word != "a") {
                        i += 1
                        continue
                    }
                }
                if boundary { emit() }
            }
            i += 1
        }
        emit()
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

    /// The value in units: percentages as fractions, money times its scale word; computed from
    /// the printed digits so that "$.7 million" is exactly 700,000.
    var units: Double {
        var p = 1.0
        for _ in 0..<decimals { p *= 10 }
        let sign: Double = value < 0 ? -1 : 1
        return percent ? sign * mantissa / (100 * p) : sign * mantissa * (scale ?? 1) / p
    }

    var isYear: Bool { kind == .number && plainInteger && value >= 1950 && value <= 2100 }
}

enum ProseTokenizer {
    static func tokenize(_ sentence: String) -> [ProseToken] {
        let b = Array(sentence.utf8)
        var out: [ProseToken] = []
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
                let word = stringFrom(b[i..<j]).lowercased()
                i = j
                if let last = out.last, last.kind == .number, !last.percent, last.scale == nil {
                    let scale: Double? = switch word {
                    case "million", "millions": 1_000_000
                    case "billion", "billions": 1_000_000_000
                    case "thousand", "thousands": 1000
                    default: nil
                    }
                    if let s = scale, !last.isYear || last.dollar {
                        out[out.count - 1].scale = s
                        continue
                    }
                    if word == "percent" || word == "per" && j + 5 <= b.count && stringFrom(b[j..<(j + 5)]).lowercased() == " cent"
                        && (j + 5 == b.count || !isLetter(b[j + 5])) {
                        out[out.count - 1].percent = true
                        out[out.count - 1].plainInteger = false
                        if word == "per" { i = min(b.count, j + 5) }
                        continue
                    }
                }
                out.append(ProseToken(kind: .word, text: word))
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
            i += 1
        }
        return out
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
        guard let s = SimpleDate(year: a / 12, month: a % 12 + 1, day: 1) else { return nil }
        let ey = b / 12, em = b % 12 + 1
        guard let e = SimpleDate(year: ey, month: em, day: SimpleDate.daysIn(month: em, year: ey)) else { return nil }
        return Period(start: s.iso, end: e.iso)
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
            guard let p = FiscalCalendar.period(fromMonth: b - 2, toMonth: b), let end = p.end.flatMap({ SimpleDate(iso: $0) }) else { return nil }
            let f = fiscal(of: end)
            return ResolvedPeriod(period: p, fiscalYear: f.year, fiscalQuarter: f.quarter)
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

    static let ordinals: [String: Int] = ["first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4]
    static let counts: [String: Int] = ["three": 3, "six": 6, "nine": 9, "twelve": 12]
    static let months: [String: Int] = [
        "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8,
        "september": 9, "october": 10, "november": 11, "december": 12,
    ]

    /// Words a period reference can start with (besides "q1".."q4").
    private static let startWords: Set<String> = Set(ordinals.keys).union(counts.keys).union(months.keys)
        .union(["fiscal", "corresponding", "same", "year-ago", "comparable", "prior", "previous", "last", "prior-year", "previous-year"])

    private static func mayStartReference(_ w: String) -> Bool {
        startWords.contains(w) || (w.utf8.count == 2 && w.utf8.first == UInt8(ascii: "q"))
    }

    static func scan(_ t: [ProseToken]) -> [Found] {
        var out: [Found] = []
        var i = 0
        func word(_ k: Int) -> String? { k < t.count && t[k].kind == .word ? t[k].text : nil }
        func year(_ k: Int) -> Int? { k < t.count && t[k].isYear ? Int(t[k].value) : nil }
        func label(_ r: Range<Int>) -> String {
            t[r].map { $0.kind == .number ? $0.text : $0.text }.joined(separator: " ")
        }
        while i < t.count {
            let start = i
            if t[i].kind == .word && !mayStartReference(t[i].text) {
                i += 1
                continue
            }
            if let w = word(i) {
                // "fiscal q4 2007", "q4 2007", "q4 of fiscal 2007"
                var k = i
                if w == "fiscal" { k += 1 }
                if let qw = word(k), qw.count == 2, qw.first == "q", let q = Int(String(qw.last!)), (1...4).contains(q) {
                    k += 1
                    if word(k) == "of" { k += 1 }
                    if word(k) == "fiscal" { k += 1 }
                    if word(k) == "," || (k < t.count && t[k].text == ",") { k += 1 }
                    let y = year(k)
                    if y != nil { k += 1 } else if k > i + 1, word(k - 1) == "fiscal" { k -= 1 }
                    out.append(Found(ref: .quarter(q, y), range: start..<k, label: label(start..<k)))
                    i = k
                    continue
                }
                // "third quarter 2003", "third fiscal quarter of 2003", "first quarter of fiscal 2004"
                if let q = ordinals[w] {
                    k = i + 1
                    if word(k) == "fiscal" { k += 1 }
                    if word(k) == "quarter" {
                        k += 1
                        // "fourth quarter ended September 30, 2003": the quarter ending that month.
                        if word(k) == "ended" || word(k) == "ending", let (m, y, end) = monthAndYear(t, from: k + 1) {
                            out.append(Found(ref: .monthQuarter(m, y), range: start..<end, label: label(start..<end)))
                            i = end
                            continue
                        }
                        // "fourth quarter of last year", "fourth quarter of the prior year".
                        var p = k
                        if word(p) == "of" { p += 1 }
                        if word(p) == "the" { p += 1 }
                        if let rel = word(p), ["last", "prior", "previous"].contains(rel), word(p + 1) == "year" || word(p + 1) == "fiscal" && word(p + 2) == "year" {
                            let end = p + (word(p + 1) == "year" ? 2 : 3)
                            out.append(Found(ref: .quarterOfPriorYear(q), range: start..<end, label: label(start..<end)))
                            i = end
                            continue
                        }
                        if word(k) == "of" { k += 1 }
                        if word(k) == "fiscal" { k += 1 }
                        var y = year(k)
                        if y != nil { k += 1 } else if k < t.count, t[k].text == ",", let yy = year(k + 1) { y = yy; k += 2 }
                        while k > i + 2, word(k - 1) == "of" || word(k - 1) == "fiscal" { k -= 1 }
                        out.append(Found(ref: .quarter(q, y), range: start..<k, label: label(start..<k)))
                        i = k
                        continue
                    }
                }
                // "first six months 2003", "six months ended june 30, 2003", "first nine months of 2003"
                if let n = counts[w] ?? (w == "first" ? counts[word(i + 1) ?? ""] : nil) {
                    k = w == "first" ? i + 2 : i + 1
                    if word(k) == "months" {
                        k += 1
                        var y: Int?
                        if word(k) == "ended" || word(k) == "ending" {
                            var m = k + 1
                            while m < min(t.count, k + 6), y == nil {
                                y = year(m)
                                m += 1
                            }
                            if y != nil { k = m }
                        } else {
                            if word(k) == "of" { k += 1 }
                            if word(k) == "fiscal" { k += 1 }
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
                if let m = months[w] {
                    k = i + 1
                    let y = year(k)
                    if y != nil { k += 1 }
                    if word(k) == "quarter" {
                        k += 1
                        out.append(Found(ref: .monthQuarter(m, y), range: start..<k, label: label(start..<k)))
                        i = k
                        continue
                    }
                }
                // "the corresponding quarter a year earlier", "the year-ago quarter", "the same quarter last year"
                if w == "corresponding" || w == "same" || w == "year-ago" || w == "comparable" {
                    k = i + 1
                    if word(k) == "quarter" || word(k) == "period" {
                        var m = k + 1
                        var ok = w == "year-ago"
                        while !ok, m < min(t.count, k + 5) {
                            if word(m) == "earlier" || word(m) == "ago" || word(m) == "last" || word(m) == "prior" || word(m) == "previous" { ok = true }
                            m += 1
                        }
                        if ok {
                            if w != "year-ago", word(m) == "year" { m += 1 }
                            out.append(Found(ref: .priorYearCorresponding, range: start..<m, label: label(start..<m)))
                            i = m
                            continue
                        }
                    }
                }
                // "the prior year's quarter", "prior-year period", "last year's quarter"
                if ["prior", "previous", "last", "prior-year", "previous-year"].contains(w) {
                    k = i + 1
                    var yearSaid = w.hasSuffix("-year")
                    if !yearSaid, let next = word(k), next == "year" || next == "year's" || next == "years" {
                        yearSaid = true
                        k += 1
                    }
                    if yearSaid, word(k) == "quarter" || word(k) == "period" {
                        out.append(Found(ref: .priorYearCorresponding, range: start..<(k + 1), label: label(start..<(k + 1))))
                        i = k + 1
                        continue
                    }
                }
                // "fiscal 2004", "fiscal year 2004"
                if w == "fiscal" {
                    k = i + 1
                    if word(k) == "year" { k += 1 }
                    if let y = year(k) {
                        out.append(Found(ref: .year(y), range: start..<(k + 1), label: label(start..<(k + 1))))
                        i = k + 1
                        continue
                    }
                }
            } else if let y = year(i) {
                // A bare year, unless it belongs to a date ("July 23, 2003") or a count.
                let prev = i > 0 ? t[i - 1] : nil
                let prev2 = i > 1 ? t[i - 2] : nil
                let isDate = prev?.text == "," && prev2?.kind == .number || (prev?.kind == .word && months[prev!.text] != nil)
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
        guard k < t.count, t[k].kind == .word, let m = months[t[k].text] else { return nil }
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
            if t[k].kind == .word, let m = months[t[k].text] { return m }
            k -= 1
        }
        return nil
    }
}
