/// Variants of the HTML documents of a filing (the text-table variants do not apply to them): tables
/// respaced, date headings restacked, the scale note moved, columns reordered.
enum HTMLVariants {
    /// The filing with `change` applied to the text of every HTML document; nil when none changed.
    static func rewritingDocuments(_ doc: DocumentLines, _ change: (String) -> String?) -> String? {
        var lines = doc.lines.map { String($0) }
        var changed = false
        for (r, html) in zip(doc.documents, doc.isHTML).reversed() where html {
            guard let new = change(lines[r].joined(separator: "\n")) else { continue }
            lines.replaceSubrange(r, with: [new])
            changed = true
        }
        return changed ? lines.joined(separator: "\n") : nil
    }

    /// `doc` with each table of its HTML documents (as bytes, `<table>` to `</table>`) replaced by
    /// what `change` makes of it; nil when `change` changed none.
    static func rewritingTableBytes(_ doc: DocumentLines, _ change: ([UInt8]) -> [UInt8]?) -> String? {
        rewritingDocuments(doc) { html in
            var u = Array(html.utf8)
            var changed = false
            for r in tables(html).reversed() {
                let bytes = html.utf8.distance(from: html.startIndex, to: r.lowerBound)..<html.utf8.distance(from: html.startIndex, to: r.upperBound)
                guard let new = change(Array(u[bytes])) else { continue }
                u.replaceSubrange(bytes, with: new)
                changed = true
            }
            return changed ? String(decoding: u, as: UTF8.self) : nil
        }
    }

    /// The ranges of the `<table>...</table>` elements of `html` (outermost only).
    static func tables(_ html: String) -> [Range<String.Index>] {
        let u = Array(html.utf8)
        func tag(_ at: Int, _ name: String) -> Bool {
            let n = Array(name.utf8)
            guard at + n.count <= u.count else { return false }
            for k in n.indices where u[at + k] | 0x20 != n[k] | 0x20 { return false }
            return true
        }
        func index(_ o: Int) -> String.Index { html.utf8.index(html.startIndex, offsetBy: o) }
        var out: [Range<String.Index>] = []
        var depth = 0, start = 0
        var i = 0
        while i < u.count {
            if u[i] == UInt8(ascii: "<") {
                if tag(i, "<table") {
                    if depth == 0 { start = i }
                    depth += 1
                } else if tag(i, "</table"), depth > 0 {
                    depth -= 1
                    if depth == 0, let gt = u[i...].firstIndex(of: UInt8(ascii: ">")) { out.append(index(start)..<index(gt + 1)) }
                }
            }
            i += 1
        }
        return out
    }

    /// Tags on lines of their own inside tables, and `&nbsp;` written `&#160;`.
    static func respaced(_ doc: DocumentLines) -> [(String, String)] {
        let text = rewritingDocuments(doc) { html in
            var out = html
            for r in tables(html).reversed() {
                var t = String(html[r])
                for tag in ["<tr", "<TR", "<td", "<TD", "<th", "<TH", "</tr", "</TR"] { t = t.replacingAll(tag, with: "\n  " + tag) }
                t = t.replacingAll("&nbsp;", with: "&#160;")
                out.replaceSubrange(r, with: t)
            }
            return out == html ? nil : out
        }
        return text.map { [("html", $0)] } ?? []
    }

    /// An empty cell at the start of every row of every table: the table one column to the right.
    static func shifted(_ doc: DocumentLines) -> [(String, String)] {
        let text = rewritingDocuments(doc) { html in
            var out = html
            for r in tables(html).reversed() {
                let t = String(html[r])
                var new = ""
                var rest = Substring(t)
                while let open = rest.range(of: "<tr", options: .caseInsensitive) {
                    let after = rest[open.upperBound...]
                    guard let gt = after.firstIndex(of: ">") else { break }
                    let isRow = after.first.map { $0 == ">" || $0 == " " || $0 == "\n" || $0 == "\t" } ?? false
                    new += rest[..<rest.index(after: gt)]
                    if isRow { new += "<td>&nbsp;</td>" }
                    rest = rest[rest.index(after: gt)...]
                }
                new += rest
                out.replaceSubrange(r, with: new)
            }
            return out == html ? nil : out
        }
        return text.map { [("html empty first column", $0)] } ?? []
    }

