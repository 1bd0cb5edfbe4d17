import FilingMetrics
import FilingParser
import FilingsCore
import Foundation
import GRDB

/// `metrics.sqlite`: each company's filings (facts, guidance, claims as received), the same inputs
/// per company and period (`metric_facts`, `metric_guidance`, `metric_claims`) and the metrics
/// computed from them; a filing replaces the metrics of the periods it can change.
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
        incrementalMigration(&migrator)
        // The parser version of each filing's stored facts: a newer parse replaces them, an older one is ignored.
        migrator.registerMigration("metrics-v3-parser-version") { db in
            try db.alter(table: "filings") { t in t.add(column: "parser_version", .text) }
            try db.create(index: "filings_received", on: "filings", columns: ["received_at"])
        }
        // A digest of each metric row, so a recomputation rewrote only the rows that changed; the
        // rows' `detail` is compared instead now (see `replaceMetrics`), so it is dropped again.
        migrator.registerMigration("metrics-v4-row-digest") { db in
            try db.alter(table: "metrics") { t in t.add(column: "digest", .text) }
        }
        migrator.registerMigration("metrics-v5-no-row-digest") { db in
            try db.alter(table: "metrics") { t in t.drop(column: "digest") }
        }
        // `metric_facts_start` and `metric_facts_long` served the queries of a period's partners and of
        // long periods; those are read from `CompanyInputs` now, and no query uses them (the company's
        // rows are found by `metric_facts_end`), while every fact written had to be added to them.
        migrator.registerMigration("metrics-v6-no-start-and-long-fact-indexes") { db in
            try db.drop(index: "metric_facts_start")
            try db.drop(index: "metric_facts_long")
        }
    }

    /// Each filing's analysis inputs per company and period, so a new filing reads only the
    /// facts, guidance and claims near the periods it changes (see `MetricsReach`).
    /// Backfilled from the `filings` blobs.
    static func incrementalMigration(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("metrics-v2-periods") { db in
            try db.create(table: "metric_facts") { t in
                t.column("company_key", .text).notNull()
                t.column("filing_id", .text).notNull().indexed()
                t.column("date", .text).notNull()
                t.column("seq", .integer).notNull()
                t.column("concept", .text).notNull()
                t.column("period_start", .text)
                t.column("period_end", .text)
                t.column("period_instant", .text)
                // Day numbers (FilingMetrics.dayNumber): end (or instant) and start; nil when malformed.
                t.column("start_day", .integer)
                t.column("end_day", .integer)
                t.column("span_days", .integer)
                t.column("value", .double).notNull()
                t.column("unit", .text).notNull()
            }
            try db.create(index: "metric_facts_end", on: "metric_facts", columns: ["company_key", "end_day"])
            try db.create(index: "metric_facts_start", on: "metric_facts", columns: ["company_key", "start_day"])
            try db.execute(sql: "CREATE INDEX metric_facts_long ON metric_facts (company_key, end_day) WHERE span_days > \(longSpanDays)")
            for table in ["metric_guidance", "metric_claims"] {
                try db.create(table: table) { t in
                    t.column("company_key", .text).notNull()
                    t.column("filing_id", .text).notNull().indexed()
                    t.column("date", .text).notNull()
                    t.column("seq", .integer).notNull()
                    t.column("end_day", .integer).notNull()
                    t.column("item", .blob).notNull()
                }
                try db.create(index: "\(table)_end", on: table, columns: ["company_key", "end_day"])
            }
            try db.create(index: "filings_company_period", on: "filings", columns: ["company_key", "main_period_end"])
            try db.create(index: "metrics_company_period", on: "metrics", columns: ["company_key", "period_end"])
            let rows = try Row.fetchAll(db, sql: "SELECT filing_id, company_key, date, facts, guidance, claims FROM filings")
            for row in rows {
                try addInputs(db, company: row["company_key"], try filingRecord(row))
            }
        }
    }

    /// Periods longer than this overlap windows far from their end: `StoredInputs.near` reads them for any later window.
    static let longSpanDays = 400

    static func filingRecord(_ row: Row) throws -> FilingRecord {
        FilingRecord(filingID: row["filing_id"], date: row["date"],
                     facts: try JSONCoding.decoder.decode([Fact].self, from: row["facts"] as Data),
                     guidance: try JSONCoding.decoder.decode([Guidance].self, from: row["guidance"] as Data),
                     claims: try JSONCoding.decoder.decode([Claim].self, from: row["claims"] as Data))
    }

    /// Stores a filing's analysis inputs: its GAAP facts, its guidance with a period and its claims with a period end.
    static func addInputs(_ db: Database, company: String, _ filing: FilingRecord) throws {
        try addInputs(db, company: company, StoredInputs(filing))
    }

    static func addInputs(_ db: Database, company: String, _ filing: StoredInputs) throws {
        var rows: [StatementArguments] = []
        rows.reserveCapacity(filing.facts.count)
        for row in filing.facts {
            let period = row.fact.period
            rows.append([
                company, filing.filingID, filing.date, row.seq, row.fact.concept, period.start, period.end, period.instant,
                row.start, row.end, row.span, row.fact.value, row.fact.unit])
        }
        try db.insertRows("""
            INSERT INTO metric_facts (company_key, filing_id, date, seq, concept, period_start, period_end, period_instant,
                                      start_day, end_day, span_days, value, unit)
            """, columns: 13, rows)
        for (seq, end, item) in filing.guidance {
            try db.cachedStatement(sql: "INSERT INTO metric_guidance (company_key, filing_id, date, seq, end_day, item) VALUES (?, ?, ?, ?, ?, ?)")
                .execute(arguments: [company, filing.filingID, filing.date, seq, end, Data(try OutlookJSON.json(item))])
        }
        for (seq, end, item) in filing.claims {
            try db.cachedStatement(sql: "INSERT INTO metric_claims (company_key, filing_id, date, seq, end_day, item) VALUES (?, ?, ?, ?, ?, ?)")
                .execute(arguments: [company, filing.filingID, filing.date, seq, end, Data(try OutlookJSON.json(item))])
        }
    }

    /// Start and end days of the company's reported durations that share a start or an end day with `period`
    /// (the handler reads them from `CompanyInputs`, which holds the same facts; tests compare the two).
    static func partners(_ db: Database, company: String, of period: Period) throws -> [(start: Int, end: Int)] {
        guard period.instant == nil, let start = period.startDay, let end = period.endDay else { return [] }
        let rows = try Row.fetchAll(db.cachedStatement(sql: """
            SELECT DISTINCT start_day, end_day FROM metric_facts WHERE company_key = ? AND end_day = ? AND period_start IS NOT NULL
            UNION SELECT DISTINCT start_day, end_day FROM metric_facts WHERE company_key = ? AND start_day = ? AND period_start IS NOT NULL
            """), arguments: [company, end, company, start])
        return rows.compactMap { row in (row[0] as Int?).flatMap { s in (row[1] as Int?).map { (s, $0) } } }
    }

    /// Removes a filing's analysis inputs (before it is stored again); returns the periods its facts had.
    static func removeInputs(_ db: Database, filingID: String) throws -> [Period] {
        let periods = try Row.fetchAll(db.cachedStatement(sql: """
            SELECT DISTINCT period_start, period_end, period_instant FROM metric_facts WHERE filing_id = ?
            """), arguments: [filingID]).map { Period(start: $0[0], end: $0[1], instant: $0[2]) }
        for table in ["metric_facts", "metric_guidance", "metric_claims"] {
            try db.cachedStatement(sql: "DELETE FROM \(table) WHERE filing_id = ?").execute(arguments: [filingID])
        }
        return periods
    }

    /// Every filing of a company, as the analysis takes them.
    static func filings(_ db: Database, company: String) throws -> [FilingRecord] {
        try Row.fetchAll(db, sql: "SELECT filing_id, date, facts, guidance, claims FROM filings WHERE company_key = ?",
                         arguments: [company]).map(filingRecord)
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
        try String.fetchOne(db.cachedStatement(sql: "SELECT fingerprint FROM emitted_periods WHERE company_key = ? AND period_start = ? AND period_end = ?"),
                            arguments: [company, period.start ?? "", period.end ?? ""])
    }

    static func recordEmitted(_ db: Database, company: String, period: Period, fingerprint: String) throws {
        try db.cachedStatement(sql: "INSERT OR REPLACE INTO emitted_periods (company_key, period_start, period_end, fingerprint) VALUES (?, ?, ?, ?)").execute(
                       arguments: [company, period.start ?? "", period.end ?? "", fingerprint])
    }

    /// Replaces the company's metrics of the periods ending in `ends` (and of `periods`, which have
    /// no readable end date) with `metrics`, each with its JSON (`MetricJSON.json`): rows no longer
    /// computed are deleted, and only rows whose `detail` (the metric's JSON, which holds every
    /// column) changed are written.
    static func replaceMetrics(_ db: Database, company: String, ends: DayRanges, periods: [Period],
                               _ metrics: [(Metric, json: [UInt8])]) throws {
        struct RowKey: Hashable { var name: String; var start: String; var end: String }
        var stored: [RowKey: [UInt8]] = [:]
        func read(_ statement: GRDB.Statement, _ arguments: StatementArguments) throws {
            let rows = try Row.fetchCursor(statement, arguments: arguments)
            while let row = try rows.next() {
                stored[RowKey(name: row[0], start: row[1], end: row[2])] = try row.withUnsafeData(atIndex: 3) { data in
                    data.map { [UInt8]($0) } ?? []
                }
            }
        }
        for range in ends.ranges {
            try read(db.cachedStatement(sql: "SELECT name, period_start, period_end, detail FROM metrics WHERE company_key = ? AND period_end BETWEEN ? AND ?"),
                     [company, isoDate(range.lowerBound), isoDate(range.upperBound)])
        }
        for period in periods {
            try read(db.cachedStatement(sql: "SELECT name, period_start, period_end, detail FROM metrics WHERE company_key = ? AND period_start = ? AND period_end = ?"),
                     [company, period.start ?? "", period.end ?? period.instant ?? ""])
        }
        var changed: [(Metric, [UInt8])] = []
        for (metric, json) in metrics {
            let key = RowKey(name: metric.name, start: metric.period.start ?? "", end: metric.period.end ?? metric.period.instant ?? "")
            if stored.removeValue(forKey: key) != json { changed.append((metric, json)) }
        }
        for key in stored.keys {  // computed before, not now
            try db.cachedStatement(sql: "DELETE FROM metrics WHERE company_key = ? AND name = ? AND period_start = ? AND period_end = ?")
                .execute(arguments: [company, key.name, key.start, key.end])
        }
        try insert(db, company: company, changed)
    }

    static func insertMetrics(_ db: Database, company: String, _ metrics: [Metric]) throws {
        try insert(db, company: company, metrics.map { ($0, try MetricJSON.json($0)) })
    }

    private static func insert(_ db: Database, company: String, _ metrics: [(Metric, [UInt8])]) throws {
        var rows: [StatementArguments] = []
        rows.reserveCapacity(metrics.count)
        for (metric, json) in metrics {
            rows.append([
                company, metric.name, metric.period.start ?? "", metric.period.end ?? metric.period.instant ?? "",
                metric.periodKind.rawValue, metric.value, metric.unit, metric.derived, Data(json)])
        }
        try db.insertRows("""
            INSERT OR REPLACE INTO metrics (company_key, name, period_start, period_end, period_kind, value, unit, derived, detail)
            """, columns: 9, rows)
    }

    /// The company key for a CIK or a company key.
    static func companyKey(_ db: Database, _ idOrCIK: String) throws -> String? {
        let trimmed = idOrCIK.drop { $0 == "0" }
        return try String.fetchOne(db, sql: "SELECT company_key FROM companies WHERE company_key = ? OR cik = ? OR cik = ?",
                                   arguments: [idOrCIK, idOrCIK, String(trimmed)])
    }
}
