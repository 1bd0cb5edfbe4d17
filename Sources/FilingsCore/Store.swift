import Foundation
import GRDB

/// A service's SQLite database: one file, WAL, one writer, migrations applied at open.
///
/// Every service gets the core tables (`processed_events`, `outbox`, `quarantine`) and adds its own
/// migrations; a migration is never edited once shipped, only followed by new ones.
public struct Store: Sendable {
    public let writer: any DatabaseWriter

    /// Opens (creating if needed) the database at `path` and migrates it.
    public static func open(path: String, migrations: (inout DatabaseMigrator) -> Void) throws -> Store {
        let url = URL(fileURLWithPath: path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        var configuration = Configuration()
        configuration.busyMode = .timeout(5)
        configuration.prepareDatabase { db in
            // A checkpoint copies every page changed since the last one into the database file,
            // once. The outbox's pages (a row written, published, deleted, its pages reused) and the
            // indexes' hot pages change with every batch: with 10,000 pages (40 MB of WAL) between
            // checkpoints instead of SQLite's 1,000, they are copied a tenth as often.
            try db.execute(sql: "PRAGMA wal_autocheckpoint = 10000")
        }
        let pool = try DatabasePool(path: path, configuration: configuration)
        return try Store(writer: pool, migrations: migrations)
    }

    /// A private in-memory database, for tests.
    public static func inMemory(migrations: (inout DatabaseMigrator) -> Void) throws -> Store {
        try Store(writer: DatabaseQueue(), migrations: migrations)
    }

    private init(writer: any DatabaseWriter, migrations: (inout DatabaseMigrator) -> Void) throws {
        self.writer = writer
        var migrator = DatabaseMigrator()
        migrator.registerMigration("core-v1") { db in
            try db.create(table: "processed_events") { t in
                t.primaryKey("event_id", .text)
                t.column("processed_at", .datetime).notNull()
            }
            try db.create(table: "outbox") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("topic", .text).notNull()
                t.column("key", .text)
                t.column("headers", .blob).notNull()
                t.column("value", .blob).notNull()
                t.column("created_at", .datetime).notNull()
                t.column("status", .text).notNull().defaults(to: "pending")
                t.column("error", .text)
            }
            try db.create(index: "outbox_pending", on: "outbox", columns: ["status", "id"])
        }
        migrations(&migrator)
        Quarantine.migrations(&migrator)
        try migrator.migrate(writer)
    }

    /// True when the database answers a trivial query (for `/readyz`).
    public func isHealthy() async -> Bool {
        (try? await writer.read { db in try Int.fetchOne(db, sql: "SELECT 1") }) == 1
    }
}

/// Event ids already handled, so a redelivered event has no second effect.
public enum ProcessedEvents {
    /// Records `id` as processed; returns false when it already was (the caller then does nothing).
    public static func claim(_ db: Database, id: String) throws -> Bool {
        try db.cachedStatement(sql: "INSERT OR IGNORE INTO processed_events (event_id, processed_at) VALUES (?, ?)").execute(
                       arguments: [id, Date()])
        return db.changesCount == 1
    }

    public static func contains(_ db: Database, id: String) throws -> Bool {
        try Bool.fetchOne(db.cachedStatement(sql: "SELECT 1 FROM processed_events WHERE event_id = ?"), arguments: [id]) ?? false
    }
}
