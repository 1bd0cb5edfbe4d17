import Foundation

/// The text between tags inside the <table> elements of the HTML documents of a filing, for variants
/// that change labels and dates in place.
enum HTMLCells {
    /// The filing with `change` applied to every text run (between two tags) inside a table of an HTML
    /// document; `change` returns nil to keep a run. Nil when nothing changed.
    /// `anyRun`: every run, not only those with a letter.
    static func rewritingTableText(_ doc: DocumentLines, anyRun: Bool = false, _ change: (String) -> String?) -> String? {
        var changed = false
        var lines = doc.lines.map { String($0) }
        for (r, html) in zip(doc.documents, doc.isHTML).reversed() where html {
            let text = lines[r].joined(separator: "\n")
            let new = rewrite(text, anyRun: anyRun, change)
            if new != text {
                changed = true
                lines.replaceSubrange(r, with: [new])
            }
        }
        return changed ? lines.joined(separator: "\n") : nil
    }

    /// `html` with `change` applied to the text runs inside <table>...</table>.
    static func rewrite(_ html: String, anyRun: Bool = false, _ change: (String) -> String?) -> String {
        var out = ""
        out.reserveCapacity(html.utf8.count)
        var depth = 0
        var i = html.startIndex
        while i < html.endIndex {
            if html[i] == "<" {
                let close = html[i...].firstIndex(of: ">") ?? html.index(before: html.endIndex)
                let tag = html[i...close].lowercased()
                if tag.hasPrefix("<table") { depth += 1 }
                if tag.hasPrefix("</table") { depth = max(0, depth - 1) }
                out += html[i...close]
                i = html.index(after: close)
            } else {
                let next = html[i...].firstIndex(of: "<") ?? html.endIndex
                let run = String(html[i..<next])
                if depth > 0, anyRun || run.contains(where: \.isLetter), let new = change(decodedSpaces(run)) {
                    out += new
                } else {
                    out += run
                }
                i = next
            }
        }
        return out
    }

    /// A text run with non-breaking space entities and line breaks as plain spaces, runs collapsed.
    static func decodedSpaces(_ run: String) -> String {
        var s = run
        for e in ["&nbsp;", "&#160;", "&#xa0;", "&#xA0;", "\u{a0}", "\n", "\r", "\t"] { s = s.replacingAll(e, with: " ") }
        while s.contains("  ") { s = s.replacingAll("  ", with: " ") }
        return s
    }
}

extension String {
    func replacingAll(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty else { return self }
        var out = ""
        var rest = Substring(self)
        while let r = rest.range(of: target) {
            out += rest[..<r.lowerBound]
            out += replacement
            rest = rest[r.upperBound...]
        }
        return out + rest
    }
}
