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

    /// Parses "yyyy-MM-dd" or "yyyyMMdd" (any text with exactly eight digits).
    init?(iso: String) {
        var text = iso
        let fields: (y: Int, m: Int, d: Int)? = text.withUTF8 { u in
            var y = 0, m = 0, d = 0, digits = 0
            for b in u where ASCII.isDigit(b) {
                let v = Int(b - 48)
                switch digits {
                case 0..<4: y = y * 10 + v
                case 4..<6: m = m * 10 + v
                case 6..<8: d = d * 10 + v
                default: return nil
                }
                digits += 1
            }
            return digits == 8 ? (y, m, d) : nil
        }
        guard let f = fields else { return nil }
        self.init(year: f.y, month: f.m, day: f.d)
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
        guard (0...9999).contains(year), (0...99).contains(month), (0...99).contains(day) else { return paddedISO }
        // "yyyy-MM-dd" written digit by digit.
        return String(unsafeUninitializedCapacity: 10) { b in
            b[0] = UInt8(48 + year / 1000)
            b[1] = UInt8(48 + year / 100 % 10)
            b[2] = UInt8(48 + year / 10 % 10)
            b[3] = UInt8(48 + year % 10)
            b[4] = ASCII.minus
            b[5] = UInt8(48 + month / 10)
            b[6] = UInt8(48 + month % 10)
            b[7] = ASCII.minus
            b[8] = UInt8(48 + day / 10)
            b[9] = UInt8(48 + day % 10)
            return 10
        }
    }

    /// `iso` for any field values (zero-padded, as printed).
    private var paddedISO: String {
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
        var w = word
        return w.withUTF8 { month($0[...]) }
    }

    /// `month` of a word as UTF-8 bytes.
    static func month(_ word: Slice<UnsafeBufferPointer<UInt8>>) -> Int? {
        var w = word
        while let last = w.last, last == ASCII.period || last == ASCII.comma || last == ASCII.colon { w = w.dropLast() }
        guard w.count >= 3 && w.count <= 9, let key = packedLetters(w) else { return nil }
        return packedNumbers.first { $0.key == key }?.month
    }

    /// A date written as one word with its year: "6/30/03", "06/30/2003" (month/day/year) or
    /// "30-Jun-03", "30-JUN-2003" (day-month-year). Month and day must be in range.
    static func isNumericDate<C: Collection>(_ word: C) -> Bool where C.Element == UInt8 {
        // Both forms start with a digit and are at least five bytes long ("6/3/04", "1-Jun-03"): most
        // words tested (every word of a possible heading line) are ruled out without being copied.
        guard word.count >= 5, let first = word.first, ASCII.isDigit(first) else { return false }
        let bytes = Array(word)
        for separator in [UInt8(ascii: "/"), ASCII.minus] {
            let parts = bytes.split(separator: separator, omittingEmptySubsequences: false)
            guard parts.count == 3, parts[2].count == 2 || parts[2].count == 4, parts[2].allSatisfy(ASCII.isDigit),
                  (1...2).contains(parts[0].count), parts[0].allSatisfy(ASCII.isDigit), let first = Int(stringFrom(parts[0])) else { continue }
            if separator == ASCII.minus {
                let name = parts[1]
                let m = name.withUnsafeBufferPointer { month($0[...]) }
                if m != nil && (1...31).contains(first) { return true }
            } else if (1...2).contains(parts[1].count), parts[1].allSatisfy(ASCII.isDigit), let day = Int(stringFrom(parts[1])),
                      (1...12).contains(first), (1...31).contains(day) {
                return true
            }
        }
        return false
    }

    /// The month names and abbreviations `month` knows, in lower case.
    static var lowerCaseNames: Set<String> { Set(numbers.keys) }

    private static let numbers: [String: Int] = [
        "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4, "may": 5, "june": 6, "jun": 6,
        "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10,
        "november": 11, "nov": 11, "december": 12, "dec": 12,
    ]
    /// `numbers` keyed by `packedLetters`.
    private static let packedNumbers = numbers.map { (key: packedLetters(Array($0.key.utf8)[...])!, month: $0.value) }

    /// Up to 12 ASCII letters, case folded, as one integer (5 bits a letter, none zero, so words of
    /// different lengths differ); nil when the word has anything else.
    private static func packedLetters<C: Collection>(_ w: C) -> UInt64? where C.Element == UInt8 {
        guard w.count <= 12 else { return nil }
        var key: UInt64 = 0
        for b in w {
            guard ASCII.isLetter(b) else { return nil }
            key = key << 5 | UInt64((b | 0x20) - 96)
        }
        return key
    }

    /// Finds the first "Month day, year" date in free text (e.g. "July 23, 2003", "February 5,2004").
    static func firstDate(in text: String) -> SimpleDate? {
        var text = text
        return text.withUTF8 { u in
            // Words read as needed, three at a time: (month, day, year).
            var scanner = DateWords(u)
            var first = scanner.next(), second = scanner.next(), third = scanner.next()
            while let w = first {
                if !w.isDigit, let m = month(w.bytes), let d = second?.value, (1...31).contains(d) {
                    if let y = third?.value, (1900...2100).contains(y), let date = SimpleDate(year: y, month: m, day: d, clamp: true) {
                        return date
                    }
                }
                (first, second, third) = (second, third, scanner.next())
            }
            return nil
        }
    }
}

/// The words of UTF-8 text (valid, as from a `String`) for reading dates: runs of digits and runs
/// of letters (a digit next to a letter starts a new word); punctuation and spaces separate them.
struct DateWords {
    struct Word {
        var bytes: Slice<UnsafeBufferPointer<UInt8>>
        var isDigit: Bool

        var range: Range<Int> { bytes.startIndex..<bytes.endIndex }
        /// The number a word of digits reads (nil for letters, or when too large for `Int`).
        var value: Int? { isDigit ? digitsValue(bytes) : nil }
    }

    private let text: UnsafeBufferPointer<UInt8>
    private var i = 0

    init(_ text: UnsafeBufferPointer<UInt8>) { self.text = text }

    /// (is a digit, is a letter, length in bytes) of the character at `k`.
    @inline(__always) private func character(at k: Int) -> (digit: Bool, letter: Bool, length: Int) {
        let b = text[k]
        if b < 0x80 { return (ASCII.isDigit(b), ASCII.isLetter(b), 1) }
        return nonASCIICharacter(at: k)
    }

    /// `character(at:)` for a non-ASCII character (kept out of line so the ASCII test inlines).
    @inline(never) private func nonASCIICharacter(at k: Int) -> (digit: Bool, letter: Bool, length: Int) {
        (false, UTF8Text.isLetter(text, at: k), UTF8Text.scalarLength(text, at: k))
    }

    mutating func next() -> Word? {
        // Skip to the first character of a word.
        var start = 0
        var isDigit: Bool?
        while i < text.count {
            let c = character(at: i)
            if c.digit || c.letter {
                start = i
                isDigit = c.digit
                i += c.length
                break
            }
            i += c.length
        }
        guard let digit = isDigit else { return nil }
        while i < text.count {
            let c = character(at: i)
            guard (c.digit || c.letter) && c.digit == digit else { break }
            i += c.length
        }
        return Word(bytes: text[start..<i], isDigit: digit)
    }
}
