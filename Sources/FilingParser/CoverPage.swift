import Foundation

/// Fields read from the printed Form 8-K cover page of a plain-text document.
struct CoverPage {
    var form: String?
    var company: String?
    var reportDate: String?
    var commissionFileNumber: String?
    var irsEIN: String?
    var stateOfIncorporation: String?
    var items: [String] = []
    var exhibits: [Exhibit] = []

    /// How many lines of the document the cover and item sections are read from.
    static let lineLimit = 400

    /// Reads the cover from the first lines of a plain-text document.
    init(lines allLines: [String]) {
        // The cover and item sections sit at the top; signatures end them.
        var end = Swift.min(allLines.count, CoverPage.lineLimit)
        for (i, l) in allLines.prefix(end).enumerated() where i > 20 && CoverPage.firstLetter(l) == UInt8(ascii: "s") {
            let t = l.trimmingSpaces.uppercased()
            if t == "SIGNATURE" || t == "SIGNATURES" || t.hasPrefix("SIGNATURES ") || t.hasPrefix("SIGNATURE ") && t.count < 20 {
                end = i
                break
            }
        }
        let lines = Array(allLines.prefix(end))
        let lower = lines.map { $0.lowercased() }

        for (i, l) in lower.enumerated() where i < 120 {
            let t = l.trimmingSpaces
            if form == nil, t.hasPrefix("form 8-k") {
                let rest = t.dropFirst("form ".count).split(separator: " ").first.map(String.init) ?? "8-k"
                form = rest.uppercased().trimmingCharacters(in: CharacterSet(charactersIn: ".,;"))
            }
            if reportDate == nil, let r = l.utf8Offset(of: "date of report") {
                var text = String(decoding: l.utf8.dropFirst(r + 14), as: UTF8.self)
                var k = i + 1
                while k < Swift.min(lower.count, i + 4) { text += " " + lower[k]; k += 1 }
                reportDate = MonthNames.firstDate(in: text)?.iso
            }
            if company == nil, l.has("(exact name of registrant") {
                if let above = CoverPage.lineAbove(lines, i) {
                    let name = collapseSpaces(lines[above])
                    if !name.isEmpty && name.count < 120 { company = CompanyNames.titleCased(name) }
                }
            }
            if stateOfIncorporation == nil, let col = l.utf8Offset(of: "(state or other jurisdiction") ?? l.utf8Offset(of: "(state of incorporation") {
                let span = col..<(col + 28)
                if let v = CoverPage.valueAbove(lines, i, span: span, accept: { s in
                    s.count >= 2 && s.count <= 40 && s.allSatisfy { $0.isLetter || $0 == " " || $0 == "." }
                }) {
                    stateOfIncorporation = v
                }
            }
            if commissionFileNumber == nil, let col = l.utf8Offset(of: "(commission") ?? l.utf8Offset(of: "commission file") {
                commissionFileNumber = CoverPage.valueAbove(lines, i, span: col..<(col + 24), accept: CoverPage.isFileNumber)
                    ?? CoverPage.tokenNear(lines, i, accept: CoverPage.isFileNumber)
            }
            if irsEIN == nil, let found = l.utf8Offset(of: "employer") ?? l.utf8Offset(of: "identification no") {
                var col = found
                if let p = l.utf8.prefix(found).lastIndex(of: 40) { col = l.utf8.distance(from: l.utf8.startIndex, to: p) }
                irsEIN = CoverPage.valueAbove(lines, i, span: col..<(col + 36), accept: CoverPage.isEIN)
                    ?? CoverPage.tokenNear(lines, i, accept: CoverPage.isEIN)
            }
        }
        items = CoverPage.items(lower)
        exhibits = CoverPage.exhibits(lines, lower: lower)
    }

    /// The first non-blank byte of a line, lower-cased (0 for a blank line).
    static func firstLetter(_ line: String) -> UInt8 {
        for b in line.utf8 where b != ASCII.space && b != ASCII.tab { return ASCII.lower(b) }
        return 0
    }

    static func isFileNumber(_ s: String) -> Bool {
        let parts = s.split(separator: "-", omittingEmptySubsequences: false)
        return parts.count == 2 && (1...4).contains(parts[0].count) && (3...6).contains(parts[1].count)
            && parts.allSatisfy { $0.allSatisfy(\.isNumber) }
    }

    static func isEIN(_ s: String) -> Bool {
        let parts = s.split(separator: "-", omittingEmptySubsequences: false)
        return parts.count == 2 && parts[0].count == 2 && parts[1].count == 7 && parts.allSatisfy { $0.allSatisfy(\.isNumber) }
    }

    private static func isSeparatorOrBlank(_ s: String) -> Bool {
        s.allSatisfy { $0 == " " || $0 == "-" || $0 == "_" || $0 == "=" || $0 == "\t" }
    }

    /// Nearest line above `i` that has content.
    static func lineAbove(_ lines: [String], _ i: Int) -> Int? {
        var k = i - 1
        while k >= 0 && k >= i - 4 {
            if !isSeparatorOrBlank(lines[k]) { return k }
            k -= 1
        }
        return nil
    }

    /// The phrase (run of text separated by 2+ spaces) above line `i` overlapping `span` that passes `accept`.
    static func valueAbove(_ lines: [String], _ i: Int, span: Range<Int>, accept: (String) -> Bool) -> String? {
        var k = i - 1
        var checked = 0
        while k >= 0 && checked < 3 {
            if isSeparatorOrBlank(lines[k]) { k -= 1; continue }
            checked += 1
            var best: (String, Int)?
            for p in phrases(lines[k]) {
                let overlap = Swift.min(p.range.upperBound, span.upperBound) - Swift.max(p.range.lowerBound, span.lowerBound)
                if overlap > 0 && accept(p.text) && overlap > (best?.1 ?? 0) { best = (p.text, overlap) }
            }
            if let b = best { return b.0 }
            // The label may be the second line of a stacked caption; look one line further up.
            k -= 1
        }
        return nil
    }

