import Foundation

/// Turns built statements into normalized facts.
enum FactExtractor {
    /// Facts of one statement, values scaled to units. `impliedScale` applies when no scale is printed.
    static func facts(_ s: BuiltStatement, impliedScale: Double?) -> [Fact] {
        guard s.monetary else { return [] }
        let scale = s.explicitScale ? s.statement.scale : (impliedScale ?? s.statement.scale)
        var out: [Fact] = []
        // (concept|basis) -> values by column, to notice a repeated block (e.g. subsidiaries' figures).
        var seen: [String: [Int: Double]] = [:]
        rowLoop: for (i, row) in s.statement.rows.enumerated() {
            let concepts = s.rowConcepts[i]
            guard !concepts.isEmpty else { continue }
            let rowBasis = s.rowBases[i]
            if s.statement.basis == "reconciliation" && rowBasis == nil { continue }
            let basis = rowBasis ?? s.statement.basis
            var values: [Int: Double] = [:]
            for (ci, v) in row.values.enumerated() where ci < s.columns.count && s.columns[ci].period != nil {
                if let v = v { values[ci] = v }
            }
            guard !values.isEmpty else { continue }
            for concept in concepts {
                let key = concept + "|" + basis
                if let prior = seen[key] {
                    let conflict = values.contains { ci, v in prior[ci].map { abs($0 - v) > 1e-9 } ?? false }
                    if conflict { break rowLoop }  // a second block repeating the concepts: stop here
                    continue
                }
                seen[key] = values
                for (ci, raw) in values.sorted(by: { $0.key < $1.key }) {
                    guard let period = s.columns[ci].period else { continue }
                    let (value, unit) = scaled(raw, concept: concept, scale: scale, rowScale: s.rowScales[i],
                                               sharesScaled: s.sharesScaled && s.explicitScale)
                    out.append(Fact(concept: concept, label: row.label, statement: s.statement.kind, value: value, unit: unit,
                                    period: period, basis: s.columns[ci].basis ?? basis))
                }
            }
        }
        return out
    }

    static func scaled(_ raw: Double, concept: String, scale: Double, rowScale: Double?, sharesScaled: Bool) -> (Double, String) {
        if ConceptMap.isPerShare(concept) { return (raw == 0 ? 0 : raw, "USD/share") }
        if ConceptMap.isShares(concept) {
            if let r = rowScale { return (roundValue(raw * r), "shares") }
            var v = sharesScaled ? raw * scale : raw
            // Share counts printed in full under an "in thousands" heading.
            if v > 2e10 && abs(raw) >= 1e5 { v = raw }
            return (roundValue(v), "shares")
        }
        return (roundValue(raw * (rowScale ?? scale)), "USD")
    }

    /// Removes floating-point noise from scaled values (12.636 * 1e6 -> 12636000).
    static func roundValue(_ v: Double) -> Double {
        if v == 0 { return 0 }
        let r = v.rounded()
        return abs(v - r) < 1e-6 * Swift.max(1, abs(v)) ? r : v
    }

    /// Keeps the first fact per (concept, period, basis).
    static func deduplicated(_ facts: [Fact]) -> [Fact] {
        struct Key: Hashable { var concept: String; var period: Period; var basis: String }
        var seen = Set<Key>()
        var out: [Fact] = []
        for f in facts where seen.insert(Key(concept: f.concept, period: f.period, basis: f.basis)).inserted {
            out.append(f)
        }
        return out
    }
}

/// Dollar amounts written in running text ("$4.0 million", "$11,455,000"), used to infer the
/// scale of tables that do not print one.
enum ProseAmounts {
    struct Amount { var value: Double; var tolerance: Double }

    static func extract(_ text: ArraySlice<UInt8>) -> [Amount] {
        var out: [Amount] = []
        var i = text.startIndex
        let end = text.endIndex
        while i < end {
            guard text[i] == ASCII.dollar else { i += 1; continue }
            var k = i + 1
            while k < end && text[k] == ASCII.space { k += 1 }
            var digits: [UInt8] = []
            var decimals = -1
            while k < end {
                let c = text[k]
                if ASCII.isDigit(c) {
                    digits.append(c)
                    if decimals >= 0 { decimals += 1 }
                } else if c == ASCII.comma && k + 1 < end && ASCII.isDigit(text[k + 1]) && !digits.isEmpty {
                    // thousands separator
                } else if c == ASCII.period && decimals < 0 && k + 1 < end && ASCII.isDigit(text[k + 1]) {
                    digits.append(c)
                    decimals = 0
                } else {
                    break
                }
                k += 1
            }
            i = k
            guard !digits.isEmpty, let number = Double(stringFrom(digits)), number > 0 else { continue }
            var w = k
            while w < end && (text[w] == ASCII.space || text[w] == ASCII.newline) { w += 1 }
            var word: [UInt8] = []
            while w < end && ASCII.isLetter(text[w]) && word.count < 10 { word.append(ASCII.lower(text[w])); w += 1 }
            var unit = 1.0
            switch stringFrom(word) {
            case "million", "millions": unit = 1e6
            case "billion", "billions": unit = 1e9
            case "thousand": unit = 1e3
            default: unit = 1
            }
            let value = number * unit
            guard value >= 1000 else { continue }
            let halfULP = 0.5 * pow(10, Double(-Swift.max(decimals, 0))) * unit
            out.append(Amount(value: value, tolerance: Swift.max(halfULP, value * 0.001)))
        }
        return out
    }

    private static let scaleKeys: Set<String> = [
        "NetIncomeLoss", "Revenues", "Assets", "InterestAndDividendIncomeOperating", "InterestIncomeExpenseNet", "NoninterestIncome",
        "NoninterestExpense", "StockholdersEquity", "OperatingIncomeLoss", "Liabilities", "Deposits", "GrossProfit", "CostOfRevenue",
    ]

    /// The scale (1, 1e3 or 1e6) under which the statements' key values best match amounts in the text.
    static func impliedScale(_ statements: [BuiltStatement], amounts: [Amount]) -> Double? {
        guard !amounts.isEmpty else { return nil }
        let keys = scaleKeys
        var scores: [Double: Int] = [:]
        for s in statements where !s.explicitScale && s.monetary {
            for (i, row) in s.statement.rows.enumerated() where s.rowConcepts[i].contains(where: keys.contains) {
                guard let v = row.values.enumerated().first(where: { $0.element != nil && s.columns[$0.offset].period != nil })?.element.flatMap({ $0 }),
                      v != 0 else { continue }
                for scale in [1.0, 1e3, 1e6] {
                    let x = abs(v) * scale
                    if amounts.contains(where: { abs($0.value - x) <= $0.tolerance }) { scores[scale, default: 0] += 1 }
                }
            }
        }
        guard let best = scores.max(by: { $0.value < $1.value || ($0.value == $1.value && $0.key > $1.key) }) else { return nil }
        return best.key
    }
}
