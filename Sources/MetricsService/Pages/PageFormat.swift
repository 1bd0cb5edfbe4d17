import FilingMetrics
import FilingParser
import Foundation

/// How the pages print numbers and periods: amounts in the scale the filing printed them in,
/// per-share values in dollars and cents, ratios as percentages, periods as filings print them.
struct Scale: Equatable {
    var divisor: Double
    /// "thousands", "millions", or "" for whole dollars.
    var word: String

    static let units = Scale(divisor: 1, word: "")

    /// Millions when every non-zero amount (at least four of them) is a whole number of millions,
    /// as in statements printed "in millions"; else whole dollars. The metrics store keeps values
    /// only, not the statements' printed scale, and a filing printing whole dollars ("$13,257,000")
    /// cannot be told from one printing thousands, so whole dollars is the exact fallback.
    static func of(_ amounts: [Double]) -> Scale {
        let nonZero = amounts.filter { $0 != 0 && $0.isFinite }
        guard nonZero.count >= 4, nonZero.allSatisfy({ ($0 / 1_000_000).rounded() == $0 / 1_000_000 }) else { return .units }
        return Scale(divisor: 1_000_000, word: "millions")
    }

    /// "in thousands, except per-share amounts" for a table caption.
    var caption: String { word.isEmpty ? "in dollars" : "in \(word), except per-share amounts" }
}

enum PageFormat {
    /// An amount in `scale`, grouped, negatives in parentheses as statements print them: `$13,257`, `$(1,204)`.
    static func amount(_ value: Double, _ scale: Scale, dollar: Bool = true) -> String {
        let scaled = value / scale.divisor
        let digits = scaled == scaled.rounded() ? 0 : (abs(scaled) < 10 ? 2 : 1)
        let text = grouped(abs(scaled), digits: digits)
        let sign = dollar ? "$" : ""
        return value < 0 ? "\(sign)(\(text))" : "\(sign)\(text)"
    }

    /// An amount with its scale word, for places without a caption: `$13,257 thousand`.
    static func amountWithScale(_ value: Double, _ scale: Scale) -> String {
        let word = scale.word.isEmpty ? "" : " " + String(scale.word.dropLast())
        return amount(value, scale) + word
    }

    /// A short amount for chart axes: `$13.5M`, `$500K`, `$(2M)`.
    static func compact(_ value: Double) -> String {
        let magnitude = abs(value)
        let (divisor, suffix) = magnitude >= 1e9 ? (1e9, "B") : magnitude >= 1e6 ? (1e6, "M") : magnitude >= 1e3 ? (1e3, "K") : (1, "")
        let scaled = magnitude / divisor
        let text = (scaled == scaled.rounded() ? String(Int(scaled)) : String(format: "%.1f", scaled)) + suffix
        return value < 0 ? "$(\(text))" : "$\(text)"
    }

    /// Per-share dollars: `$0.09`, `$(0.05)`.
    static func perShare(_ value: Double) -> String {
        let text = String(format: "%.2f", abs(value))
        return value < 0 ? "$(\(text))" : "$\(text)"
    }

    /// A ratio as a percentage with one decimal: `48.5%`.
    static func percent(_ value: Double) -> String { String(format: "%.1f%%", value * 100) }

    /// A growth rate with its sign: `+90.9%`, `−3.4%`.
    static func growth(_ value: Double) -> String {
        let text = String(format: "%.1f%%", abs(value) * 100)
        return (value < 0 ? "−" : "+") + text
    }

    /// A value in its unit.
    static func value(_ value: Double, unit: String, scale: Scale) -> String {
        switch unit {
        case "USD/share": return perShare(value)
        case "pure": return percent(value)
        case "shares": return amount(value, scale, dollar: false)
        default: return amount(value, scale)
        }
    }

    private static func grouped(_ value: Double, digits: Int) -> String {
        let text = String(format: "%.\(digits)f", value)
        let parts = text.split(separator: ".", maxSplits: 1)
        var whole = ""
        for (index, character) in parts[0].reversed().enumerated() {
            if index > 0 && index % 3 == 0 { whole.append(",") }
            whole.append(character)
        }
        whole = String(whole.reversed())
        return parts.count > 1 ? whole + "." + parts[1] : whole
    }

    static let months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
                         "November", "December"]

    /// `June 30, 2003` for an ISO date; the text itself when it is not one.
    static func date(_ iso: String) -> String {
        guard let (y, m, d) = parts(iso) else { return iso }
        return "\(months[m - 1]) \(d), \(y)"
    }

    /// `Jun 2003`: the chart axis label of a period ending on `iso`.
    static func shortMonth(_ iso: String) -> String {
        guard let (y, m, _) = parts(iso) else { return iso }
        return "\(months[m - 1].prefix(3)) \(y)"
    }

    /// The period as statements head their columns: `Three months ended June 30, 2003`,
    /// `Nine months ended ...`, `Year ended ...`, or the balance-sheet date.
    static func period(_ period: Period) -> String {
        if let instant = period.instant, period.start == nil { return date(instant) }
        guard let start = period.start, let end = period.end else { return period.label }
        switch PeriodKind(period) {
        case .quarter: return "Three months ended \(date(end))"
        case .year: return "Year ended \(date(end))"
        default:
            guard let (sy, sm, sd) = parts(start), let (ey, em, ed) = parts(end) else { return period.label }
            let months = (ey * 12 + em) - (sy * 12 + sm) + (ed >= sd ? 1 : 0)
            let words = [1: "One", 2: "Two", 3: "Three", 4: "Four", 5: "Five", 6: "Six", 7: "Seven", 8: "Eight", 9: "Nine",
                         10: "Ten", 11: "Eleven", 12: "Twelve"]
            guard let word = words[months] else { return "\(date(start)) to \(date(end))" }
            return "\(word) months ended \(date(end))"
        }
    }

    private static func parts(_ iso: String) -> (Int, Int, Int)? {
        let p = iso.split(separator: "-")
        guard p.count == 3, let y = Int(p[0]), let m = Int(p[1]), let d = Int(p[2]), (1...12).contains(m) else { return nil }
        return (y, m, d)
    }

    /// Metric names as a reader says them.
    static func metricName(_ name: String) -> String {
        let names = ["revenue": "Revenue", "net_income": "Net income", "eps_diluted": "Diluted EPS", "eps_basic": "Basic EPS",
                     "gross_margin": "Gross margin", "operating_margin": "Operating margin", "net_margin": "Net margin",
                     "gross_profit": "Gross profit", "operating_income": "Operating income",
                     "effective_tax_rate": "Effective tax rate", "tax_rate": "Tax rate",
                     "revenue_growth_yoy": "Revenue growth (year over year)", "revenue_growth_qoq": "Revenue growth (sequential)",
                     "net_income_growth_yoy": "Net income growth (year over year)",
                     "eps_diluted_change_yoy": "Diluted EPS change (year over year)"]
        return names[name] ?? name.replacingOccurrences(of: "_", with: " ")
    }
}
