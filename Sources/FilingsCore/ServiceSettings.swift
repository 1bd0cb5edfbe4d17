import Foundation
import KafkaKit
import Logging

/// A configuration problem found at start-up, with the key and what is wrong.
public struct ConfigurationError: Error, CustomStringConvertible, Equatable {
    public let key: String
    public let reason: String

    public init(key: String, reason: String) {
        self.key = key
        self.reason = reason
    }

    public var description: String { "configuration \(key): \(reason)" }
}

/// Settings every service reads from its environment (12-factor).
///
/// | key | default | meaning |
/// |---|---|---|
/// | `KAFKA_BOOTSTRAP_SERVERS` | the dev broker's file | `host:port,...` of the Kafka cluster |
/// | `FILINGS_DEV_BROKER_FILE` | `~/.filings/dev-broker` | where `filings dev-broker` writes its address |
/// | `KAFKA_GROUP_ID` | `filings-<service>` | consumer group of the service |
/// | `SERVICE_INSTANCE_ID` | — | stable name of this replica (e.g. the StatefulSet pod name): static group membership as `group.instance.id` `<service>-<id>` |
/// | `KAFKA_<NAME>` | — | any other librdkafka setting: `KAFKA_SECURITY_PROTOCOL` → `security.protocol` |
/// | `TOPIC_PREFIX` | empty | prefix of every topic name |
/// | `STORE_PATH` | `var/<service>.sqlite` | the service's SQLite file |
/// | `HTTP_HOST` | `127.0.0.1` | address the HTTP server binds |
/// | `HTTP_PORT` | per service | HTTP port (ingest 8081, parse 8082, metrics 8083, notify 8084) |
/// | `LOG_LEVEL` | `info` | trace, debug, info, notice, warning, error, critical |
/// | `SHUTDOWN_TIMEOUT_SECONDS` | 10 | longest a graceful shutdown may take (read by `ServiceRuntime`) |
public struct ServiceSettings: Sendable {
    public var service: String
    public var bootstrapServers: String
    public var groupID: String
    /// librdkafka settings passed through from `KAFKA_*` variables (bootstrap included).
    public var kafka: KafkaConfig
    public var topics: Topics
    public var storePath: String
    public var httpHost: String
    public var httpPort: Int
    public var logLevel: Logger.Level
    /// The whole environment, for service-specific keys.
    public var environment: [String: String]

    public static let defaultPorts = ["ingest": 8081, "parse": 8082, "metrics": 8083, "notify": 8084]

    public init(service: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        self.service = service
        self.environment = environment
        bootstrapServers = try Self.bootstrapServers(environment)
        groupID = environment["KAFKA_GROUP_ID"] ?? "filings-\(service)"
        kafka = Self.kafkaPassThrough(environment)
        kafka["bootstrap.servers"] = bootstrapServers
        // Static membership: a restarted replica takes its partitions back without a rebalance.
        // Only on request: two replicas sharing an id (say, one host name) would fence each other.
        if let instance = environment["SERVICE_INSTANCE_ID"], !instance.isEmpty, kafka["group.instance.id"] == nil {
            kafka["group.instance.id"] = "\(service)-\(instance)"
        }
        topics = Topics(prefix: environment["TOPIC_PREFIX"] ?? "")
        storePath = environment["STORE_PATH"] ?? "var/\(service).sqlite"
        httpHost = environment["HTTP_HOST"] ?? "127.0.0.1"
        let portText = environment["HTTP_PORT"] ?? String(Self.defaultPorts[service] ?? 8080)
        guard let port = Int(portText), (0...65535).contains(port) else {
            throw ConfigurationError(key: "HTTP_PORT", reason: "'\(portText)' is not a port number")
        }
        httpPort = port
        let levelText = environment["LOG_LEVEL"] ?? "info"
        guard let level = Logger.Level(rawValue: levelText.lowercased()) else {
            throw ConfigurationError(key: "LOG_LEVEL", reason: "'\(levelText)' is not one of trace, debug, info, notice, warning, error, critical")
        }
        logLevel = level
    }

    /// An integer setting with a default; a value that is not a positive integer is an error.
    public func integer(_ key: String, default value: Int) throws -> Int {
        guard let text = environment[key] else { return value }
        guard let number = Int(text), number > 0 else {
            throw ConfigurationError(key: key, reason: "'\(text)' is not a positive integer")
        }
        return number
    }

    /// The file where `filings dev-broker` publishes its bootstrap address.
    public static func devBrokerFile(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let path = environment["FILINGS_DEV_BROKER_FILE"], !path.isEmpty { return path }
        let home = environment["HOME"] ?? NSHomeDirectory()
        return home + "/.filings/dev-broker"
    }

    /// `KAFKA_BOOTSTRAP_SERVERS`, else the dev broker's file, else a clear error.
    public static func bootstrapServers(_ environment: [String: String]) throws -> String {
        if let servers = environment["KAFKA_BOOTSTRAP_SERVERS"], !servers.isEmpty { return servers }
        let file = devBrokerFile(environment)
        if let text = try? String(contentsOfFile: file, encoding: .utf8) {
            let servers = text.trimmingCharacters(in: .whitespacesAndNewlines)
            if !servers.isEmpty { return servers }
        }
        throw ConfigurationError(key: "KAFKA_BOOTSTRAP_SERVERS",
                                 reason: "not set, and no dev broker address in \(file) (start one with `filings dev-broker`)")
    }

    /// `KAFKA_SECURITY_PROTOCOL=SASL_SSL` → `security.protocol=SASL_SSL`, for every `KAFKA_*` key
    /// except the ones this type reads itself.
    public static func kafkaPassThrough(_ environment: [String: String]) -> KafkaConfig {
        var config = KafkaConfig()
        for (key, value) in environment where key.hasPrefix("KAFKA_") {
            if key == "KAFKA_BOOTSTRAP_SERVERS" || key == "KAFKA_GROUP_ID" { continue }
            let name = key.dropFirst("KAFKA_".count).lowercased().replacingOccurrences(of: "_", with: ".")
            config[name] = value
        }
        return config
    }
}
