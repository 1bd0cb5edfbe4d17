import Foundation
import KafkaKit
import Logging

/// A fresh mock cluster with `topics` created, and config helpers for its clients.
struct MockKafka {
    let cluster: MockCluster

    init(brokers: Int = 1, topics: [String: Int32]) throws {
        cluster = try MockCluster(brokers: brokers)
        for (topic, partitions) in topics { try cluster.createTopic(topic, partitions: partitions) }
    }

    var producerConfig: KafkaConfig { ["bootstrap.servers": cluster.bootstrapServers] }

    func consumerConfig(group: String, extra: [String: String] = [:]) -> KafkaConfig {
        var config: KafkaConfig = ["bootstrap.servers": cluster.bootstrapServers, "group.id": group,
                                   "session.timeout.ms": "6000", "heartbeat.interval.ms": "500"]
        for (k, v) in extra { config[k] = v }
        return config
    }
}

struct TimedOut: Error, CustomStringConvertible {
    let what: String
    var description: String { "timed out waiting for \(what)" }
}

/// Reads `count` records, storing each offset right after it is read (as a handler would once done).
func consume(_ consumer: KafkaConsumer, count: Int, within seconds: Double = 30) async throws -> [KafkaMessage] {
    try await withThrowingTaskGroup(of: [KafkaMessage].self) { group in
        group.addTask {
            var out: [KafkaMessage] = []
            while out.count < count, let message = try await consumer.next() {
                try consumer.storeOffset(for: message)
                out.append(message)
            }
            return out
        }
        group.addTask {
            try await Task.sleep(for: .seconds(seconds))
            throw TimedOut(what: "\(count) records")
        }
        let result = try await group.next()!
        group.cancelAll()
        return result
    }
}

/// Reads whatever arrives for `seconds`, storing offsets.
func drain(_ consumer: KafkaConsumer, for seconds: Double) async throws -> [KafkaMessage] {
    let task = Task {
        var out: [KafkaMessage] = []
        while let message = try await consumer.next() {
            try consumer.storeOffset(for: message)
            out.append(message)
        }
        return out
    }
    try await Task.sleep(for: .seconds(seconds))
    task.cancel()
    return try await task.value
}

func bytes(_ s: String) -> [UInt8] { Array(s.utf8) }
func text(_ b: [UInt8]) -> String { String(decoding: b, as: UTF8.self) }

/// What two readers have seen so far.
final class Progress: @unchecked Sendable {
    private let lock = NSLock()
    private var seen = Set<Int>()
    private var fromB = 0
    func record(_ value: Int, by reader: String) {
        lock.withLock {
            seen.insert(value)
            if reader == "b" { fromB += 1 }
        }
    }
    func snapshot() -> (Set<Int>, Int) { lock.withLock { (seen, fromB) } }
}

/// Reads until cancelled, committing after each record as the service loop does; reports the
/// records whose commit failed (those may legitimately be delivered again).
func drainCommittingEach(_ consumer: KafkaConsumer, into progress: Progress, as reader: String) async throws
    -> (messages: [KafkaMessage], uncommitted: Set<Int>) {
    var out: [KafkaMessage] = []
    var uncommitted = Set<Int>()
    while let message = try await consumer.next() {
        out.append(message)
        let value = Int(text(message.value))!
        progress.record(value, by: reader)
        do {
            try consumer.storeOffset(for: message)
            try await consumer.commit()
        } catch {
            uncommitted.insert(value)
        }
    }
    return (out, uncommitted)
}
