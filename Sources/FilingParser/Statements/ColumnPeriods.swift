// Turns a column heading ("Three Months Ended June 30, 2003") into a reporting period.

struct ColumnMeaning: Equatable {
    var heading: String
    var period: Period?
    /// A change / percentage / variance column (no period).
    var isChange: Bool
    /// Basis implied by the heading ("previously-reported", "non-gaap"), if any.
    var basis: String?
}

enum ColumnPeriods {
    /// Resolves one column heading.
    /// - Parameters:
    ///   - kind: statement kind; balance sheet columns are instants.
    ///   - title: the statement title and sub-title, used when the heading lacks a month or duration.
    ///   - fiscalYearEnd: (month, day) from the SEC header, used when a heading has only a year.
    ///   - byStartYear: how a year ending in January or early February is named (`FiscalYearNames`).
    static func resolve(_ heading: String, kind: String, title: String, fiscalYearEnd: (Int, Int)?, byStartYear: Bool = true) -> ColumnMeaning {
        resolve(heading, kind: kind, title: TitleFacts(title), fiscalYearEnd: fiscalYearEnd, byStartYear: byStartYear)
    }

    /// What the columns of one table take from its title: its last date and its durations.
    struct TitleFacts {
        var date: (month: Int?, day: Int?, year: Int?)
        var lengths: [Length]
        /// The duration when the title names only one (possibly several times).
        var onlyLength: Length?
        /// Every complete date of the title ("July 3, 2004 and June 28, 2003").
        var dates: [PrintedDate]

        init(_ title: String) {
            date = ColumnPeriods.lastDate(in: title)
            dates = ColumnPeriods.printedDates(in: title)
            lengths = ColumnPeriods.durations(in: LowerText(title))
            onlyLength = lengths.allSatisfy { $0 == lengths[0] } ? lengths.first : nil
        }
    }

    private static let changeWords = phrases("change", "%", "variance", "increase", "decrease", "inc (dec)", "inc/(dec)", "better", "worse",
                                             "constant currency")
    private static let previouslyReported = phrases("previously reported", "as originally reported")
    private static let asOf = Array("as of".utf8), at = Array("at ".utf8)
    private static let toDate = phrases("to date", "ytd")

    private static let comparisonWords = phrases(" vs ", " vs. ", "versus", "compared with", "compared to")
    private static let fromWord = Array(" from ".utf8)
    private static let rangeWords = phrases(" to ", "through", "inception")

    /// A heading comparing two dates ("June 30, 2000 from Dec. 31, 1999", "2004 vs. 2003") heads
    /// a change column, not a period ("Period from May 1, 2003 to June 30, 2003" is a period).
    static func isComparison(_ lower: LowerText, heading: String) -> Bool {
        if lower.hasAny(comparisonWords) { return true }
        return lower.has(fromWord) && !lower.hasAny(rangeWords) && printedDates(in: heading).count >= 2
    }

