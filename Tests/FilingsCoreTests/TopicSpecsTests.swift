import FilingsCore
import KafkaKit
import Testing

struct TopicSpecsTests {
    @Test func everyTopicIsCreatedWithItsRetentionAndRawFilingsAllowLargeRecords() {
        let topics = Topics(prefix: "t.")
        let specs = Dictionary(uniqueKeysWithValues: topics.specs(partitions: 12, replicationFactor: 3).map { ($0.name, $0) })
        #expect(Set(specs.keys) == Set(topics.all))
        #expect(specs.values.allSatisfy { $0.partitions == 12 && $0.replicationFactor == 3 })
        #expect(specs.values.filter { $0.configs["cleanup.policy"] != "delete" }.map(\.name) == ["t.metrics.changelog"])
        // The changelog keeps the latest state of every key for ever: compacted, no time retention.
        #expect(specs["t.metrics.changelog"]?.configs == ["cleanup.policy": "compact"])
        #expect(specs["t.filings.parsed"]?.configs["retention.ms"] == "604800000")
        #expect(specs["t.filings.parsed.dlq"]?.configs["retention.ms"] == "2592000000")
        #expect(specs["t.notifications.dlq"]?.configs["retention.ms"] == "2592000000")
        #expect(specs["t.filings.submitted"]?.configs["max.message.bytes"] == "6291456")
        #expect(specs["t.filings.submitted.dlq"]?.configs["max.message.bytes"] == "6291456")
        #expect(specs["t.filings.ingested"]?.configs["max.message.bytes"] == nil)
    }
}
