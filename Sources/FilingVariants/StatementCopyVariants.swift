/// Variants that add rows or tables around the income statement of a text filing, keeping its GAAP
/// figures: a copy on another basis (values changed) printed before it (kind "table.nongaap-first"),
/// a "Financial Highlights" table of its key rows before it (kind "table.highlights"), and its revenue
/// line printed as a block of segment rows under a heading with a "Total" line (kind
/// "label.segment-block").
enum StatementCopyVariants {
    /// A title naming an income statement ("Consolidated Statements of Operations", "STATEMENTS OF
    /// INCOME"), not comprehensive income, a balance sheet or cash flows.
    static func isIncomeTitle(_ line: String) -> Bool {
        let s = line.lowercased()
        return ["operations", "income", "earnings"].contains(where: s.contains)
            && !["comprehensive", "balance", "cash flow", "condition", "position", "changes", "segment", "pro forma", "non-gaap",
                 "adjusted", "excluding"].contains(where: s.contains)
    }

    /// The first text table with an income statement title, and the title's line.
    static func incomeStatement(_ doc: DocumentLines) -> (table: TextTable, title: Int)? {
        let tables = doc.tables
        for (k, t) in tables.enumerated() {
            let floor = k > 0 ? tables[k - 1].end : 0
            if let n = StatementVariants.titleLine(doc.lines, t, floor: floor), isIncomeTitle(String(doc.lines[n])) { return (t, n) }
        }
        return nil
    }

    /// "</TABLE>" when `lines` open an EDGAR table they do not close.
    static func closingEDGARTable(_ lines: [String]) -> [String] {
        var open = false
        for l in lines {
            let s = l.trimmingSpaces.uppercased()
            if s.hasPrefix("<TABLE") { open = true }
            if s.hasPrefix("</TABLE") { open = false }
        }
        return open ? ["</TABLE>"] : []
    }

    // MARK: table.nongaap-first

    enum Basis: String, CaseIterable {
        case nonGAAP = "non-GAAP", adjusted = "as adjusted", excluding = "excluding special items"

        /// The title on this basis, in upper case when the title is; a basis it states ("- GAAP") goes.
        func title(_ line: String) -> String {
            let indent = String(line.prefix { $0 == " " })
            var t = line.trimmingSpaces
            for g in [" - GAAP", " -- GAAP", " (GAAP)", "GAAP "] { t = t.replacingAll(g, with: "") }
            let upper = !t.contains(where: \.isLowercase)
            func cased(_ s: String) -> String { upper ? s.uppercased() : s }
            switch self {
            case .nonGAAP: return indent + cased("Non-GAAP ") + t
            case .adjusted: return indent + t + cased(", As Adjusted")
            case .excluding: return indent + t + cased(" Excluding Special Items")
            }
        }
    }

    /// A cell's amount times 1.25, printed like the cell; nil for percentages, dashes and text.
    static func scaled(_ cell: String) -> String? {
        guard !cell.contains("%"), let v = TableVariants.number(cell) else { return nil }
        return TableVariants.amount(v * 1.25, like: cell)
    }

    /// The income statement copied, from its title to its last line, with the title naming `basis` and
    /// every amount times 1.25, and put right before the title.
    static func nonGAAPFirst(_ doc: DocumentLines, _ basis: Basis) -> String? {
        guard let (t, title) = incomeStatement(doc) else { return nil }
        var g = TextGrid(t, lines: doc.lines)
        for n in g.body.indices {
            for (id, c) in g.body[n].cells { if let s = scaled(c) { g.body[n].cells[id] = s } }
        }
        var copy = doc.lines[title..<t.headerStart].map { String($0) }
        copy[0] = basis.title(copy[0])
        copy += g.textLines()
        copy += closingEDGARTable(copy) + ["", ""]
        var lines = doc.lines.map { String($0) }
        lines.insert(contentsOf: copy, at: title)
        return lines.joined(separator: "\n")
    }