    static func resolve(_ heading: String, kind: String, title: TitleFacts, fiscalYearEnd: (Int, Int)?, byStartYear: Bool = true) -> ColumnMeaning {
        let lower = LowerText(heading)
        var meaning = ColumnMeaning(heading: heading, period: nil, isChange: false, basis: nil)
        if lower.hasAny(changeWords) || isComparison(lower, heading: heading) {
            meaning.isChange = true
            return meaning
        }
        if lower.hasAny(previouslyReported) {
            meaning.basis = "previously-reported"
        } else if OtherBasis.isStated(in: lower) {
            meaning.basis = "non-gaap"
        }

        var (month, day, year) = lastDate(in: heading)
        let headingDates = printedDates(in: heading)
        if let last = headingDates.last,
           month == nil || year == nil || (day == nil && last.day != nil && last.month == month && last.year == year) {
            // Only numeric dates ("12/31/00", "3/31/2022", "30-Jun-03"), or the day printed before the
            // month ("30 June 2003"). A year printed on its own under stacked dates ("7/3/04 and
            // 6/28/03" over "2004") stays the column's year.
            let ownYear = year
            (month, day, year) = (last.month, last.day, last.year)
            if let own = ownYear, headingDates.contains(where: { $0.year == own }) { year = own }
        }
        // "Q3 FY04", "Third Quarter Fiscal 2004", "FY2004": a fiscal quarter or year without a month.
        let fiscal = fiscalPeriod(in: lower)
        if year == nil { year = fiscal.year }
        guard let y = year else { return meaning }
        var m = month
        var d = day
        var quarterLength: Length?
        if m == nil, headingDates.isEmpty, title.date.month == nil, let q = fiscal.quarter, let fye = fiscalYearEnd,
           let end = fiscalQuarterEnd(quarter: q, fiscalYear: y, fiscalYearEnd: fye, byStartYear: byStartYear) {
            (m, d) = (end.date.month, end.date.day)
            year = end.date.year
            quarterLength = end.length
        } else if m == nil, fiscal.year != nil, fiscal.quarter == nil, durations(in: lower).isEmpty {
            quarterLength = .months(12)
        }
        var y2 = year ?? y
        // Stacked dates ("July 3, 2004 and June 28, 2003" over columns headed 2004 and 2003): the
        // column's own year picks its date.
        let stacked = headingDates + title.dates
        if Set(stacked.map(\.year)).count > 1, let own = stacked.last(where: { $0.year == y }) {
            m = own.month
            d = own.day
        }
        if m == nil {
            let t = title.date
            if let tm = t.month {
                m = tm
                d = t.day
            } else if let fye = fiscalYearEnd {
                // Only a year printed ("Fiscal 2004", "Full Year 2004"): the fiscal year of that name.
                m = fye.0
                d = fye.1
                y2 = FiscalYearNames.endYear(ofFiscalYear: y2, fiscalYearEnd: fye, byStartYear: byStartYear)
            }
        }
        guard let mm = m else { return meaning }
        let dd = d ?? SimpleDate.daysIn(month: mm, year: y2)
        guard let end = SimpleDate(year: y2, month: mm, day: dd, clamp: true) else { return meaning }

        if kind == "balance" || lower.has(asOf) || lower.hasPrefix(at) {
            meaning.period = .instant(end.iso)
            return meaning
        }
        var length = quarterLength ?? durations(in: lower).last ?? title.onlyLength
        if length == nil, lower.hasAny(toDate), let fye = fiscalYearEnd {
            var months = (end.month - fye.0 + 12) % 12
            if months == 0 { months = 12 }
            length = .months(months)
        }
        switch length {
        case .months(let n)?:
            meaning.period = .duration(end.startOfPeriod(months: n)?.iso, end.iso)
        case .weeks(let n)?:
            meaning.period = .duration(end.addingDays(-7 * n + 1)?.iso, end.iso)
        case nil:
            // Unknown length; the statement builder may infer it from a comparative column.
            meaning.period = .duration(nil, end.iso)
        }
        return meaning
    }

    /// The quarter number ("Q3", "3Q", "Third Quarter", "3rd Qtr") and fiscal year ("FY04",
    /// "FY2004", "FY 2004", "Fiscal 2004", "Fiscal Year 2004") a heading names, if any.
    static func fiscalPeriod(in lower: LowerText) -> (quarter: Int?, year: Int?) {
        guard lower.hasAny(fiscalClues) else { return (nil, nil) }
        let words = lower.words()
        var quarter: Int?, year = apostropheYear(in: lower.text)
        func twoOrFourDigitYear(_ w: Substring) -> Int? {
            guard w.count == 2 || w.count == 4, let v = Int(w) else { return nil }
            let full = fullYear(v)
            return (1980...2039).contains(full) ? full : nil
        }
        for (k, w) in words.enumerated() {
            let next = k + 1 < words.count ? words[k + 1] : nil
            // "q3", "3q", "q3fy04"
            if w.count >= 2, w.first == "q", let n = w.dropFirst().first?.wholeNumberValue, (1...4).contains(n) {
                quarter = n
                if let fy = w.range(of: "fy"), let v = twoOrFourDigitYear(w[fy.upperBound...]) { year = v }
            } else if w.count == 2 || w.count == 4, w.dropFirst().first == "q", let n = w.first?.wholeNumberValue, (1...4).contains(n) {
                // "3q", "4q04"
                quarter = n
                if w.count == 4, let v = twoOrFourDigitYear(w.dropFirst(2)) { year = v }
            } else if let n = ordinalQuarters[w], let nx = next, nx.hasPrefix("quarter") || nx == "qtr" {
                quarter = n
            } else if w.hasPrefix("fy") {
                if let v = twoOrFourDigitYear(w.dropFirst(2)) { year = v } else if w == "fy", let nx = next, let v = twoOrFourDigitYear(nx[...]) { year = v }
            } else if w == "fiscal", let nx = next {
                if let v = twoOrFourDigitYear(nx[...]) { year = v } else if nx == "year", k + 2 < words.count, let v = twoOrFourDigitYear(words[k + 2][...]) { year = v }
            }
        }
        return (quarter, year)
    }

