import FilingMetrics
import FilingParser
import FilingsCore
import Foundation
import GRDB
import Hummingbird

/// The query API over `metrics.sqlite`:
/// `GET /companies`, `GET /companies/{company}/metrics?name=&from=&to=&kind=` (JSON, or CSV with
/// `Accept: text/csv` or `format=csv`), `GET /companies/{company}/facts?concept=`,
/// `GET /companies/{company}/analysis`, `GET /filings/{accession}/metrics`, `GET /filings/processed?since=&limit=`.
/// `{company}` is a CIK (leading zeros optional) or a company key such as `file-0-27460`.
public struct MetricsQueries: Sendable {
    let store: Store

    public init(store: Store) { self.store = store }

    public struct CompanySummary: Codable, Sendable, Equatable {
        public var companyKey: String
        public var cik: String?
        public var name: String?
        public var filings: Int
        public var latestPeriodEnd: String?
        enum CodingKeys: String, CodingKey {
            case companyKey = "company_key", cik, name, filings, latestPeriodEnd = "latest_period_end"
        }
    }

    public struct MetricList: Codable, Sendable, Equatable {
        public var companyKey: String
        public var metrics: [Metric]
        enum CodingKeys: String, CodingKey { case companyKey = "company_key", metrics }
    }

    public struct FactRow: Codable, Sendable, Equatable {
        public var filingID: String
        public var fact: Fact
        enum CodingKeys: String, CodingKey { case filingID = "filing_id", fact }
    }

    public struct Analysis: Codable, Sendable, Equatable {
        public var companyKey: String
        public var guidance: [GuidanceComparison]
        public var claimChecks: [ClaimCheck]
        public var restatements: [Restatement]
        public var derivationChecks: [DerivationCheck]
        enum CodingKeys: String, CodingKey {
            case companyKey = "company_key", guidance, claimChecks = "claim_checks", restatements
            case derivationChecks = "derivation_checks"
        }
    }

    public struct FilingMetrics: Codable, Sendable, Equatable {
        public var filingID: String
        public var companyKey: String
        public var period: Period?
        public var metrics: [Metric]
        public var guidance: [GuidanceComparison]
        public var claimChecks: [ClaimCheck]
        enum CodingKeys: String, CodingKey {
            case filingID = "filing_id", companyKey = "company_key", period, metrics, guidance, claimChecks = "claim_checks"
        }
    }

    /// A filing metrics processed (it produced its `metrics.computed` event), for `filings reconcile`.
    public struct ProcessedFiling: Codable, Sendable, Equatable {
        public var filingID: String
        public var accession: String?
        public var companyKey: String
        public var parserVersion: String?
        /// When metrics last stored it (its first parse, or the latest re-parse).
        public var processedAt: Date
        enum CodingKeys: String, CodingKey {
            case filingID = "filing_id", accession, companyKey = "company_key", parserVersion = "parser_version"
            case processedAt = "processed_at"
        }
    }

    public struct ProcessedList: Codable, Sendable, Equatable {
        public var filings: [ProcessedFiling]
        /// True when more filings matched than `limit`: ask again with a later `since`.
        public var truncated: Bool
    }

    public func addRoutes(to router: Router<BasicRequestContext>) {
        router.get("/companies") { _, _ in try jsonResponse(try await companies()) }
        router.get("/filings/processed") { request, _ in
            let q = request.uri.queryParameters
            let since = try QueryRule.instant("since", q["since"])
            let limit = try QueryRule.integer("limit", q["limit"], in: 1...100_000) ?? 10_000
            return try jsonResponse(try await processed(since: since, limit: limit))
        }
        router.get("/companies/:company/metrics") { request, context in
            let company = try context.parameters.decoded("company")
            let q = request.uri.queryParameters
            let name = try QueryRule.text("name", q["name"])
            let from = try QueryRule.date("from", q["from"]), to = try QueryRule.date("to", q["to"])
            let kind = try QueryRule.oneOf("kind", q["kind"], PeriodKind.allCases.map(\.rawValue))
            let format = try QueryRule.oneOf("format", q["format"], ["json", "csv"])
            guard let list = try await metrics(company: company, name: name, from: from, to: to, kind: kind) else {
                return notFound("company \(company)")
            }
            let wantsCSV = format == "csv" || (format == nil && request.headers[.accept]?.contains("text/csv") == true)
            return wantsCSV ? csvResponse(list) : try jsonResponse(list)
        }
        router.get("/companies/:company/facts") { request, context in
            let company = try context.parameters.decoded("company")
            let concept = try QueryRule.text("concept", request.uri.queryParameters["concept"])
            guard let facts = try await facts(company: company, concept: concept) else {
                return notFound("company \(company)")
            }
            return try jsonResponse(facts)
        }
        router.get("/companies/:company/analysis") { _, context in
            let company = try context.parameters.decoded("company")
            guard let analysis = try await analysis(company: company) else { return notFound("company \(company)") }
            return try jsonResponse(analysis)
        }
        router.get("/filings/:accession/metrics") { _, context in
            let accession = try context.parameters.decoded("accession")
            guard let result = try await filingMetrics(accession) else { return notFound("filing \(accession)") }
            return try jsonResponse(result)
        }
    }

