// The company page of a company with 200 quarters, rendered on the server (issue 16: under 200 ms).
// 200 synthetic filings, one per quarter from 1975 to 2024, each with the quarter and the same
// quarter a year earlier (every tenth restating it), EPS guidance for the next quarter; written to
// a fresh store as the metrics handler writes them. Timed: the company page, the list and one filing page
// (each a full read and render); baseline: reading the company's filings and analysing them alone.
import FilingMetrics
import FilingParser
import FilingsCore
import Foundation
import GRDB
import MetricsService

func benchPages() async throws {
    let quarterEnds = ["03-31", "06-30", "09-30", "12-31"], quarterStarts = ["01-01", "04-01", "07-01", "10-01"]
    @Sendable func quarter(_ index: Int) -> Period {
        let year = 1975 + index / 4
        return Period(start: "\(year)-\(quarterStarts[index % 4])", end: "\(year)-\(quarterEnds[index % 4])")
    }
    @Sendable func facts(_ index: Int, restated: Bool) -> [Fact] {
        let period = quarter(index)
        let revenue = Double(10_000_000 + index * 150_000 + (index % 4) * 400_000) + (restated ? 25_000 : 0)
        let gross = (revenue * (0.45 + Double(index % 7) / 100)).rounded()
        let operating = (revenue * (0.08 + Double(index % 5) / 100)).rounded()
        let net = (operating * 0.65).rounded()
        func fact(_ concept: String, _ value: Double, _ unit: String = "USD") -> Fact {
            Fact(concept: concept, label: concept, statement: "income", value: value, unit: unit, period: period, basis: "gaap")
        }
        return [fact("Revenues", revenue), fact("GrossProfit", gross), fact("OperatingIncomeLoss", operating),
                fact("NetIncomeLoss", net), fact("EarningsPerShareDiluted", (net / 10_000_000 * 100).rounded() / 100, "USD/share")]
    }
    let company = "9990001"
    let records: [FilingRecord] = (0..<200).map { index in
        var all = facts(index, restated: false)
        if index >= 4 { all += facts(index - 4, restated: (index - 4) % 10 == 0) }
        let eps = all[4].value
        let guidance = [Guidance(metric: "eps_diluted", period: quarter(index + 1), periodLabel: "the next quarter", low: eps - 0.02,
                                 high: eps + 0.02, unit: "USD/share", text: "Diluted EPS is expected to be between ...")]
        return FilingRecord(filingID: "pages-\(index)", date: quarter(index).end ?? "", facts: all, guidance: guidance)
    }
    let metrics = CompanyAnalysis(records).metrics
    // The rows the metrics handler writes (feeding 200 filings through it one by one takes minutes:
    // each recomputes the whole history), with the company's metrics computed once.
    let store = try Store.inMemory(migrations: MetricsService.migrations)
    try await store.writer.write { db in
        try db.execute(sql: "INSERT INTO companies (company_key, cik, name) VALUES (?, ?, ?)",
                       arguments: [company, company, "Two Hundred Quarters & Co"])
        for (index, record) in records.enumerated() {
            let period = quarter(index)
            try db.execute(sql: """
                INSERT INTO filings (filing_id, company_key, accession, form, date, main_period_start, main_period_end,
                                     facts, guidance, claims, received_at) VALUES (?, ?, ?, '8-K', ?, ?, ?, ?, ?, '[]', ?)
                """, arguments: [record.filingID, company, String(format: "0009990001-%02d-%06d", (1975 + index / 4) % 100, index),
                                 record.date, period.start, period.end, try JSONCoding.encoder.encode(record.facts),
                                 try JSONCoding.encoder.encode(record.guidance), Date()])
        }
        for metric in metrics {
            try db.execute(sql: """
                INSERT OR REPLACE INTO metrics (company_key, name, period_start, period_end, period_kind, value, unit, derived, detail)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [company, metric.name, metric.period.start ?? "", metric.period.end ?? metric.period.instant ?? "",
                                 metric.periodKind.rawValue, metric.value, metric.unit, metric.derived, try JSONCoding.encoder.encode(metric)])
        }
    }
    let pages = PageRoutes(store: store), queries = MetricsQueries(store: store)
    var companyTimes: [Double] = [], listTimes: [Double] = [], filingTimes: [Double] = [], baseline: [Double] = []
    var bytes = 0, checksum = 0
    for _ in 0..<15 {
        companyTimes.append(try await secondsAsync { bytes = try await pages.companyPage(company)?.utf8.count ?? 0 })
        listTimes.append(try await secondsAsync { checksum &+= try await pages.companyList().utf8.count })
        filingTimes.append(try await secondsAsync { checksum &+= try await pages.filingPage("pages-199")?.utf8.count ?? 0 })
        baseline.append(try await secondsAsync { checksum &+= try await queries.analysis(company: company)?.guidance.count ?? 0 })
    }
    print(String(format: "pages, one company with 200 quarters company page median %.1f ms (%d KB of HTML), "
                 + "list %.1f ms, filing page %.1f ms; baseline read + analysis alone %.1f ms",
                 median(companyTimes) * 1000, bytes / 1024, median(listTimes) * 1000, median(filingTimes) * 1000,
                 median(baseline) * 1000) + (checksum == 42 ? " " : ""))
}
