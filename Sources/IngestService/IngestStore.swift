import FilingsCore
import GRDB

/// `ingest.sqlite`: every filing seen, accepted or rejected, and the outbox.
enum IngestStore {
    static func migrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("ingest-v1") { db in
            try db.create(table: "filings") { t in
                t.primaryKey("filing_id", .text)
                t.column("accession", .text).unique()
                t.column("sha256", .text).notNull().unique()
                t.column("cik", .text)
                t.column("company_key", .text)
                t.column("company", .text)
                t.column("form", .text)
                t.column("filed_date", .text)
                t.column("source", .text).notNull()
                t.column("filename", .text)
                t.column("size_bytes", .integer).notNull()
                t.column("status", .text).notNull()
                t.column("reason", .text)
                t.column("received_at", .datetime).notNull()
            }
        }
    }
}
