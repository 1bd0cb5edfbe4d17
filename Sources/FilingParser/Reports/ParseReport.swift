import Foundation

/// The readable report `filings parse` prints: the header, each statement as an aligned table with
/// its periods and scale (values as printed, before scaling), guidance, failed checks and warnings.
public enum ParseReport {
    public static func text(_ parsed: ParsedFiling, file: String) -> String {
        var out: [String] = []
        let h = parsed.header
        out.append("\(file): \(h.company ?? "(company not found)")")
        let fields = [("form", h.form), ("CIK", h.cik), ("accession", h.accession), ("filed", h.filedDate), ("period of report", h.periodOfReport ?? h.reportDate),
                      ("items", h.items.isEmpty ? nil : h.items.joined(separator: ", "))]
        let shown = fields.compactMap { name, value in value.map { "\(name) \($0)" } }
        if !shown.isEmpty { out.append(shown.joined(separator: " | ")) }
        out.append("\(parsed.statements.count) statements, \(parsed.facts.count) facts, \(parsed.guidance.count) guidance, "
                   + "\(parsed.checks.filter { $0.status == "failed" }.count) of \(parsed.checks.count) checks failed, \(parsed.warnings.count) warnings")
        for statement in parsed.statements {
            out.append("")
            out += table(statement)
        }
        if !parsed.guidance.isEmpty {
            out.append("")
            out.append("Guidance")
            for g in parsed.guidance {
                let range = g.low == g.high ? number(g.low) : "\(number(g.low))..\(number(g.high))"
                let when = g.periodLabel ?? g.fiscalYear.map { "FY\($0)" + (g.fiscalQuarter.map { " Q\($0)" } ?? "") } ?? ""
                out.append("  \(g.metric) \(range) \(g.unit) \(when) (\(g.basis))")
            }
        }
        let failed = parsed.checks.filter { $0.status == "failed" }
        if !failed.isEmpty {
            out.append("")
            out.append("Failed checks")
            for c in failed { out.append("  \(c.name): \(c.detail) (expected \(number(c.expected)), printed \(number(c.actual)))") }
        }
        if !parsed.warnings.isEmpty {
            out.append("")
            out.append("Warnings")
            for w in parsed.warnings { out.append("  \(w)") }
        }
        return out.joined(separator: "\n")
    }

    /// A statement: title with kind, basis and scale, a header row of periods, one row per line item.
    static func table(_ s: Statement) -> [String] {
        var lines = ["\(s.title.isEmpty ? "(untitled)" : s.title) [\(s.kind), \(s.basis), \(scaleName(s.scale))]"]
        let headings = s.columns.map { c in c.period.map(periodName) ?? c.heading }
        let cells = s.rows.map { row in row.values.map { $0.map(number) ?? "" } }
        let labels = s.rows.map { String(repeating: "  ", count: max(0, $0.level)) + $0.label }
        let labelWidth = min(50, max(10, labels.map(\.count).max() ?? 0))
        var widths = headings.map(\.count)
        for row in cells { for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], cell.count) } }
        func pad(_ s: String, _ w: Int) -> String { s.count >= w ? s : String(repeating: " ", count: w - s.count) + s }
        func label(_ s: String) -> String { s.count > labelWidth ? String(s.prefix(labelWidth - 1)) + "…" : s.padding(toLength: labelWidth, withPad: " ", startingAt: 0) }
        lines.append("  " + label("") + headings.enumerated().map { "  " + pad($1, widths[$0]) }.joined())
        for (r, row) in cells.enumerated() {
            lines.append("  " + label(labels[r]) + row.prefix(widths.count).enumerated().map { "  " + pad($1, widths[$0]) }.joined())
        }
        return lines
    }

    static func periodName(_ p: Period) -> String {
        if let instant = p.instant { return instant }
        guard let end = p.end else { return "?" }
        guard let s = p.start.flatMap(SimpleDate.init(iso:)), let e = SimpleDate(iso: end) else { return "to \(end)" }
        let weeks = Int((Double(e.dayNumber - s.dayNumber + 1) / 7).rounded())
        return "\(weeks)w to \(end)"
    }

    static func scaleName(_ scale: Double) -> String {
        switch scale {
        case 1: "as printed"
        case 1_000: "in thousands"
        case 1_000_000: "in millions"
        case 1_000_000_000: "in billions"
        default: "x\(number(scale))"
        }
    }

    /// Grouped thousands, negatives in parentheses as printed, up to four decimals.
    static func number(_ v: Double?) -> String {
        guard let v, v.isFinite else { return "-" }
        let formatter = NumberFormatter()
        formatter.numberStyle = .decimal
        formatter.maximumFractionDigits = 4
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.usesGroupingSeparator = true
        formatter.groupingSeparator = ","
        formatter.groupingSize = 3
        let s = formatter.string(from: NSNumber(value: abs(v))) ?? String(abs(v))
        return v < 0 ? "(\(s))" : s
    }
}
