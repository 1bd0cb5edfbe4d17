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
    static func resolve(_ heading: String, kind: String, title: String, fiscalYearEnd: (Int, Int)?) -> ColumnMeaning {
        resolve(heading, kind: kind, title: TitleFacts(title), fiscalYearEnd: fiscalYearEnd)
    }

    /// What the columns of one table take from its title: its last date and its durations.
    struct TitleFacts {
        var date: (month: Int?, day: Int?, year: Int?)
        var lengths: [Length]

        init(_ title: String) {
            date = ColumnPeriods.lastDate(in: title)
            lengths = ColumnPeriods.durations(in: title.lowercased())
        }
    }

    private static let changeWords = ["change", "%", "variance", "increase", "decrease", "inc (dec)", "inc/(dec)", "better", "worse"]

    static func resolve(_ heading: String, kind: String, title: TitleFacts, fiscalYearEnd: (Int, Int)?) -> ColumnMeaning {
        let lower = heading.lowercased()
        var meaning = ColumnMeaning(heading: heading, period: nil, isChange: false, basis: nil)
        if changeWords.contains(where: { lower.has($0) }) {
            meaning.isChange = true
            return meaning
        }
        if lower.has("previously reported") || lower.has("as originally reported") {
            meaning.basis = "previously-reported"
        } else if lower.has("pro forma") || lower.has("non-gaap") || lower.has("adjusted") {
            meaning.basis = "non-gaap"
        }

        let (month, day, year) = lastDate(in: heading)
        guard let y = year else { return meaning }
        var m = month
        var d = day
        if m == nil {
            let t = title.date
            if let tm = t.month {
                m = tm
                d = t.day
            } else if let fye = fiscalYearEnd {
                m = fye.0
                d = fye.1
            }
        }
        guard let mm = m else { return meaning }
        let dd = d ?? SimpleDate.daysIn(month: mm, year: y)
        guard let end = SimpleDate(year: y, month: mm, day: dd, clamp: true) else { return meaning }

        if kind == "balance" || lower.has("as of") || lower.hasPrefix("at ") {
            meaning.period = .instant(end.iso)
            return meaning
        }
        var length = duration(in: lower)
        if length == nil {
            if Set(title.lengths).count == 1 { length = title.lengths.first }
        }
        if length == nil, lower.has("to date") || lower.has("ytd"), let fye = fiscalYearEnd {
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

    enum Length: Equatable, Hashable {
        case months(Int)
        case weeks(Int)
    }

    /// The last (month, day, year) mentioned; day is nil when only a month is printed.
    static func lastDate(in text: String) -> (month: Int?, day: Int?, year: Int?) {
        let words = MonthNames.splitDateWords(text)
        var month: Int?, day: Int?, year: Int?
        for (i, w) in words.enumerated() {
            if let m = MonthNames.month(w), w.count >= 3 {
                month = m
                day = nil
                if i + 1 < words.count, words[i + 1].count <= 2, let dv = Int(words[i + 1]), (1...31).contains(dv) { day = dv }
            } else if w.count == 4, let y = Int(w), (1980...2039).contains(y) {
                year = y
            }
        }
        return (month, day, year)
    }

    static let numberWords: [String: Int] = [
        "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
        "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
        "twenty-six": 26, "twentysix": 26, "twenty-seven": 27, "thirty-nine": 39, "forty": 40, "fifty-two": 52, "fifty-three": 53,
    ]

    /// Durations mentioned in the text, in order.
    static func durations(in lower: String) -> [Length] {
        var words: [String] = []
        let scalars = lower.unicodeScalars
        var start: String.UnicodeScalarView.Index?
        var i = scalars.startIndex
        while i < scalars.endIndex {
            let ch = scalars[i]
            let inWord = ch.isASCII ? ASCII.isLetter(UInt8(ch.value)) || ASCII.isDigit(UInt8(ch.value)) || ch == "-"
                : ch.properties.isAlphabetic || ch.properties.numericType != nil
            if inWord && start == nil { start = i }
            if !inWord, let s = start { words.append(String(scalars[s..<i])); start = nil }
            i = scalars.index(after: i)
        }
        if let s = start { words.append(String(scalars[s..<scalars.endIndex])) }
        var out: [Length] = []
        for (i, w) in words.enumerated() {
            let n = numberWords[w] ?? Int(w)
            if let n = n, i + 1 < words.count {
                let next = words[i + 1]
                if next.hasPrefix("month") && (1...12).contains(n) { out.append(.months(n)); continue }
                if next.hasPrefix("week") && (4...53).contains(n) {
                    out.append(.weeks(n))
                    continue
                }
            }
            if ["q1", "q2", "q3", "q4", "qtr", "qtd"].contains(w) {
                out.append(.months(3))
            } else if w == "quarter" || w == "quarters" {
                // "Fourth Quarter and Full Year" still names a quarter column; "quarter-to-date" too.
                out.append(.months(3))
            } else if w == "year" || w == "years" {
                if i > 0, ["one", "1", "prior", "last", "per"].contains(words[i - 1]) { continue }
                if i + 1 < words.count, ["to", "over"].contains(words[i + 1]) { continue }
                out.append(.months(12))
            }
        }
        return out
    }

    static func duration(in lower: String) -> Length? { durations(in: lower).last }
}
