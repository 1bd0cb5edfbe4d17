/// The scale note of a text table ("(In thousands, except per share data)") moved: above the title
/// block it sits in, into the table's first header line, or under the table.
enum ScaleVariants {
    /// True for a line that states a scale: "in thousands", "in millions", "in 000s", ...
    static func isScaleNote(_ line: String) -> Bool {
        let s = line.lowercased().trimmingSpaces
        guard s.count < 90, !s.isEmpty else { return false }
        return ["thousands", "millions", "billions", "000s", "000's"].contains { s.contains($0) } && s.split(separator: " ").count <= 14
    }

    /// The line of a table's scale note: within the eight lines above its header.
    static func note(_ lines: [[Character]], _ t: TextTable, after floor: Int) -> Int? {
        var n = t.headerStart - 1
        while n >= max(floor, t.headerStart - 8) {
            if TextTable.dataValues(lines[n]) != nil { return nil }
            if isScaleNote(String(lines[n])) { return n }
            n -= 1
        }
        return nil
    }

    enum Place: String, CaseIterable {
        case aboveTitle = "above the title", inHeader = "in the header", besideDates = "beside the dates",
             aboveHeader = "right above the header", afterTable = "after the table"
    }

    /// The scale note reworded as a corner cell prints it ("(In thousands, except per share data)" as
    /// "($ in thousands, except per share data)" or "(Dollars in thousands, ...)"); nil when it does not
    /// start with "in thousands" / "in millions" / "in billions".
    static func cornerWording(_ note: String, dollars: Bool) -> String? {
        var t = note.trimmingSpaces
        let paren = t.hasPrefix("(")
        if paren { t.removeFirst() }
        let lower = t.lowercased()
        guard ["in thousands", "in millions", "in billions"].contains(where: lower.hasPrefix) else { return nil }
        return (paren ? "(" : "") + (dollars ? "Dollars in" : "$ in") + t.dropFirst(2)
    }

    /// The scale note reworded ("$ in thousands", "Dollars in thousands") in the table's corner: the
    /// label area of its last heading line (the one over the numbers' dates); as text and as HTML (the
    /// first cell of that heading row).
    static func inCell(_ doc: DocumentLines) -> [(String, String)] {
        var out: [(String, String)] = []
        for (name, dollars) in [("$ in", false), ("dollars in", true)] {
            guard let t = move(doc, to: .besideDates, reword: { cornerWording($0, dollars: dollars) }) else { continue }
            out.append((name, t))
            if !dollars, let h = HTMLLayout.document(DocumentLines(t)) { out.append(("html corner cell", h)) }
        }
        return out
    }

    static func all(_ doc: DocumentLines) -> [(String, String)] {
        Place.allCases.compactMap { p in move(doc, to: p).map { (p.rawValue, $0) } }
    }

    /// `reword`: the note as it is to be printed (nil: that table's note stays).
    static func move(_ doc: DocumentLines, to place: Place, reword: (String) -> String? = { $0 }) -> String? {
        var lines = doc.lines.map { String($0) }
        var changed = false
        let tables = doc.tables
        for (k, t) in tables.enumerated().reversed() {
            let floor = k > 0 ? tables[k - 1].end : 0
            guard let n = note(doc.lines, t, after: floor), let text = reword(lines[n]) else { continue }
            switch place {
            case .aboveTitle:
                var top = n
                // Up through the title block: not into running text or notes ending in a full stop.
                while top > floor, top - 1 >= 0, !lines[top - 1].trimmingSpaces.isEmpty, TextTable.dataValues(doc.lines[top - 1]) == nil,
                      !TextTable.isProse(doc.lines[top - 1]), !lines[top - 1].trimmingSpaces.hasSuffix(".") { top -= 1 }
                guard top < n else { continue }
                lines.remove(at: n)
                lines.insert(text, at: top)
            case .inHeader, .besideDates:
                var g = TextGrid(t, lines: doc.lines)
                guard g.headerLines > 0 else { continue }
                // The label area of the first header line, or of the last one (beside the dates).
                let k = place == .inHeader ? 0 : (0..<g.headerLines).last { k in
                    g.spans.contains { $0.line == k && !$0.ids.isEmpty && !TextTable.isRule($0.text) }
                } ?? 0
                guard place == .inHeader || !g.spans.contains(where: { $0.line == k && $0.ids.isEmpty }) else { continue }
                g.spans.append(TextGrid.Span(line: k, text: text.trimmingSpaces, ids: [], indent: 0))
                lines.replaceSubrange(t.headerStart..<t.end, with: g.textLines())
                lines.remove(at: n)
            case .aboveHeader:
                guard n + 1 < t.headerStart else { continue }
                lines.insert(text, at: t.headerStart)
                lines.remove(at: n)
            case .afterTable:
                // Not where the statement goes on below (rows the table finder did not take).
                guard !doc.lines[t.end..<min(doc.lines.count, t.end + 8)].contains(where: { TextTable.dataValues($0) != nil }) else { continue }
                lines.insert(contentsOf: ["", text], at: t.end)
                lines.remove(at: n)
            }
            changed = true
        }
        return changed ? lines.joined(separator: "\n") : nil
    }
}
