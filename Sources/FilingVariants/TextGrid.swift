/// A text table read into a grid that can be rearranged and laid out again: header pieces that cover
/// one or more columns, and body lines with a label and one cell per column.
struct TextGrid {
    /// A header piece on header line `line`, over the columns `ids` (empty: in the label area).
    struct Span {
        var line: Int
        var text: String
        var ids: [Int]
        var indent: Int
    }

    struct BodyLine {
        var label: String
        /// Column id -> cell text; empty for a line without values.
        var cells: [Int: String]
        /// A rule under the numbers ("-----", "====="), drawn across every column.
        var rule: Character?
    }

    var headerLines: Int
    var spans: [Span]
    var body: [BodyLine]
    /// Column ids in display order (ids are the original column indices; added columns get new ids).
    var order: [Int]
    var labelWidth: Int

    init(_ t: TextTable, lines: [[Character]]) {
        order = Array(t.columns.indices)
        labelWidth = t.columns.first?.lowerBound ?? 0
        headerLines = t.bodyStart - t.headerStart
        spans = []
        for (k, n) in (t.headerStart..<t.bodyStart).enumerated() {
            for p in Self.chunks(lines[n], columns: t.columns) {
                // A piece that ends left of the columns, or starts in the left half of the label area,
                // is in the label area, unless it is a rule.
                let inLabelArea = !TextTable.isRule(p.text) && (p.range.upperBound <= labelWidth || p.range.lowerBound < labelWidth / 2)
                var ids = inLabelArea ? [] : t.columns.indices.filter { t.columns[$0].overlaps(p.range) }
                if ids.isEmpty && !inLabelArea {
                    // Nearest column for a piece that sits in a gap.
                    let mid = (p.range.lowerBound + p.range.upperBound) / 2
                    ids = [t.columns.indices.min { abs(t.columns[$0].lowerBound - mid) < abs(t.columns[$1].lowerBound - mid) }!]
                }
                spans.append(Span(line: k, text: p.text, ids: ids, indent: p.range.lowerBound))
            }
        }
        // A heading with a rule right under it ("Three Months Ended" over "-------------") spans the
        // columns the rule spans.
        for i in spans.indices where !spans[i].ids.isEmpty && !TextTable.isRule(spans[i].text) {
            let s = spans[i]
            let mid = s.indent + s.text.count / 2
            // The rule must be under this heading alone (not a rule across the whole table).
            guard let rule = spans.first(where: { r in
                r.line == s.line + 1 && TextTable.isRule(r.text) && r.indent <= mid && mid < r.indent + r.text.count
            }), Set(rule.ids).isSuperset(of: s.ids), !spans.contains(where: { o in
                o.line == s.line && !o.ids.isEmpty && o.indent != s.indent && o.indent < rule.indent + rule.text.count
                    && rule.indent < o.indent + o.text.count
            }) else { continue }
            spans[i].ids = rule.ids
        }
        // A heading centred under one that spans several columns ("September 30," under "Three Months
        // Ended") spans them too, though it overlaps only one of their extents.
        for i in spans.indices where spans[i].ids.count == 1 && !TextTable.isRule(spans[i].text) {
            let s = spans[i]
            let mid = 2 * s.indent + s.text.count
            if let above = spans.last(where: { a in
                a.line < s.line && a.ids.count > 1 && !TextTable.isRule(a.text) && a.ids.contains(s.ids[0])
                    && abs(2 * a.indent + a.text.count - mid) <= 4
            }) {
                spans[i].ids = above.ids
            }
        }
        body = []
        for n in t.bodyStart..<t.end {
            let line = lines[n]
            let ws = TextTable.words(line)
            if !ws.isEmpty, ws.allSatisfy({ TextTable.isRule($0.text) }), ws[0].range.lowerBound >= labelWidth - 2 {
                body.append(BodyLine(label: "", cells: [:], rule: ws[0].text.first))
            } else if let d = TextTable.dataValues(line) {
                var cells: [Int: String] = [:]
                for v in d.values { if let c = t.column(of: v.range) { cells[c] = v.text } }
                body.append(BodyLine(label: Self.rightTrimmed(d.label), cells: cells, rule: nil))
            } else {
                body.append(BodyLine(label: Self.rightTrimmed(String(line)), cells: [:], rule: nil))
            }
        }
    }

    static func rightTrimmed(_ s: String) -> String {
        var t = Substring(s)
        while t.last == " " { t = t.dropLast() }
        return String(t)
    }

