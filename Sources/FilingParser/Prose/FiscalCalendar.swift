// Period references of prose and the fiscal calendar that places them.

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
    /// A year ending in January is named by the calendar year it begins in ("fiscal 2004" ends in
    /// January 2005), as the filing's statements name it (`FiscalYearNames`).
    var namedByStartYear = false

    /// What the name of a fiscal year is less than the calendar year it ends in.
    private var nameOffset: Int { namedByStartYear && yearEndMonth == 1 ? 1 : 0 }

    /// Fiscal year and quarter containing `date` (fiscal years named by the calendar year they end
    /// in, or begin in when `namedByStartYear`).
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
        return (year - nameOffset, quarter)
    }

    /// Calendar months spanned by fiscal quarter `q` of fiscal year `fy` (first and last month as absolute month indices).
    func quarterMonths(_ q: Int, _ fy: Int) -> (Int, Int) {
        let endIndex = (fy + nameOffset) * 12 + (yearEndMonth - 1) - 3 * (4 - q)
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
            let first = (year + nameOffset) * 12 + yearEndMonth - 12  // absolute index of the first month of the fiscal year
            return FiscalCalendar.period(fromMonth: first, toMonth: first + months - 1).map { ResolvedPeriod(period: $0, fiscalYear: year, fiscalQuarter: nil) }
        case .year(let y):
            let first = (y + nameOffset) * 12 + yearEndMonth - 12
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
