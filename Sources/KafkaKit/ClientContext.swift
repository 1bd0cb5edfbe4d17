import CRdKafka
import Logging

/// State shared with librdkafka's C callbacks through the client's opaque pointer.
///
/// Callbacks cannot capture Swift values, so each client registers one context and the
/// callbacks recover it with `rd_kafka_opaque`.
final class ClientContext: @unchecked Sendable {
    let logger: Logger
    /// Told about every partition assignment and revocation (consumers only).
    let rebalanceObserver: (@Sendable (RebalanceEvent) -> Void)?

    init(logger: Logger, rebalanceObserver: (@Sendable (RebalanceEvent) -> Void)? = nil) {
        self.logger = logger
        self.rebalanceObserver = rebalanceObserver
    }

    static func from(_ rk: OpaquePointer?) -> ClientContext? {
        guard let rk, let opaque = rd_kafka_opaque(rk) else { return nil }
        return Unmanaged<ClientContext>.fromOpaque(opaque).takeUnretainedValue()
    }

    /// Installs the log and error callbacks and this context as the opaque on `conf`.
    /// The caller keeps the context alive for the client's lifetime.
    func install(on conf: OpaquePointer) {
        rd_kafka_conf_set_opaque(conf, Unmanaged.passUnretained(self).toOpaque())
        rd_kafka_conf_set_log_cb(conf) { rk, level, facility, buffer in
            guard let context = ClientContext.from(rk) else { return }
            let fac = facility.map { String(cString: $0) } ?? ""
            let text = buffer.map { String(cString: $0) } ?? ""
            context.logger.log(level: Logger.Level(syslog: level), "\(text)", metadata: ["kafka.facility": "\(fac)"])
        }
        rd_kafka_conf_set_error_cb(conf) { rk, err, reason, _ in
            guard let context = ClientContext.from(rk) else { return }
            let error = KafkaError(code: err, message: reason.map { String(cString: $0) })
            context.logger.warning("kafka client error", metadata: ["error": "\(error)"])
        }
    }
}

extension Logger.Level {
    /// Maps syslog severities (librdkafka's log levels) to swift-log levels.
    init(syslog level: Int32) {
        switch level {
        case ...2: self = .critical
        case 3: self = .error
        case 4: self = .warning
        case 5: self = .notice
        case 6: self = .info
        default: self = .debug
        }
    }
}

/// Creates a native client; on failure the configuration is destroyed and an error thrown.
func makeClient(_ type: rd_kafka_type_t, config: KafkaConfig, context: ClientContext,
                configure: (OpaquePointer) -> Void = { _ in }) throws -> OpaquePointer {
    let conf = try config.makeNative()
    context.install(on: conf)
    configure(conf)
    var errbuf = [CChar](repeating: 0, count: 512)
    guard let rk = rd_kafka_new(type, conf, &errbuf, errbuf.count) else {
        rd_kafka_conf_destroy(conf)
        throw KafkaError.client("cannot create Kafka client: \(string(errbuf))")
    }
    return rk
}
