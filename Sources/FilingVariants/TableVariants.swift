/// Variants that lay a text table out again: respaced, as HTML, columns reordered, a "% Change" column
/// inserted, header lines split or merged.
enum TableVariants {
    /// Every table laid out again with its own column widths and three spaces between columns.
    static func respaced(_ doc: DocumentLines) -> [(String, String)] {
        doc.rewritingTables { _, _ in true }.map { [("", $0)] } ?? []
    }

    /// The column groups of a table: columns under one header piece that spans several of them
    /// ("Three Months Ended"), each other column alone; in display order.
    static func groups(_ g: TextGrid) -> [[Int]] {
        var group = Dictionary(uniqueKeysWithValues: g.order.map { ($0, $0) })
        func root(_ x: Int) -> Int { group[x] == x ? x : root(group[x]!) }
        for s in g.spans where s.ids.count > 1 && !TextTable.isRule(s.text) {
            for id in s.ids.dropFirst() { group[root(id)] = root(s.ids[0]) }
        }
        var out: [[Int]] = []
        for id in g.order {
            if let l = out.last, let f = l.first, root(f) == root(id) { out[out.count - 1].append(id) } else { out.append([id]) }
        }
        return out
    }

    /// Prior year first (each group's columns in reverse order; all columns when there are no groups),
    /// and the groups in reverse order (the year-to-date block before the quarter).
    /// Every column has a heading with its year: only then does moving a column keep its meaning
    /// (a header line the grid did not take would stay where it was, over another column).
    static func everyColumnDated(_ g: TextGrid) -> Bool {
        g.order.allSatisfy { id in
            g.spans.contains { s in s.ids.contains(id) && s.text.split(whereSeparator: { !$0.isNumber }).contains { TextTable.isYear(String($0)) } }
        }
    }

    static func reordered(_ doc: DocumentLines) -> [(String, String)] {
        var out: [(String, String)] = []
        let priorFirst = doc.rewritingTables { g, _ in
            guard everyColumnDated(g) else { return false }
            let gs = groups(g)
            let new = gs.allSatisfy({ $0.count == 1 }) ? g.order.reversed() : gs.flatMap { $0.reversed() }
            guard new != g.order else { return false }
            g.order = Array(new)
            return true
        }
        if let t = priorFirst { out.append(("prior-year first", t)) }
        let blocksSwapped = doc.rewritingTables { g, _ in
            guard everyColumnDated(g) else { return false }
            let gs = groups(g)
            guard gs.filter({ $0.count > 1 }).count >= 2 else { return false }
            g.order = gs.reversed().flatMap { $0 }
            return true
        }
        if let t = blocksSwapped { out.append(("blocks swapped", t)) }
        return out
    }

    /// The number a cell prints ("$(1,234)" -> -1234), nil for dashes and text.
    static func number(_ cell: String) -> Double? {
        let negative = cell.contains("(")
        let digits = cell.filter { $0.isNumber || $0 == "." }
        guard let v = Double(digits), cell.contains(where: \.isNumber) else { return nil }
        return negative ? -v : v
    }

    /// "% Change" after each group of two or more columns (all columns when there are no groups):
    /// the change from the group's last column to its first, "nm" when it cannot be computed.
    static func percentChange(_ doc: DocumentLines) -> [(String, String)] {
        var out: [(String, String)] = []
        if let t = doc.rewritingTables({ g, _ in addChange(&g, .percent) }) { out.append(("", t)) }
        if let t = HTMLLayout.document(doc, change: { addChange(&$0, .percent) }) { out.append(("html", t)) }
        return out
    }

    /// "$ Change" after each group of two or more columns, as printed (to the cents where the cells are).
    static func dollarChange(_ doc: DocumentLines) -> [(String, String)] {
        var out: [(String, String)] = []
        if let t = doc.rewritingTables({ g, _ in addChange(&g, .amount) }) { out.append(("", t)) }
        if let t = HTMLLayout.document(doc, change: { addChange(&$0, .amount) }) { out.append(("html", t)) }
        return out
    }

    enum Change { case percent, amount }

