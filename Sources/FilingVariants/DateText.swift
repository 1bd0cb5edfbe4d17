/// Dates as printed in column headers and the formats a variant rewrites them in.
enum DateText {
    static let months = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
                         "november", "december"]

    /// 1...12 for a month name or abbreviation ("Jun", "JUN.", "Sept", "June"), nil otherwise.
    static func month(_ word: String) -> Int? {
        var w = word.lowercased()
        if w.hasSuffix(".") || w.hasSuffix(",") { w.removeLast() }
        guard w.count >= 3 else { return nil }
        if w == "sept" { return 9 }
        if let n = months.firstIndex(of: w) { return n + 1 }
        if w.count == 3, let n = months.firstIndex(where: { $0.hasPrefix(w) }) { return n + 1 }
        return nil
    }

    static func isMonth(_ word: String) -> Bool { month(word) != nil }

    /// The formats of a rewritten date.
    enum Format: String, CaseIterable {
        case abbreviatedWithPeriod = "Jun. 30, 2003"
        case fullMonth = "June 30, 2003"
        case upperCase = "JUNE 30, 2003"
        case numericShortYear = "6/30/03"
        case numericLongYear = "06/30/2003"
        case dayMonthYear = "30-Jun-03"
        case dayFirst = "30 June 2003"
        case noComma = "June 30 2003"
        /// Only for a date on its month's last day (the day is implied).
        case monthOnly = "June 2003"

        var name: String {
            switch self {
            case .abbreviatedWithPeriod: "abbreviated"
            case .fullMonth: "full-month"
            case .upperCase: "upper-case"
            case .numericShortYear: "m/d/yy"
            case .numericLongYear: "mm/dd/yyyy"
            case .dayMonthYear: "d-mon-yy"
            case .dayFirst: "day-first"
            case .noComma: "no-comma"
            case .monthOnly: "month-year"
            }
        }

        /// The date in this format; `year` nil for a month-day piece whose year is printed below it
        /// (only the month-name formats can write those).
        func text(month m: Int, day: Int, year: Int?) -> String? {
            let full = DateText.months[m - 1].prefix(1).uppercased() + DateText.months[m - 1].dropFirst()
            let abbr = String(full.prefix(3))
            switch self {
            case .abbreviatedWithPeriod: return "\(m == 5 ? abbr : abbr + ".") \(day)," + (year.map { " \($0)" } ?? "")
            case .fullMonth: return "\(full) \(day)," + (year.map { " \($0)" } ?? "")
            case .upperCase: return "\(full.uppercased()) \(day)," + (year.map { " \($0)" } ?? "")
            case .numericShortYear: return year.map { "\(m)/\(day)/" + String(String($0).suffix(2)) }
            case .numericLongYear: return year.map { (m < 10 ? "0" : "") + "\(m)/" + (day < 10 ? "0" : "") + "\(day)/\($0)" }
            case .dayMonthYear: return year.map { "\(day)-\(abbr)-" + String(String($0).suffix(2)) }
            case .dayFirst: return "\(day) \(full)" + (year.map { " \($0)" } ?? "")
            case .noComma: return "\(full) \(day)" + (year.map { " \($0)" } ?? "")
            case .monthOnly:
                guard day == DateText.lastDay(month: m, year: year ?? 2001) else { return nil }
                return full + (year.map { " \($0)" } ?? "")
            }
        }
    }

    /// The last day of a month.
    static func lastDay(month m: Int, year y: Int) -> Int {
        switch m {
        case 2: (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// A month-day date with an optional year in `text` ("June 30, 2003", "JUN 30,", "Sept. 30 2003"):
    /// month, day, year and the text after it; nil when `text` does not start with one.
    static func parse(_ text: String) -> (month: Int, day: Int, year: Int?, rest: String)? {
        var ws = text.split(separator: " ").map(String.init)
        // "2,2024": the day and year printed without a space.
        if ws.count >= 2, let comma = ws[1].firstIndex(of: ","), ws[1][ws[1].index(after: comma)...].count == 4 {
            ws.insert(String(ws[1][ws[1].index(after: comma)...]), at: 2)
            ws[1] = String(ws[1][...comma])
        }
        guard ws.count >= 2, let m = month(ws[0]) else { return nil }
        var d = ws[1]
        if d.hasSuffix(",") { d.removeLast() }
        guard let day = Int(d), (1...31).contains(day) else { return nil }
        if ws.count >= 3, ws[2].count == 4, let y = Int(ws[2]), (1900...2100).contains(y) {
            return (m, day, y, ws.dropFirst(3).joined(separator: " "))
        }
        return (m, day, nil, ws.dropFirst(2).joined(separator: " "))
    }
}
