import FilingsCore
import GRDB
@testable import MetricsService
import Testing

/// Migrations of `metrics.sqlite` that change no data.
struct MetricsMigrationTests {
    static func indexes(_ db: Database, on table: String) throws -> Set<String> {
        try String.fetchSet(db, sql: "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL",
                            arguments: [table])
    }

    /// The plan of `sql` (EXPLAIN QUERY PLAN's details, one per line).
    static func plan(_ db: Database, _ sql: String) throws -> String {
        try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql).map { $0["detail"] as String }.joined(separator: "\n")
    }

    @Test func metricsV6DropsTheFactIndexesNoQueryUsesAndKeepsTheRows() throws {
        let queue = try DatabaseQueue()
        var migrator = DatabaseMigrator()
        MetricsService.migrations(&migrator)
        try migrator.migrate(queue, upTo: "metrics-v5-no-row-digest")
        let before = try queue.write { db in
            try db.execute(sql: """
                INSERT INTO metric_facts (company_key, filing_id, date, seq, concept, period_start, period_end, start_day, end_day,
                                          span_days, value, unit)
                VALUES ('c', 'f', '2003-07-23', 0, 'revenue', '2003-04-01', '2003-06-30', 12144, 12234, 91, 5.0, 'USD')
                """)
            return try Self.indexes(db, on: "metric_facts")
        }
        #expect(before == ["metric_facts_on_filing_id", "metric_facts_end", "metric_facts_start", "metric_facts_long"])

        try migrator.migrate(queue)
        let (after, rows, plans) = try queue.read { db in
            (try Self.indexes(db, on: "metric_facts"),
             try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM metric_facts WHERE company_key = 'c' AND end_day = 12234"),
             try ["SELECT filing_id FROM metric_facts WHERE company_key = 'c' ORDER BY filing_id, seq",
                  "SELECT period_start FROM metric_facts WHERE filing_id = 'f'",
                  "DELETE FROM metric_facts WHERE filing_id = 'f'"].map { try Self.plan(db, $0) })
        }
        #expect(after == ["metric_facts_on_filing_id", "metric_facts_end"])
        #expect(rows == 1)
        // The queries of metric_facts still search an index.
        #expect(plans[0].contains("SEARCH metric_facts USING INDEX metric_facts_end (company_key=?)"))
        #expect(plans[1].contains("SEARCH metric_facts USING INDEX metric_facts_on_filing_id (filing_id=?)"))
        #expect(plans[2].contains("SEARCH metric_facts USING INDEX metric_facts_on_filing_id (filing_id=?)"))
    }
}
