import Foundation

/// A calendar day as EDGAR uses it (US Eastern), e.g. for `master.20220613.idx`.
public struct EDGARDay: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int

    public init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// `2022-06-13` or `20220613`; nil when not a valid date.
    public init?(_ text: String) {
        let digits = text.filter(\.isNumber)
        guard digits.count == 8, text.count == 8 || text.count == 10,
              let y = Int(digits.prefix(4)), let m = Int(digits.dropFirst(4).prefix(2)), let d = Int(digits.suffix(2)),
              (1...12).contains(m), (1...31).contains(d) else { return nil }
        self.init(year: y, month: m, day: d)
        guard let date = Self.calendar.date(from: DateComponents(year: y, month: m, day: d)),
              Self.calendar.component(.day, from: date) == d else { return nil }
    }

    /// The day it is at `date` in New York.
    public init(date: Date) {
        let c = Self.calendar.dateComponents([.year, .month, .day], from: date)
        self.init(year: c.year!, month: c.month!, day: c.day!)
    }

    static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "America/New_York") ?? TimeZone(secondsFromGMT: -5 * 3600)!
        return calendar
    }()

    var date: Date { Self.calendar.date(from: DateComponents(year: year, month: month, day: day, hour: 12))! }

    public func adding(days: Int) -> EDGARDay {
        EDGARDay(date: Self.calendar.date(byAdding: .day, value: days, to: date)!)
    }

    /// Saturday or Sunday: EDGAR publishes no daily index.
    public var isWeekend: Bool {
        let weekday = Self.calendar.component(.weekday, from: date)
        return weekday == 1 || weekday == 7
    }

    public var quarter: Int { (month - 1) / 3 + 1 }
    /// `2022-06-13`
    public var iso: String { String(format: "%04d-%02d-%02d", year, month, day) }
    /// `20220613`
    public var compact: String { String(format: "%04d%02d%02d", year, month, day) }
    public var description: String { iso }

    public static func < (a: EDGARDay, b: EDGARDay) -> Bool { (a.year, a.month, a.day) < (b.year, b.month, b.day) }
}