    /// Dated headings over two lines: "June 30, 2003" as "June 30,<br>2003", and "Three Months Ended
    /// June 30," as "Three Months Ended<br>June 30,".
    static func restacked(_ doc: DocumentLines) -> [(String, String)] {
        var out: [(String, String)] = []
        let dates = HTMLCells.rewritingTableText(doc) { run in
            let t = run.trimmingSpaces
            guard let d = DateText.parse(t), d.year != nil, d.rest.isEmpty, let sp = t.lastIndex(of: " ") else { return nil }
            return HTMLLayout.escaped(String(t[..<sp])) + "<br>" + String(t[t.index(after: sp)...])
        }
        if let t = dates { out.append(("html dates", t)) }
        let ended = HTMLCells.rewritingTableText(doc) { run in
            let t = run.trimmingSpaces
            guard let r = t.range(of: "Ended ") ?? t.range(of: "ended ") ?? t.range(of: "ENDED "), r.lowerBound > t.startIndex else { return nil }
            let after = String(t[r.upperBound...])
            guard after.split(separator: " ").first.map({ DateText.isMonth(String($0)) }) == true else { return nil }
            return HTMLLayout.escaped(String(t[..<r.upperBound]).trimmingSpaces) + "<br>" + HTMLLayout.escaped(after)
        }
        if let t = ended { out.append(("html ended", t)) }
        let joined = rewritingDocuments(doc) { html in
            HTMLDates.joiningBrokenDates(html) { m, d, y in DateText.Format.fullMonth.text(month: m, day: d, year: y) }
        }
        if let t = joined { out.append(("html dates joined", t)) }
        return out
    }

    /// The scale note ("(In millions, except per share amounts)") moved: into a paragraph right before
    /// its table, into a first row of the table, or after the table.
    static func scaleMoved(_ doc: DocumentLines) -> [(String, String)] {
        [("html before the table", 0), ("html in a first row", 1), ("html after the table", 2)].compactMap { name, place in
            rewritingDocuments(doc) { moveScale($0, place: place) }.map { (name, $0) }
        }
    }

    /// Text runs (between tags) of `html` with their ranges.
    static func runs(_ html: String) -> [(text: String, range: Range<String.Index>)] {
        var out: [(String, Range<String.Index>)] = []
        var i = html.startIndex
        while i < html.endIndex {
            if html[i] == "<" {
                i = html[i...].firstIndex(of: ">").map { html.index(after: $0) } ?? html.endIndex
            } else {
                let next = html[i...].firstIndex(of: "<") ?? html.endIndex
                out.append((String(html[i..<next]), i..<next))
                i = next
            }
        }
        return out
    }

    /// A run that is a scale note by itself ("(In millions, except share amounts)", "In thousands"),
    /// not a row label that states its own unit ("Shares used in computing earnings per share (in
    /// thousands):").
    static func isNoteOnly(_ text: String) -> Bool {
        let t = text.trimmingSpaces.lowercased()
        return !t.hasSuffix(":") && (t.hasPrefix("(") || t.hasPrefix("in ") || t.hasPrefix("dollars") || t.hasPrefix("amounts"))
    }

    static func moveScale(_ html: String, place: Int) -> String? {
        let ts = tables(html)
        // Each table's note: the last scale run before it (after the previous table) or inside it.
        var moves: [(note: Range<String.Index>, text: String, table: Range<String.Index>)] = []
        var floor = html.startIndex
        let all = runs(html)
        for t in ts {
            let candidates = all.filter { r in
                r.range.lowerBound >= floor && r.range.upperBound <= t.upperBound
                    && ScaleVariants.isScaleNote(HTMLCells.decodedSpaces(r.text)) && !r.text.contains("$")
                    && isNoteOnly(HTMLCells.decodedSpaces(r.text))
            }
            floor = t.upperBound
            guard let note = candidates.last else { continue }
            // Far above the table (more than 3000 characters of markup) is not its note.
            guard html.distance(from: note.range.upperBound, to: t.lowerBound) < 3000 else { continue }
            moves.append((note.range, HTMLCells.decodedSpaces(note.text).trimmingSpaces, t))
        }
        guard !moves.isEmpty else { return nil }
        // Edits as UTF-8 offsets into `html` (insertions are empty ranges), applied last to first.
        func offset(_ i: String.Index) -> Int { html.utf8.distance(from: html.startIndex, to: i) }
        var edits: [(at: Int, length: Int, with: String)] = []
        for m in moves {
            let text = HTMLLayout.escaped(m.text)
            edits.append((offset(m.note.lowerBound), html.utf8.distance(from: m.note.lowerBound, to: m.note.upperBound), ""))
            switch place {
            case 0: edits.append((offset(m.table.lowerBound), 0, "<p>\(text)</p>\n"))
            case 1:
                guard let gt = html[m.table].firstIndex(of: ">") else { return nil }
                edits.append((offset(html.index(after: gt)), 0, "<tr><td>\(text)</td></tr>"))
            default: edits.append((offset(m.table.upperBound), 0, "\n<p>\(text)</p>"))
            }
        }
        var bytes = Array(html.utf8)
        for e in edits.sorted(by: { ($0.at, $0.length) > ($1.at, $1.length) }) {
            bytes.replaceSubrange(e.at..<(e.at + e.length), with: Array(e.with.utf8))
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
