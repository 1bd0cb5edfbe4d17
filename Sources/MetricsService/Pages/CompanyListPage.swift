import FilingMetrics

/// `/`: every company with its latest reported quarter; sorted, filtered and paged by query
/// parameters (`q`, `sort`, `dir`, `page`) so it works without JavaScript.
struct CompanyListPage {
    static let pageSize = 50

    var total: Int
    var rows: [PageQueries.CompanyRow]
    var filter: String
    var sort: PageQueries.Sort
    var descending: Bool
    var page: Int

    var pages: Int { max(1, (total + Self.pageSize - 1) / Self.pageSize) }

    /// The list's address with some parameters changed.
    func link(sort: PageQueries.Sort? = nil, descending: Bool? = nil, page: Int? = nil) -> String {
        var parts: [String] = []
        if !filter.isEmpty { parts.append("q=" + HTML.urlComponent(filter)) }
        parts.append("sort=" + (sort ?? self.sort).rawValue)
        parts.append("dir=" + ((descending ?? self.descending) ? "desc" : "asc"))
        let page = page ?? self.page
        if page > 1 { parts.append("page=\(page)") }
        return "/?" + parts.joined(separator: "&amp;")
    }

    private func header(_ title: String, _ column: PageQueries.Sort, numeric: Bool = false) -> String {
        let active = column == sort
        // A new column sorts largest first for figures, A to Z for text; the active one flips.
        let nextDescending = active ? !descending : numeric
        let arrow = active ? (descending ? " ▼" : " ▲") : ""
        let ariaSort = active ? " aria-sort=\"\(descending ? "descending" : "ascending")\"" : ""
        return "<th class=\"\(numeric ? "num" : "")\"\(ariaSort)><a href=\"\(link(sort: column, descending: nextDescending, page: 1))\">\(title)\(arrow)</a></th>"
    }

    var html: String {
        var body = "<h1>Companies</h1>"
        body += """
            <form class="filter" method="get" action="/">
            <label>Name or CIK <input type="search" name="q" value="\(HTML.escape(filter))" placeholder="e.g. Performance or 27460"></label>
            <input type="hidden" name="sort" value="\(sort.rawValue)"><input type="hidden" name="dir" value="\(descending ? "desc" : "asc")">
            <button type="submit">Filter</button>\(filter.isEmpty ? "" : " <a href=\"/\">clear</a>")
            </form>
            <p class="count">\(total) \(total == 1 ? "company" : "companies")\(filter.isEmpty ? "" : " matching “\(HTML.escape(filter))”")\(pages > 1 ? ", page \(page) of \(pages)" : ""). Amounts in the scale each company's filings print them in.</p>
            """
        body += "<table class=\"companies\"><thead><tr>"
        body += header("Company", .name) + header("CIK", .cik) + header("Latest quarter", .quarter)
        body += header("Revenue", .revenue, numeric: true) + header("YoY", .growth, numeric: true)
        body += header("Net income", .netIncome, numeric: true) + header("Diluted EPS", .eps, numeric: true)
        body += "<th>Latest guidance vs actual</th></tr></thead><tbody>"
        for row in rows {
            let href = "/companies/" + HTML.urlComponent(row.companyKey)
            body += "<tr><td><a href=\"\(href)\">\(HTML.escape(row.name ?? row.companyKey))</a></td>"
            body += "<td>\(HTML.escape(row.cik ?? "—"))</td>"
            body += "<td>\(row.quarter.map { HTML.escape(PageFormat.period($0)) } ?? "—")</td>"
            body += "<td class=\"num\">\(row.revenue.map { HTML.escape(PageFormat.amountWithScale($0, row.scale)) } ?? "—")</td>"
            body += "<td class=\"num \(growthClass(row.revenueGrowth))\">\(row.revenueGrowth.map(PageFormat.growth) ?? "—")</td>"
            body += "<td class=\"num\">\(row.netIncome.map { HTML.escape(PageFormat.amountWithScale($0, row.scale)) } ?? "—")</td>"
            body += "<td class=\"num\">\(row.epsDiluted.map(PageFormat.perShare) ?? "—")</td>"
            body += "<td>\(GuidanceBadges.html(row.guidance))</td></tr>"
        }
        if rows.isEmpty {
            body += "<tr><td colspan=\"8\" class=\"empty\">No company \(filter.isEmpty ? "has been reported yet" : "matches")</td></tr>"
        }
        body += "</tbody></table>"
        if pages > 1 {
            body += "<nav class=\"pager\">"
            body += page > 1 ? "<a rel=\"prev\" href=\"\(link(page: page - 1))\">← previous</a>" : "<span>← previous</span>"
            body += "<span>page \(page) of \(pages)</span>"
            body += page < pages ? "<a rel=\"next\" href=\"\(link(page: page + 1))\">next →</a>" : "<span>next →</span>"
            body += "</nav>"
        }
        return HTML.page(title: "Companies", body: body)
    }

    private func growthClass(_ growth: Double?) -> String {
        guard let growth else { return "" }
        return growth < 0 ? "down" : "up"
    }
}

/// Guidance outcomes as small labelled badges: `EPS above`, `Revenue within`.
enum GuidanceBadges {
    static let shortNames = ["eps_diluted": "EPS", "eps_basic": "Basic EPS", "effective_tax_rate": "Tax rate",
                             "operating_margin": "Op. margin"]

    static func html(_ comparisons: [GuidanceComparison]) -> String {
        guard !comparisons.isEmpty else { return "<span class=\"muted\">no guidance</span>" }
        return comparisons.map { c in
            let range = c.low == c.high ? PageFormat.value(c.low, unit: c.unit, scale: .units)
                : "\(PageFormat.value(c.low, unit: c.unit, scale: .units)) to \(PageFormat.value(c.high, unit: c.unit, scale: .units))"
            let tip = "\(PageFormat.metricName(c.metric)): guided \(range), reported \(PageFormat.value(c.actual, unit: c.unit, scale: .units))"
            return "<span class=\"badge \(c.position.rawValue)\" title=\"\(HTML.escape(tip))\">\(HTML.escape(shortNames[c.metric] ?? PageFormat.metricName(c.metric))) \(c.position.rawValue)</span>"
        }.joined(separator: " ")
    }
}
