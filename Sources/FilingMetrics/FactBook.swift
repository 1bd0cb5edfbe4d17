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
        for filing in filings.sorted(by: { ($0.date, $0.filingID) < ($1.date, $1.filingID) }) {
            for fact in filing.facts where fact.basis == "gaap" {
                let key = Key(concept: fact.concept, period: fact.period)
                if let previous = entries[key], previous.filingID == filing.filingID {
                    if !Self.same(previous.value, fact.value, unit: fact.unit) {
                        warnings.append("filing \(filing.filingID) reports \(fact.concept) \(fact.period.label) as both "
                                        + "\(format(previous.value)) and \(format(fact.value)); kept the first")
                    }
                    continue
                }
                if let previous = entries[key], previous.filingID != filing.filingID,
                   !Self.same(previous.value, fact.value, unit: fact.unit) {
                    restatements.append(Restatement(concept: fact.concept, period: fact.period,
                                                    previousValue: previous.value, previousFilingID: previous.filingID,
                                                    value: fact.value, filingID: filing.filingID))
                }
                entries[key] = Entry(value: fact.value, unit: fact.unit, filingID: filing.filingID, formula: nil)
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
        let reported = entries.filter { $0.value.formula == nil && Self.additiveUnits.contains($0.value.unit) && $0.key.period.isDuration }
        let byConcept = Dictionary(grouping: reported, by: { $0.key.concept })
        for (concept, items) in byConcept.sorted(by: { $0.key < $1.key }) {
            let sorted = items.map { ($0, $0.key.period.label) }.sorted { $0.1 < $1.1 }.map(\.0)  // each label built once
            // Only a period sharing the start or the end can be a prefix or suffix (`difference`):
            // index them by start and end day, and visit them in the same (label) order.
            var byStart: [Int: [Int]] = [:], byEnd: [Int: [Int]] = [:]
            for (index, item) in sorted.enumerated() {
                if let start = item.key.period.startDay { byStart[start, default: []].append(index) }
                if let end = item.key.period.endDay { byEnd[end, default: []].append(index) }
            }
            for (index, (longKey, long)) in sorted.enumerated() {
                guard let start = longKey.period.startDay, let end = longKey.period.endDay else { continue }
                let sharing = Set((byStart[start] ?? []) + (byEnd[end] ?? [])).sorted()
                for (shortKey, short) in sharing.filter({ $0 != index }).map({ sorted[$0] }) {
                    guard let difference = Self.difference(longKey.period, shortKey.period), difference.isQuarter else { continue }
                    let value = long.value - short.value
                    let formula = "\(concept) \(longKey.period.label) − \(concept) \(shortKey.period.label)"
                    let key = Key(concept: concept, period: difference)
                    if let existing = entries[key] {
                        if existing.formula == nil {
                            derivationChecks.append(DerivationCheck(
                                concept: concept, period: difference, reported: existing.value, derived: value,
                                formula: formula, agrees: Self.same(existing.value, value, unit: "USD")))
                        }
                    } else {
                        entries[key] = Entry(value: value, unit: long.unit, filingID: long.filingID, formula: formula)
                    }
                }
            }
        }
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
