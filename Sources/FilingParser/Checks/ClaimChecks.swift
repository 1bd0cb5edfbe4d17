// Checks of each prose claim ("revenue grew 12%") against the facts of the tables.

extension Checks {
    static let concepts: [String: [String]] = [
        "revenue": ["Revenues", "SalesRevenueNet", "SalesRevenueGoodsNet"],
        "net_income": ["NetIncomeLoss"],
        "eps_diluted": ["EarningsPerShareDiluted"],
        "eps_basic": ["EarningsPerShareBasic"],
    ]

    /// Every concept a claim metric is checked against.
    static let claimConcepts = words(Array(concepts.values.joined()))

    /// The facts claims can be checked against: durations of the claim concepts, with their periods as
    /// day numbers (found and parsed once per filing rather than once per claim).
    struct ClaimFacts {
        let facts: [Fact]
        /// In the order of `facts`.
        let durations: [(index: Int, start: Int, end: Int)]

        init(_ facts: [Fact]) {
            self.facts = facts
            var durations: [(index: Int, start: Int, end: Int)] = []
            // Day numbers by date: a filing's facts share a few periods.
            var dayNumbers: [String: Int] = [:]
            func day(_ iso: String?) -> Int? {
                guard let iso else { return nil }
                if let d = dayNumbers[iso] { return d }
                let d = SimpleDate(iso: iso)?.dayNumber
                dayNumbers[iso] = d
                return d
            }
            for i in facts.indices where facts[i].period.instant == nil && concept(facts[i].concept, isOneOf: claimConcepts) {
                if let s = day(facts[i].period.start), let e = day(facts[i].period.end) { durations.append((i, s, e)) }
            }
            self.durations = durations
        }
    }

    private static func days(_ p: Period) -> (Int, Int)? {
        guard let s = p.start.flatMap({ SimpleDate(iso: $0) }), let e = p.end.flatMap({ SimpleDate(iso: $0) }) else { return nil }
        return (s.dayNumber, e.dayNumber)
    }

    /// The table value of `concept` for `period` (ends within 7 days, same length within 12 days);
    /// a quarter missing from the tables is derived as a longer period minus its other part.
    static func tableValue(_ names: [String], _ period: Period, basis: String, facts: ClaimFacts) -> (Double, String)? {
        guard let (ps, pe) = days(period) else { return nil }
        // Durations of `names` on `basis`, read in place (copying a Fact retains each of its Strings).
        let all = facts.facts
        let candidates = facts.durations.filter { d in all[d.index].basis == basis && names.contains(all[d.index].concept) }
        func find(_ s: Int, _ e: Int) -> Fact? {
            candidates.first { c in abs(c.end - e) <= 7 && abs((c.end - c.start) - (e - s)) <= 12 }.map { all[$0.index] }
        }
        if let f = find(ps, pe) { return (f.value, "\(f.label) \(f.period.start ?? "")..\(f.period.end ?? "")") }
        // Derive: [start, E] - [end + 1, E], or [S, end] - [S, start - 1].
        for (index, fs, fe) in candidates {
            if abs(fs - ps) <= 7, fe > pe + 30, let rest = find(pe + 1, fe) {
                let f = all[index]
                return (f.value - rest.value, "derived: \(f.period.start ?? "")..\(f.period.end ?? "") minus \(rest.period.start ?? "")..\(rest.period.end ?? "")")
            }
            if abs(fe - pe) <= 7, fs < ps - 30, let head = find(fs, ps - 1) {
                let f = all[index]
                return (f.value - head.value, "derived: \(f.period.start ?? "")..\(f.period.end ?? "") minus \(head.period.start ?? "")..\(head.period.end ?? "")")
            }
        }
        return nil
    }

    static func shifted(_ p: Period, months: Int) -> Period? {
        guard let s = p.start.flatMap({ SimpleDate(iso: $0) }), let e = p.end.flatMap({ SimpleDate(iso: $0) }) else { return nil }
        func shift(_ d: SimpleDate, toMonthEnd: Bool) -> SimpleDate? {
            let idx = d.year * 12 + d.month - 1 - months
            let y = idx / 12, m = idx % 12 + 1
            return SimpleDate(year: y, month: m, day: toMonthEnd && d.isLastDayOfMonth ? SimpleDate.daysIn(month: m, year: y) : d.day, clamp: true)
        }
        guard let ns = shift(s, toMonthEnd: false), let ne = shift(e, toMonthEnd: true) else { return nil }
        return Period(start: ns.iso, end: ne.iso)
    }

    static func check(_ c: Claim, facts: ClaimFacts) -> Check {
        let name = "claim:\(c.metric)"
        let tolerance = (c.rounding ?? 0) / 2 + 1e-9 + abs(c.value) * 1e-12
        guard let period = c.period else {
            return Check(name: name, passed: nil, expected: c.value, actual: nil, detail: "unverifiable in this filing: no period for \"\(c.text)\"")
        }
        if let names = concepts[c.metric] {
            guard let (v, source) = tableValue(names, period, basis: c.basis, facts: facts) else {
                return Check(name: name, passed: nil, expected: c.value, actual: nil, period: period,
                             detail: "unverifiable in this filing: no \(c.basis) table value for \(period.start ?? "")..\(period.end ?? "")")
            }
            let ok = abs(v - c.value) <= tolerance
            return Check(name: name, passed: ok, expected: c.value, actual: v, period: period,
                         detail: "claim \(c.value) (rounding \(c.rounding ?? 0)) vs table \(v) [\(source)]")
        }
        for suffix in ["_growth_qoq", "_growth_yoy"] where c.metric.hasSuffix(suffix) {
            let base = String(c.metric.dropLast(suffix.count))
            guard let names = concepts[base], let basePeriod = shifted(period, months: suffix == "_growth_qoq" ? 3 : 12) else { break }
            guard let (cur, s1) = tableValue(names, period, basis: c.basis, facts: facts),
                  let (prev, s2) = tableValue(names, basePeriod, basis: c.basis, facts: facts) else {
                return Check(name: name, passed: nil, expected: c.value, actual: nil, period: period,
                             detail: "unverifiable in this filing: \(base) for \(period.start ?? "")..\(period.end ?? "") or \(basePeriod.start ?? "")..\(basePeriod.end ?? "") not in the tables")
            }
            guard prev > 0 else {
                return Check(name: name, passed: nil, expected: c.value, actual: nil, period: period,
                             detail: "unverifiable: base value \(prev) is not positive")
            }
            let growth = cur / prev - 1
            let ok = abs(growth - c.value) <= tolerance
            return Check(name: name, passed: ok, expected: c.value, actual: growth, period: period,
                         detail: "\(cur) [\(s1)] / \(prev) [\(s2)] - 1 = \(growth); claim \(c.value) within \((c.rounding ?? 0) / 2)")
        }
        return Check(name: name, passed: nil, expected: c.value, actual: nil, period: period, detail: "unverifiable: no rule for \(c.metric)")
    }
}
