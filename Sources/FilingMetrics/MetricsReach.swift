import FilingParser

/// How far a change reaches, written as ranges of period end days, so that a new filing
/// recomputes only the periods it can change, from only the facts those periods read.
///
/// These are the dependencies of `FactBook` and `MetricsCalculator`; change them together:
/// - a derived quarter (79-103 days) is `long − short` where both are reported and share a start
///   or an end with each other: its inputs end on its own end day, the day before its start, or
///   start on its own start day or the day after its end;
/// - year-over-year growth reads the first period of about the same length (±12 days) ending
///   365 ± 7 days earlier;
/// - sequential growth reads the first quarter ending within 7 days of the day before the
///   period starts;
/// - instants (balance-sheet dates) read only facts of their own date.
public enum MetricsReach {
    /// End days of every period whose metrics can change when the facts of `period` change (a
    /// value, a restatement, or the period's first appearance).
    public static func affectedEnds(by period: Period) -> DayRanges {
        guard let e = period.endDay else { return DayRanges() }
        guard period.instant == nil, let s = period.startDay else { return DayRanges(e...e) }
        // The period itself, and the quarters derived with it as the longer or the shorter input.
        let changed = DayRanges([e...e, (s - 1)...(s - 1), (s + 78)...(s + 102), (e + 79)...(e + 103)])
        var out = changed
        for range in changed.ranges {
            out.formUnion(DayRanges((range.lowerBound + 358)...(range.upperBound + 372)))  // a year later
            out.formUnion(DayRanges((range.lowerBound + 72)...(range.upperBound + 110)))   // the next quarter
        }
        return out
    }

    /// End days of every period whose metrics can change when the facts of `period` change, given
    /// the other reported durations that share its start or end day (`partners`, start and end days;
    /// any concept, any filing, this one included): the period itself, the quarters derived with it
    /// and a partner, and the periods that read those as their year-earlier or previous quarter.
    /// Narrower than `affectedEnds(by:)`, which assumes every partner could exist.
    public static func affectedEnds(by period: Period, partners: [(start: Int, end: Int)]) -> DayRanges {
        guard let e = period.endDay else { return DayRanges() }
        guard period.instant == nil, let s = period.startDay else { return DayRanges(e...e) }
        var changed = [e]
        for partner in partners {
            if partner.end == e, partner.start > s { changed.append(partner.start - 1) }  // (s .. partner start − 1)
            if partner.end == e, partner.start < s { changed.append(s - 1) }  // (partner start .. s − 1)
            if partner.start == s, partner.end > e { changed.append(partner.end) }  // (e + 1 .. partner end)
        }
        var out = DayRanges()
        for day in Set(changed) {
            out.formUnion(day...day)
            out.formUnion((day + 358)...(day + 372))  // a year later
            out.formUnion((day + 72)...(day + 110))  // the next quarter
        }
        return out
    }

    /// The days a recomputation of the periods ending in `ends` must see facts for (every fact whose
    /// period overlaps them): the derivation inputs of the period and of the quarter before it, and
    /// the year-earlier period with its own derivation inputs.
    public static func inputDays(forEnds ends: DayRanges) -> DayRanges {
        DayRanges(ends.ranges.map { ($0.lowerBound - 480)...($0.upperBound + 2) })
    }

    /// How far from a guidance or claim period the metric it is compared with may end (`Period.matches`).
    public static let matchToleranceDays = 7
}

/// A set of days as sorted, disjoint, non-adjacent closed ranges.
public struct DayRanges: Sendable, Equatable {
    public private(set) var ranges: [ClosedRange<Int>] = []

    public init(_ ranges: [ClosedRange<Int>] = []) {
        for range in ranges { formUnion(range) }
    }

    public init(_ range: ClosedRange<Int>) { ranges = [range] }

    public var isEmpty: Bool { ranges.isEmpty }

    public func contains(_ day: Int) -> Bool {
        var low = 0, high = ranges.count
        while low < high {
            let mid = (low + high) / 2
            if ranges[mid].upperBound < day { low = mid + 1 } else { high = mid }
        }
        return low < ranges.count && ranges[low].contains(day)
    }

    public mutating func formUnion(_ other: DayRanges) {
        for range in other.ranges { formUnion(range) }
    }

    public mutating func formUnion(_ range: ClosedRange<Int>) {
        var merged = range
        var kept: [ClosedRange<Int>] = []
        kept.reserveCapacity(ranges.count + 1)
        for existing in ranges {
            if existing.upperBound + 1 < merged.lowerBound || merged.upperBound + 1 < existing.lowerBound {
                kept.append(existing)
            } else {
                merged = min(existing.lowerBound, merged.lowerBound)...max(existing.upperBound, merged.upperBound)
            }
        }
        kept.append(merged)
        ranges = kept.sorted { $0.lowerBound < $1.lowerBound }
    }

    /// Every range widened by `days` on both sides.
    public func widened(by days: Int) -> DayRanges {
        DayRanges(ranges.map { ($0.lowerBound - days)...($0.upperBound + days) })
    }
}
