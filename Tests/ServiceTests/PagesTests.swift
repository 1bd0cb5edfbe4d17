import FilingEvents
import FilingsCore
import Foundation
import Hummingbird
import HummingbirdTesting
@testable import MetricsService
import Testing

/// The HTML pages over a store fed the three PTIX samples. Figures read by hand from the filings'
/// statements: sales $12,636,000 / $13,060,000 / $13,257,000 (quarters ended June 30, September 30
/// and December 31, 2003), net income $704,000 / $955,000 / $1,134,000, diluted EPS $.06 / $.07 / $.09;
/// Q3 2002 net loss $(1,191,000); guidance for Q3 EPS $.05 to $.09 (Q3 reported $.07: within), for Q4
/// $.05 to $.08 (Q4 reported $.09: above); Q4 revenue growth 13,257,000 / 10,033,000 − 1 = +32.1%.
struct PagesTests {
    func samplesStore() async throws -> (Store, [MetricsComputed]) {
        try await MetricsServiceTests().run(MetricsServiceTests.samples)
    }

    func get(_ store: Store, _ uri: String, _ check: @escaping @Sendable (TestResponse) async throws -> Void) async throws {
        let router = Router()
        MetricsQueries(store: store).addRoutes(to: router)
        PageRoutes(store: store).addRoutes(to: router)
        try await Application(router: router).test(.router) { client in
            try await client.execute(uri: uri, method: .get) { try await check($0) }
        }
    }

    static func isHTML(_ response: TestResponse) -> Bool {
        response.headers[.contentType] == "text/html; charset=utf-8"
    }

    @Test func companyListShowsTheLatestQuarterWithGuidance() async throws {
        let (store, _) = try await samplesStore()
        try await get(store, "/") { response in
            #expect(response.status == .ok)
            #expect(Self.isHTML(response))
            let html = String(buffer: response.body)
            #expect(html.contains(">Performance Technologies, Incorporated<"))
            #expect(html.contains("href=\"/companies/file-0-27460\""))
            #expect(html.contains("Three months ended December 31, 2003"))
            #expect(html.contains("$13,257,000"))
            #expect(html.contains("$1,134,000"))
            #expect(html.contains("$0.09"))
            #expect(html.contains("+32.1%"))
            #expect(html.contains("guided $0.05 to $0.08, reported $0.09\">EPS above<"), "Q4's EPS $.09 beat the $.05 to $.08 guidance")
            #expect(!html.contains("<script"))
        }
    }

    @Test func companyPageDrawsTheChartsAndListsTheFilings() async throws {
        let (store, events) = try await samplesStore()
        try await get(store, "/companies/file-0-27460") { response in
            #expect(response.status == .ok)
            #expect(Self.isHTML(response))
            let html = String(buffer: response.body)
            for figure in ["$12,636,000", "$13,060,000", "$13,257,000", "$704,000", "$955,000", "$1,134,000", "$(1,191,000)",
                           "$0.06", "$0.07", "$0.09", "+32.1%"] {
                #expect(html.contains(figure), "missing \(figure)")
            }
            #expect(html.contains("<svg class=\"chart bars revenue\""))
            #expect(html.contains("<svg class=\"chart bars net_income\""))
            #expect(html.contains("<svg class=\"chart growth revenue_growth_yoy\""))
            #expect(html.contains("<svg class=\"chart margins\""))
            #expect(html.contains("<path class=\"line gross-margin\""))
            #expect(html.contains("<path class=\"line operating-margin\""))
            // Q1 2003 revenue is six months minus Q2 (the July filing): a derived bar.
            #expect(html.contains("<rect class=\"bar derived\" data-period=\"2003-01-01..2003-03-31\""))
            #expect(html.components(separatedBy: "class=\"guidance-band\"").count - 1 == 2, "EPS guidance for Q3 and Q4")
            #expect(html.contains("<circle class=\"eps-point within\""), "Q3: $.07 within $.05 to $.09")
            #expect(html.contains("<path class=\"eps-point above\""), "Q4: $.09 above $.05 to $.08")
            #expect(html.contains("Guidance for Three months ended September 30, 2003: $0.05 to $0.09"))
            #expect(html.contains("href=\"/companies/file-0-27460/metrics?format=csv\""))
            for event in events {
                #expect(html.contains("href=\"/filings/\(HTML.urlComponent(event.accession ?? event.filingID))\""))
            }
            #expect(html.contains("February 5, 2004"))
        }
        try await get(store, "/companies/9999") { response in
            #expect(response.status == .notFound)
            #expect(Self.isHTML(response))
        }
    }

    @Test func filingPageShowsFactsGuidanceClaimsAndChecks() async throws {
        let (store, events) = try await samplesStore()
        let october = try #require(events.first { $0.period?.end == "2003-09-30" && $0.kind == .filing })
        // The company page links filings without an accession (the samples) by their percent-encoded id.
        try await get(store, "/filings/\(HTML.urlComponent(october.accession ?? october.filingID))") { response in
            #expect(response.status == .ok)
            #expect(Self.isHTML(response))
            let html = String(buffer: response.body)
            #expect(html.contains("Income statement"))
            #expect(html.contains("Three months ended September 30, 2003"))
            #expect(html.contains("Nine months ended September 30, 2003"))
            #expect(html.contains("$13,060,000"))
            #expect(html.contains("$36,735,000"), "nine months' sales")
            #expect(html.contains("$955,000"))
            #expect(html.contains("$(1,191,000)"))
            #expect(html.contains("Guidance given"))
            #expect(html.contains("$12,000,000 to $13,000,000"), "Q4 revenue guidance of $12.0 to $13.0 million")
            #expect(html.contains("$0.05 to $0.08"))
            #expect(html.contains("<h2>Checks</h2>"))
        }
        try await get(store, "/filings/0000000000-00-000000") { response in
            #expect(response.status == .notFound)
        }
    }

    @Test func namesFromFilingsAreEscapedAndTheListFiltersSortsAndPages() async throws {
        let store = try Store.inMemory(migrations: MetricsService.migrations)
        try await store.writer.write { db in
            for i in 1...120 {
                try db.execute(sql: "INSERT INTO companies (company_key, cik, name) VALUES (?, ?, ?)",
                               arguments: ["\(i)", "\(i)", String(format: "Company %03d", i)])
            }
            try db.execute(sql: "INSERT INTO companies (company_key, cik, name) VALUES ('999', '999', '<script>alert(1)</script> & \"Sons\"')")
        }
        try await get(store, "/?q=alert") { response in
            let html = String(buffer: response.body)
            #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Sons&quot;"))
            #expect(!html.contains("<script>alert"))
            #expect(html.contains("1 company matching"))
        }
        try await get(store, "/?sort=name&dir=asc&page=2") { response in
            let html = String(buffer: response.body)
            #expect(html.contains("121 companies, page 2 of 3"))
            // The escaped "<script>" name sorts first, so page 2 is Company 050 to 099.
            #expect(html.contains("Company 050") && html.contains("Company 099"))
            #expect(!html.contains("Company 049") && !html.contains("Company 100"))
        }
        try await get(store, "/?sort=name&dir=desc") { response in
            let html = String(buffer: response.body)
            let first = try #require(html.range(of: "Company 120")), last = try #require(html.range(of: "Company 071"))
            #expect(first.lowerBound < last.lowerBound)
        }
        try await get(store, "/?q=0000042") { response in
            let html = String(buffer: response.body)
            #expect(html.contains("Company 042") && html.contains("1 company matching"))
        }
    }
}
