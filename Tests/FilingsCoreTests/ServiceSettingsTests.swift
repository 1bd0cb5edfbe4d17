@testable import FilingsCore
import Foundation
import Testing

struct ServiceSettingsTests {
    @Test func readsKeysAndPassesKafkaSettingsThrough() throws {
        let settings = try ServiceSettings(service: "parse", environment: [
            "KAFKA_BOOTSTRAP_SERVERS": "k1:9092,k2:9092", "KAFKA_SECURITY_PROTOCOL": "SASL_SSL",
            "KAFKA_SASL_MECHANISM": "PLAIN", "TOPIC_PREFIX": "prod.", "STORE_PATH": "/data/parse.sqlite",
            "HTTP_PORT": "9000", "LOG_LEVEL": "DEBUG",
        ])
        #expect(settings.kafka["bootstrap.servers"] == "k1:9092,k2:9092")
        #expect(settings.kafka["security.protocol"] == "SASL_SSL")
        #expect(settings.kafka["sasl.mechanism"] == "PLAIN")
        #expect(settings.topics.parsed == "prod.filings.parsed")
        #expect(settings.topics.deadLetter(of: settings.topics.ingested) == "prod.filings.ingested.dlq")
        #expect(settings.groupID == "filings-parse")
        #expect(settings.storePath == "/data/parse.sqlite")
        #expect(settings.httpPort == 9000)
        #expect(settings.logLevel == .debug)
    }

    @Test func aStableInstanceNameMakesTheConsumerAStaticMember() throws {
        let base = ["KAFKA_BOOTSTRAP_SERVERS": "k1:9092"]
        #expect(try ServiceSettings(service: "parse", environment: base).kafka["group.instance.id"] == nil,
                "no static membership unless asked: two replicas on one host must not share an id")
        let pod = try ServiceSettings(service: "parse", environment: base.merging(["SERVICE_INSTANCE_ID": "parse-1"]) { $1 })
        #expect(pod.kafka["group.instance.id"] == "parse-parse-1")
        let verbatim = try ServiceSettings(service: "parse", environment: base.merging(
            ["SERVICE_INSTANCE_ID": "parse-1", "KAFKA_GROUP_INSTANCE_ID": "mine", "KAFKA_FETCH_WAIT_MAX_MS": "100"]) { $1 })
        #expect(verbatim.kafka["group.instance.id"] == "mine")
        #expect(verbatim.kafka["fetch.wait.max.ms"] == "100", "the low-latency default can be overridden")
    }

    @Test func fallsBackToTheDevBrokerFile() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("broker-\(UUID().uuidString)").path
        try "127.0.0.1:4242\n".write(toFile: file, atomically: true, encoding: .utf8)
        let settings = try ServiceSettings(service: "ingest", environment: ["FILINGS_DEV_BROKER_FILE": file])
        #expect(settings.bootstrapServers == "127.0.0.1:4242")
        #expect(settings.httpPort == 8081)
    }

    @Test func badValuesAreClearErrors() {
        let base = ["KAFKA_BOOTSTRAP_SERVERS": "x:1"]
        #expect(throws: ConfigurationError.self) {
            try ServiceSettings(service: "ingest", environment: base.merging(["HTTP_PORT": "eighty"]) { $1 })
        }
        #expect(throws: ConfigurationError.self) {
            try ServiceSettings(service: "ingest", environment: base.merging(["LOG_LEVEL": "loud"]) { $1 })
        }
        #expect {
            try ServiceSettings(service: "ingest", environment: ["FILINGS_DEV_BROKER_FILE": "/nonexistent/broker"])
        } throws: { error in
            "\(error)".contains("KAFKA_BOOTSTRAP_SERVERS") && "\(error)".contains("filings dev-broker")
        }
    }
}
