import Foundation
import GRDB
import KafkaKit

/// Records a stage could not process and the broker would not take on the dead-letter topic
/// (too large for it): kept whole in the service's store, with where they came from. A small
/// dead-letter record (`Quarantine.Pointer`) names the row.
public enum Quarantine {
    static func migrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("core-v2-quarantine") { db in
            try db.create(table: "quarantine") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("topic", .text).notNull()
                t.column("partition", .integer).notNull()
                t.column("offset", .integer).notNull()
                t.column("stage", .text).notNull()
                t.column("key", .blob)
                t.column("headers", .blob).notNull()
                t.column("value", .blob).notNull()
                t.column("error", .text).notNull()
                t.column("refusal", .text).notNull()
                t.column("created_at", .datetime).notNull()
                t.uniqueKey(["topic", "partition", "offset"])
            }
        }
    }

    /// What the dead-letter record of a quarantined record carries (JSON value).
    public struct Pointer: Codable, Sendable, Equatable {
        /// The row in the service's `quarantine` table.
        public var quarantineID: Int64
        /// The service (its store holds the row).
        public var stage: String
        /// Size of the record's value.
        public var bytes: Int

        enum CodingKeys: String, CodingKey {
            case quarantineID = "quarantine_id", stage, bytes
        }
    }

    /// Keeps `message` (once per topic, partition and offset: a redelivered record finds its row);
    /// returns the row id.
    static func keep(_ message: KafkaMessage, stage: String, error: String, refusal: String, in store: Store) async throws -> Int64 {
        let headers = try JSONCoding.encoder.encode(message.headers.map { Outbox.StoredHeader(name: $0.name, value: $0.stringValue ?? "") })
        return try await store.writer.write { db in
            try db.execute(sql: """
                INSERT OR IGNORE INTO quarantine (topic, partition, "offset", stage, key, headers, value, error, refusal, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [message.topic, message.partition, message.offset, stage, message.key.map { Data($0) },
                                 headers, Data(message.value), error, refusal, Date()])
            return try Int64.fetchOne(db, sql: #"SELECT id FROM quarantine WHERE topic = ? AND partition = ? AND "offset" = ?"#,
                                      arguments: [message.topic, message.partition, message.offset]) ?? 0
        }
    }

    /// The value of a quarantined record, by id (nil when there is no such row).
    public static func value(_ db: Database, id: Int64) throws -> [UInt8]? {
        try Data.fetchOne(db, sql: "SELECT value FROM quarantine WHERE id = ?", arguments: [id]).map { [UInt8]($0) }
    }
}