    /// A two-digit year printed after an apostrophe: "Q4'04", "4Q '04", "Fourth Quarter ’04".
    static func apostropheYear(in text: String) -> Int? {
        // No word has a mark without its first byte in the text (' or E2 of ’, E2 80 99): most
        // headings; then the words are not split.
        guard text.utf8.contains(where: { $0 == 0x27 || $0 == 0xE2 }) else { return nil }
        let words = text.split { !($0.isLetter || $0.isNumber || $0 == "'" || $0 == "\u{2019}") }
        for w in words {
            guard let mark = w.lastIndex(where: { $0 == "'" || $0 == "\u{2019}" }) else { continue }
            let digits = w[w.index(after: mark)...]
            if digits.count == 2, let v = Int(digits) { return fullYear(v) }
        }
        return nil
    }

    private static let fiscalClues = phrases("q", "fy", "fiscal", "quarter", "qtr")
    private static let ordinalQuarters: [String: Int] = [
        "first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4,
    ]

    /// The end of quarter `quarter` of the fiscal year ending in `fiscalYear` on the header's
    /// fiscal year end (month, day): quarters of three calendar months when the year ends on a
    /// month's last day, else of 13 weeks (52/53-week years).
    static func fiscalQuarterEnd(quarter: Int, fiscalYear: Int, fiscalYearEnd fye: (Int, Int), byStartYear: Bool = true) -> (date: SimpleDate, length: Length)? {
        let back = 4 - quarter
        let endYear = FiscalYearNames.endYear(ofFiscalYear: fiscalYear, fiscalYearEnd: fye, byStartYear: byStartYear)
        guard let yearEnd = SimpleDate(year: endYear, month: fye.0, day: fye.1, clamp: true) else { return nil }
        if yearEnd.isLastDayOfMonth {
            var month = fye.0 - 3 * back, year = endYear
            if month <= 0 { month += 12; year -= 1 }
            guard let end = SimpleDate(year: year, month: month, day: SimpleDate.daysIn(month: month, year: year)) else { return nil }
            return (end, .months(3))
        }
        guard let end = yearEnd.addingDays(-91 * back) else { return nil }
        return (end, .weeks(13))
    }

    /// A date printed in a heading: its month and year, and its day when printed.
    struct PrintedDate: Equatable {
        var month: Int
        var day: Int?
        var year: Int
    }

    /// Every date with a year in the text, in order: "July 3, 2004", "Sept. 30 2003",
    /// "December 2003", "12/31/00", "3/31/2022". A two-digit year is 19xx from 50 on, else 20xx.
    static func printedDates(in text: String) -> [PrintedDate] {
        guard text.utf8.contains(where: ASCII.isDigit) else { return [] }  // every date has a number
        let words = text.words(separatedBy: " ,\n")
        var dates: [PrintedDate] = []
        var i = 0
        while i < words.count {
            defer { i += 1 }
            // A word without a slash (or a hyphen) is split into no parts but itself: not split.
            let parts = words[i].utf8.contains(UInt8(ascii: "/")) ? words[i].split(separator: "/", omittingEmptySubsequences: false) : []
            if parts.count == 3, let m = Int(parts[0]), let d = Int(parts[1]), let y = Int(parts[2]),
               (1...12).contains(m), (1...31).contains(d), parts[2].count == 2 || parts[2].count == 4 {
                dates.append(PrintedDate(month: m, day: d, year: fullYear(y)))
                continue
            }
            // "30-Jun-03", "30-JUN-2003": day, month name, year.
            let dashed = words[i].utf8.contains(ASCII.minus) ? words[i].split(separator: "-", omittingEmptySubsequences: false) : []
            if dashed.count == 3, let d = Int(dashed[0]), (1...31).contains(d), let m = MonthNames.month(String(dashed[1])),
               let y = Int(dashed[2]), dashed[2].count == 2 || dashed[2].count == 4 {
                dates.append(PrintedDate(month: m, day: d, year: fullYear(y)))
                continue
            }
            guard let m = MonthNames.month(words[i]) else { continue }
            var k = i + 1
            var day: Int?
            if k < words.count, words[k].count <= 2, let d = Int(words[k]), (1...31).contains(d) {
                day = d
                k += 1
            } else if i > 0, words[i - 1].count <= 2, let d = Int(words[i - 1]), (1...31).contains(d) {
                // The day before the month: "30 June 2003".
                day = d
            }
            if k < words.count, words[k].count == 4, let y = Int(words[k]), (1980...2039).contains(y) {
                dates.append(PrintedDate(month: m, day: day, year: y))
                i = k
            }
        }
        return dates
    }

