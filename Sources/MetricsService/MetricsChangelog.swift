import FilingsCore
import Foundation
import GRDB
import KafkaKit

/// The metrics service's state in Kafka, so a company's history follows its partition from one
/// replica to another (the way Kafka Streams backs a state store with a changelog topic).
///
/// The rows that hold a company's state are the `companies` row, its `filings` rows (the inputs,
/// as received) and its `emitted_periods` rows (what was last emitted per period). Triggers note
/// every row written to them in `changelog_dirty`; `capture`, in the handler's transaction, turns
/// each noted row into one record in `changelog_pending`; `MetricsReplica` produces the pending
/// records before the input record's offset is committed. Everything else (`metric_facts`,
/// `metric_guidance`, `metric_claims`, `metrics`) is computed from those rows on restore.
///
/// Record: key = JSON array `[company, "company"]`, `[company, "filing", filingID]` or
/// `[company, "emitted", periodStart, periodEnd]`; value = `Entry` (the row's columns, and for a
/// filing the event id that brought it). It goes to the partition number of the input record, so
/// changelog partition p holds exactly the companies of `filings.parsed` partition p; the topic is
/// compacted, so the latest record of each key is kept.
enum MetricsChangelog {
    /// The tables mirrored.
    static let tables = ["companies", "filings", "emitted_periods"]

