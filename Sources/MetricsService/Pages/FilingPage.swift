import FilingMetrics
import FilingParser

/// `/filings/{accession}`: what the metrics store holds of one filing's parse result (its facts,
/// laid out as statement tables, its guidance and claims) with the checks run on them.
/// The parser's own statement tables and arithmetic checks stay in the parse service's store.
struct FilingPage {
    var filing: PageQueries.FilingRow
    var companyName: String?
    var record: FilingRecord
    var analysis: CompanyAnalysis

    var html: String {
        let scale = Scale.of(record.facts.filter { $0.unit == "USD" }.map(\.value))
        let company = companyName ?? filing.companyKey
        let title = "\(filing.form ?? "Filing") of \(PageFormat.date(filing.date)) — \(company)"
        var body = "<p class=\"crumbs\"><a href=\"/\">Companies</a> › <a href=\"/companies/\(HTML.urlComponent(filing.companyKey))\">\(HTML.escape(company))</a> › filing</p>"
        body += "<h1>\(HTML.escape(filing.form ?? "Filing")) filed \(HTML.escape(PageFormat.date(filing.date)))</h1>"
        body += "<dl class=\"facts-of-filing\"><dt>Company</dt><dd>\(HTML.escape(company))</dd>"
        body += "<dt>Accession</dt><dd>\(HTML.escape(filing.accession ?? "none (a document without an SEC header)"))</dd>"
        body += "<dt>Filing id</dt><dd><code>\(HTML.escape(filing.filingID))</code></dd>"
        body += "<dt>Main period</dt><dd>\(filing.period.map { HTML.escape(PageFormat.period($0)) } ?? "—")</dd>"
        body += "<dt>Figures</dt><dd>\(record.facts.count) facts, \(record.guidance.count) guidance, \(record.claims.count) claims; amounts \(scale.caption)</dd></dl>"
        body += "<p class=\"note\">The metrics store keeps each filing's normalized facts, guidance and claims; the tables below are those facts by statement and period. The parser's statement tables as printed and its arithmetic checks are kept by the parse service.</p>"
        body += statements(scale) + guidance(scale) + claims(scale) + checks(scale)
        return HTML.page(title: title, body: body)
    }

    private static let statementNames = ["income": "Income statement", "balance": "Balance sheet", "cashflow": "Cash flows", "other": "Other figures"]
    private static let basisNames = ["gaap": "", "non-gaap": " — non-GAAP (as adjusted)", "previously-reported": " — as previously reported"]

    /// One table per statement and basis: a row per line item, a column per period, latest first.
    private func statements(_ scale: Scale) -> String {
        var html = ""
        let groups = Dictionary(grouping: record.facts) { "\($0.statement)|\($0.basis)" }
        let order = ["income", "balance", "cashflow", "other"].flatMap { s in ["gaap", "non-gaap", "previously-reported"].map { "\(s)|\($0)" } }
        for key in order + groups.keys.filter({ !order.contains($0) }).sorted() {
            guard let facts = groups[key] else { continue }
            let parts = key.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
            let name = (Self.statementNames[parts[0]] ?? parts[0]) + (Self.basisNames[parts[1]] ?? " — \(parts[1])")
            var periods: [Period] = []
            var rows: [(label: String, concept: String)] = []
            var cells: [String: Fact] = [:]
            for fact in facts {
                if !periods.contains(fact.period) { periods.append(fact.period) }
                if !rows.contains(where: { $0.label == fact.label && $0.concept == fact.concept }) { rows.append((fact.label, fact.concept)) }
                cells["\(fact.label)|\(fact.concept)|\(fact.period.label)"] = cells["\(fact.label)|\(fact.concept)|\(fact.period.label)"] ?? fact
            }
            periods.sort { a, b in
                let ea = a.end ?? a.instant ?? "", eb = b.end ?? b.instant ?? ""
                return ea != eb ? ea > eb : (a.start ?? "") > (b.start ?? "")
            }
            html += "<section class=\"statement\"><h2>\(HTML.escape(name))</h2><table class=\"statement\"><thead><tr><th></th>"
            html += periods.map { "<th class=\"num\">\(HTML.escape(PageFormat.period($0)))</th>" }.joined() + "</tr></thead><tbody>"
            for row in rows {
                html += "<tr><th scope=\"row\" title=\"\(HTML.escape(row.concept))\">\(HTML.escape(row.label))</th>"
                for period in periods {
                    let text = cells["\(row.label)|\(row.concept)|\(period.label)"].map { PageFormat.value($0.value, unit: $0.unit, scale: scale) }
                    html += "<td class=\"num\">\(HTML.escape(text ?? ""))</td>"
                }
                html += "</tr>"
            }
            html += "</tbody></table></section>"
        }
        return html.isEmpty ? "<section><h2>Statements</h2><p class=\"empty\">No facts were read from this filing.</p></section>" : html
    }

    private func range(_ low: Double?, _ high: Double?, unit: String, scale: Scale) -> String {
        let l = low.map { PageFormat.value($0, unit: unit, scale: scale) }, h = high.map { PageFormat.value($0, unit: unit, scale: scale) }
        switch (l, h) {
        case let (l?, h?): return l == h ? l : "\(l) to \(h)"
        case let (l?, nil): return "at least \(l)"
        case let (nil, h?): return "at most \(h)"
        default: return "—"
        }
    }

