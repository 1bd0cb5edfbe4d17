// Subtotal checks, part 2: the walk from each total up to its components, and the comparisons.

extension Checks {
    /// Rows of a statement with what the subtotal walk needs precomputed.
    final class SubtotalTable {
        /// What the walk needs of one row, kept together: one array per table rather than one per trait.
        struct Line {
            var core: LabelCore
            var kind: TotalKind?
            /// Has a kind: a labelled (or unlabelled ruled-off) total.
            var isTotal: Bool
            /// Ruled off as a total (`StatementRow.isTotal`).
            var ruled: Bool
            /// Indentation level.
            var level: Int
            /// Has at least one value.
            var filled: Bool
            /// -1 for a "Less ..." line printed without parentheses (subtracted), else 1.
            var sign: Double
            /// Printed precision of the row's dated values.
            var unit: Double
            /// A result (gross profit, operating income, net income, ...), per-share or share-count line.
            var isResult: Bool
            var isRevenue: Bool
            /// A total introducing its lines like a heading ("Total Retail Sales-", "Total revenues:").
            var isHeadingTotal: Bool
            /// A line without amounts that may be an empty line of a block rather than a heading: not
            /// ending with ":", not in capitals.
            var mayBeEmptyLine: Bool

            init(_ r: StatementRow, core: LabelCore, dated: [Int]) {
                self.core = core
                kind = totalKind(r, core: core)
                isTotal = kind != nil
                ruled = r.isTotal
                level = r.level
                filled = r.values.contains { $0 != nil }
                sign = isLessLine(core) && r.values.allSatisfy { ($0 ?? 0) >= 0 } ? -1 : 1
                unit = printedUnit(dated.lazy.compactMap { $0 < r.values.count ? r.values[$0] : nil })
                isResult = Checks.isResult(r, core: core)
                isRevenue = r.concept.map { concept($0, isOneOf: revenueConcepts) } ?? false
                let ending = labelEnding(r.label)
                isHeadingTotal = ending.heading
                mayBeEmptyLine = !ending.colon && hasLowercase(r.label)
            }
        }

        let statement: Statement
        let rows: [StatementRow]
        /// By row.
        let lines: [Line]
        /// Values by row: `cells[row * width + column]`, nil beyond a row's values.
        private let cells: [Double?]
        private let width: Int
        /// Columns with a period (change and percentage columns have none).
        let dated: [Int]
        private var nestedWalks: [Int: [Walk]] = [:]
        /// Branch points and lines a walk may visit before the total is left unchecked: real blocks are
        /// short; this bounds the work on a pathological table.
        private var budget = 0
        private var exhausted = false

        init(_ s: Statement) {
            statement = s
            rows = s.rows
            let dated = s.columns.indices.filter { s.columns[$0].period != nil }
            self.dated = dated
            let n = s.rows.count
            let cores = labelCores(s.rows)
            // Built by `map`: rows are read in place, lines written in place (no copies of either).
            lines = s.rows.indices.map { Line(s.rows[$0], core: cores[$0], dated: dated) }
            let width = s.rows.reduce(0) { Swift.max($0, $1.values.count) }
            var cells = [Double?](repeating: nil, count: n * width)
            for (i, r) in s.rows.enumerated() {
                for (c, v) in r.values.enumerated() { cells[i * width + c] = v }
            }
            self.cells = cells
            self.width = width
        }

        /// The value of `row` in `column`; nil when blank or beyond the row's values.
        func value(_ row: Int, _ column: Int) -> Double? {
            column < width ? cells[row * width + column] : nil
        }

        func sum(_ rows: some Collection<Int>, column c: Int) -> Double {
            rows.reduce(0) { $0 + lines[$1].sign * (value($1, c) ?? 0) }
        }

        /// Whether `total` and at least one of `rows` have a value in column `c`.
        private func isCompared(_ c: Int, total t: Int, rows: some Collection<Int>) -> Bool {
            value(t, c) != nil && rows.contains { value($0, c) != nil }
        }

        /// Dated columns where `total` and at least one of `rows` have a value.
        func comparedColumns(total t: Int, rows: [Int]) -> [Int] {
            dated.filter { isCompared($0, total: t, rows: rows) }
        }

        /// Whether two or more of `rows` have a value in a compared column.
        func hasTwoComparedComponents(_ rows: [Int], total t: Int) -> Bool {
            var n = 0
            for row in rows where dated.contains(where: { value(t, $0) != nil && value(row, $0) != nil }) {
                n += 1
                if n == 2 { return true }
            }
            return false
        }

