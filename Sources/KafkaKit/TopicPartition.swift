import CRdKafka

/// A topic and partition, optionally with an offset.
public struct TopicPartition: Sendable, Hashable, CustomStringConvertible {
    public var topic: String
    public var partition: Int32
    public var offset: Int64?

    public init(topic: String, partition: Int32, offset: Int64? = nil) {
        self.topic = topic
        self.partition = partition
        self.offset = offset
    }

    public var description: String { "\(topic)[\(partition)]" + (offset.map { "@\($0)" } ?? "") }

    /// Copies a native list (which the caller still owns).
    static func list(_ native: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>?) -> [TopicPartition] {
        guard let native else { return [] }
        let list = native.pointee
        return (0..<Int(list.cnt)).map { i in
            let e = list.elems[i]
            return TopicPartition(topic: String(cString: e.topic), partition: e.partition,
                                  offset: e.offset >= 0 ? e.offset : nil)
        }
    }
}

/// A partition assignment change seen by a consumer.
public enum RebalanceEvent: Sendable, Equatable {
    case assigned([TopicPartition])
    /// Revoked after the offsets stored so far were committed.
    case revoked([TopicPartition])
}
