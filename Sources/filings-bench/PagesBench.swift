// The company page of a company with 200 quarters, rendered on the server (issue 16: under 200 ms).
// 200 synthetic filings, one per quarter from 1975 to 2024, each with the quarter and the same
// quarter a year earlier (every tenth restating it), EPS guidance for the next quarter; fed through
// the metrics handler into a fresh store. Timed: the company page, the list and one filing page
// (each a full read and render); baseline: reading the company's filings and analysing them alone.
import FilingEvents
import FilingMetrics
import FilingParser
import FilingsCore
import Foundation
import KafkaKit
import Logging
import MetricsService

func benchPages() async throws {
    let quarterEnds = ["03-31", "06-30", "09-30", "12-31"], quarterStarts = ["01-01", "04-01", "07-01", "10-01"]
    func quarter(_ index: Int) -> Period {
        let year = 1975 + index / 4
        return Period(start: "\(year)-\(quarterStarts[index % 4])", end: "\(year)-\(quarterEnds[index % 4])")
    }
    func facts(_ index: Int, restated: Bool) -> [Fact] {
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
    var messages: [KafkaMessage] = []
    for index in 0..<200 {
        let period = quarter(index)
        let filed = (index + 1) / 4 + 1975
        let accession = String(format: "0009990001-%02d-%06d", filed % 100, index)
        var all = facts(index, restated: false)
        if index >= 4 { all += facts(index - 4, restated: (index - 4) % 10 == 0) }
        let next = quarter(index + 1)
        let eps = all[4].value
        let guidance = [Guidance(metric: "eps_diluted", period: next, periodLabel: "the next quarter", low: eps - 0.02, high: eps + 0.02,
                                 unit: "USD/share", text: "Diluted EPS is expected to be between ...")]
        let header = FilingHeader(form: "8-K", company: "Two Hundred Quarters & Co", cik: company, accession: accession,
                                  filedDate: period.end.map { String($0.prefix(4)) + "-" + String($0.dropFirst(5).prefix(2)) + "-28" })
        let payload = FilingParsed(filingID: "pages-\(index)", companyKey: company, header: header, statements: [], facts: all,
                                   guidance: guidance)
        let event = try CloudEvent(id: "pages-\(index)", source: "bench", type: EventTypes.filingParsed, subject: accession, payload: payload)
        messages.append(KafkaMessage(topic: "filings.parsed", partition: 0, offset: Int64(index), key: nil, value: event.data,
                                     headers: event.headers))
    }
    var logger = Logger(label: "bench")
    logger.logLevel = .critical
    let store = try Store.inMemory(migrations: MetricsService.migrations)
    let handler = MetricsHandler(store: store, topics: Topics(), logger: logger)
    let feed = try await secondsAsync { for message in messages { try await handler.handle(message) } }
    let pages = PageRoutes(store: store), queries = MetricsQueries(store: store)
    var companyTimes: [Double] = [], listTimes: [Double] = [], filingTimes: [Double] = [], baseline: [Double] = []
    var bytes = 0, checksum = 0
    for _ in 0..<15 {
        companyTimes.append(try await secondsAsync { bytes = try await pages.companyPage(company)?.utf8.count ?? 0 })
        listTimes.append(try await secondsAsync { checksum &+= try await pages.companyList().utf8.count })
        filingTimes.append(try await secondsAsync { checksum &+= try await pages.filingPage("pages-199")?.utf8.count ?? 0 })
        baseline.append(try await secondsAsync { checksum &+= try await queries.analysis(company: company)?.guidance.count ?? 0 })
    }
    print(String(format: "pages, one company with 200 quarters (fed in %.1f s): company page median %.1f ms (%d KB of HTML), "
                 + "list %.1f ms, filing page %.1f ms; baseline read + analysis alone %.1f ms",
                 feed, median(companyTimes) * 1000, bytes / 1024, median(listTimes) * 1000, median(filingTimes) * 1000,
                 median(baseline) * 1000) + (checksum == 42 ? " " : ""))
}
