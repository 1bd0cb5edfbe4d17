import Foundation
import KafkaKit
import Logging
import Metrics

/// Writes a record that cannot be processed to `<topic>.dlq`, with headers `dlq-stage`,
/// `dlq-error`, `dlq-original-topic`, `dlq-original-partition`, `dlq-original-offset`; a record the
/// broker refuses for good (too large) is kept in the store's `quarantine` table and a small
/// pointer record goes to the DLQ instead. Used by the consumer loop for a record its handler
/// failed, and by a batch step for a record that failed in its batch (the metrics service's).
public struct DeadLetters: Sendable {
    let producer: KafkaProducer
    let store: Store
    let topics: Topics
    let stage: String
    let logger: Logger
    let deadLettered: Counter
    let quarantined: Counter

    /// `producer` configured with `ConsumerLoop.producerConfig`.
    public init(producer: KafkaProducer, store: Store, topics: Topics, stage: String, logger: Logger) {
        self.producer = producer
        self.store = store
        self.topics = topics
        self.stage = stage
        self.logger = logger
        deadLettered = Counter(label: "filings_messages_dead_lettered_total", dimensions: [("stage", stage)])
        quarantined = Counter(label: "filings_messages_quarantined_total", dimensions: [("stage", stage)])
    }

    public func send(_ message: KafkaMessage, error: any Error) async throws {
        let topic = topics.deadLetter(of: message.topic)
        let dlqHeaders = [
            KafkaHeader(name: "dlq-stage", string: stage),
            KafkaHeader(name: "dlq-error", string: String(describing: error)),
            KafkaHeader(name: "dlq-original-topic", string: message.topic),
            KafkaHeader(name: "dlq-original-partition", string: String(message.partition)),
            KafkaHeader(name: "dlq-original-offset", string: String(message.offset)),
        ]
        let headers = message.headers.filter { !$0.name.hasPrefix("dlq-") } + dlqHeaders
        // If even the DLQ cannot be written (broker unreachable), the offset is not committed: the
        // service fails and the record is read again after restart. Nothing is dropped.
        do {
            try await producer.send(ProducerRecord(topic: topic, key: message.key, value: message.value, headers: headers))
        } catch let refusal as KafkaError where OutboxRelay.isPermanent(refusal) {
            let id = try await Quarantine.keep(message, stage: stage, error: String(describing: error),
                                               refusal: String(describing: refusal), in: store)
            logger.error("dead-letter topic refused the record; kept in the store's quarantine table",
                         metadata: ["record": "\(message.topic)[\(message.partition)]@\(message.offset)",
                                    "bytes": "\(message.value.count)", "quarantine_id": "\(id)", "refusal": "\(refusal)"])
            let pointer = try JSONCoding.encoder.encode(Quarantine.Pointer(quarantineID: id, stage: stage, bytes: message.value.count))
            let key = (message.key?.count ?? 0) <= 1024 ? message.key : nil
            try await producer.send(ProducerRecord(topic: topic, key: key, value: pointer.bytes,
                                                   headers: dlqHeaders + [KafkaHeader(name: "dlq-quarantine-id", string: String(id))]))
            quarantined.increment()
        }
        deadLettered.increment()
    }
}
