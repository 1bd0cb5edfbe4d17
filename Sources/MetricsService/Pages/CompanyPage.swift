import FilingMetrics
import FilingParser

/// `/companies/{key}`: the charts by quarter, a table of the quarters, the restatements, and the filings.
struct CompanyPage {
    var companyKey: String
    var cik: String?
    var name: String?
    var quarters: CompanyQuarters
    var restatements: [Restatement]
    var filings: [PageQueries.FilingRow]

    var html: String {
        let scale = quarters.scale
        let charts = QuarterCharts(quarters: quarters.quarters, scale: scale)
        let title = name ?? companyKey
        let csv = "/companies/\(HTML.urlComponent(companyKey))/metrics?format=csv"
        var body = "<p class=\"crumbs\"><a href=\"/\">Companies</a> › \(HTML.escape(title))</p>"
        body += "<h1>\(HTML.escape(title))</h1>"
        body += "<p class=\"meta\">CIK \(HTML.escape(cik ?? "—")) · key \(HTML.escape(companyKey)) · \(quarters.quarters.count) quarters from \(filings.count) \(filings.count == 1 ? "filing" : "filings") · amounts \(scale.caption) · <a class=\"csv\" href=\"\(csv)\" download>Download all metrics (CSV)</a></p>"
        guard !quarters.quarters.isEmpty else {
            return HTML.page(title: title, body: body + "<p class=\"empty\">No quarterly figures yet.</p>" + filingTable)
        }
        let legend = "<p class=\"legend\"><span class=\"key bar\"></span> reported <span class=\"key bar derived\"></span> derived from year-to-date figures <span class=\"key restated\">R</span> restated by a later filing; hover a bar for its figure</p>"
        body += "<section><h2>Revenue by quarter</h2>\(charts.bars("revenue", growth: "revenue_growth_yoy", title: "Revenue by quarter"))"
        body += "<p class=\"caption\">Below: growth over the same quarter a year earlier.</p></section>"
        body += "<section><h2>Net income by quarter</h2>\(charts.bars("net_income", growth: "net_income_growth_yoy", title: "Net income by quarter"))"
        body += "<p class=\"caption\">Below: growth over the same quarter a year earlier.</p>\(legend)</section>"
        body += "<section><h2>Gross and operating margin</h2>\(charts.margins())"
        body += "<p class=\"legend\"><span class=\"key line gross-margin\"></span> gross margin <span class=\"key line operating-margin\"></span> operating margin; hollow points are derived quarters</p></section>"
        body += "<section><h2>Diluted EPS against guidance</h2>\(charts.eps())"
        body += "<p class=\"legend\"><span class=\"key guidance-band\"></span> guidance range <span class=\"mark above\">▲</span> above <span class=\"mark within\">●</span> within <span class=\"mark below\">▼</span> below the range <span class=\"mark unguided\">●</span> no guidance</p></section>"
        body += quarterTable(scale) + restatementTable(scale) + filingTable
        return HTML.page(title: title, body: body)
    }

    private func quarterTable(_ scale: Scale) -> String {
        var html = "<section><h2>Quarters</h2><p class=\"caption\">Amounts \(scale.caption). <span class=\"flag\">d</span> derived from year-to-date figures, <span class=\"flag\">r</span> restated by a later filing.</p>"
        html += "<table class=\"quarters\"><thead><tr><th>Three months ended</th><th class=\"num\">Revenue</th><th class=\"num\">YoY</th><th class=\"num\">Net income</th><th class=\"num\">YoY</th><th class=\"num\">Gross margin</th><th class=\"num\">Operating margin</th><th class=\"num\">Diluted EPS</th><th>Guidance vs actual</th></tr></thead><tbody>"
        for quarter in quarters.quarters.reversed() {
            func cell(_ name: String, _ text: (Double) -> String) -> String {
                guard let value = quarter.value(name) else { return "<td class=\"num\">—</td>" }
                var flags = ""
                if quarter.isDerived(name) { flags += "<span class=\"flag\" title=\"derived from year-to-date figures\">d</span>" }
                if quarter.restated.contains(name) { flags += "<span class=\"flag\" title=\"restated by a later filing\">r</span>" }
                return "<td class=\"num\">\(HTML.escape(text(value)))\(flags)</td>"
            }
            html += "<tr><td title=\"\(HTML.escape(PageFormat.period(quarter.period)))\">\(HTML.escape(PageFormat.date(quarter.period.end ?? "")))</td>"
            html += cell("revenue") { PageFormat.amount($0, scale) } + cell("revenue_growth_yoy", PageFormat.growth)
            html += cell("net_income") { PageFormat.amount($0, scale) } + cell("net_income_growth_yoy", PageFormat.growth)
            html += cell("gross_margin", PageFormat.percent) + cell("operating_margin", PageFormat.percent)
            html += cell("eps_diluted", PageFormat.perShare)
            html += "<td>\(GuidanceBadges.html(quarter.guidance.values.flatMap { $0 }.sorted { $0.metric < $1.metric }))</td></tr>"
        }
        return html + "</tbody></table></section>"
    }

    private func restatementTable(_ scale: Scale) -> String {
        guard !restatements.isEmpty else { return "" }
        let filingLinks = Dictionary(filings.map { ($0.filingID, $0) }, uniquingKeysWith: { a, _ in a })
        func filing(_ id: String) -> String {
            guard let row = filingLinks[id] else { return HTML.escape(id) }
            return "<a href=\"\(row.link)\">\(HTML.escape(PageFormat.date(row.date)))</a>"
        }
        var html = "<section><h2>Restated values</h2><table><thead><tr><th>Concept</th><th>Period</th><th class=\"num\">First reported</th><th>in</th><th class=\"num\">Restated</th><th>in</th></tr></thead><tbody>"
        for r in restatements {
            html += "<tr><td>\(HTML.escape(r.concept))</td><td>\(HTML.escape(PageFormat.period(r.period)))</td>"
            html += "<td class=\"num\">\(HTML.escape(PageFormat.amount(r.previousValue, scale)))</td><td>\(filing(r.previousFilingID))</td>"
            html += "<td class=\"num\">\(HTML.escape(PageFormat.amount(r.value, scale)))</td><td>\(filing(r.filingID))</td></tr>"
        }
        return html + "</tbody></table></section>"
    }

    private var filingTable: String {
        var html = "<section><h2>Filings</h2><table class=\"filings\"><thead><tr><th>Date</th><th>Accession</th><th>Form</th><th>Period</th></tr></thead><tbody>"
        for filing in filings {
            let accession = filing.accession.map(HTML.escape) ?? "<span class=\"muted\">none (filing \(HTML.escape(String(filing.filingID.prefix(12)))))</span>"
            html += "<tr><td>\(HTML.escape(PageFormat.date(filing.date)))</td><td><a href=\"\(filing.link)\">\(accession)</a></td>"
            html += "<td>\(HTML.escape(filing.form ?? "—"))</td><td>\(filing.period.map { HTML.escape(PageFormat.period($0)) } ?? "—")</td></tr>"
        }
        return html + "</tbody></table></section>"
    }
}
