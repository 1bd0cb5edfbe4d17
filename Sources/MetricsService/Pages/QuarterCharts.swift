import FilingMetrics
import FilingParser

/// The company page's charts as inline SVG: amounts as bars with a year-over-year growth strip,
/// margins as lines, diluted EPS against guidance bands. Every mark has a `<title>` (its figure
/// and period) and a class naming what it is, so the DOM can be read and checked.
struct QuarterCharts {
    let quarters: [CompanyQuarters.Quarter]
    let scale: Scale

    private var xLabels: [String] { quarters.map { PageFormat.shortMonth($0.period.end ?? "") } }

    /// Bars of `metric` per quarter (hatched when derived, outlined and marked "R" when restated),
    /// and below them the year-over-year growth `growth` as small bars.
    func bars(_ metric: String, growth: String, title: String) -> String {
        let values = quarters.map { $0.value(metric) }
        let frame = ChartFrame(count: quarters.count, values: values.compactMap { $0 })
        let id = "hatch-\(metric)"
        var svg = frame.open("bars \(metric)", title: title)
        svg += "<defs><pattern id=\"\(id)\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">"
            + "<rect width=\"6\" height=\"6\" class=\"hatch-bg\"/><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" class=\"hatch-line\"/></pattern></defs>"
        svg += frame.axes(xLabels: xLabels) { PageFormat.compact($0) }
        let width = frame.slot * 0.7
        let labelled = quarters.count <= 12
        for (index, quarter) in quarters.enumerated() {
            guard let value = values[index] else { continue }
            let top = frame.y(max(value, 0)), bottom = frame.y(min(value, 0))
            let derived = quarter.isDerived(metric), restated = quarter.restated.contains(metric)
            var cls = "bar"
            if derived { cls += " derived" }
            if restated { cls += " restated" }
            var tip = "\(PageFormat.period(quarter.period)): \(PageFormat.amountWithScale(value, scale))"
            if let g = quarter.value(growth) { tip += ", \(PageFormat.growth(g)) year over year" }
            if derived { tip += " (derived from year-to-date figures)" }
            if restated { tip += " (restated by a later filing)" }
            svg += "<rect class=\"\(cls)\" data-period=\"\(HTML.escape(quarter.period.label))\" x=\"\(n(frame.x(index) - width / 2))\" y=\"\(n(top))\" width=\"\(n(width))\" height=\"\(n(max(bottom - top, 1)))\""
                + (derived ? " style=\"fill:url(#\(id))\"" : "") + "><title>\(HTML.escape(tip))</title></rect>"
            let above = value >= 0 ? top - 5 : bottom + 13
            if labelled {
                svg += "<text class=\"value\" x=\"\(n(frame.x(index)))\" y=\"\(n(above))\" text-anchor=\"middle\">\(HTML.escape(PageFormat.compact(value)))</text>"
            }
            if restated {
                svg += "<text class=\"restated-mark\" x=\"\(n(frame.x(index)))\" y=\"\(n(above - (labelled ? 14 : 0)))\" text-anchor=\"middle\">R</text>"
            }
        }
        svg += "</svg>"
        return svg + growthStrip(growth, of: metric)
    }

    /// Year-over-year growth per quarter as small bars above or below a zero line, labelled when few.
    private func growthStrip(_ growth: String, of metric: String) -> String {
        let values = quarters.map { $0.value(growth) }
        let frame = ChartFrame(count: quarters.count, values: values.compactMap { $0 }, height: 100, ticks: 2)
        var svg = frame.open("growth \(growth)", title: "\(PageFormat.metricName(metric)): growth over the same quarter a year earlier")
        svg += frame.axes(xLabels: []) { String(Int((($0 * 100)).rounded())) + "%" }
        let width = frame.slot * 0.5
        for (index, quarter) in quarters.enumerated() {
            guard let value = values[index] else { continue }
            let top = frame.y(max(value, 0)), bottom = frame.y(min(value, 0))
            let tip = "\(PageFormat.period(quarter.period)): \(PageFormat.growth(value)) year over year"
            svg += "<rect class=\"growth-bar \(value < 0 ? "down" : "up")\" x=\"\(n(frame.x(index) - width / 2))\" y=\"\(n(top))\" width=\"\(n(width))\" height=\"\(n(max(bottom - top, 1)))\"><title>\(HTML.escape(tip))</title></rect>"
            if quarters.count <= 16 {
                let y = value >= 0 ? top - 4 : bottom + 11
                svg += "<text class=\"growth-label\" x=\"\(n(frame.x(index)))\" y=\"\(n(y))\" text-anchor=\"middle\">\(HTML.escape(PageFormat.growth(value)))</text>"
            }
        }
        return svg + "</svg>"
    }

