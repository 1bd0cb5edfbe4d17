// Arithmetic and consistency checks of the statements, and of each prose claim against the tables.

enum Checks {
    static func run(statements: [Statement], facts: [Fact], claims: [Claim]) -> [Check] {
        var out: [Check] = []
        for s in statements {
            // Each check is appended in place: no intermediate arrays, no copies of checks.
            switch s.kind {
            case "income": incomeChecks(s, into: &out)
            case "balance": balanceChecks(s, into: &out)
            default: break
            }
            subtotalChecks(s, into: &out)
        }
        if !claims.isEmpty {
            let claimFacts = ClaimFacts(facts)
            for c in claims { out.append(check(c, facts: claimFacts)) }
        }
        return out
    }

    /// The first row with one of `concepts` (in that order of preference).
    static func row(_ s: Statement, _ concepts: [String]) -> StatementRow? {
        for c in concepts {
            if let r = s.rows.first(where: { $0.concept == c }) { return r }
        }
        return nil
    }

    static func value(_ r: StatementRow?, _ i: Int) -> Double? {
        guard let r, i < r.values.count else { return nil }
        return r.values[i]
    }

    /// One printed unit: sums of rounded figures may be off by one in the last digit. `tolerance`
    /// is in printed units (subtotals allow one unit per component).
    static func compare(_ name: String, _ s: Statement, column i: Int, expected: Double, actual: Double,
                                formula: some Collection<UInt8>, tolerance: Double = 1.0001) -> Check {
        let ok = abs(expected - actual) <= tolerance + abs(actual) * 1e-9
        let scale = s.scale
        let column = s.columns[i]
        // "<title> [<column heading>]: <formula>", built as bytes: one allocation.
        var detail: [UInt8] = []
        detail.reserveCapacity(s.title.utf8.count + column.heading.utf8.count + formula.count + 48)
        appendUTF8(s.title, to: &detail)
        detail += Word.openHeading
        appendUTF8(column.heading, to: &detail)
        detail += Word.closeHeading
        detail += formula
        if !ok { detail += " differs by \((actual - expected) * scale)".utf8 }
        return Check(name: name, passed: ok, expected: expected * scale, actual: actual * scale, period: column.period,
                     detail: stringFrom(detail))
    }

    /// Appends the UTF-8 bytes of `text` in one copy (appending `text.utf8` goes through the generic
    /// sequence path).
    static func appendUTF8(_ text: String, to bytes: inout [UInt8]) {
        var text = text
        text.withUTF8 { bytes.append(contentsOf: $0) }
    }

    static func incomeChecks(_ s: Statement, into out: inout [Check]) {
        let revenue = row(s, ["Revenues", "SalesRevenueNet", "SalesRevenueGoodsNet"])
        let cost = row(s, ["CostOfRevenue", "CostOfGoodsSold", "CostOfGoodsAndServicesSold"])
        let gross = row(s, ["GrossProfit"])
        let opex = row(s, ["OperatingExpenses"])
        let opInc = row(s, ["OperatingIncomeLoss"])
        for (i, col) in s.columns.enumerated() where col.period != nil {
            if let r = value(revenue, i), let c = value(cost, i), let g = value(gross, i) {
                out.append(compare("gross_profit", s, column: i, expected: r - c, actual: g, formula: "gross profit = revenue - cost of revenue".utf8))
            }
            if let g = value(gross, i), let e = value(opex, i), let o = value(opInc, i) {
                out.append(compare("operating_income", s, column: i, expected: g - e, actual: o,
                                   formula: "operating income = gross profit - operating expenses".utf8))
            }
        }
    }

    static func balanceChecks(_ s: Statement, into out: inout [Check]) {
        let assets = row(s, ["Assets"])
        let liabilities = row(s, ["Liabilities", "LiabilitiesAndMinorityInterest"])
        let equity = row(s, ["StockholdersEquity", "StockholdersEquityIncludingPortionAttributableToNoncontrollingInterest"])
        let total = row(s, ["LiabilitiesAndStockholdersEquity"])
        for (i, col) in s.columns.enumerated() where col.period != nil {
            guard let a = value(assets, i) else { continue }
            if let t = value(total, i) {
                out.append(compare("balance_sheet", s, column: i, expected: t, actual: a, formula: "assets = total liabilities and equity".utf8))
            }
            if value(total, i) == nil, let l = value(liabilities, i), let e = value(equity, i) {
                out.append(compare("liabilities_plus_equity", s, column: i, expected: l + e, actual: a,
                                   formula: "assets = total liabilities + equity".utf8))
            }
        }
    }
}