    public func companies() async throws -> [CompanySummary] {
        try await store.writer.read { db in
            try Row.fetchAll(db, sql: """
                SELECT c.company_key, c.cik, c.name, COUNT(f.filing_id) AS filings, MAX(f.main_period_end) AS latest
                FROM companies c LEFT JOIN filings f ON f.company_key = c.company_key
                GROUP BY c.company_key ORDER BY c.company_key
                """).map { row in
                CompanySummary(companyKey: row["company_key"], cik: row["cik"], name: row["name"], filings: row["filings"],
                               latestPeriodEnd: row["latest"])
            }
        }
    }

    public func metrics(company: String, name: String? = nil, from: String? = nil, to: String? = nil,
                        kind: String? = nil) async throws -> MetricList? {
        try await store.writer.read { db in
            guard let key = try MetricsStore.companyKey(db, company) else { return nil }
            var sql = "SELECT detail FROM metrics WHERE company_key = ?"
            var arguments: [(any DatabaseValueConvertible)?] = [key]
            if let name { sql += " AND name = ?"; arguments.append(name) }
            if let from { sql += " AND period_end >= ?"; arguments.append(from) }
            if let to { sql += " AND period_end <= ?"; arguments.append(to) }
            if let kind { sql += " AND period_kind = ?"; arguments.append(kind) }
            sql += " ORDER BY period_end, period_start, name"
            let metrics = try Data.fetchAll(db, sql: sql, arguments: StatementArguments(arguments)).map {
                try JSONCoding.decoder.decode(Metric.self, from: $0)
            }
            return MetricList(companyKey: key, metrics: metrics)
        }
    }

    public func facts(company: String, concept: String? = nil) async throws -> [FactRow]? {
        try await store.writer.read { db in
            guard let key = try MetricsStore.companyKey(db, company) else { return nil }
            return try MetricsStore.filings(db, company: key).sorted { ($0.date, $0.filingID) < ($1.date, $1.filingID) }
                .flatMap { filing in
                    filing.facts.filter { concept == nil || $0.concept == concept }.map { FactRow(filingID: filing.filingID, fact: $0) }
                }
        }
    }

    public func analysis(company: String) async throws -> Analysis? {
        try await store.writer.read { db in
            guard let key = try MetricsStore.companyKey(db, company) else { return nil }
            let analysis = CompanyAnalysis(try MetricsStore.filings(db, company: key))
            return Analysis(companyKey: key, guidance: analysis.guidanceComparisons, claimChecks: analysis.claimChecks,
                            restatements: analysis.restatements, derivationChecks: analysis.derivationChecks)
        }
    }

    public func filingMetrics(_ accessionOrID: String) async throws -> FilingMetrics? {
        try await store.writer.read { db in
            guard let row = try Row.fetchOne(db, sql: """
                SELECT filing_id, company_key, main_period_start, main_period_end FROM filings WHERE accession = ? OR filing_id = ?
                """, arguments: [accessionOrID, accessionOrID]) else { return nil }
            let key: String = row["company_key"]
            let period: Period? = (row["main_period_end"] as String?).map { Period(start: row["main_period_start"], end: $0) }
            let analysis = CompanyAnalysis(try MetricsStore.filings(db, company: key))
            let view = MetricsView(analysis: analysis, period: period, filingID: row["filing_id"])
            return FilingMetrics(filingID: row["filing_id"], companyKey: key, period: period, metrics: view.metrics,
                                 guidance: view.guidance, claimChecks: view.claimChecks)
        }
    }

    /// Filings processed at or after `since` (all when nil), oldest first, at most `limit`.
    public func processed(since: Date?, limit: Int) async throws -> ProcessedList {
        try await store.writer.read { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT filing_id, accession, company_key, parser_version, received_at FROM filings
                WHERE received_at >= ? ORDER BY received_at, filing_id LIMIT ?
                """, arguments: [since ?? Date(timeIntervalSince1970: 0), limit + 1])
            let filings = rows.prefix(limit).map { row in
                ProcessedFiling(filingID: row["filing_id"], accession: row["accession"], companyKey: row["company_key"],
                                parserVersion: row["parser_version"], processedAt: row["received_at"])
            }
            return ProcessedList(filings: Array(filings), truncated: rows.count > limit)
        }
    }

    private func notFound(_ what: String) -> Response { errorResponse(.notFound, "not_found", "\(what) is not known") }

    /// One row per metric: company_key,name,period_start,period_end,period_kind,value,unit,derived.
    func csvResponse(_ list: MetricList) -> Response {
        var lines = ["company_key,name,period_start,period_end,period_kind,value,unit,derived"]
        for m in list.metrics {
            lines.append([list.companyKey, m.name, m.period.start ?? "", m.period.end ?? m.period.instant ?? "",
                          m.periodKind.rawValue, format(m.value), m.unit, m.derived ? "true" : "false"].map(csvField).joined(separator: ","))
        }
        return Response(status: .ok, headers: [.contentType: "text/csv; charset=utf-8"],
                        body: ResponseBody(byteBuffer: ByteBuffer(string: lines.joined(separator: "\n") + "\n")))
    }

    private func csvField(_ s: String) -> String {
        s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
    }
}