    /// The year of a two- or four-digit year number.
    static func fullYear(_ y: Int) -> Int { y >= 100 ? y : (y >= 50 ? 1900 + y : 2000 + y) }

    enum Length: Equatable, Hashable {
        case months(Int)
        case weeks(Int)
    }

    /// The last (month, day, year) mentioned; day is nil when only a month is printed.
    static func lastDate(in text: String) -> (month: Int?, day: Int?, year: Int?) {
        var text = text
        return text.withUTF8 { u in
            var month: Int?, day: Int?, year: Int?
            var words = DateWords(u)
            var afterMonth = false
            while let w = words.next() {
                // The day right after a month name: "June 30".
                if afterMonth, w.isDigit, w.range.count <= 2, let dv = w.value, (1...31).contains(dv) { day = dv }
                afterMonth = false
                if !w.isDigit, let m = MonthNames.month(w.bytes) {
                    month = m
                    day = nil
                    afterMonth = true
                } else if w.isDigit, w.range.count == 4, let yv = w.value, (1980...2039).contains(yv) {
                    year = yv
                }
            }
            return (month, day, year)
        }
    }

    static let numberWords: [String: Int] = [
        "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
        "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
        "twenty-six": 26, "twentysix": 26, "twenty-seven": 27, "thirty-nine": 39, "forty": 40, "fifty-two": 52, "fifty-three": 53,
    ]

    private static let quarterWords: Set<String> = ["q1", "q2", "q3", "q4", "qtr", "qtd", "quarter", "quarters"]
    private static let yearWords: Set<String> = ["year", "years"]
    /// Words before "year" that make it no column length ("one year", "prior year", "per year").
    private static let notYearBefore: Set<String> = ["one", "1", "prior", "last", "per"]
    /// Words after "year" that make it no column length ("year to date", "year over year").
    private static let notYearAfter: Set<String> = ["to", "over"]
    /// "3 Mos. Ended".
    private static let monthAbbreviations: Set<String> = ["mos", "mo"]
    /// What the text of any duration contains: "mo" (month, mos.), "week", "q" (the quarter words) or "year".
    private static let durationClues = phrases("mo", "week", "q", "year")

    /// Durations mentioned in the text (lower case), in order.
    static func durations(in lower: String) -> [Length] { durations(in: LowerText(lower)) }

    static func durations(in lower: LowerText) -> [Length] {
        // Every duration needs one of these (most headings have none: "June 30, 2003", "2003").
        guard lower.hasAny(durationClues) else { return [] }
        // Words: runs of letters, digits and hyphens.
        let words = lower.words(joinedBy: "-")
        var out: [Length] = []
        // The word after a counted length ("53-Week Year", "16-Week Quarter") names the same period.
        var counted = false, unitNext = false
        for (k, w) in words.enumerated() {
            let previous = k > 0 ? words[k - 1] : nil
            let next = k + 1 < words.count ? words[k + 1] : nil
            if counted && (quarterWords.contains(w) || yearWords.contains(w)) {
                counted = false
                continue
            }
            if unitNext {
                // The unit of "13 Weeks": the word after it may still name the period.
                unitNext = false
                continue
            }
            counted = false
            // A number before "month..." or "week...", as two words or hyphenated ("13-week",
            // "three-month", "fifty-two-week").
            var count = w, unit = next
            if w.utf8.contains(ASCII.minus), let hyphen = w.lastIndex(of: "-"), Int(w) == nil, numberWords[w] == nil {
                count = String(w[..<hyphen])
                unit = String(w[w.index(after: hyphen)...])
            }
            if let unit {
                let months = unit.hasPrefix("month") || monthAbbreviations.contains(unit)
                if months || unit.hasPrefix("week"), let n = Int(count) ?? numberWords[count] {
                    let length: Length? = months ? ((1...12).contains(n) ? .months(n) : nil) : ((4...53).contains(n) ? .weeks(n) : nil)
                    if let length {
                        out.append(length)
                        counted = true
                        unitNext = count == w
                        continue
                    }
                }
            }
            if quarterWords.contains(w) {
                // "Fourth Quarter and Full Year" still names a quarter column; "quarter-to-date" too.
                out.append(.months(3))
            } else if yearWords.contains(w) {
                if let p = previous, notYearBefore.contains(p) { continue }
                if let n = next, notYearAfter.contains(n) { continue }
                out.append(.months(12))
            }
        }
        return out
    }
}