    static func nonGAAPFirst(_ doc: DocumentLines) -> [(String, String)] {
        var out: [(String, String)] = []
        for b in Basis.allCases {
            guard let t = nonGAAPFirst(doc, b) else { continue }
            out.append((b.rawValue, t))
            if b == .nonGAAP, let h = HTMLLayout.document(DocumentLines(t)) { out.append(("html " + b.rawValue, h)) }
        }
        for b in [Basis.nonGAAP, .excluding] {
            if let h = HTMLVariants.rewritingDocuments(doc, { htmlNonGAAPFirst($0, b) }) { out.append(("html document " + b.rawValue, h)) }
        }
        return out
    }

    /// A cell's text scaled like `scaled`, for amounts only: not a year, a day or a footnote number (a
    /// whole number under 100 without parentheses).
    static func scaledHTMLRun(_ run: String) -> String? {
        let t = run.trimmingSpaces
        guard TextTable.isValue(t), t.contains(where: \.isNumber), !TextTable.isYear(t) else { return nil }
        if !t.contains(",") && !t.contains(".") && !t.contains("("), let v = Int(t.filter(\.isNumber)), v < 100 { return nil }
        return scaled(t).map(HTMLLayout.escaped)
    }

    /// The same in an HTML document: the first table with an income statement title before it
    /// (`StatementVariants.htmlTitles`) copied from the element holding the title (its last "<p" or
    /// "<div" before it) to the table's end, its inline XBRL tags dropped (a non-GAAP table is not
    /// tagged), the title naming `basis` and every amount times 1.25, and put before that element.
    static func htmlNonGAAPFirst(_ html: String, _ basis: Basis) -> String? {
        guard let (t, title) = StatementVariants.htmlTitles(html).first(where: { isIncomeTitle(HTMLCells.decodedSpaces($0.title.text)) }) else { return nil }
        let start = blockStart(html, before: title.range.lowerBound)
        var copy = String(html[start..<title.range.lowerBound])
        copy += HTMLLayout.escaped(basis.title(HTMLCells.decodedSpaces(title.text).trimmingSpaces))
        copy += html[title.range.upperBound..<t.upperBound]
        copy = HTMLCells.rewrite(withoutInlineXBRL(copy), anyRun: true, scaledHTMLRun)
        var out = html
        out.insert(contentsOf: copy + "\n", at: start)
        return out
    }

    /// `html` without its inline XBRL tags ("<ix:nonFraction ...>", "</ix:nonFraction>"), their text kept.
    static func withoutInlineXBRL(_ html: String) -> String {
        var out = ""
        var rest = Substring(html)
        while let r = rest.range(of: "<ix:", options: .caseInsensitive) ?? rest.range(of: "</ix:", options: .caseInsensitive) {
            // The earlier of an opening and a closing tag.
            let open = rest.range(of: "<ix:", options: .caseInsensitive), close = rest.range(of: "</ix:", options: .caseInsensitive)
            let first = [open, close].compactMap { $0 }.min { $0.lowerBound < $1.lowerBound } ?? r
            out += rest[..<first.lowerBound]
            guard let gt = rest[first.lowerBound...].firstIndex(of: ">") else { rest = rest[first.lowerBound...]; break }
            rest = rest[rest.index(after: gt)...]
        }
        return out + rest
    }

    // MARK: table.highlights

    /// A key row of an income statement: revenue or net income (whole amounts), or earnings per share
    /// (amounts with decimals).
    static func isKeyRow(_ label: String, _ cells: [String]) -> Bool {
        var s = label.trimmingSpaces.lowercased().filter { $0 != ":" && $0 != "*" }
        // A footnote marker: "Total net sales (1)".
        if s.hasSuffix(")"), let open = s.lastIndex(of: "("), s.distance(from: open, to: s.endIndex) <= 4 {
            s = String(s[..<open]).trimmingSpaces
        }
        let decimals = cells.contains { $0.contains(".") }
        if TableVariants.revenueLabels.contains(s) { return !decimals }
        if ["net income", "net earnings", "net loss", "net (loss)"].contains(where: s.hasPrefix) && !s.contains("per ") { return !decimals }
        return decimals && ["per share", "per common share", "diluted", "basic", "primary", "dilution"].contains(where: s.contains)
    }

