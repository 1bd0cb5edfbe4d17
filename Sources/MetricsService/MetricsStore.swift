import FilingMetrics
import FilingParser
import FilingsCore
import Foundation
import GRDB

/// `metrics.sqlite`: each company's filings (facts, guidance, claims as received) and the
/// metrics computed from them, replaced whenever a filing of the company arrives.
enum MetricsStore {
    static func migrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("metrics-v1") { db in
            try db.create(table: "companies") { t in
                t.primaryKey("company_key", .text)
                t.column("cik", .text)
                t.column("name", .text)
            }
            try db.create(table: "filings") { t in
                t.primaryKey("filing_id", .text)
                t.column("company_key", .text).notNull().indexed()
                t.column("accession", .text).indexed()
                t.column("form", .text)
                t.column("date", .text).notNull()
                t.column("main_period_start", .text)
                t.column("main_period_end", .text)
                t.column("facts", .blob).notNull()
                t.column("guidance", .blob).notNull()
                t.column("claims", .blob).notNull()
                t.column("received_at", .datetime).notNull()
            }
            try db.create(table: "metrics") { t in
                t.column("company_key", .text).notNull()
                t.column("name", .text).notNull()
                t.column("period_start", .text).notNull()
                t.column("period_end", .text).notNull()
                t.column("period_kind", .text).notNull()
                t.column("value", .double).notNull()
                t.column("unit", .text).notNull()
                t.column("derived", .boolean).notNull()
                t.column("detail", .blob).notNull()
                t.primaryKey(["company_key", "name", "period_start", "period_end"])
            }
            try db.create(table: "emitted_periods") { t in
                t.column("company_key", .text).notNull()
                t.column("period_start", .text).notNull()
                t.column("period_end", .text).notNull()
                t.column("fingerprint", .text).notNull()
                t.primaryKey(["company_key", "period_start", "period_end"])
            }
        }
    }

    /// Every filing of a company, as the analysis takes them.
    static func filings(_ db: Database, company: String) throws -> [FilingRecord] {
        try Row.fetchAll(db, sql: "SELECT filing_id, date, facts, guidance, claims FROM filings WHERE company_key = ?",
                         arguments: [company]).map { row in
            FilingRecord(filingID: row["filing_id"], date: row["date"],
                         facts: try JSONCoding.decoder.decode([Fact].self, from: row["facts"] as Data),
                         guidance: try JSONCoding.decoder.decode([Guidance].self, from: row["guidance"] as Data),
                         claims: try JSONCoding.decoder.decode([Claim].self, from: row["claims"] as Data))
        }
    }

    static func key(_ metric: Metric) -> String {
        "\(metric.name)|\(metric.period.start ?? "")|\(metric.period.end ?? metric.period.instant ?? "")"
    }

    /// A digest of a set of metrics: equal digests, nothing to re-emit.
    static func fingerprint(_ metrics: [Metric]) -> String {
        sha256Hex(metrics.map { "\(key($0))=\($0.value)" }.sorted().joined(separator: ";").utf8)
    }

    /// The digest last emitted for a period, nil if never emitted.
    static func emittedFingerprint(_ db: Database, company: String, period: Period) throws -> String? {
        try String.fetchOne(db, sql: "SELECT fingerprint FROM emitted_periods WHERE company_key = ? AND period_start = ? AND period_end = ?",
                            arguments: [company, period.start ?? "", period.end ?? ""])
    }

    static func recordEmitted(_ db: Database, company: String, period: Period, fingerprint: String) throws {
        try db.execute(sql: "INSERT OR REPLACE INTO emitted_periods (company_key, period_start, period_end, fingerprint) VALUES (?, ?, ?, ?)",
                       arguments: [company, period.start ?? "", period.end ?? "", fingerprint])
    }

    static func replaceMetrics(_ db: Database, company: String, _ metrics: [Metric]) throws {
        try db.execute(sql: "DELETE FROM metrics WHERE company_key = ?", arguments: [company])
        for metric in metrics {
            try db.execute(sql: """
                INSERT OR REPLACE INTO metrics (company_key, name, period_start, period_end, period_kind, value, unit, derived, detail)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [company, metric.name, metric.period.start ?? "", metric.period.end ?? metric.period.instant ?? "",
                                 metric.periodKind.rawValue, metric.value, metric.unit, metric.derived,
                                 try JSONCoding.encoder.encode(metric)])
        }
    }

    /// The company key for a CIK or a company key.
    static func companyKey(_ db: Database, _ idOrCIK: String) throws -> String? {
        let trimmed = idOrCIK.drop { $0 == "0" }
        return try String.fetchOne(db, sql: "SELECT company_key FROM companies WHERE company_key = ? OR cik = ? OR cik = ?",
                                   arguments: [idOrCIK, idOrCIK, String(trimmed)])
    }
}