        /// One printed unit per component: each is rounded.
        func tolerance(_ rows: some Collection<Int>, total t: Int) -> Double {
            Double(rows.count) * rows.reduce(lines[t].unit) { Swift.min($0, lines[$1].unit) } * 1.0001
        }

        /// Whether `total` equals the sum of `rows` in every compared column (at least one, not all zero),
        /// within one printed unit per component.
        func adds(_ rows: some Collection<Int>, to t: Int) -> Bool {
            let tolerance = tolerance(rows, total: t)
            var nonZero = false
            for c in dated where isCompared(c, total: t, rows: rows) {
                let v = value(t, c) ?? 0
                if v != 0 { nonZero = true }
                guard abs(sum(rows, column: c) - v) <= tolerance else { return false }
            }
            return nonZero
        }

        /// A line that ends a block: a result, or a revenue line above a total that is not about revenue.
        func isBoundary(_ row: Int, for t: TotalKind) -> Bool {
            if lines[row].isResult { return true }
            guard lines[row].isRevenue else { return false }
            guard case .named(let tc) = t else { return true }
            return !Word.revenueTopics.contains(where: { tc.has($0) })
        }

        /// Per-share, percentage and ratio rows are not sums of the rows above them.
        func isRatio(_ row: Int) -> Bool {
            let r = rows[row]
            var label = r.label
            if label.withUTF8({ $0.contains { $0 == 47 || $0 == 37 } }) { return true }  // "/" "%"
            if Word.ratioWords.contains(where: { lines[row].core.has($0) }) { return true }
            if let c = r.concept, concept(c, hasPrefixIn: perShareConceptPrefixes) { return true }
            let vs = dated.lazy.compactMap { self.value(row, $0) }
            return !vs.isEmpty && vs.allSatisfy { abs($0) < 10 } && vs.contains { $0 != $0.rounded() }
        }

        /// Totals printed before their lines: the statement opens with a total, or a total equals the
        /// sum of the two or more plain lines right below it. The upward walk does not apply.
        var totalsOnTop: Bool {
            if let first = lines.firstIndex(where: \.filled), lines[first].isTotal { return true }
            for t in rows.indices where lines[t].isTotal {
                var k = t + 1
                while k < rows.count, lines[k].filled, !lines[k].isTotal, !lines[k].ruled { k += 1 }
                if k - (t + 1) >= 2, adds((t + 1)..<k, to: t) { return true }
            }
            return false
        }

        fileprivate struct Walk {
            var rows: [Int]
            /// The topmost row consumed.
            var start: Int
        }

        /// The readings of which rows above total `t` make up its value.
        func groupings(total t: Int) -> [Grouping] {
            guard let kind = lines[t].kind else { return [] }
            budget = 400
            exhausted = false
            var walks: [Walk] = []
            walk(kind, from: t - 1, depth: 0, rows: [], refLevel: nil, into: &walks)
            return exhausted ? [] : walks.map { Grouping(rows: $0.rows.reversed(), note: nil) }
        }

        /// Spends `cost` of the budget; false once it is exhausted.
        private func spend(_ cost: Int) -> Bool {
            budget -= cost
            if budget < 0 { exhausted = true }
            return !exhausted
        }

        /// The readings of a nested total's own lines (memoized: outer totals walk through it again).
        private func nested(_ k: Int, depth: Int) -> [Walk] {
            if let w = nestedWalks[k] { return w }
            var w: [Walk] = []
            walk(lines[k].kind!, from: k - 1, depth: depth, rows: [], refLevel: nil, into: &w)
            keepFirst(4, of: &w, from: 0)
            if !exhausted { nestedWalks[k] = w }
            return w
        }

        /// Drops the readings after the first `n` appended from index `start` on.
        private func keepFirst(_ n: Int, of walks: inout [Walk], from start: Int) {
            if walks.count > start + n { walks.removeSubrange((start + n)...) }
        }

