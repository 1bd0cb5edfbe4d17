/// Row labels changed without changing their meaning: replaced by a synonym, upper-cased, or wrapped
/// over two lines. Text tables are changed in place (the numbers stay where they are); in HTML tables
/// the text of the cells changes.
enum LabelVariants {
    /// Label starts and a synonym for each, one variant per pair that applies.
    static let synonyms: [(from: String, to: String)] = [
        ("Net income", "Net earnings"),
        ("Net income", "Net profit"),
        ("Net loss", "Net earnings (loss)"),
        ("Net revenues", "Revenues, net"),
        ("Net revenue", "Total net revenue"),
        ("Total revenues", "Revenues, net"),
        ("Total revenue", "Total net revenue"),
        ("Revenues", "Total revenues"),
        ("Net sales", "Sales, net"),
        ("Diluted", "Fully diluted"),
        ("Earnings per share", "Net income per share"),
        ("Net income per share", "Earnings per share"),
        ("Total assets", "Assets, total"),
        ("Net loss", "Net income (loss)"),
        ("Net revenues", "Net sales"),
        ("Total revenues", "Total net revenues"),
        ("Net sales", "Net revenues"),
        ("Diluted", "Assuming dilution"),
        ("Net income per share", "Net earnings per share"),
        ("Earnings per share", "Earnings per common share"),
    ]

    /// `label` (leading spaces kept) with `from` at its start replaced; nil when it does not start with
    /// `from` followed by a non-letter.
    static func replacing(_ label: String, _ from: String, _ to: String) -> String? {
        let indent = label.prefix { $0 == " " }
        let rest = label.dropFirst(indent.count)
        guard rest.hasPrefix(from) else { return nil }
        let after = rest.dropFirst(from.count)
        if let c = after.first, c.isLetter { return nil }
        return indent + to + after
    }

    /// The filing with `change` applied to the label of every body line of the text tables, the numbers
    /// left in place; a label that no longer fits before its numbers is left as it was. Nil when nothing
    /// changed.
    static func changingTextLabels(_ doc: DocumentLines, _ change: (String) -> String?) -> String? {
        var lines = doc.lines.map { String($0) }
        var changed = false
        for t in doc.tables {
            for n in t.bodyStart..<t.end {
                let line = doc.lines[n]
                let label: String, rest: String
                if let d = TextTable.dataValues(line) {
                    label = d.label
                    rest = String(line[label.count...])
                } else {
                    label = String(line); rest = ""
                }
                guard let new = change(TextGrid.rightTrimmed(label)) else { continue }
                let room = rest.isEmpty ? Int.max : label.count + rest.prefix { $0 == " " }.count - 2
                guard new.count <= room else { continue }
                let restTrimmed = rest.drop { $0 == " " }
                lines[n] = rest.isEmpty ? new : new + String(repeating: " ", count: label.count + (rest.count - restTrimmed.count) - new.count) + restTrimmed
                changed = true
            }
        }
        return changed ? lines.joined(separator: "\n") : nil
    }

    static func synonyms(_ doc: DocumentLines) -> [(String, String)] {
        synonyms.compactMap { s in
            let change: (String) -> String? = { replacing($0, s.from, s.to) }
            let text = changingTextLabels(doc, change) ?? HTMLCells.rewritingTableText(doc) { change($0.trimmingSpaces) }
            return text.map { ("\"\(s.from)\" -> \"\(s.to)\"", $0) }
        }
    }

    /// Upper case outside entities ("R&amp;D" -> "R&amp;D" with letters upper-cased: "R&amp;D").
    static func upperCased(_ s: String) -> String {
        var out = ""
        var inEntity = false
        for c in s {
            if c == "&" { inEntity = true }
            out += inEntity ? String(c) : c.uppercased()
            if c == ";" { inEntity = false }
        }
        return out
    }

    /// Row labels upper-cased; and a second variant with the column headings upper-cased too
    /// ("THREE MONTHS ENDED JUNE 30,").
    static func upperCase(_ doc: DocumentLines) -> [(String, String)] {
        let change: (String) -> String? = { l in l.contains(where: \.isLowercase) ? upperCased(l) : nil }
        var out: [(String, String)] = []
        if let text = changingTextLabels(doc, change) ?? HTMLCells.rewritingTableText(doc, change) { out.append(("", text)) }
        if let labels = changingTextLabels(doc, change) {
            let d = DocumentLines(labels)
            var lines = d.lines.map { String($0) }
            var changed = false
            for t in d.tables {
                for n in t.headerStart..<t.bodyStart where lines[n].contains(where: \.isLowercase) {
                    lines[n] = upperCased(lines[n])
                    changed = true
                }
            }
            if changed { out.append(("headings too", lines.joined(separator: "\n"))) }
        }
        return out
    }

    /// Footnote markers as printed after a label, in text and in HTML.
    static let footnoteMarkers: [(name: String, text: String, html: String)] = [
        ("(1)", " (1)", "<sup>(1)</sup>"), ("*", "*", "*"), ("(a)", " (a)", " (a)"),
    ]

