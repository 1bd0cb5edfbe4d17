#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Turns built statements into normalized facts.
enum FactExtractor {
    /// A concept already given facts under a basis, with its row's values (a range of the flat
    /// `seenValues`), to notice a repeated block (e.g. subsidiaries' figures).
    private struct SeenConcept {
        var concept: String
        var basis: String
        var values: Range<Int>

        func matches(_ c: String, _ b: String) -> Bool {
            // Lengths first: most concepts differ in length.
            concept.utf8.count == c.utf8.count && basis.utf8.count == b.utf8.count && concept == c && basis == b
        }
    }

    /// How a concept's values are scaled and which unit they carry.
    private enum ValueKind {
        case perShare, shares, money

        init(_ concept: String) {
            self = ConceptMap.isPerShare(concept) ? .perShare : ConceptMap.isShares(concept) ? .shares : .money
        }

        var unit: String {
            switch self {
            case .perShare: "USD/share"
            case .shares: "shares"
            case .money: "USD"
            }
        }
    }

    /// Facts of one statement, values scaled to units. `impliedScale` applies when no scale is printed.
    /// Each fact is built once in the result; rows are read in place and the values of the rows
    /// already seen share one flat array, so no per-row arrays are copied or allocated.
    static func facts(_ s: BuiltStatement, impliedScale: Double?) -> [Fact] {
        var out: [Fact] = []
        appendFacts(s, impliedScale: impliedScale, to: &out)
        return out
    }

    /// `facts`, appended to `out` (each Fact is built once, in place).
    static func appendFacts(_ s: BuiltStatement, impliedScale: Double?, to out: inout [Fact]) {
        guard s.monetary else { return }
        let scale = s.explicitScale ? s.statement.scale : (impliedScale ?? s.statement.scale)
        let rows = s.statement.rows, columns = s.columns
        // Whether each column has a period (read once: testing `period` copies it).
        let dated = columns.map { $0.period != nil }
        let datedCount = dated.reduce(0) { $0 + ($1 ? 1 : 0) }
        let conceptCount = s.rowConcepts.reduce(0) { $0 + $1.count }
        out.reserveCapacity(out.count + conceptCount * datedCount)
        var seen: [SeenConcept] = []
        seen.reserveCapacity(conceptCount)
        // The values (column, value) of each row that gave facts, row after row.
        var seenValues: [(column: Int, value: Double)] = []
        seenValues.reserveCapacity(rows.count * datedCount)
        rowLoop: for i in rows.indices {
            guard !s.rowConcepts[i].isEmpty else { continue }
            let rowBasis = s.rowBases[i]
            if s.statement.basis == "reconciliation" && rowBasis == nil { continue }
            let basis = rowBasis ?? s.statement.basis
            let valuesStart = seenValues.count
            rows[i].values.withUnsafeBufferPointer { rowValues in
                for ci in rowValues.indices where ci < dated.count && dated[ci] {
                    if let v = rowValues[ci] { seenValues.append((ci, v)) }
                }
            }
            let values = valuesStart..<seenValues.count
            guard !values.isEmpty else { continue }
            for concept in s.rowConcepts[i] {
                if let prior = seen.first(where: { $0.matches(concept, basis) }) {
                    // A repeated block (a segment's or a second entity's figures) gives no facts for the
                    // concepts already given, and does not end the statement.
                    if conflict(seenValues, prior.values, values) { continue rowLoop }
                    continue
                }
                seen.append(SeenConcept(concept: concept, basis: basis, values: values))
                let kind = ValueKind(concept)
                for k in values {
                    let ci = seenValues[k].column
                    guard let period = columns[ci].period else { continue }
                    let value = scaled(seenValues[k].value, kind, scale: scale, rowScale: s.rowScales[i],
                                       sharesScaled: s.sharesScaled && s.explicitScale)
                    out.append(Fact(concept: concept, label: rows[i].label, statement: s.statement.kind, value: value, unit: kind.unit,
                                    period: period, basis: columns[ci].basis ?? basis))
                }
            }
        }
    }