    /// The header line a new column's heading goes on: the last one with a heading over a column (the
    /// years), not a rule or blank line under it.
    static func headingLine(_ g: TextGrid) -> Int {
        (0..<g.headerLines).last { k in g.spans.contains { $0.line == k && !$0.ids.isEmpty && !TextTable.isRule($0.text) } } ?? g.headerLines - 1
    }

    /// Adds a change column after each group of two or more columns (all columns when there are no
    /// groups): from the group's last column to its first, "nm" when it cannot be computed. False for a
    /// table without a header or with a change column already.
    static func addChange(_ g: inout TextGrid, _ change: Change) -> Bool {
        var gs = groups(g).filter { $0.count > 1 }
        if gs.isEmpty { gs = [g.order] }
        // A table that prints a change already ("% Change", "Change", "12%") gets no other.
        guard g.headerLines > 0, g.order.count >= 2, !hasChangeColumn(g) else { return false }
        var next = (g.order.max() ?? 0) + 1
        for grp in gs {
            let id = next
            next += 1
            let (a, b) = (grp.first!, grp.last!)
            for n in g.body.indices where !g.body[n].cells.isEmpty {
                guard let ca = g.body[n].cells[a], let x = number(ca), let y = g.body[n].cells[b].flatMap(number) else {
                    if g.body[n].cells[a] != nil || g.body[n].cells[b] != nil { g.body[n].cells[id] = change == .percent ? "nm" : "-" }
                    continue
                }
                switch change {
                case .percent: g.body[n].cells[id] = y == 0 ? "nm" : String(format1: 100 * (x - y) / abs(y)) + "%"
                case .amount: g.body[n].cells[id] = amount(x - y, like: ca)
                }
            }
            g.spans.append(TextGrid.Span(line: headingLine(g), text: change == .percent ? "% Change" : "$ Change", ids: [id], indent: 0))
            g.order.insert(id, at: g.order.firstIndex(of: b)! + 1)
        }
        return true
    }

    /// `v` printed as `cell` is: its decimals, thousands commas, "$" and parentheses for a negative.
    static func amount(_ v: Double, like cell: String) -> String {
        let decimals = cell.split(separator: ".").dropFirst().first.map { $0.prefix { $0.isNumber }.count } ?? 0
        let scale = (0..<decimals).reduce(1.0) { r, _ in r * 10 }
        let units = Int((abs(v) * scale).rounded())
        var whole = String(units / Int(scale))
        var grouped = ""
        while whole.count > 3 {
            grouped = "," + whole.suffix(3) + grouped
            whole = String(whole.dropLast(3))
        }
        var text = whole + grouped
        if decimals > 0 {
            let frac = String(units % Int(scale))
            text += "." + String(repeating: "0", count: decimals - frac.count) + frac
        }
        if v < 0 && units > 0 { text = "(" + text + ")" }
        return (cell.contains("$") ? "$" : "") + text
    }

    /// Row labels of the revenue line a "% of revenues" column is taken against, lower case.
    static let revenueLabels = ["total revenues", "total revenue", "total net revenues", "total net revenue", "net revenues", "net revenue",
                                "revenues", "revenue", "net sales", "sales", "total net sales", "total sales"]

    /// A "%" ("% of Revenues") column after every value column of a table with a revenue line that has a
    /// non-zero value in every column: each whole-number cell as a percentage of that column's revenue
    /// (cells with decimals, per-share amounts, left blank).
    static func addPercentOfRevenue(_ g: inout TextGrid, heading: String) -> Bool {
        guard g.headerLines > 0, !hasChangeColumn(g),
              let rev = g.body.first(where: { b in
                  // Not the end of a label wrapped from the line above ("Credit revenues" over "  revenues").
                  b.label.trimmingSpaces.first?.isUppercase == true
                      && revenueLabels.contains(b.label.trimmingSpaces.lowercased().filter { $0 != ":" }) && !b.cells.isEmpty
              }),
              g.order.allSatisfy({ id in rev.cells[id].flatMap(number).map { $0 > 0 } == true }) else { return false }
        var next = (g.order.max() ?? 0) + 1
        for id in g.order {
            let pct = next
            next += 1
            let base = rev.cells[id].flatMap(number)!
            for n in g.body.indices {
                guard let c = g.body[n].cells[id], !c.contains("."), let v = number(c) else { continue }
                g.body[n].cells[pct] = String(format1: 100 * v / base) + "%"
            }
            // Headings over several columns (the block's "Three Months Ended") cover the new one too.
            for s in g.spans.indices where g.spans[s].ids.count > 1 && g.spans[s].ids.contains(id) { g.spans[s].ids.append(pct) }
            g.spans.append(TextGrid.Span(line: headingLine(g), text: heading, ids: [pct], indent: 0))
            g.order.insert(pct, at: g.order.firstIndex(of: id)! + 1)
        }
        return true
    }

