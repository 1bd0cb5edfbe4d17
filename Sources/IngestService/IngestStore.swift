import FilingsCore
import GRDB

/// `ingest.sqlite`: every filing seen, accepted, skipped or rejected, its documents, the EDGAR
/// poller's cursor and entries, every accepted filing's bytes (`RawFilings`), and the outbox.
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
        // Shipped migrations are never edited; later changes follow as new ones.
        migrator.registerMigration("ingest-v2") { db in
            try db.alter(table: "filings") { t in
                t.add(column: "report_date", .text)
                t.add(column: "items", .text)
                t.add(column: "format", .text)
                t.add(column: "documents_kept", .integer)
                t.add(column: "documents_omitted", .integer)
                t.add(column: "event_bytes", .integer)
            }
            try db.create(table: "filing_documents") { t in
                t.column("filing_id", .text).notNull().indexed()
                t.column("sequence", .text)
                t.column("type", .text)
                t.column("filename", .text)
                t.column("description", .text)
                t.column("size_bytes", .integer).notNull()
                t.column("omitted", .text)
            }
            try EDGARState.createTables(db)
        }
        // Accepted filings' bytes, for `filings replay`; filings accepted before this have none.
        migrator.registerMigration("ingest-v3-raw") { db in
            try RawFilings.createTable(db)
            try db.create(index: "filings_status_received", on: "filings", columns: ["status", "received_at"])
            try db.create(index: "filings_company", on: "filings", columns: ["company_key"])
        }
        // Raw filings kept with Zstandard from now on; the deflated ones stay as they are.
        migrator.registerMigration("ingest-v4-raw-codec") { db in
            try RawFilings.addCodec(db)
        }
    }
}
