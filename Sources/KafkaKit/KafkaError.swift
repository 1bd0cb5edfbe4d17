import CRdKafka

/// A librdkafka error as a Swift error: the numeric code, its symbolic name and the message.
public struct KafkaError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The `rd_kafka_resp_err_t` value (negative values are librdkafka-internal errors).
    public let code: Int32
    /// The symbolic name, e.g. `_MSG_TIMED_OUT` or `UNKNOWN_TOPIC_OR_PART`.
    public let name: String
    /// A human-readable explanation.
    public let message: String

    public init(code: Int32, message: String? = nil) {
        let err = rd_kafka_resp_err_t(rawValue: code)
        self.code = code
        self.name = String(cString: rd_kafka_err2name(err))
        self.message = message ?? String(cString: rd_kafka_err2str(err))
    }

    init(_ err: rd_kafka_resp_err_t, message: String? = nil) {
        self.init(code: err.rawValue, message: message)
    }

    /// An error raised by KafkaKit itself rather than by librdkafka.
    static func client(_ message: String) -> KafkaError {
        KafkaError(code: RD_KAFKA_RESP_ERR__INVALID_ARG.rawValue, message: message)
    }

    /// Builds an error from an owned `rd_kafka_error_t`, destroying it.
    static func consuming(_ error: OpaquePointer) -> KafkaError {
        defer { rd_kafka_error_destroy(error) }
        return KafkaError(rd_kafka_error_code(error), message: String(cString: rd_kafka_error_string(error)))
    }

    public var description: String { "\(name) (\(code)): \(message)" }
}

/// Throws when `err` is not `RD_KAFKA_RESP_ERR_NO_ERROR`.
@inline(__always)
func check(_ err: rd_kafka_resp_err_t, _ context: @autoclosure () -> String? = nil) throws {
    guard err == RD_KAFKA_RESP_ERR_NO_ERROR else {
        let base = String(cString: rd_kafka_err2str(err))
        throw KafkaError(err, message: context().map { "\($0): \(base)" } ?? base)
    }
}
