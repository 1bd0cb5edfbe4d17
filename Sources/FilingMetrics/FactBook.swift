import FilingParser

/// A company's GAAP facts resolved across filings: for each concept and period the value of the
/// latest filing (by filing date), restatements noted, and quarters derived from year-to-date
/// differences where no filing reports them alone.
struct FactBook {
    struct Key: Hashable {
        var concept: String
        var period: Period
    }

    struct Entry {
        var value: Double
        var unit: String
        var filingID: String
        /// Nil for reported values; the derivation for derived ones.
        var formula: String?

        var source: String { formula.map { "derived: \($0)" } ?? "filing \(filingID)" }
    }

    private(set) var entries: [Key: Entry] = [:]
    private(set) var restatements: [Restatement] = []
    private(set) var derivationChecks: [DerivationCheck] = []
    /// Contradictions inside one filing (two values for one concept and period): the first is kept.
    private(set) var warnings: [String] = []

    /// Concepts that add up over time (so a quarter is a difference of year-to-date values).
    static let additiveUnits: Set<String> = ["USD"]

    init(_ filings: [FilingRecord]) {
        entries.reserveCapacity(filings.reduce(0) { $0 + $1.facts.count })  // at most one entry per fact: no regrowth
        for filing in filings.sorted(by: { ($0.date, $0.filingID) < ($1.date, $1.filingID) }) {
            for fact in filing.facts where fact.basis == "gaap" {
                let key = Key(concept: fact.concept, period: fact.period)
                // The later filing's value replaces the earlier one's; stored and read back in one
                // look-up (the key hashes four strings), put back in the rare case it must stay.
                let entry = Entry(value: fact.value, unit: fact.unit, filingID: filing.filingID, formula: nil)
                guard let previous = entries.updateValue(entry, forKey: key) else { continue }
                if previous.filingID == filing.filingID {
                    entries[key] = previous  // a filing's first value stays
                    if !Self.same(previous.value, fact.value, unit: fact.unit) {
                        warnings.append("filing \(filing.filingID) reports \(fact.concept) \(fact.period.label) as both "
                                        + "\(format(previous.value)) and \(format(fact.value)); kept the first")
                    }
                    continue
                }
                if !Self.same(previous.value, fact.value, unit: fact.unit) {
                    restatements.append(Restatement(concept: fact.concept, period: fact.period,
                                                    previousValue: previous.value, previousFilingID: previous.filingID,
                                                    value: fact.value, filingID: filing.filingID))
                }
            }
        }
        deriveQuarters()
    }

    /// Equal within the printed precision (a dollar; a cent per share).
    static func same(_ a: Double, _ b: Double, unit: String) -> Bool {
        abs(a - b) < (unit == "USD/share" ? 0.005 : 1)
    }

    func entry(_ concept: String, _ period: Period) -> Entry? { entries[Key(concept: concept, period: period)] }

    /// The first of `concepts` with a value for `period`.
    func first(_ concepts: [String], _ period: Period) -> (concept: String, entry: Entry)? {
        for concept in concepts { if let e = entry(concept, period) { return (concept, e) } }
        return nil
    }

    /// Every period that has at least one value.
    var periods: Set<Period> { Set(entries.keys.map(\.period)) }