/// ASCII phrases as bytes.
func phrases(_ texts: String...) -> [[UInt8]] { texts.map { Array($0.utf8) } }

/// The value of a word of ASCII digits (as `Int(word)`: nil on overflow), or nil for other words.
func digitsValue<C: Collection>(_ w: C) -> Int? where C.Element == UInt8 {
    guard !w.isEmpty else { return nil }
    var v = 0
    for b in w {
        guard ASCII.isDigit(b) else { return nil }
        let (times10, o1) = v.multipliedReportingOverflow(by: 10)
        let (sum, o2) = times10.addingReportingOverflow(Int(b - 48))
        if o1 || o2 { return nil }
        v = sum
    }
    return v
}

/// Text lower-cased as `String.lowercased()` does, as UTF-8 bytes (ASCII byte by byte; anything
/// else through Unicode), searched for ASCII phrases.
struct LowerText {
    private(set) var bytes: [UInt8]
    /// The text is ASCII: prefixes and suffixes are compared as bytes.
    private(set) var isASCII: Bool

    init(_ text: String) {
        bytes = Array(text.utf8)
        isASCII = bytes.allSatisfy { $0 < 0x80 }
        if isASCII {
            for i in bytes.indices { bytes[i] = ASCII.lower(bytes[i]) }
        } else {
            bytes = Array(text.lowercased().utf8)
        }
    }

    /// The texts joined with single spaces (`lowercased()` maps each scalar on its own, so the
    /// lower-cased pieces joined are the joined text lower-cased).
    init(joining pieces: [LowerText]) {
        bytes = []
        bytes.reserveCapacity(pieces.reduce(pieces.count) { $0 + $1.bytes.count })
        isASCII = true
        for (i, p) in pieces.enumerated() {
            if i > 0 { bytes.append(ASCII.space) }
            bytes.append(contentsOf: p.bytes)
            isASCII = isASCII && p.isASCII
        }
    }

    /// The lower-cased pieces, then the texts, joined with single spaces (as `init(joining:)` of
    /// all of them, without a `LowerText` per text).
    init<S: Sequence>(joining pieces: [LowerText], then texts: S) where S.Element == String {
        self.init(joining: pieces)
        var first = pieces.isEmpty
        for t in texts {
            if !first { bytes.append(ASCII.space) }
            first = false
            appendLowercased(t)
        }
    }

    /// Appends `text` lower-cased: ASCII byte by byte, anything else through Unicode.
    private mutating func appendLowercased(_ text: String) {
        if text.utf8.allSatisfy({ $0 < 0x80 }) {
            bytes.append(contentsOf: text.utf8.map(ASCII.lower))
        } else {
            bytes.append(contentsOf: text.lowercased().utf8)
            isASCII = false
        }
    }

    var text: String { stringFrom(bytes) }

    func has(_ phrase: [UInt8]) -> Bool { bytes.find(phrase) != nil }

    func hasAny(_ phrases: [[UInt8]]) -> Bool { phrases.contains { bytes.find($0) != nil } }

    /// As `lowercased().hasPrefix(phrase)` (which compares characters when the text is not ASCII).
    func hasPrefix(_ phrase: [UInt8]) -> Bool {
        isASCII ? bytes.hasPrefix(phrase, at: 0) : text.hasPrefix(stringFrom(phrase))
    }

    func hasAnyPrefix(_ phrases: [[UInt8]]) -> Bool { phrases.contains { hasPrefix($0) } }

    /// As `lowercased().hasSuffix(phrase)`.
    func hasSuffix(_ phrase: [UInt8]) -> Bool {
        isASCII ? bytes.hasPrefix(phrase, at: bytes.count - phrase.count) : text.hasSuffix(stringFrom(phrase))
    }

    func hasAnySuffix(_ phrases: [[UInt8]]) -> Bool { phrases.contains { hasSuffix($0) } }
}