    /// Whether a row's values differ from a prior row's in some column both have.
    private static func conflict(_ values: [(column: Int, value: Double)], _ prior: Range<Int>, _ row: Range<Int>) -> Bool {
        row.contains { k in
            let (column, v) = values[k]
            guard let p = prior.first(where: { values[$0].column == column }) else { return false }
            return abs(values[p].value - v) > 1e-9
        }
    }

    private static func scaled(_ raw: Double, _ kind: ValueKind, scale: Double, rowScale: Double?, sharesScaled: Bool) -> Double {
        switch kind {
        case .perShare:
            return raw == 0 ? 0 : raw
        case .shares:
            if let r = rowScale { return roundValue(raw * r) }
            var v = sharesScaled ? raw * scale : raw
            // Share counts printed in full under an "in thousands" heading.
            if v > 2e10 && abs(raw) >= 1e5 { v = raw }
            return roundValue(v)
        case .money:
            return roundValue(raw * (rowScale ?? scale))
        }
    }

    /// Removes floating-point noise from scaled values (12.636 * 1e6 -> 12636000).
    static func roundValue(_ v: Double) -> Double {
        if v == 0 { return 0 }
        let r = v.rounded()
        return abs(v - r) < 1e-6 * Swift.max(1, abs(v)) ? r : v
    }

    /// Keeps the first fact per (concept, period, basis). The kept facts are moved forward in place
    /// (no fact is copied) and the duplicates, then at the end, are dropped.
    static func deduplicated(_ facts: consuming [Fact]) -> [Fact] {
        guard var hashes = asciiKeyHashes(facts) else { return deduplicatedByKey(facts) }
        // Open addressing: each slot holds the position of a kept fact, or -1.
        var size = 16
        while size < 2 * facts.count { size *= 2 }
        let mask = size - 1
        var table = [Int](repeating: -1, count: size)
        var keptCount = 0
        facts.withUnsafeMutableBufferPointer { facts in
            for i in facts.indices {
                let hash = hashes[i]
                var slot = Int(truncatingIfNeeded: hash) & mask
                var duplicate = false
                while table[slot] >= 0 {
                    let k = table[slot]
                    if hashes[k] == hash && sameKey(facts[k], facts[i]) {
                        duplicate = true
                        break
                    }
                    slot = (slot + 1) & mask
                }
                if !duplicate {
                    // Kept: moved to the next kept position (k <= i), its hash with it.
                    table[slot] = keptCount
                    hashes[keptCount] = hash
                    if keptCount != i { facts.swapAt(keptCount, i) }
                    keptCount += 1
                }
            }
        }
        facts.removeLast(facts.count - keptCount)
        return facts
    }

    private static func sameKey(_ a: borrowing Fact, _ b: borrowing Fact) -> Bool {
        a.concept == b.concept && a.basis == b.basis && a.period == b.period
    }

    /// A hash of each fact's (concept, period, basis) from their bytes, or nil when some text is not
    /// ASCII (Unicode equality is then more than byte equality).
    private static func asciiKeyHashes(_ facts: [Fact]) -> [UInt64]? {
        var out: [UInt64] = []
        out.reserveCapacity(facts.count)
        let allASCII = facts.withUnsafeBufferPointer { facts in
            for i in facts.indices {
                var h = KeyHasher()
                h.add(facts[i].concept)
                h.add(facts[i].basis)
                h.add(facts[i].period.start)
                h.add(facts[i].period.end)
                h.add(facts[i].period.instant)
                guard h.ascii else { return false }
                out.append(h.hash)
            }
            return true
        }
        return allASCII ? out : nil
    }

    /// Hashes the bytes of text fields eight at a time (a multiply-rotate mix; equal bytes give equal
    /// hashes, which is all deduplication needs), with a marker after each field (another for an
    /// absent one), and notes whether all bytes are ASCII.
    private struct KeyHasher {
        private(set) var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        /// The OR of all bytes hashed, eight lanes wide.
        private var bits: UInt64 = 0
        var ascii: Bool { bits & 0x8080_8080_8080_8080 == 0 }
        private static let prime: UInt64 = 0x100_0000_01b3