        /// Collects components walking up from row `k0`, branching where the layout allows two readings;
        /// appends the readings to `out`. (Once the budget is exhausted, what it appends is not used.)
        private func walk(_ kind: TotalKind, from k0: Int, depth: Int, rows start: [Int], refLevel r0: Int?,
                          into out: inout [Walk]) {
            var k = k0
            var comps = start
            var refLevel = r0
            while k >= 0 {
                guard spend(1) else { return }
                if !lines[k].filled {
                    let core = lines[k].core
                    if core.isEmpty || core.hasPrefix(Word.commitments) || core.hasPrefix(Word.contingenc) {
                        k -= 1
                        continue
                    }
                    // A line without amounts indented like the lines below it ("Preferred stock ... none
                    // issued") may be one of them; a heading ends with ":", is in capitals or is less indented.
                    if let ref = refLevel, lines[k].level >= ref, lines[k].mayBeEmptyLine {
                        guard spend(20) else { return }
                        out.append(Walk(rows: comps, start: k + 1))
                        walk(kind, from: k - 1, depth: depth, rows: comps, refLevel: refLevel, into: &out)
                        return
                    }
                    break  // section heading
                }
                if lines[k].isTotal, let sk = lines[k].kind {
                    let nesting = nests(kind, sk)
                    if lines[k].isHeadingTotal || nesting == .no || depth >= 4 { break }
                    guard spend(nesting == .maybe ? 20 : 0) else { return }
                    // At most 8 readings through a nested total.
                    let first = out.count
                    if nesting == .maybe { out.append(Walk(rows: comps, start: k + 1)) }
                    comps.append(k)
                    for sub in nested(k, depth: depth + 1) {
                        var next = sub.start - 1
                        // The nested total's own heading ("Current assets:").
                        if next >= 0, !lines[next].filled, !lines[next].core.isEmpty, headingBelongs(next, to: sk) { next -= 1 }
                        walk(kind, from: next, depth: depth, rows: comps, refLevel: refLevel, into: &out)
                    }
                    keepFirst(8, of: &out, from: first)
                    return
                }
                if isBoundary(k, for: kind) { break }
                if lines[k].ruled {
                    // Ruled off but not labelled as a total ("Net loans receivable"): a subtotal inside
                    // this block or the end of the previous one.
                    guard spend(20) else { return }
                    out.append(Walk(rows: comps, start: k + 1))
                    comps.append(k)
                    walk(kind, from: k - 1, depth: depth, rows: comps, refLevel: refLevel ?? lines[k].level, into: &out)
                    return
                }
                if let ref = refLevel, lines[k].level < ref {
                    // Less indented than the lines below it: the block may end here.
                    guard spend(20) else { return }
                    out.append(Walk(rows: comps, start: k + 1))
                    walk(kind, from: k, depth: depth, rows: comps, refLevel: lines[k].level, into: &out)
                    return
                }
                if refLevel == nil { refLevel = lines[k].level }
                comps.append(k)
                k -= 1
            }
            out.append(Walk(rows: comps, start: k + 1))
        }

        /// A heading directly above a nested total's lines that names it.
        private func headingBelongs(_ row: Int, to s: TotalKind) -> Bool {
            guard case .named(let sc) = s, !sc.isEmpty else { return true }
            return lines[row].core == sc
        }

        /// The reading where plain lines equal to the sum of two or more consecutive lines just above
        /// them (e.g. "Net loans receivable" after gross loans and the reserve) stand for those lines;
        /// nil when there is none.
        func collapsingImplicitSubtotals(_ g: Grouping) -> Grouping? {
            var comps = g.rows
            var notes: [String] = []
            var j = comps.count - 1
            while j >= 2 {
                let r = comps[j]
                var found: Int?
                if !lines[r].isTotal, lines[r].sign == 1 {
                    var len = 2
                    while found == nil, j - len >= 0 {
                        let run = comps[(j - len)..<j]
                        // Consecutive lines of the statement, none of them a labelled total.
                        guard isConsecutivePlainLines(run, endingAt: r - 1) else { break }
                        if adds(run, to: r) { found = len } else { len += 1 }
                    }
                }
                if let len = found {
                    notes.append("\(shortLabel(r)) taken as the subtotal of the \(len) lines above it")
                    comps.removeSubrange((j - len)..<j)
                    j -= len + 1
                } else {
                    j -= 1
                }
            }
            return notes.isEmpty ? nil : Grouping(rows: comps, note: notes.joined(separator: "; "))
        }

        /// Whether `run` is the statement's rows up to `last`, none of them a labelled total.
        private func isConsecutivePlainLines(_ run: ArraySlice<Int>, endingAt last: Int) -> Bool {
            var expected = last - run.count + 1
            for row in run {
                guard row == expected, !lines[row].isTotal else { return false }
                expected += 1
            }
            return true
        }

