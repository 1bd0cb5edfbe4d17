import CRdKafka

/// librdkafka configuration properties (`bootstrap.servers`, `group.id`, ...), as strings.
///
/// KafkaKit sets safe defaults per client kind; anything given here wins over them.
public struct KafkaConfig: Sendable, ExpressibleByDictionaryLiteral {
    public var properties: [String: String]

    public init(_ properties: [String: String] = [:]) { self.properties = properties }
    public init(dictionaryLiteral elements: (String, String)...) {
        self.properties = Dictionary(elements, uniquingKeysWith: { _, last in last })
    }

    public subscript(key: String) -> String? {
        get { properties[key] }
        set { properties[key] = newValue }
    }

    /// The same configuration with `defaults` filled in where no value is set.
    func withDefaults(_ defaults: [String: String]) -> KafkaConfig {
        KafkaConfig(properties.merging(defaults, uniquingKeysWith: { mine, _ in mine }))
    }

    /// Builds a native configuration object; the caller owns it until it is handed to `rd_kafka_new`.
    func makeNative() throws -> OpaquePointer {
        let conf = rd_kafka_conf_new()!
        var errbuf = [CChar](repeating: 0, count: 512)
        for (key, value) in properties.sorted(by: { $0.key < $1.key }) {
            let result = rd_kafka_conf_set(conf, key, value, &errbuf, errbuf.count)
            if result != RD_KAFKA_CONF_OK {
                rd_kafka_conf_destroy(conf)
                throw KafkaError.client("invalid Kafka setting \(key): \(string(errbuf))")
            }
        }
        return conf
    }
}

/// Decodes a NUL-terminated C buffer.
func string(_ buffer: [CChar]) -> String {
    String(decoding: buffer.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
}

/// The librdkafka version the process runs with (e.g. `2.0.2`).
public var librdkafkaVersion: String { String(cString: rd_kafka_version_str()) }
