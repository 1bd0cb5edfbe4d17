@testable import FilingsCore
import Foundation
import GRDB
import Testing

struct StoreTests {
    /// Every connection of a store on disk checkpoints its WAL every 10,000 pages (SQLite's default
    /// is 1,000): the outbox's and the indexes' pages, rewritten by every batch, are copied into
    /// the database file a tenth as often.
    @Test func aStoreOnDiskCheckpointsEveryTenThousandPages() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("store-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try Store.open(path: directory.appendingPathComponent("s.sqlite").path) { _ in }
        let writing = try await store.writer.write { db in try Int.fetchOne(db, sql: "PRAGMA wal_autocheckpoint") }
        let reading = try await store.writer.read { db in try Int.fetchOne(db, sql: "PRAGMA wal_autocheckpoint") }
        #expect(writing == 10_000)
        #expect(reading == 10_000)
        let mode = try await store.writer.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") }
        #expect(mode == "wal")
    }
}