        /// Whether label bytes are ASCII (`isASCII`) and also already collapsed (`plain`: no leading or
        /// trailing space, no other whitespace, no two spaces in a row).
        private static func labelShape(_ u: UnsafeBufferPointer<UInt8>) -> (plain: Bool, isASCII: Bool) {
            var isASCII = true, plain = u.first != ASCII.space && u.last != ASCII.space
            for k in u.indices {
                let b = u[k]
                if b >= 0x80 { isASCII = false; plain = false; break }
                if (b >= 9 && b <= 13) || (b == ASCII.space && k > 0 && u[k - 1] == ASCII.space) { plain = false }
            }
            return (plain, isASCII)
        }

        /// A row's label in a formula or note: whitespace collapsed, at most 60 characters.
        func shortLabel(_ row: Int) -> String {
            let r = rows[row]
            var label = r.label
            // Most labels are ASCII with single spaces between words: already collapsed.
            let (plain, isASCII) = label.withUTF8(Self.labelShape)
            var l = plain ? r.label : collapseSpaces(r.label)
            if l.isEmpty { l = r.concept.map { "(unlabelled \($0))" } ?? "(unlabelled total)" }
            // In ASCII text without "\r\n" (collapsed away) characters are bytes.
            guard isASCII ? l.utf8.count > 60 : l.count > 60 else { return l }
            return (isASCII ? stringFrom(l.utf8.prefix(57)) : String(l.prefix(57))) + "..."
        }

        /// Appends the bytes of `shortLabel(row)`: those of the label itself when it is plain ASCII (nearly
        /// always), without building a String.
        func appendShortLabel(_ row: Int, to bytes: inout [UInt8]) {
            var label = rows[row].label
            let appended = label.withUTF8 { u -> Bool in
                guard !u.isEmpty, Self.labelShape(u).plain else { return false }
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: u.prefix(u.count > 60 ? 57 : 60)))
                if u.count > 60 { bytes += Word.ellipsis }
                return true
            }
            if !appended { appendUTF8(shortLabel(row), to: &bytes) }
        }

        /// The readings worth checking for total `t`: at least two components with values in a compared column.
        func candidates(total t: Int) -> [Grouping] {
            var out: [Grouping] = []
            func consider(_ c: Grouping) {
                if !out.contains(where: { $0.rows == c.rows }), hasTwoComparedComponents(c.rows, total: t) { out.append(c) }
            }
            for g in groupings(total: t) {
                consider(g)
                if let collapsed = collapsingImplicitSubtotals(g) { consider(collapsed) }
            }
            return out
        }
    }

    /// Printed precision of `values`: 1 for whole numbers, 0.1 with one decimal, and so on.
    static func printedUnit<S: Sequence<Double>>(_ values: S) -> Double {
        var unit = 1.0
        for v in values where v != v.rounded() {
            var u = 1.0
            while u > 1e-4, abs(v / u - (v / u).rounded()) > 1e-6 * Swift.max(1, abs(v / u)) { u /= 10 }
            unit = Swift.min(unit, u)
        }
        return unit
    }

    static func subtotalChecks(_ s: Statement, into out: inout [Check]) {
        let table = SubtotalTable(s)
        guard !table.dated.isEmpty, !table.totalsOnTop else { return }
        for t in s.rows.indices where table.lines[t].isTotal && !table.lines[t].isHeadingTotal && !table.isRatio(t) {
            let readings = table.candidates(total: t)
            if readings.count == 1 && readings[0].note == nil {
                subtotalChecks(table, total: t, readings[0], into: &out)
            } else if let g = readings.first(where: { table.adds($0.rows, to: t) }) {
                subtotalChecks(table, total: t, g, into: &out)
            }
        }
    }

    static func subtotalChecks(_ table: SubtotalTable, total t: Int, _ g: Grouping, into out: inout [Check]) {
        var formula: [UInt8] = []
        formula.reserveCapacity(64 * (g.rows.count + 1))  // labels are at most 60 characters
        table.appendShortLabel(t, to: &formula)
        formula += Word.equals
        for (n, row) in g.rows.enumerated() {
            formula += table.lines[row].sign < 0 ? Word.minus : n == 0 ? Word.space : Word.plus
            table.appendShortLabel(row, to: &formula)
        }
        if let note = g.note { appendUTF8(" (\(note))", to: &formula) }
        let tolerance = table.tolerance(g.rows, total: t)
        for c in table.comparedColumns(total: t, rows: g.rows) {
            out.append(compare("subtotal", table.statement, column: c, expected: table.sum(g.rows, column: c),
                               actual: table.value(t, c) ?? 0, formula: formula, tolerance: tolerance))
        }
    }
}
