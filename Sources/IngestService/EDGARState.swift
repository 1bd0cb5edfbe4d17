import FilingsCore
import Foundation
import GRDB

/// What the EDGAR poller remembers in its SQLite store: the next daily index to read (the cursor)
/// and every listed filing it handled, so a restart resumes without fetching anything twice.
///
/// In `ingest.sqlite` (migration `ingest-v2`) a filing counts as seen also when another source
/// brought it (the `filings` table); `filings backfill` keeps the same tables in its own file.
public struct EDGARState: Sendable {
    public let store: Store

    public init(store: Store) { self.store = store }

    /// The tables, created by `ingest-v2` and by `migrations` for a stand-alone state file.
    static func createTables(_ db: Database) throws {
        try db.create(table: "edgar_cursor") { t in
            t.primaryKey("name", .text)
            t.column("value", .text).notNull()
            t.column("updated_at", .datetime).notNull()
        }
        try db.create(table: "edgar_entries") { t in
            t.primaryKey("accession", .text)
            t.column("cik", .text).notNull()
            t.column("company", .text)
            t.column("form", .text).notNull()
            t.column("date_filed", .text)
            t.column("items", .text)
            /// `ingested`, `duplicate`, `skipped`, `rejected`, `published`, `not_found`
            t.column("status", .text).notNull()
            t.column("reason", .text)
            t.column("handled_at", .datetime).notNull()
        }
    }

    /// Migrations of a stand-alone state file (`filings backfill --state`).
    public static func migrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("edgar-state-v1") { db in try createTables(db) }
    }

    public func cursor(_ name: String) async throws -> String? {
        try await store.writer.read { db in
            try String.fetchOne(db, sql: "SELECT value FROM edgar_cursor WHERE name = ?", arguments: [name])
        }
    }

    public func setCursor(_ name: String, _ value: String) async throws {
        try await store.writer.write { db in
            try db.execute(sql: "INSERT OR REPLACE INTO edgar_cursor (name, value, updated_at) VALUES (?, ?, ?)",
                           arguments: [name, value, Date()])
        }
    }

    /// True when the poller handled `accession` before, or another source brought it.
    public func isKnown(_ accession: String) async throws -> Bool {
        try await store.writer.read { db in
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM edgar_entries WHERE accession = ?", arguments: [accession]) == true {
                return true
            }
            guard try db.tableExists("filings") else { return false }
            return try Bool.fetchOne(db, sql: "SELECT 1 FROM filings WHERE accession = ?", arguments: [accession]) ?? false
        }
    }

    public func record(_ entry: EDGARIndexEntry, status: String, reason: String? = nil) async throws {
        try await store.writer.write { db in
            try db.execute(sql: """
                INSERT OR REPLACE INTO edgar_entries (accession, cik, company, form, date_filed, items, status, reason, handled_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [entry.accession, entry.cik, entry.company, entry.form, entry.dateFiled,
                                 entry.items?.joined(separator: ","), status, reason, Date()])
        }
    }
}