        mutating func add(_ field: String?) {
            guard let text = field else { return mix(0xFE) }
            add(text)
        }

        mutating func add(_ text: borrowing String) {
            // Native and small strings lend their bytes; others (bridged) are copied to native first.
            if text.utf8.withContiguousStorageIfAvailable({ add($0) }) == nil {
                var native = copy text
                native.withUTF8 { add($0) }
            }
            mix(0xFF)
        }

        private mutating func add(_ bytes: UnsafeBufferPointer<UInt8>) {
            guard let base = bytes.baseAddress else { return }
            let raw = UnsafeRawPointer(base)
            var i = 0
            while i + 8 <= bytes.count {
                let word = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                bits |= word
                mix(word)
                i += 8
            }
            guard i < bytes.count else { return }
            // The last one to seven bytes, as one word.
            var word: UInt64 = 0
            for k in i..<bytes.count { word |= UInt64(bytes[k]) << (8 * UInt64(k - i)) }
            bits |= word
            mix(word)
        }

        private mutating func mix(_ word: UInt64) {
            let h = (hash ^ word) &* KeyHasher.prime
            // The rotation brings high bits down, where the table index is taken.
            hash = (h << 29) | (h >> 35)
        }
    }

    /// `deduplicated` through a set of keys, for any text.
    private static func deduplicatedByKey(_ facts: [Fact]) -> [Fact] {
        struct Key: Hashable { var concept: String; var period: Period; var basis: String }
        var seen = Set<Key>()
        return facts.filter { seen.insert(Key(concept: $0.concept, period: $0.period, basis: $0.basis)).inserted }
    }
}

/// Dollar amounts written in running text ("$4.0 million", "$11,455,000"), used to infer the
/// scale of tables that do not print one.
enum ProseAmounts {
    struct Amount {
        var value: Double
        var tolerance: Double
        /// Written with a unit word ("$26.7 billion"), so not a table cell read as text.
        var hasUnitWord = false
    }

    static func extract(_ text: ArraySlice<UInt8>) -> [Amount] {
        text.withUnsafeBufferPointer { extract($0) }
    }

