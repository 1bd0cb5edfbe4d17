import FilingMetrics
import FilingParser
import FilingsCore
import Foundation
import GRDB

/// Read-only queries the pages need over `companies`, `filings` and `metrics`.
enum PageQueries {
    /// One line of the company list: the latest reported quarter and its figures.
    struct CompanyRow: Sendable {
        var companyKey: String
        var cik: String?
        var name: String?
        var quarter: Period?
        var revenue: Double?
        var netIncome: Double?
        var epsDiluted: Double?
        var revenueGrowth: Double?
        var guidance: [GuidanceComparison] = []
        var scale: Scale = .units
    }

    /// The columns the list sorts by, as query values.
    enum Sort: String, CaseIterable, Sendable {
        case name, cik, quarter, revenue, netIncome = "net_income", eps, growth

        var column: String {
            switch self {
            case .name: return "coalesce(c.name, c.company_key) COLLATE NOCASE"
            case .cik: return "CAST(c.cik AS INTEGER)"
            case .quarter: return "l.period_end"
            case .revenue: return "revenue"
            case .netIncome: return "net_income"
            case .eps: return "eps"
            case .growth: return "growth"
            }
        }
    }

    /// A page of companies matching `filter` (name, CIK or key, case-insensitive), sorted, with the total count.
    static func companies(_ db: Database, filter: String, sort: Sort, descending: Bool, limit: Int, offset: Int) throws
        -> (total: Int, rows: [CompanyRow]) {
        let pattern = "%" + filter.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
            .replacingOccurrences(of: "_", with: "\\_") + "%"
        let cikDigits = filter.drop { $0 == "0" }
        let whereClause = """
            WHERE (? = '' OR c.name LIKE ? ESCAPE '\\' OR c.company_key LIKE ? ESCAPE '\\' OR c.cik = ?)
            """
        let arguments: [any DatabaseValueConvertible] = [filter, pattern, pattern, String(cikDigits)]
        let total = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM companies c \(whereClause)", arguments: StatementArguments(arguments)) ?? 0
        func value(_ name: String) -> String {
            """
            (SELECT value FROM metrics m WHERE m.company_key = c.company_key AND m.name = '\(name)'
             AND m.period_kind = 'quarter' AND m.period_start = l.period_start AND m.period_end = l.period_end)
            """
        }
        let rows = try Row.fetchAll(db, sql: """
            WITH latest AS (
              SELECT company_key, period_start, MAX(period_end) AS period_end FROM metrics
              WHERE period_kind = 'quarter' AND name IN ('revenue', 'net_income', 'eps_diluted') GROUP BY company_key)
            SELECT c.company_key, c.cik, c.name, l.period_start, l.period_end,
                   \(value("revenue")) AS revenue, \(value("net_income")) AS net_income,
                   \(value("eps_diluted")) AS eps, \(value("revenue_growth_yoy")) AS growth
            FROM companies c LEFT JOIN latest l ON l.company_key = c.company_key
            \(whereClause)
            ORDER BY \(sort.column) IS NULL, \(sort.column) \(descending ? "DESC" : "ASC"), c.company_key
            LIMIT ? OFFSET ?
            """, arguments: StatementArguments(arguments + [limit, offset]))
        let companies = try rows.map { row -> CompanyRow in
            let key: String = row["company_key"]
            let end: String? = row["period_end"]
            let quarter = end.map { Period(start: row["period_start"], end: $0) }
            var company = CompanyRow(companyKey: key, cik: row["cik"], name: row["name"], quarter: quarter, revenue: row["revenue"],
                                     netIncome: row["net_income"], epsDiluted: row["eps"], revenueGrowth: row["growth"])
            company.scale = Scale.of([company.revenue, company.netIncome].compactMap { $0 })
            if let quarter { company.guidance = try guidance(db, company: key, for: quarter) }
            return company
        }
        return (total, companies)
    }

    /// How the guidance given for `period` compared with the reported figures.
    static func guidance(_ db: Database, company: String, for period: Period) throws -> [GuidanceComparison] {
        let records = try Row.fetchAll(db, sql: """
            SELECT filing_id, date, guidance FROM filings WHERE company_key = ? AND length(guidance) > 2
            """, arguments: [company]).map { row in
            FilingRecord(filingID: row["filing_id"], date: row["date"], facts: [],
                         guidance: try JSONCoding.decoder.decode([Guidance].self, from: row["guidance"] as Data))
        }
        guard !records.isEmpty else { return [] }
        let metrics = try Data.fetchAll(db, sql: """
            SELECT detail FROM metrics WHERE company_key = ? AND period_end = ?
            """, arguments: [company, period.end ?? ""]).map { try JSONCoding.decoder.decode(Metric.self, from: $0) }
        return GuidanceComparison.compare(records.sorted { ($0.date, $0.filingID) < ($1.date, $1.filingID) }, metrics: metrics)
            .filter { $0.period.end == period.end }
    }

    /// One filing as listed on its company's page.
    struct FilingRow: Sendable {
        var filingID: String
        var companyKey: String
        var accession: String?
        var form: String?
        var date: String
        var period: Period?

        /// The address of the filing's page: by accession, else by filing id.
        var link: String { "/filings/" + HTML.urlComponent(accession ?? filingID) }
    }

    private static func filingRow(_ row: Row) -> FilingRow {
        let end: String? = row["main_period_end"]
        return FilingRow(filingID: row["filing_id"], companyKey: row["company_key"], accession: row["accession"], form: row["form"],
                         date: row["date"], period: end.map { Period(start: row["main_period_start"], end: $0) })
    }

    private static let filingColumns = "filing_id, company_key, accession, form, date, main_period_start, main_period_end"

    /// A company's filings, newest first.
    static func filings(_ db: Database, company: String) throws -> [FilingRow] {
        try Row.fetchAll(db, sql: "SELECT \(filingColumns) FROM filings WHERE company_key = ? ORDER BY date DESC, filing_id DESC",
                         arguments: [company]).map(filingRow)
    }

    /// The filing with this accession number or filing id.
    static func filing(_ db: Database, _ accessionOrID: String) throws -> FilingRow? {
        try Row.fetchOne(db, sql: "SELECT \(filingColumns) FROM filings WHERE accession = ? OR filing_id = ? LIMIT 1",
                         arguments: [accessionOrID, accessionOrID]).map(filingRow)
    }

    /// The company's key, CIK and name.
    static func company(_ db: Database, key: String) throws -> (cik: String?, name: String?) {
        let row = try Row.fetchOne(db, sql: "SELECT cik, name FROM companies WHERE company_key = ?", arguments: [key])
        return (row?["cik"], row?["name"])
    }
}
