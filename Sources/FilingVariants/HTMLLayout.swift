/// A plain-text document rewritten as HTML: each statement table a <table> with column spans in its
/// header and "$", "(" and ")" in cells of their own (three cells per value column), the other lines
/// as paragraphs (a line of their own each, runs of spaces kept as &nbsp;).
enum HTMLLayout {
    static func escaped(_ s: String) -> String {
        var out = ""
        for c in s {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            default: out.append(c)
            }
        }
        return out
    }

    /// A line of text outside tables, its indentation and runs of spaces kept.
    static func paragraph(_ line: String) -> String {
        guard line.contains(where: { $0 != " " }) else { return "<p>&nbsp;</p>" }
        var out = ""
        var spaces = 0
        for c in line {
            if c == " " { spaces += 1; continue }
            if spaces > 0 { out += spaces == 1 && !out.isEmpty ? " " : String(repeating: "&nbsp;", count: spaces); spaces = 0 }
            out += escaped(String(c))
        }
        return "<p>" + out + "</p>"
    }

    /// A value cell split into "$" / "(" prefix, the number and ")" / "%" suffix.
    static func parts(_ cell: String) -> (String, String, String) {
        var s = Substring(cell)
        var pre = "", post = ""
        while let f = s.first, f == "$" || f == "(" { pre.append(f); s = s.dropFirst() }
        while let l = s.last, l == ")" || l == "%" { post = String(l) + post; s = s.dropLast() }
        if pre.contains("(") && !post.contains(")") { return ("", cell, "") }
        return (pre.contains("$") ? "$" : "", (pre.contains("(") ? "(" : "") + s, post)
    }

    /// EDGAR's plain-text table tags ("<TABLE>", "<CAPTION>", "<S>", "<C>", "<PAGE>"), which have no
    /// place in HTML.
    static func isEDGARTag(_ text: String) -> Bool {
        let t = text.trimmingSpaces.uppercased()
        return ["<TABLE>", "</TABLE>", "<CAPTION>", "</CAPTION>", "<S>", "<C>", "<FN>", "</FN>", "<PAGE>"].contains(t)
    }

    static func table(_ g: TextGrid) -> [String] {
        var out = ["<table>"]
        let columns = g.order.count
        for k in 0..<g.headerLines {
            let line = g.spans.filter { $0.line == k && !TextTable.isRule($0.text) && !isEDGARTag($0.text) }
            guard !line.isEmpty else { continue }
            let label = line.filter { $0.ids.isEmpty }.map(\.text).joined(separator: " ")
            var row = "<tr><td>\(escaped(label))</td>"
            var x = 0
            let placed = line.filter { !$0.ids.isEmpty }.map { s -> (Int, Int, String) in
                let pos = s.ids.compactMap { g.order.firstIndex(of: $0) }
                return (pos.min()!, pos.max()!, s.text)
            }.sorted { $0.0 < $1.0 }
            for (a, b, text) in placed where a >= x {
                if a > x { row += "<td colspan=\"\(3 * (a - x))\"></td>" }
                row += "<td colspan=\"\(3 * (b - a + 1))\" align=\"center\">\(escaped(text))</td>"
                x = b + 1
            }
            if x < columns { row += "<td colspan=\"\(3 * (columns - x))\"></td>" }
            out.append(row + "</tr>")
        }
        for b in g.body where b.rule == nil {
            guard !b.cells.isEmpty else {
                let label = b.label.trimmingSpaces
                let words = label.split(separator: " ").map(String.init)
                if !words.isEmpty && words.allSatisfy(isEDGARTag) { continue }
                out.append(label.isEmpty ? "<tr><td colspan=\"\(1 + 3 * columns)\">&nbsp;</td></tr>"
                    : "<tr><td>\(escaped(label))</td><td colspan=\"\(3 * columns)\"></td></tr>")
                continue
            }
            var row = "<tr><td>\(escaped(b.label.trimmingSpaces))</td>"
            for id in g.order {
                let (pre, num, post) = b.cells[id].map(parts) ?? ("", "", "")
                row += "<td>\(pre)</td><td align=\"right\">\(escaped(num))</td><td>\(post)</td>"
            }
            out.append(row + "</tr>")
        }
        return out + ["</table>"]
    }

    /// The filing with every plain-text document that holds a table rewritten as HTML; nil when none has one.
    /// `change`: applied to each table's grid first; nil when it changes none (returns false for all).
    static func document(_ doc: DocumentLines, change: ((inout TextGrid) -> Bool)? = nil) -> String? {
        let tables = doc.tables
        guard !tables.isEmpty else { return nil }
        var changed = change == nil
        var lines = doc.lines.map { String($0) }
        for (r, html) in zip(doc.documents, doc.isHTML).reversed() where !html {
            let inDoc = tables.filter { r.contains($0.bodyStart) }
            guard !inDoc.isEmpty else { continue }
            var body: [String] = ["<html><body>"]
            var n = r.lowerBound
            for t in inDoc {
                body += lines[n..<t.headerStart].filter { !isEDGARTag($0) }.map(paragraph)
                var g = TextGrid(t, lines: doc.lines)
                if let change, change(&g) { changed = true }
                body += table(g)
                n = t.end
            }
            body += lines[n..<r.upperBound].filter { !isEDGARTag($0) }.map(paragraph)
            body.append("</body></html>")
            lines.replaceSubrange(r, with: body)
        }
        return changed ? lines.joined(separator: "\n") : nil
    }
}