    private static let unitWords: [(word: [UInt8], unit: Double)] = [
        (Array("million".utf8), 1e6), (Array("millions".utf8), 1e6), (Array("billion".utf8), 1e9), (Array("billions".utf8), 1e9),
        (Array("thousand".utf8), 1e3),
    ]
    /// The powers of ten that are exact doubles.
    private static let exactPowersOfTen: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ]

    private static func extract(_ text: UnsafeBufferPointer<UInt8>) -> [Amount] {
        var out: [Amount] = []
        guard let base = text.baseAddress else { return out }
        let end = text.count
        var i = 0
        while i < end {
            guard let hit = memchr(base + i, Int32(ASCII.dollar), end - i) else { break }
            i = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
            var k = i + 1
            while k < end && text[k] == ASCII.space { k += 1 }
            // The number: digits with thousands separators and at most one decimal point.
            let numberStart = k
            var written = 0, decimals = -1
            var mantissa: UInt64 = 0, exact = true
            while k < end {
                let c = text[k]
                if ASCII.isDigit(c) {
                    written += 1
                    if decimals >= 0 { decimals += 1 }
                    let (m1, o1) = mantissa.multipliedReportingOverflow(by: 10)
                    let (m2, o2) = m1.addingReportingOverflow(UInt64(c - 48))
                    mantissa = m2
                    exact = exact && !o1 && !o2
                } else if c == ASCII.comma && k + 1 < end && ASCII.isDigit(text[k + 1]) && written > 0 {
                    // thousands separator
                } else if c == ASCII.period && decimals < 0 && k + 1 < end && ASCII.isDigit(text[k + 1]) {
                    written += 1
                    decimals = 0
                } else {
                    break
                }
                k += 1
            }
            i = k
            guard written > 0, let number = numberValue(text[numberStart..<k], mantissa: exact ? mantissa : nil, decimals: decimals),
                  number > 0 else { continue }
            var w = k
            while w < end && (text[w] == ASCII.space || text[w] == ASCII.newline) { w += 1 }
            let wordStart = w
            while w < end && ASCII.isLetter(text[w]) && w - wordStart < 10 { w += 1 }
            let word = text[wordStart..<w]
            let unitWord = unitWords.first { $0.word.count == word.count && word.hasPrefixIgnoringCase($0.word, at: wordStart) }?.unit
            let unit = unitWord ?? 1
            let value = number * unit
            guard value >= 1000 else { continue }
            let halfULP = 0.5 * pow(10, Double(-Swift.max(decimals, 0))) * unit
            out.append(Amount(value: value, tolerance: Swift.max(halfULP, value * 0.001), hasUnitWord: unitWord != nil))
        }
        return out
    }

    /// The value of the number read from `raw` (digits, commas, a decimal point): the digits as an
    /// integer over a power of ten when both are exact doubles (then the quotient is correctly
    /// rounded, as parsing is), else parsed from the text.
    private static func numberValue(_ raw: Slice<UnsafeBufferPointer<UInt8>>, mantissa: UInt64?, decimals: Int) -> Double? {
        let d = Swift.max(decimals, 0)
        if let m = mantissa, m <= 1 << 53, d < exactPowersOfTen.count { return Double(m) / exactPowersOfTen[d] }
        return Double(stringFrom(raw.filter { $0 != ASCII.comma }))
    }

    private static let scaleKeys: Set<String> = [
        "NetIncomeLoss", "Revenues", "Assets", "InterestAndDividendIncomeOperating", "InterestIncomeExpenseNet", "NoninterestIncome",
        "NoninterestExpense", "StockholdersEquity", "OperatingIncomeLoss", "Liabilities", "Deposits", "GrossProfit", "CostOfRevenue",
    ]

    /// Figures the text often repeats ("revenue of $26.7 billion"), compared with the tables.
    private static let repeatedInText: Set<String> = ["Revenues", "NetIncomeLoss", "Assets", "InterestIncomeExpenseNet", "StockholdersEquity"]

    /// A warning for each key figure of the tables that an amount of the text gives 1000 times
    /// larger or smaller while no amount gives it as scaled: the table's scale and the text disagree.
    /// Only amounts written with a unit word, to three significant digits or more, count ("$26.7
    /// billion"; not "$5 million", nor "$1,812,984", which may be a table cell read as text).
    static func scaleWarnings(_ facts: ArraySlice<Fact>, amounts: [Amount]) -> [String] {
        let precise = amounts.filter { $0.hasUnitWord && $0.tolerance <= $0.value * 0.005 }
        guard !precise.isEmpty else { return [] }
        func near(_ x: Double) -> Amount? { precise.first { abs($0.value - x) <= $0.tolerance } }
        var out: [String] = []
        var warned = Set<String>()
        for f in facts where f.basis == "gaap" && f.unit == "USD" && f.value != 0 && repeatedInText.contains(f.concept) {
            let v = abs(f.value)
            guard !warned.contains(f.concept), near(v) == nil else { continue }
            for factor in [1000.0, 0.001] {
                guard let a = near(v * factor) else { continue }
                let period = f.period.instant ?? [f.period.start, f.period.end].compactMap { $0 }.joined(separator: " to ")
                out.append("scale: the text gives $\(plain(a.value)) where the \(f.statement) statement's \(f.concept) (\(f.label), \(period)) is "
                           + "\(plain(v)) as scaled, \(factor > 1 ? "1000 times more" : "1000 times less"): the table's scale may be wrong")
                warned.insert(f.concept)
                break
            }
        }
        return out
    }

    /// A whole number as digits ("26700000000"), other values as Swift prints them.
    private static func plain(_ v: Double) -> String {
        v == v.rounded() && abs(v) < 1e18 ? String(Int64(v)) : String(v)
    }

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
