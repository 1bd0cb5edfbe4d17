import FilingsCore
import Foundation
import GRDB
import KafkaKit
import Logging

func fixture(_ name: String) throws -> [UInt8] {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures").appendingPathComponent(name)
    return [UInt8](try Data(contentsOf: url))
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