    /// Header pieces: runs of words with single spaces, split further where month-day dates printed
    /// with one space between them fall on different columns ("Jun 30, Mar 31,").
    static func chunks(_ line: [Character], columns: [Range<Int>]) -> [TextTable.Piece] {
        var out: [TextTable.Piece] = []
        for w in TextTable.words(line) {
            if let l = out.last, w.range.lowerBound - l.range.upperBound < 2 {
                out[out.count - 1] = TextTable.Piece(text: l.text + " " + w.text, range: l.range.lowerBound..<w.range.upperBound)
            } else {
                out.append(w)
            }
        }
        return out.flatMap { p -> [TextTable.Piece] in
            let over = columns.filter { $0.overlaps(p.range) }
            guard over.count > 1 else { return [p] }
            let ws = TextTable.words(line).filter { p.range.contains($0.range.lowerBound) }
            var parts: [TextTable.Piece] = []
            for w in ws {
                if let l = parts.last, !(DateText.isMonth(l.text.split(separator: " ").first.map(String.init) ?? "") && l.text.contains(" ")) {
                    parts[parts.count - 1] = TextTable.Piece(text: l.text + " " + w.text, range: l.range.lowerBound..<w.range.upperBound)
                } else {
                    parts.append(w)
                }
            }
            let dated = parts.allSatisfy { DateText.isMonth(String($0.text.split(separator: " ").first ?? "")) && $0.text.contains(" ") }
            return dated && parts.count == over.count ? parts : [p]
        }
    }

    /// Renumbers the header lines so that none is left empty (after spans were removed).
    mutating func dropEmptyHeaderLines() {
        let used = Set(spans.map(\.line)).sorted()
        spans = spans.map { var s = $0; s.line = used.firstIndex(of: s.line)!; return s }
        headerLines = used.count
    }

    // MARK: Layout as text

    static let gap = 3

    func width(_ id: Int) -> Int {
        var w = 1
        for b in body { if let c = b.cells[id] { w = max(w, c.count) } }
        for s in spans where s.ids == [id] { w = max(w, s.text.count) }
        return w
    }

    /// Start and width of each column id in display order.
    func layout() -> [Int: (start: Int, width: Int)] {
        var widths = Dictionary(uniqueKeysWithValues: order.map { ($0, width($0)) })
        // A piece over several columns widens the last of them when it does not fit.
        for s in spans where s.ids.count > 1 && !TextTable.isRule(s.text) {
            let pos = s.ids.compactMap { order.firstIndex(of: $0) }.sorted()
            guard let last = pos.last else { continue }
            let total = pos.map { widths[order[$0]]! }.reduce(0, +) + Self.gap * (pos.count - 1)
            if total < s.text.count { widths[order[last]]! += s.text.count - total }
        }
        let labels = body.filter { !$0.cells.isEmpty }.map(\.label.count).max() ?? 0
        var x = max(labelWidth, labels + 2)
        // Label-area text of a header line with column pieces must end left of the columns.
        for s in spans where s.ids.isEmpty && spans.contains(where: { $0.line == s.line && !$0.ids.isEmpty }) {
            x = max(x, s.indent + s.text.count + 2)
        }
        var out: [Int: (Int, Int)] = [:]
        for id in order {
            out[id] = (x, widths[id]!)
            x += widths[id]! + Self.gap
        }
        return out
    }

    /// The table as fixed-width lines.
    func textLines() -> [String] {
        let pos = layout()
        var out: [String] = []
        for k in 0..<headerLines {
            var line: [Character] = []
            func put(_ text: String, at x: Int) {
                // Two spaces at least between pieces, so that they stay apart.
                let x = max(x, line.isEmpty ? 0 : line.count + 2)
                if line.count < x { line += Array(repeating: " ", count: x - line.count) }
                line += Array(text)
            }
            let pieces = spans.filter { $0.line == k }.map { s -> (Int, String) in
                guard !s.ids.isEmpty else { return (s.indent, s.text) }
                let cols = s.ids.compactMap { pos[$0] }
                let a = cols.map(\.start).min()!, b = cols.map { $0.start + $0.width }.max()!
                let text = TextTable.isRule(s.text) ? String(repeating: s.text.first!, count: b - a) : s.text
                // EDGAR's column tags ("<C>") mark where a column starts.
                if s.text.uppercased() == "<C>" { return (a, text) }
                return cols.count == 1 ? (b - text.count, text) : (a + max(0, (b - a - text.count) / 2), text)
            }.sorted { $0.0 < $1.0 }
            for (x, t) in pieces { put(t, at: x) }
            out.append(String(line))
        }
        for b in body {
            if let r = b.rule {
                var line = String(repeating: " ", count: pos[order[0]]!.start)
                for id in order {
                    let p = pos[id]!
                    line += String(repeating: " ", count: p.start - line.count) + String(repeating: r, count: p.width)
                }
                out.append(line)
                continue
            }
            guard !b.cells.isEmpty else { out.append(b.label); continue }
            var line = b.label
            for id in order {
                guard let c = b.cells[id] else { continue }
                let p = pos[id]!
                let x = p.start + p.width - c.count
                line += String(repeating: " ", count: max(1, x - line.count)) + c
            }
            out.append(line)
        }
        return out
    }
}