    static func migrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("metrics-v3-changelog") { db in
            try db.create(table: "changelog_dirty") { t in
                t.column("kind", .text).notNull()
                t.column("company_key", .text).notNull()
                t.column("a", .text).notNull()
                t.column("b", .text).notNull()
                t.primaryKey(["kind", "company_key", "a", "b"])
            }
            // An update notes the row only when it changes (the companies row is upserted by every filing).
            let noted: [(table: String, values: String, changed: String)] = [
                ("companies", "'company', NEW.company_key, '', ''", "OLD.cik IS NOT NEW.cik OR OLD.name IS NOT NEW.name"),
                ("filings", "'filing', NEW.company_key, NEW.filing_id, ''", "1"),
                ("emitted_periods", "'emitted', NEW.company_key, NEW.period_start, NEW.period_end", "OLD.fingerprint IS NOT NEW.fingerprint"),
            ]
            for (table, values, changed) in noted {
                for (event, when) in [("INSERT", "1"), ("UPDATE", changed)] {
                    try db.execute(sql: """
                        CREATE TRIGGER \(table)_changelog_\(event.lowercased()) AFTER \(event) ON \(table) WHEN \(when) BEGIN
                            INSERT OR IGNORE INTO changelog_dirty (kind, company_key, a, b) VALUES (\(values));
                        END
                        """)
                }
            }
            try db.create(table: "changelog_pending") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("partition", .integer).notNull()
                t.column("key", .text).notNull()
                t.column("value", .blob).notNull()
            }
            // The input partition each company's records come from (what a revoked partition drops).
            try db.create(table: "company_partitions") { t in
                t.primaryKey("company_key", .text)
                t.column("partition", .integer).notNull().indexed()
            }
            // Per changelog partition: the end offset the local state matches (after its last record).
            try db.create(table: "changelog_partitions") { t in
                t.primaryKey("partition", .integer)
                t.column("end_offset", .integer).notNull()
            }
        }
    }

    /// One changelog record's value: a row of `table`, column by column.
    struct Entry: Codable, Equatable {
        var table: String
        var row: [String: Cell]
        /// For a filing: the id of the `filings.parsed` event it came from (marked processed on restore).
        var eventID: String?
    }

    /// A record key's JSON (an array of strings), as `JSONCoding.encoder` writes it.
    static func json(_ key: [String]) -> [UInt8] {
        let w = JSONByteWriter()
        w.array(key) { w.string($0) }
        return w.bytes
    }

    /// A column value as SQLite stores it (exactly one field set, none for NULL).
    struct Cell: Codable, Equatable {
        var i: Int64?
        var d: Double?
        var s: String?
        var b: Data?

        init(_ value: DatabaseValue) {
            switch value.storage {
            case .null: break
            case .int64(let v): i = v
            case .double(let v): d = v
            case .string(let v): s = v
            case .blob(let v): b = v
            }
        }

        enum CodingKeys: String, CodingKey { case i, d, s, b }

        /// As the synthesized encoding (a blob in base64, as `JSONEncoder` writes `Data`), written
        /// so that `JSONCoding.encoder` takes its direct path instead of falling back to Foundation's.
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encodeIfPresent(i, forKey: .i)
            try c.encodeIfPresent(d, forKey: .d)
            try c.encodeIfPresent(s, forKey: .s)
            try c.encodeIfPresent(b?.base64EncodedString(), forKey: .b)
        }

        var databaseValue: DatabaseValue {
            if let i { return i.databaseValue }
            if let d { return d.databaseValue }
            if let s { return s.databaseValue }
            if let b { return b.databaseValue }
            return .null
        }
    }

    /// Queues a record for every row noted since the last capture, for input partition `partition`.
    /// Call in the transaction that wrote the rows.
    static func capture(_ db: Database, partition: Int32, eventID: String) throws {
        for dirty in try Row.fetchAll(db.cachedStatement(sql: "SELECT kind, company_key, a, b FROM changelog_dirty")) {
            let kind: String = dirty[0], company: String = dirty[1], a: String = dirty[2], b: String = dirty[3]
            let (table, filter, arguments): (String, String, StatementArguments) = switch kind {
            case "company": ("companies", "company_key = ?", [company])
            case "filing": ("filings", "filing_id = ?", [a])
            default: ("emitted_periods", "company_key = ? AND period_start = ? AND period_end = ?", [company, a, b])
            }
            // Rows are only ever written, never deleted, so a noted row exists (no tombstones needed).
            guard let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM \(table) WHERE \(filter)"), arguments: arguments) else { continue }
            var cells: [String: Cell] = [:]
            for (column, value) in row { cells[column] = Cell(value) }
            let entry = Entry(table: table, row: cells, eventID: kind == "filing" ? eventID : nil)
            let key = [company, kind] + (kind == "filing" ? [a] : kind == "emitted" ? [a, b] : [])
            try db.cachedStatement(sql: "INSERT INTO changelog_pending (partition, key, value) VALUES (?, ?, ?)")
                .execute(arguments: [partition, String(decoding: Self.json(key), as: UTF8.self), Data(try entry.json())])
            try db.cachedStatement(sql: "INSERT OR REPLACE INTO company_partitions (company_key, partition) VALUES (?, ?)")
                .execute(arguments: [company, partition])
        }
        try db.cachedStatement(sql: "DELETE FROM changelog_dirty").execute()
    }

    /// The company a record key names.
    static func company(ofKey key: [UInt8]?) throws -> String {
        guard let key, let parts = try? JSONCoding.decoder.decode([String].self, from: Data(key)), let company = parts.first,
              parts.count >= 2 else {
            throw ChangelogError("changelog record key \(key.map { String(decoding: $0, as: UTF8.self) } ?? "nil") is not [company, kind, ...]")
        }
        return company
    }

    /// Writes a changelog record's row back into its table (the latest record of a key wins).
    static func apply(_ db: Database, _ entry: Entry) throws {
        guard tables.contains(entry.table) else {
            throw ChangelogError("changelog record for unknown table '\(entry.table)'")
        }
        let known = Set(try db.columns(in: entry.table).map(\.name))
        let columns = entry.row.keys.filter(known.contains).sorted()
        let list = columns.map { "\"\($0)\"" }.joined(separator: ", ")
        let marks = Array(repeating: "?", count: columns.count).joined(separator: ", ")
        try db.execute(sql: "INSERT OR REPLACE INTO \(entry.table) (\(list)) VALUES (\(marks))",
                       arguments: StatementArguments(columns.map { entry.row[$0]!.databaseValue }))
        if let id = entry.eventID { _ = try ProcessedEvents.claim(db, id: id) }
    }
}

struct ChangelogError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