    /// A "Financial Highlights" table before the income statement: its scale note, its column headings
    /// and its key rows as printed (a per-share row under the heading line it sits under, "Earnings per
    /// share:"). Nil when it has no revenue or net income row.
    static func highlights(_ doc: DocumentLines) -> [(String, String)] {
        guard let (t, title) = incomeStatement(doc) else {
            return HTMLVariants.rewritingDocuments(doc, htmlHighlights).map { [("html document", $0)] } ?? []
        }
        var rows: [Int] = []
        for n in t.bodyStart..<t.end {
            guard let d = TextTable.dataValues(doc.lines[n]), isKeyRow(d.label, d.values.map(\.text)) else { continue }
            let label = d.label.trimmingSpaces.lowercased()
            if !label.contains("per share") && !label.contains("per common share"),
               let h = (max(t.bodyStart, n - 4)..<n).reversed().first(where: { k in
                   TextTable.isLabelOnly(doc.lines[k]) && String(doc.lines[k]).trimmingSpaces.hasSuffix(":")
               }), !rows.contains(h) {
                rows.append(h)
            }
            rows.append(n)
        }
        let amounts = rows.filter { TextTable.dataValues(doc.lines[$0]).map { !$0.values.contains { $0.text.contains(".") } } ?? false }
        guard !amounts.isEmpty else { return [] }
        let titleText = String(doc.lines[title])
        let indent = String(titleText.prefix { $0 == " " })
        let upper = !titleText.contains(where: \.isLowercase)
        var table = [indent + (upper ? "FINANCIAL HIGHLIGHTS" : "Financial Highlights")]
        if let s = ScaleVariants.note(doc.lines, t, after: title) { table.append(String(doc.lines[s])) }
        table.append("")
        table += doc.lines[t.headerStart..<t.bodyStart].map { String($0) }
        table += rows.map { String(doc.lines[$0]) }
        table += closingEDGARTable(table) + ["", ""]
        var lines = doc.lines.map { String($0) }
        lines.insert(contentsOf: table, at: title)
        return [("", lines.joined(separator: "\n"))]
    }

    /// Where the element holding an HTML title run starts: its last "<p" or "<div" before it.
    static func blockStart(_ html: String, before run: String.Index) -> String.Index {
        let before = html[..<run]
        return ["<p", "<P", "<div", "<DIV"].compactMap { before.range(of: $0, options: .backwards)?.lowerBound }.max() ?? run
    }

    /// The same in an HTML document: before the element holding the first income statement title, a
    /// "Financial Highlights" paragraph and a table of the statement's heading rows (those above its
    /// first value row) and key rows (`isKeyRow`), copied without their inline XBRL tags, with the
    /// statement's scale note (nil when it has none: the figures would have no scale).
    static func htmlHighlights(_ html: String) -> String? {
        guard let (t, title) = StatementVariants.htmlTitles(html).first(where: { isIncomeTitle(HTMLCells.decodedSpaces($0.title.text)) }) else { return nil }
        let u = Array(html.utf8)
        let start = html.utf8.distance(from: html.startIndex, to: t.lowerBound), end = html.utf8.distance(from: html.startIndex, to: t.upperBound)
        guard let rows = HTMLColumns.rows(u, start..<end), let openEnd = u[start..<end].firstIndex(of: UInt8(ascii: ">")) else { return nil }
        func texts(_ r: HTMLColumns.Row) -> [String] { r.cells.map { HTMLColumns.text(u, $0) }.filter { !$0.isEmpty && $0 != "$" && $0 != ")" } }
        func isValueRow(_ r: HTMLColumns.Row) -> Bool {
            let t = texts(r)
            return t.first.map { $0.contains(where: \.isLetter) } == true && t.dropFirst().contains { TextTable.isValue($0) && $0.contains(where: \.isNumber) }
        }
        guard let firstValue = rows.firstIndex(where: isValueRow) else { return nil }
        let key = rows[firstValue...].filter { r in isValueRow(r) && isKeyRow(texts(r)[0], Array(texts(r).dropFirst())) }
        guard key.contains(where: { !texts($0).dropFirst().contains { $0.contains(".") } }) else { return nil }
        // A row's bytes: from its first cell back to its "<tr", to its last cell's end.
        func bytes(_ r: HTMLColumns.Row) -> [UInt8] {
            guard let f = r.cells.first, let l = r.cells.last, let tr = u[start..<f.bytes.lowerBound].lastIndex(of: UInt8(ascii: "<")) else { return [] }
            return Array(u[tr..<l.bytes.upperBound]) + Array("</tr>\n".utf8)
        }
        var table = Array(u[start...openEnd]) + Array("\n".utf8)
        for r in rows[..<firstValue] + key { table += bytes(r) }
        table += Array("</table>\n".utf8)
        // The scale goes with it: the note between title and table, or one in the heading rows.
        let note = StatementVariants.scaleNote(html, title: title.range, table: t)
        let inHeading = rows[..<firstValue].contains { r in texts(r).contains { ScaleVariants.isScaleNote($0) } }
        guard note != nil || inHeading else { return nil }
        let upper = !HTMLCells.decodedSpaces(title.text).contains(where: \.isLowercase)
        let copy = "<p>" + (upper ? "FINANCIAL HIGHLIGHTS" : "Financial Highlights") + "</p>\n" + (note.map { "<p>\(HTMLLayout.escaped($0))</p>\n" } ?? "")
            + withoutInlineXBRL(String(decoding: table, as: UTF8.self))
        var out = html
        out.insert(contentsOf: copy, at: blockStart(html, before: title.range.lowerBound))
        return out
    }

