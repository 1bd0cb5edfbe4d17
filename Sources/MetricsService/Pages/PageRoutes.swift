import FilingMetrics
import FilingsCore
import Foundation
import GRDB
import Hummingbird

/// The HTML pages beside the query API: `/` (companies), `/companies/{key}` (charts by quarter)
/// and `/filings/{accession}` (one filing's parse result). Rendered on each request from
/// `metrics.sqlite`, so a reload shows what the latest metric events brought.
public struct PageRoutes: Sendable {
    let store: Store

    public init(store: Store) { self.store = store }

    public func addRoutes(to router: Router<BasicRequestContext>) {
        router.get("/") { request, _ in
            let q = request.uri.queryParameters
            return HTML.response(try await companyList(filter: q["q"].map(String.init) ?? "", sort: q["sort"].map(String.init),
                                                       direction: q["dir"].map(String.init), page: q["page"].flatMap { Int($0) } ?? 1))
        }
        router.get("/companies/:company") { _, context in
            let company = Self.decoded(try context.parameters.require("company"))
            guard let html = try await companyPage(company) else { return HTML.notFound("Company \(company)") }
            return HTML.response(html)
        }
        router.get("/filings/:accession") { _, context in
            let accession = Self.decoded(try context.parameters.require("accession"))
            guard let html = try await filingPage(accession) else { return HTML.notFound("Filing \(accession)") }
            return HTML.response(html)
        }
    }

    /// A path parameter as written, percent-decoded (the pages link `sha256:…` filing ids as `sha256%3A…`).
    static func decoded(_ parameter: String) -> String { parameter.removingPercentEncoding ?? parameter }

    public func companyList(filter: String = "", sort: String? = nil, direction: String? = nil, page: Int = 1) async throws -> String {
        let filter = filter.trimmingCharacters(in: .whitespaces)
        let sort = sort.flatMap(PageQueries.Sort.init(rawValue:)) ?? .name
        let descending = direction == "desc"
        let page = max(1, page)
        let (total, rows) = try await store.writer.read { db in
            try PageQueries.companies(db, filter: filter, sort: sort, descending: descending, limit: CompanyListPage.pageSize,
                                      offset: (page - 1) * CompanyListPage.pageSize)
        }
        return CompanyListPage(total: total, rows: rows, filter: filter, sort: sort, descending: descending, page: page).html
    }

    /// The company page, nil for an unknown company.
    public func companyPage(_ company: String) async throws -> String? {
        try await store.writer.read { db in
            guard let key = try MetricsStore.companyKey(db, company) else { return nil }
            let (cik, name) = try PageQueries.company(db, key: key)
            let analysis = CompanyAnalysis(try MetricsStore.filings(db, company: key))
            return CompanyPage(companyKey: key, cik: cik, name: name, quarters: CompanyQuarters(analysis),
                               restatements: analysis.restatements, filings: try PageQueries.filings(db, company: key)).html
        }
    }

    /// The filing page, nil for an unknown accession or filing id.
    public func filingPage(_ accessionOrID: String) async throws -> String? {
        try await store.writer.read { db in
            guard let filing = try PageQueries.filing(db, accessionOrID) else { return nil }
            let records = try MetricsStore.filings(db, company: filing.companyKey)
            guard let record = records.first(where: { $0.filingID == filing.filingID }) else { return nil }
            return FilingPage(filing: filing, companyName: try PageQueries.company(db, key: filing.companyKey).name, record: record,
                              analysis: CompanyAnalysis(records)).html
        }
    }
}