    /// Any whitespace-separated token passing `accept` within four lines of `i`.
    static func tokenNear(_ lines: [String], _ i: Int, accept: (String) -> Bool) -> String? {
        for k in stride(from: i - 1, through: Swift.max(0, i - 4), by: -1) {
            for t in lines[k].split(separator: " ") where accept(String(t)) { return String(t) }
        }
        for k in (i + 1)..<Swift.min(lines.count, i + 5) {
            for t in lines[k].split(separator: " ") where accept(String(t)) { return String(t) }
        }
        return nil
    }

    struct TextPhrase { var range: Range<Int>; var text: String }

    /// Splits a line into phrases separated by two or more spaces.
    static func phrases(_ line: String) -> [TextPhrase] {
        var out: [TextPhrase] = []
        let chars = Array(line)
        var i = 0
        while i < chars.count {
            while i < chars.count && chars[i] == " " { i += 1 }
            guard i < chars.count else { break }
            let start = i
            var end = i
            while i < chars.count {
                if chars[i] == " " {
                    if i + 1 < chars.count && chars[i + 1] != " " { i += 1; continue }
                    break
                }
                i += 1
                end = i
            }
            out.append(TextPhrase(range: start..<end, text: String(chars[start..<end])))
        }
        return out
    }

    /// Item numbers from lines such as "Item 7.", "ITEM 2.02", "Item 12:".
    static func items(_ lower: [String]) -> [String] {
        var out: [String] = []
        for l in lower where firstLetter(l) == UInt8(ascii: "i") {
            let t = l.trimmingSpaces
            guard t.hasPrefix("item") else { continue }
            let rest = t.dropFirst(4)
            guard rest.first == " " || rest.first == "\t" else { continue }
            let num = rest.drop(while: { $0 == " " || $0 == "\t" }).prefix(while: { $0.isNumber || $0 == "." })
            var n = String(num)
            while n.hasSuffix(".") { n.removeLast() }
            guard !n.isEmpty, n.first?.isNumber == true, n.count <= 5 else { continue }
            let parts = n.split(separator: ".")
            guard parts.count <= 2, let major = Int(parts[0]), (1...12).contains(major) else { continue }
            if parts.count == 2 && parts[1].count != 2 { continue }
            if !out.contains(n) { out.append(n) }
        }
        return out
    }

    /// Exhibits listed under "Exhibits" in the item section, e.g. "(99.1) Press release ...".
    static func exhibits(_ lines: [String], lower: [String]) -> [Exhibit] {
        var out: [Exhibit] = []
        var inExhibits = false
        var i = 0
        while i < lines.count {
            let first = firstLetter(lower[i])
            // Only item headings, "Exhibits" headings and lines under them matter.
            guard inExhibits || first == UInt8(ascii: "i") || first == UInt8(ascii: "e") || first == UInt8(ascii: "(") || lower[i].has("exhibits") else {
                i += 1
                continue
            }
            let t = lines[i].trimmingSpaces
            let tl = lower[i].trimmingSpaces
            if tl.hasPrefix("item ") {
                inExhibits = tl.has("exhibit")
                i += 1
                continue
            }
            if tl.has("exhibits") && t.count < 60 { inExhibits = true; i += 1; continue }
            guard inExhibits, !t.isEmpty else { i += 1; continue }
            if let (number, desc, indent) = exhibitLine(lines[i]) {
                var d = desc
                var k = i + 1
                while k < lines.count {
                    let next = lines[k]
                    let nt = next.trimmingSpaces
                    let nextIndent = next.prefix(while: { $0 == " " }).count
                    if nt.isEmpty || exhibitLine(next) != nil || nextIndent <= indent || nt.lowercased().hasPrefix("item ") { break }
                    d += " " + collapseSpaces(nt)
                    k += 1
                }
                let type = "EX-" + number
                if !out.contains(where: { $0.type == type }) {
                    out.append(Exhibit(type: type, description: d.isEmpty ? nil : d))
                }
                i = k
                continue
            }
            i += 1
        }
        return out
    }

    /// Parses "(99.1) Text", "99.1  Text", "Exhibit 99.1 Text"; returns number, description, indent.
    static func exhibitLine(_ line: String) -> (String, String, Int)? {
        let indent = line.prefix(while: { $0 == " " }).count
        var t = Substring(line.trimmingSpaces)
        if t.lowercased().hasPrefix("exhibit ") { t = t.dropFirst("exhibit ".count).drop(while: { $0 == " " }) }
        var paren = false
        if t.first == "(" { paren = true; t = t.dropFirst() }
        let num = t.prefix(while: { $0.isNumber || $0 == "." })
        guard !num.isEmpty, num.first?.isNumber == true else { return nil }
        var n = String(num)
        while n.hasSuffix(".") { n.removeLast() }
        guard let major = Int(n.split(separator: ".").first ?? ""), (1...110).contains(major) else { return nil }
        t = t.dropFirst(num.count)
        if paren {
            guard t.first == ")" else { return nil }
            t = t.dropFirst()
        }
        guard t.first == " " || t.first == "\t" else { return nil }
        let desc = collapseSpaces(String(t))
        guard !desc.isEmpty, desc.first?.isLetter == true else { return nil }
        return (n, desc, indent)
    }
}
