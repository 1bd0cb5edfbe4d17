import ArgumentParser
import FilingsCore
import Foundation
import KafkaKit
import Logging

/// `filings topics create|list|describe`: the pipeline's topics on any Kafka cluster.
struct TopicsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "topics",
        abstract: "Create, list or describe the pipeline's topics on a Kafka cluster.",
        discussion: """
            Talks to KAFKA_BOOTSTRAP_SERVERS (else the dev broker file) with the KAFKA_<NAME> client \
            settings (SASL, TLS). Topic names carry TOPIC_PREFIX.
            """,
        subcommands: [Create.self, List.self, Describe.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create every pipeline topic that does not exist yet (existing topics are left as they are).",
            discussion: """
                Settings as in docs/operations.md: cleanup.policy=delete, retention.ms 7 days (30 for \
                dead-letter topics), max.message.bytes 6 MiB on filings.submitted and its .dlq. \
                --config KEY=VALUE adds or overrides a setting on every topic.
                """)

        @Option(help: "Partitions per topic (the most replicas a stage can use).") var partitions: Int32 = 3
        @Option(help: "Replicas of each partition (3 on a production cluster).") var replicationFactor: Int32 = 1
        @Option(name: .customLong("config"), help: "A topic setting KEY=VALUE for every topic (repeatable).")
        var configs: [String] = []

        func validate() throws {
            guard partitions > 0 else { throw ValidationError("--partitions must be at least 1") }
            guard replicationFactor > 0 else { throw ValidationError("--replication-factor must be at least 1") }
            for setting in configs where !setting.contains("=") {
                throw ValidationError("--config \(setting): expected KEY=VALUE")
            }
        }

        func run() async throws {
            let (admin, topics) = try clusterAdmin()
            var specs = topics.specs(partitions: partitions, replicationFactor: replicationFactor)
            for setting in configs {
                let parts = setting.split(separator: "=", maxSplits: 1).map(String.init)
                for i in specs.indices { specs[i].configs[parts[0]] = parts.count > 1 ? parts[1] : "" }
            }
            let created = Set(try await admin.createTopics(specs))
            for spec in specs {
                print("\(created.contains(spec.name) ? "created" : "exists ") \(spec.name)")
            }
            print("topics: \(created.count) created, \(specs.count - created.count) already existed")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the cluster's topics with partitions and replication; pipeline topics missing are named.")

        func run() async throws {
            let (admin, topics) = try clusterAdmin()
            let present = try await admin.listTopics()
            print(table(present.map { [$0.name, String($0.partitions), String($0.replicationFactor)] },
                        header: ["TOPIC", "PARTITIONS", "REPLICAS"]))
            let missing = Set(topics.all).subtracting(present.map(\.name)).sorted()
            if !missing.isEmpty { print("missing pipeline topics: \(missing.joined(separator: ", ")) (create them with `filings topics create`)") }
        }
    }

    struct Describe: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show topics' partitions, replication and settings.")

        @Argument(help: "Topics to describe (default: every pipeline topic).") var names: [String] = []

        func run() async throws {
            let (admin, topics) = try clusterAdmin()
            let wanted = names.isEmpty ? topics.all : names.map(topics.resolve)
            for topic in try await admin.describeTopics(wanted) {
                print("\(topic.name): \(topic.partitions) partitions, replication factor \(topic.replicationFactor)")
                guard let configs = topic.configs else { print("  (this broker does not describe topic settings)"); continue }
                for (key, value) in configs.sorted(by: { $0.key < $1.key }) { print("  \(key)=\(value)") }
            }
        }
    }
}

/// An admin client for the configured cluster, and the topic names under TOPIC_PREFIX.
private func clusterAdmin() throws -> (KafkaAdmin, Topics) {
    let environment = ProcessInfo.processInfo.environment
    var config = ServiceSettings.kafkaPassThrough(environment)
    config["bootstrap.servers"] = try ServiceSettings.bootstrapServers(environment)
    var logger = Logger(label: "filings.topics")
    logger.logLevel = .error
    return (try KafkaAdmin(config: config, logger: logger), Topics(prefix: environment["TOPIC_PREFIX"] ?? ""))
}

/// Rows under a header, each column as wide as its widest cell.
private func table(_ rows: [[String]], header: [String]) -> String {
    let all = [header] + rows
    let widths = header.indices.map { column in all.map { $0[column].count }.max() ?? 0 }
    return all.map { row in
        row.enumerated().map { $1.padding(toLength: widths[$0], withPad: " ", startingAt: 0) }
            .joined(separator: "  ").trimmingCharacters(in: .whitespaces)
    }.joined(separator: "\n")
}