    /// Gross and operating margin as lines (a gap where a quarter lacks the figure), hollow points where derived.
    func margins() -> String {
        let series = [("gross_margin", "gross-margin"), ("operating_margin", "operating-margin")]
        let all = quarters.flatMap { q in series.compactMap { q.value($0.0) } }
        let frame = ChartFrame(count: quarters.count, values: all, includeZero: all.contains { $0 < 0 } || all.isEmpty)
        var svg = frame.open("margins", title: "Gross and operating margin by quarter")
        svg += frame.axes(xLabels: xLabels) { PageFormat.percent($0) }
        for (name, cls) in series {
            var path = "", pen = "M"
            for (index, quarter) in quarters.enumerated() {
                guard let value = quarter.value(name) else { pen = "M"; continue }
                path += "\(pen)\(n(frame.x(index))),\(n(frame.y(value))) "
                pen = "L"
            }
            svg += "<path class=\"line \(cls)\" d=\"\(path)\"/>"
            for (index, quarter) in quarters.enumerated() {
                guard let value = quarter.value(name) else { continue }
                let derived = quarter.isDerived(name)
                let tip = "\(PageFormat.period(quarter.period)): \(PageFormat.metricName(name)) \(PageFormat.percent(value))"
                    + (derived ? " (derived)" : "")
                svg += "<circle class=\"point \(cls)\(derived ? " derived" : "")\" cx=\"\(n(frame.x(index)))\" cy=\"\(n(frame.y(value)))\" r=\"\(quarters.count > 60 ? 2 : 4)\"><title>\(HTML.escape(tip))</title></circle>"
                if quarters.count <= 12 {
                    svg += "<text class=\"value \(cls)\" x=\"\(n(frame.x(index)))\" y=\"\(n(frame.y(value) - 8))\" text-anchor=\"middle\">\(HTML.escape(PageFormat.percent(value)))</text>"
                }
            }
        }
        return svg + "</svg>"
    }

    /// Diluted EPS per quarter as a line of points; each guidance range for the quarter as a band,
    /// and the point marked above (▲), within (●) or below (▼) the latest one.
    func eps() -> String {
        let guidance = quarters.map { $0.guidance["eps_diluted"] ?? [] }
        let all = quarters.compactMap { $0.value("eps_diluted") } + guidance.flatMap { $0.flatMap { [$0.low, $0.high] } }
        let frame = ChartFrame(count: quarters.count, values: all)
        var svg = frame.open("eps", title: "Diluted EPS by quarter against guidance")
        svg += frame.axes(xLabels: xLabels) { PageFormat.perShare($0) }
        for index in quarters.indices {
            for band in guidance[index] {
                let top = frame.y(band.high), bottom = frame.y(band.low)
                let tip = "Guidance for \(PageFormat.period(band.period)): \(PageFormat.perShare(band.low)) to \(PageFormat.perShare(band.high))"
                svg += "<rect class=\"guidance-band\" x=\"\(n(frame.x(index) - frame.slot * 0.4))\" y=\"\(n(top))\" width=\"\(n(frame.slot * 0.8))\" height=\"\(n(max(bottom - top, 2)))\"><title>\(HTML.escape(tip))</title></rect>"
            }
        }
        var path = "", pen = "M"
        for (index, quarter) in quarters.enumerated() {
            guard let value = quarter.value("eps_diluted") else { pen = "M"; continue }
            path += "\(pen)\(n(frame.x(index))),\(n(frame.y(value))) "
            pen = "L"
        }
        svg += "<path class=\"line eps\" d=\"\(path)\"/>"
        let size = quarters.count > 60 ? 3.0 : 6.0
        for (index, quarter) in quarters.enumerated() {
            guard let value = quarter.value("eps_diluted") else { continue }
            let x = frame.x(index), y = frame.y(value)
            var tip = "\(PageFormat.period(quarter.period)): diluted EPS \(PageFormat.perShare(value))"
            guard let position = guidance[index].last?.position else {
                svg += "<circle class=\"eps-point unguided\" cx=\"\(n(x))\" cy=\"\(n(y))\" r=\"\(n(size * 0.6))\"><title>\(HTML.escape(tip))</title></circle>"
                continue
            }
            tip += ", \(position.rawValue) guidance"
            let shape: String
            switch position {
            case .above: shape = "<path class=\"eps-point above\" d=\"M\(n(x)),\(n(y - size)) L\(n(x + size)),\(n(y + size * 0.7)) L\(n(x - size)),\(n(y + size * 0.7)) Z\">"
            case .below: shape = "<path class=\"eps-point below\" d=\"M\(n(x)),\(n(y + size)) L\(n(x + size)),\(n(y - size * 0.7)) L\(n(x - size)),\(n(y - size * 0.7)) Z\">"
            case .within: shape = "<circle class=\"eps-point within\" cx=\"\(n(x))\" cy=\"\(n(y))\" r=\"\(n(size * 0.8))\">"
            }
            svg += shape + "<title>\(HTML.escape(tip))</title>" + (position == .within ? "</circle>" : "</path>")
            if quarters.count <= 24 {
                svg += "<text class=\"position-label \(position.rawValue)\" x=\"\(n(x))\" y=\"\(n(y - size - 5))\" text-anchor=\"middle\">\(HTML.escape(PageFormat.perShare(value))) \(position.rawValue)</text>"
            }
        }
        return svg + "</svg>"
    }
}
