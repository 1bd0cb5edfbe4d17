// Arithmetic and consistency checks of the statements, and of each prose claim against the tables.

enum Checks {
    static func run(statements: [Statement], facts: [Fact], claims: [Claim]) -> [Check] {
        var out: [Check] = []
        for s in statements {
            switch s.kind {
            case "income": out += incomeChecks(s)
            case "balance": out += balanceChecks(s)
            default: break
            }
        }
        for c in claims { out.append(check(c, facts: facts)) }
        return out
    }

    /// The first row with one of `concepts` (in that order of preference).
    private static func row(_ s: Statement, _ concepts: [String]) -> StatementRow? {
        for c in concepts {
            if let r = s.rows.first(where: { $0.concept == c }) { return r }
        }
        return nil
    }

    private static func value(_ r: StatementRow?, _ i: Int) -> Double? {
        guard let r, i < r.values.count else { return nil }
        return r.values[i]
    }

    /// One printed unit: sums of rounded figures may be off by one in the last digit.
    private static func compare(_ name: String, _ s: Statement, column i: Int, expected: Double, actual: Double, formula: String) -> Check {
        let ok = abs(expected - actual) <= 1.0001 + abs(actual) * 1e-9
        let scale = s.scale
        let period = s.columns[i].period
        return Check(name: name, passed: ok, expected: expected * scale, actual: actual * scale, period: period,
                     detail: "\(s.title) [\(s.columns[i].heading)]: \(formula)" + (ok ? "" : " differs by \((actual - expected) * scale)"))
    }

    static func incomeChecks(_ s: Statement) -> [Check] {
        var out: [Check] = []
        let revenue = row(s, ["Revenues", "SalesRevenueNet", "SalesRevenueGoodsNet"])
        let cost = row(s, ["CostOfRevenue", "CostOfGoodsSold", "CostOfGoodsAndServicesSold"])
        let gross = row(s, ["GrossProfit"])
        let opex = row(s, ["OperatingExpenses"])
        let opInc = row(s, ["OperatingIncomeLoss"])
        for (i, col) in s.columns.enumerated() where col.period != nil {
            if let r = value(revenue, i), let c = value(cost, i), let g = value(gross, i) {
                out.append(compare("gross_profit", s, column: i, expected: r - c, actual: g, formula: "gross profit = revenue - cost of revenue"))
            }
            if let g = value(gross, i), let e = value(opex, i), let o = value(opInc, i) {
                out.append(compare("operating_income", s, column: i, expected: g - e, actual: o,
                                   formula: "operating income = gross profit - operating expenses"))
            }
        }
        return out
    }

    static func balanceChecks(_ s: Statement) -> [Check] {
        var out: [Check] = []
        let assets = row(s, ["Assets"])
        let liabilities = row(s, ["Liabilities"])
        let equity = row(s, ["StockholdersEquity", "StockholdersEquityIncludingPortionAttributableToNoncontrollingInterest"])
        let total = row(s, ["LiabilitiesAndStockholdersEquity"])
        for (i, col) in s.columns.enumerated() where col.period != nil {
            guard let a = value(assets, i) else { continue }
            if let t = value(total, i) {
                out.append(compare("balance_sheet", s, column: i, expected: t, actual: a, formula: "assets = total liabilities and equity"))
            }
            if value(total, i) == nil, let l = value(liabilities, i), let e = value(equity, i) {
                out.append(compare("liabilities_plus_equity", s, column: i, expected: l + e, actual: a,
                                   formula: "assets = total liabilities + equity"))
            }
        }
        return out
    }

    // MARK: Claims

    static let concepts: [String: [String]] = [
        "revenue": ["Revenues", "SalesRevenueNet", "SalesRevenueGoodsNet"],
        "net_income": ["NetIncomeLoss"],
        "eps_diluted": ["EarningsPerShareDiluted"],
        "eps_basic": ["EarningsPerShareBasic"],
    ]

    private static func days(_ p: Period) -> (Int, Int)? {
        guard let s = p.start.flatMap({ SimpleDate(iso: $0) }), let e = p.end.flatMap({ SimpleDate(iso: $0) }) else { return nil }
        return (s.dayNumber, e.dayNumber)
    }

    /// The table value of `concept` for `period` (ends within 7 days, same length within 12 days);
    /// a quarter missing from the tables is derived as a longer period minus its other part.
    static func tableValue(_ names: [String], _ period: Period, basis: String, facts: [Fact]) -> (Double, String)? {
        guard let (ps, pe) = days(period) else { return nil }
        let candidates = facts.filter { names.contains($0.concept) && $0.basis == basis && $0.period.instant == nil }
        func find(_ s: Int, _ e: Int) -> Fact? {
            candidates.first { f in
                guard let (fs, fe) = days(f.period) else { return false }
                return abs(fe - e) <= 7 && abs((fe - fs) - (e - s)) <= 12
            }
        }
        if let f = find(ps, pe) { return (f.value, "\(f.label) \(f.period.start ?? "")..\(f.period.end ?? "")") }
        // Derive: [start, E] - [end + 1, E], or [S, end] - [S, start - 1].
        for f in candidates {
            guard let (fs, fe) = days(f.period) else { continue }
            if abs(fs - ps) <= 7, fe > pe + 30, let rest = find(pe + 1, fe) {
                return (f.value - rest.value, "derived: \(f.period.start ?? "")..\(f.period.end ?? "") minus \(rest.period.start ?? "")..\(rest.period.end ?? "")")
            }
            if abs(fe - pe) <= 7, fs < ps - 30, let head = find(fs, ps - 1) {
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

    static func check(_ c: Claim, facts: [Fact]) -> Check {
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
