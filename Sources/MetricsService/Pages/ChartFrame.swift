import Foundation

/// The plot area of one chart: `count` quarter slots across, a value range up, and the axis
/// drawn as SVG (grid lines with tick labels, one x label every few slots).
struct ChartFrame {
    static let width = 960.0
    let height: Double
    let left = 76.0, right = 16.0, top = 14.0, bottom = 26.0
    let count: Int
    let low: Double, high: Double
    let ticks: [Double]

    /// A frame whose range takes in `values` and zero, with round tick values.
    init(count: Int, values: [Double], height: Double = 220, includeZero: Bool = true, ticks tickCount: Double = 4) {
        self.count = max(count, 1)
        self.height = height
        var low = values.min() ?? 0, high = values.max() ?? 1
        if includeZero { low = min(low, 0); high = max(high, 0) }
        if low == high { high = low + 1 }
        let step = Self.niceStep((high - low) / tickCount)
        self.low = (low / step).rounded(.down) * step
        self.high = (high / step).rounded(.up) * step
        ticks = stride(from: self.low, through: self.high + step / 2, by: step).map { $0 }
    }

    /// 1, 2 or 5 times a power of ten, at least `raw`.
    static func niceStep(_ raw: Double) -> Double {
        guard raw > 0, raw.isFinite else { return 1 }
        let power = pow(10, floor(log10(raw)))
        for m in [1.0, 2, 5, 10] where m * power >= raw { return m * power }
        return 10 * power
    }

    var plotWidth: Double { Self.width - left - right }
    var plotHeight: Double { height - top - bottom }
    var slot: Double { plotWidth / Double(count) }

    /// The centre of slot `index`.
    func x(_ index: Int) -> Double { left + slot * (Double(index) + 0.5) }
    func y(_ value: Double) -> Double { top + plotHeight * (high - value) / (high - low) }

    /// Grid lines and tick labels (formatted by `label`), the zero line, and the x labels.
    func axes(xLabels: [String], label: (Double) -> String) -> String {
        var svg = ""
        for tick in ticks {
            let y = n(y(tick))
            svg += "<line class=\"grid\" x1=\"\(n(left))\" x2=\"\(n(Self.width - right))\" y1=\"\(y)\" y2=\"\(y)\"/>"
            svg += "<text class=\"tick\" x=\"\(n(left - 6))\" y=\"\(y)\" text-anchor=\"end\" dominant-baseline=\"middle\">\(HTML.escape(label(tick)))</text>"
        }
        if low < 0 && high > 0 {
            svg += "<line class=\"zero\" x1=\"\(n(left))\" x2=\"\(n(Self.width - right))\" y1=\"\(n(y(0)))\" y2=\"\(n(y(0)))\"/>"
        }
        let every = max(1, Int((Double(xLabels.count) / 12).rounded(.up)))
        for (index, text) in xLabels.enumerated() where (xLabels.count - 1 - index) % every == 0 {
            svg += "<text class=\"xlabel\" x=\"\(n(x(index)))\" y=\"\(n(height - 8))\" text-anchor=\"middle\">\(HTML.escape(text))</text>"
        }
        return svg
    }

    /// The opening tag of the chart's SVG element, with its accessible name.
    func open(_ cls: String, title: String) -> String {
        "<svg class=\"chart \(cls)\" viewBox=\"0 0 \(n(Self.width)) \(n(height))\" role=\"img\" aria-label=\"\(HTML.escape(title))\"><title>\(HTML.escape(title))</title>"
    }
}

/// A coordinate with at most one decimal.
func n(_ value: Double) -> String {
    let rounded = (value * 10).rounded() / 10
    return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
}