    /// A footnote marker after the labels of the key rows (revenue, net income, EPS, total assets), one
    /// variant per marker; in text tables only where the label still fits before its numbers.
    static func footnoted(_ doc: DocumentLines) -> [(String, String)] {
        let isKey: (String) -> Bool = { l in
            let t = l.trimmingSpaces.lowercased()
            return keyRows.contains { t.hasPrefix($0.lowercased()) } && !t.hasSuffix(":")
        }
        return footnoteMarkers.compactMap { m in
            let text = changingTextLabels(doc) { isKey($0) ? $0 + m.text : nil }
                ?? HTMLCells.rewritingTableText(doc) { run in
                    // A run is HTML text already (entities kept).
                    isKey(run) ? run.trimmingSpaces + m.html : nil
                }
            return text.map { (m.name, $0) }
        }
    }

    /// "NET INCOME" -> "Net Income": each word's first letter upper case, the rest lower case (entities
    /// kept).
    static func titleCased(_ s: String) -> String {
        var out = ""
        var inEntity = false, wordStart = true
        for c in s {
            if c == "&" { inEntity = true }
            out += inEntity ? String(c) : wordStart ? c.uppercased() : c.lowercased()
            if c == ";" { inEntity = false }
            wordStart = c == " " || c == "(" || c == "-" || c == "/"
        }
        return out
    }

    /// Row labels in title case ("NET INCOME" and "Net income" -> "Net Income"); in HTML tables every
    /// text run, headings too.
    static func titleCase(_ doc: DocumentLines) -> [(String, String)] {
        let change: (String) -> String? = { l in
            let t = titleCased(l)
            return t == l ? nil : t
        }
        let text = changingTextLabels(doc, change) ?? HTMLCells.rewritingTableText(doc) { run in
            let t = run.trimmingSpaces
            return change(t)
        }
        return text.map { [("", $0)] } ?? []
    }

    /// Label starts of the rows whose figures are compared, wrapped first.
    static let keyRows = ["Net income", "Net loss", "Net earnings", "Total revenue", "Net revenue", "Revenue", "Net sales", "Sales",
                          "Total assets", "Diluted", "Basic"]

    /// Wraps the labels of key rows (one variant each for revenue, net income and total assets rows)
    /// and of one row chosen by the seed: the first half of the words on a line of their own, the rest
    /// with the numbers, indented one more space.
    static func wrapped(_ doc: DocumentLines, rng: inout SeededRandom) -> [(String, String)] {
        func wrap(_ label: String) -> (String, String)? {
            let indent = label.prefix { $0 == " " }
            let words = label.dropFirst(indent.count).split(separator: " ")
            guard words.count >= 2 else { return nil }
            let k = (words.count + 1) / 2
            return (indent + words[..<k].joined(separator: " "), indent + " " + words[k...].joined(separator: " "))
        }
        func variant(_ matches: (String) -> Bool) -> String? {
            var lines = doc.lines.map { String($0) }
            var changed = false
            for t in doc.tables.reversed() {
                for n in (t.bodyStart..<t.end).reversed() {
                    guard let d = TextTable.dataValues(doc.lines[n]), matches(d.label.trimmingSpaces), let (a, b) = wrap(TextGrid.rightTrimmed(d.label)) else { continue }
                    let rest = String(doc.lines[n][d.label.count...])
                    guard b.count < d.label.count + rest.prefix(while: { $0 == " " }).count - 1 else { continue }
                    lines[n] = b + String(repeating: " ", count: d.label.count - b.count) + rest
                    lines.insert(a, at: n)
                    changed = true
                }
            }
            if changed { return lines.joined(separator: "\n") }
            return HTMLCells.rewritingTableText(doc) { run in
                let l = run.trimmingSpaces
                guard matches(l), let (a, b) = wrap(l) else { return nil }
                return HTMLLayout.escaped(a) + "<br>" + HTMLLayout.escaped(b.trimmingSpaces)
            }
        }
        var out: [(String, String)] = []
        for (name, starts) in [("revenue", ["Total revenue", "Net revenue", "Revenue", "Net sales", "Total net revenue", "Sales"]),
                               ("net income", ["Net income", "Net loss", "Net earnings"]), ("total assets", ["Total assets"])] {
            if let t = variant({ l in starts.contains { l.hasPrefix($0) } }) { out.append((name, t)) }
        }
        // Rows chosen by the seed among the labelled value rows of two or more words.
        let candidates = Set(doc.tables.flatMap { t in
            (t.bodyStart..<t.end).compactMap { TextTable.dataValues(doc.lines[$0])?.label.trimmingSpaces }
        }.filter { $0.split(separator: " ").count >= 2 }).sorted()
        var picked: Set<String> = []
        for _ in 0..<6 where picked.count < candidates.count {
            let pick = candidates[Int(rng.next() % UInt64(candidates.count))]
            guard picked.insert(pick).inserted else { continue }
            if let t = variant({ $0 == pick }) { out.append(("seeded \"\(pick)\"", t)) }
        }
        return out
    }
}
