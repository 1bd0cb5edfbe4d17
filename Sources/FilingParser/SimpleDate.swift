// Calendar arithmetic on plain (proleptic Gregorian) dates, without Foundation.

struct SimpleDate: Hashable, Comparable, Sendable {
    var year: Int
    var month: Int
    var day: Int

    /// A valid date, or nil (day clamped to the month's length when `clamp` is set).
    init?(year: Int, month: Int, day: Int, clamp: Bool = false) {
        guard (1900...2100).contains(year), (1...12).contains(month), day >= 1 else { return nil }
        let last = SimpleDate.daysIn(month: month, year: year)
        if day > last {
            guard clamp else { return nil }
            self.year = year; self.month = month; self.day = last
            return
        }
        self.year = year; self.month = month; self.day = day
    }

    /// Parses "yyyy-MM-dd" or "yyyyMMdd".
    init?(iso: String) {
        let digits = iso.utf8.filter { $0 >= 48 && $0 <= 57 }.map { Int($0) - 48 }
        guard digits.count == 8 else { return nil }
        let y = digits[0] * 1000 + digits[1] * 100 + digits[2] * 10 + digits[3]
        let m = digits[4] * 10 + digits[5]
        let d = digits[6] * 10 + digits[7]
        self.init(year: y, month: m, day: d)
    }

    static func isLeap(_ y: Int) -> Bool { (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    var isLastDayOfMonth: Bool { day == SimpleDate.daysIn(month: month, year: year) }

    var iso: String {
        func pad(_ v: Int, _ n: Int) -> String {
            let s = String(v)
            return s.count >= n ? s : String(repeating: "0", count: n - s.count) + s
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }

    /// Days since a fixed epoch (only differences are meaningful).
    var dayNumber: Int {
        // Algorithm from "days from civil" (H. Hinnant).
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe
    }

    static func fromDayNumber(_ z0: Int) -> SimpleDate? {
        let z = z0
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return SimpleDate(year: m <= 2 ? y + 1 : y, month: m, day: d)
    }

    func addingDays(_ n: Int) -> SimpleDate? { SimpleDate.fromDayNumber(dayNumber + n) }

    /// First day of a period of `months` months ending on this date: for a month-end date the first
    /// of the month `months - 1` months earlier, otherwise the day after the same date `months` earlier.
    func startOfPeriod(months: Int) -> SimpleDate? {
        if isLastDayOfMonth {
            var m = month - (months - 1)
            var y = year
            while m < 1 { m += 12; y -= 1 }
            return SimpleDate(year: y, month: m, day: 1)
        }
        var m = month - months
        var y = year
        while m < 1 { m += 12; y -= 1 }
        return SimpleDate(year: y, month: m, day: day, clamp: true)?.addingDays(1)
    }

    static func < (a: SimpleDate, b: SimpleDate) -> Bool {
        (a.year, a.month, a.day) < (b.year, b.month, b.day)
    }
}

enum MonthNames {
    /// Month number for an English month name or abbreviation ("June", "Jun", "JUN.", "Sept"), or nil.
    static func month(_ word: String) -> Int? {
        var w = word.utf8[...]
        while let last = w.last, last == ASCII.period || last == ASCII.comma || last == ASCII.colon { w = w.dropLast() }
        guard w.count >= 3 && w.count <= 9 else { return nil }
        return numbers[String(decoding: w.map(ASCII.lower), as: UTF8.self)]
    }

    /// The month names and abbreviations `month` knows, in lower case.
    static var lowerCaseNames: Set<String> { Set(numbers.keys) }

    private static let numbers: [String: Int] = [
        "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4, "may": 5, "june": 6, "jun": 6,
        "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10,
        "november": 11, "nov": 11, "december": 12, "dec": 12,
    ]

    /// Finds the first "Month day, year" date in free text (e.g. "July 23, 2003", "February 5,2004").
    static func firstDate(in text: String) -> SimpleDate? {
        let words = splitDateWords(text)
        var i = 0
        while i < words.count {
            if let m = month(words[i]), i + 1 < words.count, let d = Int(words[i + 1]), (1...31).contains(d) {
                if i + 2 < words.count, let y = Int(words[i + 2]), (1900...2100).contains(y),
                   let date = SimpleDate(year: y, month: m, day: d, clamp: true) {
                    return date
                }
            }
            i += 1
        }
        return nil
    }

    /// Splits text into words, separating digits from letters and dropping punctuation other than
    /// the characters of a word.
    static func splitDateWords(_ text: String) -> [String] {
        var out: [String] = []
        let scalars = text.unicodeScalars
        var start = scalars.startIndex
        var inWord = false
        var curIsDigit = false
        var i = scalars.startIndex
        while i < scalars.endIndex {
            let ch = scalars[i]
            let isDigit = ch.isASCII && ASCII.isDigit(UInt8(ch.value))
            let isLetter = ch.isASCII ? ASCII.isLetter(UInt8(ch.value)) : ch.properties.isAlphabetic
            if isDigit || isLetter {
                if inWord && curIsDigit != isDigit {
                    out.append(String(scalars[start..<i]))
                    start = i
                } else if !inWord {
                    start = i
                }
                inWord = true
                curIsDigit = isDigit
            } else if inWord {
                out.append(String(scalars[start..<i]))
                inWord = false
            }
            i = scalars.index(after: i)
        }
        if inWord { out.append(String(scalars[start..<scalars.endIndex])) }
        return out
    }
}