    // MARK: label.segment-block

    /// The income statement's revenue line ("Net revenues  $11,506  $12,967", whole positive amounts in
    /// every column) printed as a heading "Net revenues:", two segment lines that add up to it (60% and
    /// the rest), a rule and "Total net revenues" with the original amounts.
    static func segmentBlock(_ g: inout TextGrid) -> Bool {
        guard let n = g.body.firstIndex(where: { b in
            let label = b.label.trimmingSpaces
            return label.first?.isUppercase == true && TableVariants.revenueLabels.contains(label.lowercased().filter { $0 != ":" })
                && g.order.allSatisfy { id in b.cells[id].map { !$0.contains(".") && (TableVariants.number($0) ?? 0) > 0 } == true }
        }) else { return false }
        let row = g.body[n]
        let indent = String(row.label.prefix { $0 == " " })
        let label = row.label.trimmingSpaces.filter { $0 != ":" }
        let upper = !label.contains(where: \.isLowercase)
        let totalWord = upper ? "TOTAL " : "Total "
        let heading = label.hasPrefix(totalWord) ? String(label.dropFirst(6)).capitalizedFirst : label
        let total = label.hasPrefix(totalWord) ? label : totalWord + (upper ? label : label.lowercasedFirst)
        var a: [Int: String] = [:], b: [Int: String] = [:]
        for id in g.order {
            let cell = row.cells[id]!
            let v = TableVariants.number(cell)!
            let first = (v * 0.6).rounded()
            a[id] = TableVariants.amount(first, like: cell)
            b[id] = TableVariants.amount(v - first, like: cell.filter { $0 != "$" })
        }
        g.body.replaceSubrange(n...n, with: [
            TextGrid.BodyLine(label: indent + heading + ":", cells: [:], rule: nil),
            TextGrid.BodyLine(label: indent + "  North America", cells: a, rule: nil),
            TextGrid.BodyLine(label: indent + "  International", cells: b, rule: nil),
            TextGrid.BodyLine(label: "", cells: [:], rule: "-"),
            TextGrid.BodyLine(label: indent + total, cells: row.cells, rule: nil),
        ])
        return true
    }

    static func segmentBlock(_ doc: DocumentLines) -> [(String, String)] {
        guard let (t, _) = incomeStatement(doc) else { return [] }
        var out: [(String, String)] = []
        guard let v = doc.rewritingTables({ g, table in table.bodyStart == t.bodyStart && segmentBlock(&g) }) else { return [] }
        out.append(("", v))
        if let h = HTMLLayout.document(DocumentLines(v)) { out.append(("html", h)) }
        return out
    }
}

extension String {
    var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
    var lowercasedFirst: String { prefix(1).lowercased() + dropFirst() }
}
