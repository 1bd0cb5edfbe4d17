import FilingsCore
import Foundation
import GRDB
import KafkaKit
import Logging
import Testing

/// The bytes of a filing: one of the project's samples (samples/), else one of the fixture filings,
/// which are kept outside the repository: `FIXTURES_DIR`, else `../shared/fixtures/filings`.
func fixture(_ name: String) throws -> [UInt8] {
    for dir in [samplesDirectory, fixturesDirectory] {
        if let data = FileManager.default.contents(atPath: dir.appendingPathComponent(name).path) { return [UInt8](data) }
    }
    throw FixtureMissing(description: "no \(name) in samples/ or \(fixturesDirectory.path) (set FIXTURES_DIR to the fixtures' folder)")
}

struct FixtureMissing: Error, CustomStringConvertible { var description: String }

let projectRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
let samplesDirectory = projectRoot.appendingPathComponent("samples")
let fixturesDirectory: URL = {
    if let dir = ProcessInfo.processInfo.environment["FIXTURES_DIR"], !dir.isEmpty { return URL(fileURLWithPath: dir) }
    return projectRoot.deletingLastPathComponent().appendingPathComponent("shared/fixtures/filings").standardizedFileURL
}()

extension Trait where Self == ConditionTrait {
    /// For tests that read fixture filings other than the samples: skipped, saying where they were looked
    /// for, when they are absent, unless REQUIRE_FIXTURES=1 (CI), where the test runs and fails.
    static var fixtures: Self {
        .enabled(if: FileManager.default.fileExists(atPath: fixturesDirectory.path)
                    || ProcessInfo.processInfo.environment["REQUIRE_FIXTURES"] == "1",
                 Comment(rawValue: "the fixture filings are not at \(fixturesDirectory.path) (set FIXTURES_DIR to their folder)"))
    }
}

let quietLogger: Logger = {
    var logger = Logger(label: "test")
    logger.logLevel = .critical
    return logger
}()

/// Outbox rows as Kafka messages, the way the relay would publish them.
func outboxMessages(_ store: Store) async throws -> [KafkaMessage] {
    try await store.writer.read { db in
        try Row.fetchAll(db, sql: "SELECT id, topic, key, headers, value FROM outbox ORDER BY id").map { row in
            struct Header: Decodable { var name: String; var value: String }
            let headers = try JSONDecoder().decode([Header].self, from: row["headers"] as Data)
            let key: String? = row["key"]
            return KafkaMessage(topic: row["topic"], partition: 0, offset: row["id"], key: key.map { Array($0.utf8) },
                                value: [UInt8](row["value"] as Data),
                                headers: headers.map { KafkaHeader(name: $0.name, string: $0.value) })
        }
    }
}

func count(_ store: Store, _ sql: String) async throws -> Int {
    try await store.writer.read { db in try Int.fetchOne(db, sql: sql) ?? 0 }
}
