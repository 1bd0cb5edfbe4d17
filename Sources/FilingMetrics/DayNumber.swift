import FilingParser

/// Days since 1970-01-01 for an ISO `yyyy-MM-dd` date (proleptic Gregorian), nil if malformed.
public func dayNumber(_ iso: String) -> Int? {
    if let (y, m, d) = plainISODate(iso.utf8) { return daysFromCivil(y, m, d) }
    let parts = iso.split(separator: "-")
    guard parts.count == 3, let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]) else { return nil }
    return daysFromCivil(y, m, d)
}

/// Year, month and day of exactly `dddd-dd-dd` (the common case, read without allocating).
private func plainISODate(_ utf8: String.UTF8View) -> (Int, Int, Int)? {
    guard utf8.count == 10 else { return nil }
    var fields = (0, 0, 0), index = 0
    for byte in utf8 {
        switch index {
        case 4, 7: guard byte == UInt8(ascii: "-") else { return nil }
        default:
            guard byte >= 48, byte <= 57 else { return nil }
            let digit = Int(byte - 48)
            if index < 4 { fields.0 = fields.0 * 10 + digit } else if index < 7 { fields.1 = fields.1 * 10 + digit } else { fields.2 = fields.2 * 10 + digit }
        }
        index += 1
    }
    return fields
}

private func daysFromCivil(_ y: Int, _ m: Int, _ d: Int) -> Int? {
    guard (1...12).contains(m), (1...31).contains(d) else { return nil }
    // Howard Hinnant's days_from_civil.
    let year = m <= 2 ? y - 1 : y
    let era = (year >= 0 ? year : year - 399) / 400
    let yoe = year - era * 400
    let mp = (m + 9) % 12
    let doy = (153 * mp + 2) / 5 + d - 1
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
    return era * 146_097 + doe - 719_468
}

/// The ISO date of a day number (inverse of `dayNumber`).
public func isoDate(_ day: Int) -> String {
    let z = day + 719_468
    let era = (z >= 0 ? z : z - 146_096) / 146_097
    let doe = z - era * 146_097
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
    let mp = (5 * doy + 2) / 153
    let d = doy - (153 * mp + 2) / 5 + 1
    let m = mp < 10 ? mp + 3 : mp - 9
    let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
    func pad(_ n: Int, _ width: Int) -> String {
        let s = String(n)
        return String(repeating: "0", count: max(0, width - s.count)) + s
    }
    return "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))"
}

extension Period {
    /// Length in days of a duration period (inclusive), nil for instants.
    var lengthInDays: Int? {
        guard let start, let end, let s = dayNumber(start), let e = dayNumber(end) else { return nil }
        return e - s + 1
    }

    /// Day number of the start, nil for instants and malformed dates.
    public var startDay: Int? { start.flatMap(dayNumber) }
    /// Day number of the end (or the instant), nil if malformed.
    public var endDay: Int? { (end ?? instant).flatMap(dayNumber) }

    /// About one quarter long (91 ± 12 days).
    var isQuarter: Bool { PeriodKind(self) == .quarter }

    var isDuration: Bool { start != nil && end != nil }

    /// `2003-04-01..2003-06-30` or the instant.
    public var label: String { instant ?? "\(start ?? "?")..\(end ?? "?")" }

    /// Same kind of period ending within `days` of `other`'s end (and of similar length).
    func matches(_ other: Period, toleranceDays days: Int = MetricsReach.matchToleranceDays) -> Bool {
        guard let a = endDay, let b = other.endDay, abs(a - b) <= days else { return false }
        if instant != nil || other.instant != nil { return instant != nil && other.instant != nil }
        guard let la = lengthInDays, let lb = other.lengthInDays else { return false }
        return abs(la - lb) <= 12
    }
}