    /// Q = longer − shorter for two reported durations of one concept that share a start
    /// (Q4 = year − nine months) or an end (Q1 = six months − Q2), when the difference is a quarter.
    private mutating func deriveQuarters() {
        /// A reported duration with its label and day numbers.
        struct Reported {
            var label: String
            var start: Int, end: Int
            var entry: Entry
        }
        // Day numbers and label of each period read once: the concepts of a book share their periods.
        var dated: [Period: (start: Int, end: Int, label: String)?] = [:]
        var byConcept: [String: [Reported]] = [:]
        for (key, entry) in entries where entry.formula == nil && Self.additiveUnits.contains(entry.unit) && key.period.isDuration {
            let days: (start: Int, end: Int, label: String)?
            if let known = dated[key.period] {
                days = known
            } else {
                days = key.period.startDay.flatMap { start in key.period.endDay.map { (start, $0, key.period.label) } }
                dated[key.period] = days
            }
            // A period without both day numbers is neither the longer nor the shorter input of a difference.
            guard let days else { continue }
            byConcept[key.concept, default: []].append(Reported(label: days.label, start: days.start, end: days.end, entry: entry))
        }
        // Each quarter's period written once: the concepts of a book share their quarters.
        var quarters: [ClosedRange<Int>: Period] = [:]
        for (concept, items) in byConcept.sorted(by: { $0.key < $1.key }) {
            let sorted = items.sorted { $0.label < $1.label }
            // Only a period sharing the start or the end can be a prefix or suffix (`difference`):
            // index them by start and end day, and visit them in the same (label) order.
            var byStart: [Int: [Int]] = [:], byEnd: [Int: [Int]] = [:]
            for (index, item) in sorted.enumerated() {
                byStart[item.start, default: []].append(index)
                byEnd[item.end, default: []].append(index)
            }
            for index in sorted.indices {
                let long = sorted[index]
                for other in Self.ascendingUnion(byStart[long.start]!, byEnd[long.end]!) where other != index {
                    // The difference's days first: its dates are written only for a quarter.
                    guard let days = Self.difference(long.start...long.end, sorted[other].start...sorted[other].end),
                          PeriodKind(days: days.count) == .quarter else { continue }
                    let short = sorted[other]
                    let difference: Period
                    if let known = quarters[days] {
                        difference = known
                    } else {
                        difference = Period(start: isoDate(days.lowerBound), end: isoDate(days.upperBound))
                        quarters[days] = difference
                    }
                    let value = long.entry.value - short.entry.value
                    let key = Key(concept: concept, period: difference)
                    if let existing = entries[key] {
                        guard existing.formula == nil else { continue }  // derived already: nothing to check
                        derivationChecks.append(DerivationCheck(
                            concept: concept, period: difference, reported: existing.value, derived: value,
                            formula: Self.formula(concept, long.label, short.label), agrees: Self.same(existing.value, value, unit: "USD")))
                    } else {
                        entries[key] = Entry(value: value, unit: long.entry.unit, filingID: long.entry.filingID,
                                             formula: Self.formula(concept, long.label, short.label))
                    }
                }
            }
        }
    }

    /// The numbers of two ascending lists, ascending, each once.
    static func ascendingUnion(_ a: [Int], _ b: [Int]) -> [Int] {
        var out: [Int] = []
        out.reserveCapacity(a.count + b.count)
        var i = 0, j = 0
        while i < a.count || j < b.count {
            if j == b.count || (i < a.count && a[i] < b[j]) {
                out.append(a[i]); i += 1
            } else if i == a.count || b[j] < a[i] {
                out.append(b[j]); j += 1
            } else {
                out.append(a[i]); i += 1; j += 1
            }
        }
        return out
    }

    private static func formula(_ concept: String, _ longLabel: String, _ shortLabel: String) -> String {
        "\(concept) \(longLabel) − \(concept) \(shortLabel)"
    }

    /// The days of `long` not covered by `short`, when `short` is a prefix or suffix of it.
    static func difference(_ long: ClosedRange<Int>, _ short: ClosedRange<Int>) -> ClosedRange<Int>? {
        let ls = long.lowerBound, le = long.upperBound, ss = short.lowerBound, se = short.upperBound
        guard ls <= ss, se <= le, (le - ls) > (se - ss) else { return nil }
        if ls == ss { return (se + 1)...le }
        if le == se { return ls...(ss - 1) }
        return nil
    }

    /// The part of `long` not covered by `short`, when `short` is a prefix or suffix of it.
    static func difference(_ long: Period, _ short: Period) -> Period? {
        guard let ls = long.startDay, let le = long.endDay, let ss = short.startDay, let se = short.endDay,
              ls <= ss, se <= le, (le - ls) > (se - ss) else { return nil }
        if ls == ss { return Period(start: isoDate(se + 1), end: isoDate(le)) }
        if le == se { return Period(start: isoDate(ls), end: isoDate(ss - 1)) }
        return nil
    }
}
