import FilingParser

/// Days since 1970-01-01 for an ISO `yyyy-MM-dd` date (proleptic Gregorian), nil if malformed.
func dayNumber(_ iso: String) -> Int? {
    let parts = iso.split(separator: "-")
    guard parts.count == 3, let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
          (1...12).contains(m), (1...31).contains(d) else { return nil }
    // Howard Hinnant's days_from_civil.
    let year = m <= 2 ? y - 1 : y
    let era = (year >= 0 ? year : year - 399) / 400
    let yoe = year - era * 400
    let mp = (m + 9) % 12
    let doy = (153 * mp + 2) / 5 + d - 1
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
    return era * 146_097 + doe - 719_468
}

extension Period {
    /// Length in days of a duration period (inclusive), nil for instants.
    var lengthInDays: Int? {
        guard let start, let end, let s = dayNumber(start), let e = dayNumber(end) else { return nil }
        return e - s + 1
    }

    var endDay: Int? { (end ?? instant).flatMap(dayNumber) }

    /// About one quarter long (91 ± 12 days).
    var isQuarter: Bool { lengthInDays.map { abs($0 - 91) <= 12 } ?? false }
}
