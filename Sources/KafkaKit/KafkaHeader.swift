/// One Kafka record header. A nil value is a header present without a value.
public struct KafkaHeader: Sendable, Equatable {
    public var name: String
    public var value: [UInt8]?

    public init(name: String, value: [UInt8]?) {
        self.name = name
        self.value = value
    }

    public init(name: String, string: String) {
        self.init(name: name, value: Array(string.utf8))
    }

    /// The value decoded as UTF-8, when present.
    public var stringValue: String? { value.map { String(decoding: $0, as: UTF8.self) } }
}

extension Array where Element == KafkaHeader {
    /// The last header named `name` (case-sensitive), decoded as UTF-8.
    public func string(_ name: String) -> String? {
        last(where: { $0.name == name })?.stringValue
    }
}