    static func percentOfRevenue(_ doc: DocumentLines) -> [(String, String)] {
        var out: [(String, String)] = []
        if let t = doc.rewritingTables({ g, _ in addPercentOfRevenue(&g, heading: "%") }) { out.append(("", t)) }
        if let t = HTMLLayout.document(doc, change: { addPercentOfRevenue(&$0, heading: "% of Revenues") }) { out.append(("html", t)) }
        return out
    }

    /// True when a heading says "change" or "%", or a value is a percentage.
    static func hasChangeColumn(_ g: TextGrid) -> Bool {
        g.spans.contains { s in !s.ids.isEmpty && (s.text.lowercased().contains("change") || s.text.contains("%")) }
            || g.body.contains { b in b.cells.values.contains { $0.hasSuffix("%") || $0.hasSuffix("%)") } }
    }

    /// Header lines restacked: the header line nearest the numbers split in two (its pieces' last word
    /// on a line of its own: "June 30, 2003" -> "June 30," over "2003"), and two header lines merged into
    /// one where every piece of the lower line sits under a piece of the upper line.
    static func restacked(_ doc: DocumentLines) -> [(String, String)] {
        var out: [(String, String)] = []
        let split = doc.rewritingTables { g, _ in
            guard let k = (0..<g.headerLines).reversed().first(where: { k in
                let s = g.spans.filter { $0.line == k && !$0.ids.isEmpty }
                return !s.isEmpty && s.allSatisfy { $0.text.contains(" ") }
            }) else { return false }
            var spans: [TextGrid.Span] = []
            for var s in g.spans {
                if s.line > k { s.line += 1 }
                if s.line == k && !s.ids.isEmpty, let sp = s.text.lastIndex(of: " ") {
                    spans.append(TextGrid.Span(line: k + 1, text: String(s.text[s.text.index(after: sp)...]), ids: s.ids, indent: s.indent))
                    s.text = String(s.text[..<sp])
                }
                spans.append(s)
            }
            g.spans = spans
            g.headerLines += 1
            return true
        }
        if let t = split { out.append(("split", t)) }
        let merged = doc.rewritingTables { g, _ in
            guard let k = (0..<max(0, g.headerLines - 1)).reversed().first(where: { k in
                let lower = g.spans.filter { $0.line == k + 1 }
                let upper = g.spans.filter { $0.line == k }
                return !lower.isEmpty && lower.allSatisfy { l in !l.ids.isEmpty && !TextTable.isRule(l.text) && upper.contains { $0.ids == l.ids } }
                    && upper.allSatisfy { u in !TextTable.isRule(u.text) }
            }) else { return false }
            var spans: [TextGrid.Span] = []
            for var s in g.spans where s.line != k + 1 {
                if s.line == k, let l = g.spans.first(where: { $0.line == k + 1 && $0.ids == s.ids }) { s.text += " " + l.text }
                if s.line > k + 1 { s.line -= 1 }
                spans.append(s)
            }
            g.spans = spans
            g.headerLines -= 1
            return true
        }
        if let t = merged { out.append(("merged", t)) }
        return out
    }

    /// Every plain-text document holding a table rewritten as HTML (`HTMLLayout`).
    static func html(_ doc: DocumentLines) -> [(String, String)] {
        HTMLLayout.document(doc).map { [("", $0)] } ?? []
    }
}

extension String {
    /// One decimal: 12.345 -> "12.3", -0.04 -> "0.0".
    init(format1 v: Double) {
        let r = (v * 10).rounded() / 10
        let t = Int((abs(r) * 10).rounded())
        self = (r < 0 && t != 0 ? "-" : "") + "\(t / 10).\(t % 10)"
    }
}