    /// The guidance this filing gave, each with how the reported figure compared once known.
    private func guidance(_ scale: Scale) -> String {
        guard !record.guidance.isEmpty else { return "<section><h2>Guidance</h2><p class=\"empty\">This filing gives no guidance.</p></section>" }
        let compared = analysis.guidanceComparisons.filter { $0.guidanceFilingID == record.filingID }
        var html = "<section><h2>Guidance given</h2><table class=\"guidance\"><thead><tr><th>Metric</th><th>For</th><th class=\"num\">Range</th><th class=\"num\">Reported</th><th>Outcome</th><th>As written</th></tr></thead><tbody>"
        for g in record.guidance {
            let name = PageFormat.metricName(g.metric)
            let outcome = compared.first { $0.text == g.text && ($0.metric == g.metric || $0.metric == "effective_tax_rate") }
            let period = g.periodLabel ?? g.period.map(PageFormat.period) ?? "—"
            html += "<tr><td>\(HTML.escape(name))\(g.basis == "gaap" ? "" : " <span class=\"muted\">(\(HTML.escape(g.basis)))</span>")</td><td>\(HTML.escape(period))</td>"
            html += "<td class=\"num\">\(HTML.escape(range(g.low, g.high, unit: g.unit, scale: scale)))</td>"
            html += "<td class=\"num\">\(outcome.map { HTML.escape(PageFormat.value($0.actual, unit: $0.unit, scale: scale)) } ?? "—")</td>"
            html += "<td>\(outcome.map { "<span class=\"badge \($0.position.rawValue)\">\($0.position.rawValue)</span>" } ?? "<span class=\"muted\">not yet reported</span>")</td>"
            html += "<td class=\"quote\">\(HTML.escape(g.text))</td></tr>"
        }
        return html + "</tbody></table></section>"
    }

    private func claims(_ scale: Scale) -> String {
        let checks = analysis.claimChecks.filter { $0.filingID == record.filingID }
        guard !checks.isEmpty else { return "<section><h2>Claims</h2><p class=\"empty\">No checkable claims in the prose.</p></section>" }
        var html = "<section><h2>Claims in the text</h2><table class=\"claims\"><thead><tr><th>Metric</th><th>Period</th><th class=\"num\">Claimed</th><th class=\"num\">From the tables</th><th>Check</th><th>As written</th></tr></thead><tbody>"
        for c in checks {
            let unit = c.metric.hasPrefix("eps") && !c.metric.contains("change") ? "USD/share"
                : (c.metric.contains("growth") || c.metric.contains("margin") || c.metric.contains("rate") || c.metric.contains("change") ? "pure" : "USD")
            html += "<tr class=\"\(c.status == .fails ? "failed" : "")\"><td>\(HTML.escape(PageFormat.metricName(c.metric)))</td><td>\(c.period.map { HTML.escape(PageFormat.period($0)) } ?? "—")</td>"
            html += "<td class=\"num\">\(HTML.escape(PageFormat.value(c.claimed, unit: unit, scale: scale)))</td>"
            html += "<td class=\"num\">\(c.actual.map { HTML.escape(PageFormat.value($0, unit: unit, scale: scale)) } ?? "—")</td>"
            html += "<td><span class=\"status \(c.status.rawValue)\">\(HTML.escape(c.status.rawValue.replacingOccurrences(of: "_", with: "-")))</span></td>"
            html += "<td class=\"quote\">\(HTML.escape(c.text))</td></tr>"
        }
        return html + "</tbody></table></section>"
    }

    /// Quarters both reported and derivable from year-to-date figures, for this filing's periods,
    /// and the values this filing restated; disagreements and failures first.
    private func checks(_ scale: Scale) -> String {
        let periods = Set(record.facts.map(\.period))
        let derivations = analysis.derivationChecks.filter { periods.contains($0.period) }.sorted { !$0.agrees && $1.agrees }
        let restated = analysis.restatements.filter { $0.filingID == record.filingID }
        let failedClaims = analysis.claimChecks.filter { $0.filingID == record.filingID && $0.status == .fails }.count
        let failed = derivations.filter { !$0.agrees }.count + failedClaims
        var html = "<section><h2>Checks</h2><p class=\"summary \(failed > 0 ? "failed" : "passed")\">\(failed == 0 ? "No failed checks" : "\(failed) failed \(failed == 1 ? "check" : "checks")") among \(derivations.count) derivation and \(analysis.claimChecks.filter { $0.filingID == record.filingID }.count) claim checks.</p>"
        if !derivations.isEmpty {
            html += "<table class=\"checks\"><thead><tr><th>Concept</th><th>Quarter</th><th class=\"num\">Reported</th><th class=\"num\">Year-to-date difference</th><th>Check</th></tr></thead><tbody>"
            for d in derivations {
                html += "<tr class=\"\(d.agrees ? "" : "failed")\"><td>\(HTML.escape(d.concept))</td><td>\(HTML.escape(PageFormat.period(d.period)))</td>"
                html += "<td class=\"num\">\(HTML.escape(PageFormat.amount(d.reported, scale)))</td><td class=\"num\" title=\"\(HTML.escape(d.formula))\">\(HTML.escape(PageFormat.amount(d.derived, scale)))</td>"
                html += "<td><span class=\"status \(d.agrees ? "holds" : "fails")\">\(d.agrees ? "agrees" : "differs")</span></td></tr>"
            }
            html += "</tbody></table>"
        }
        if !restated.isEmpty {
            html += "<h3>Values this filing restated</h3><table><thead><tr><th>Concept</th><th>Period</th><th class=\"num\">Before</th><th class=\"num\">Now</th></tr></thead><tbody>"
            for r in restated {
                html += "<tr><td>\(HTML.escape(r.concept))</td><td>\(HTML.escape(PageFormat.period(r.period)))</td><td class=\"num\">\(HTML.escape(PageFormat.amount(r.previousValue, scale)))</td><td class=\"num\">\(HTML.escape(PageFormat.amount(r.value, scale)))</td></tr>"
            }
            html += "</tbody></table>"
        }
        return html + "</section>"
    }
}
