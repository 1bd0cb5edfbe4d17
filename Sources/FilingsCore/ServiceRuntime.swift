import Foundation
import GRDB
import Hummingbird
import KafkaKit
import Logging
import Metrics
import Prometheus
import ServiceLifecycle
import Synchronization

/// Everything one service process wires together: settings, logger, store, producer, outbox
/// relay, Kafka monitor, HTTP router, and the consumer loops the service adds.
///
/// `run()` starts them as one ServiceGroup: SIGTERM/SIGINT stop the HTTP server first, then let
/// every consumer loop finish its record in hand and commit, then drain the outbox, then flush
/// and close the producer. The whole shutdown takes at most `SHUTDOWN_TIMEOUT_SECONDS` (default
/// 10): then the process exits with whatever is unsent still in the outbox (`ShutdownDeadline`).
public final class ServiceRuntime: @unchecked Sendable {
    public let settings: ServiceSettings
    public let logger: Logger
    public let store: Store
    public let producer: KafkaProducer
    public let relay: OutboxRelay
    public let monitor: KafkaMonitor
    public let router: Router<BasicRequestContext>
    public let registry: PrometheusCollectorRegistry
    /// Gauges read at scrape time; a service adds its own (notify: deliveries by status).
    public let gauges = ScrapeGauges()
    private let consumers = Mutex<[KafkaConsumer]>([])
    /// How long a graceful shutdown may take (`SHUTDOWN_TIMEOUT_SECONDS`, default 10).
    public let shutdownTimeout: Duration
    /// Timeouts and connection limit of the HTTP server (`HTTP_*`, see `HTTPServerLimits`).
    public let httpLimits: HTTPServerLimits
    private var loops: [ConsumerLoop] = []
    private var extraServices: [any Service] = []
    private var onServerRunning: @Sendable (Int) async -> Void = { _ in }

    public init(settings: ServiceSettings, registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry(),
                migrations: (inout DatabaseMigrator) -> Void) throws {
        self.settings = settings
        self.registry = registry
        var logger = Logger(label: "filings.\(settings.service)")
        logger.logLevel = settings.logLevel
        self.logger = logger
        try KafkaLibrary.checkMinimum()
        shutdownTimeout = .seconds(try settings.integer("SHUTDOWN_TIMEOUT_SECONDS", default: 10))
        httpLimits = try HTTPServerLimits(settings)
        store = try Store.open(path: settings.storePath, migrations: migrations)
        producer = try KafkaProducer(config: ConsumerLoop.producerConfig(settings.kafka), logger: logger.child("kafka.producer"))
        relay = OutboxRelay(store: store, producer: producer, logger: logger)
        monitor = KafkaMonitor(producer: producer, bootstrapServers: settings.bootstrapServers, logger: logger)
        router = Router()
        OpsRoutes.add(to: router, store: store, kafka: monitor, registry: registry, gauges: gauges)
        addStandardGauges()
    }

    /// Build info, outbox backlog and consumer lag, for every service.
    private func addStandardGauges() {
        let service = settings.service, store = self.store
        gauges.add("filings_build_info", help: "Always 1; the labels name the service, its version and the librdkafka it runs with.") {
            [ScrapeGauges.Sample([("service", service), ("version", BuildInfo.version), ("librdkafka", librdkafkaVersion)], 1)]
        }
        gauges.add("filings_outbox_backlog", help: "Outbox rows written but not yet published to Kafka.") {
            guard let count = try? await store.writer.read({ db in try Outbox.pendingCount(db) }) else { return [] }
            return [ScrapeGauges.Sample([], Double(count))]
        }
        gauges.add("filings_consumer_lag",
                   help: "Records on an assigned partition the consumer group has not committed yet (high watermark minus committed offset).") { [weak self] in
            var samples: [ScrapeGauges.Sample] = []
            for consumer in self?.consumers.withLock({ $0 }) ?? [] {
                for entry in (try? await consumer.lag(timeout: .seconds(1))) ?? [] {
                    samples.append(ScrapeGauges.Sample([("topic", entry.partition.topic), ("partition", "\(entry.partition.partition)")],
                                                       Double(entry.lag)))
                }
            }
            return samples
        }
    }

    /// Adds a consumer loop over `topic` in the service's consumer group. `onRebalance` is told of
    /// every partition assignment and revocation (called between records, never during a handler).
    /// With `afterBatch` the loop handles records in batches and runs it after each (`ConsumerLoop`).
    public func consume(_ topic: String, stage: String, onRebalance: (@Sendable (RebalanceEvent) -> Void)? = nil,
                        afterBatch: ConsumerLoop.BatchStep? = nil, handler: @escaping ConsumerLoop.Handler) throws {
        var config = settings.kafka
        config["group.id"] = settings.groupID
        let consumer = try KafkaConsumer(config: config, topics: [topic], logger: logger.child("kafka.consumer"),
                                         onRebalance: onRebalance)
        consumers.withLock { $0.append(consumer) }
        loops.append(ConsumerLoop(consumer: consumer, producer: producer, store: store, topics: settings.topics, stage: stage,
                                  logger: logger, kafkaReady: monitor, afterBatch: afterBatch, handler: handler))
    }

    /// Adds a service of the process (e.g. a background worker). It starts after the outbox relay
    /// and stops before it, after the consumer loops, so work it commits to the outbox is published.
    public func addService(_ service: any Service) {
        extraServices.append(service)
    }

    /// Called with the bound HTTP port once the server listens (useful with `HTTP_PORT=0`).
    public func whenListening(_ body: @escaping @Sendable (Int) async -> Void) {
        onServerRunning = body
    }

    public func run() async throws {
        let callback = onServerRunning
        let logger = self.logger
        router.add(middleware: MethodNotAllowedMiddleware(routes: router.routes))  // after every route: 405, not 404
        let app = Application(
            router: router,
            server: httpLimits.server,
            configuration: .init(address: .hostname(settings.httpHost, port: settings.httpPort),
                                 serverName: "filings-\(settings.service)",
                                 availableConnectionsDelegate: httpLimits.connections),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? 0
                logger.info("HTTP listening", metadata: ["port": "\(port)"])
                await callback(port)
            },
            logger: logger)
        // Shut down in reverse: the deadline starts, then HTTP, consumers, added services, the relay, the monitor.
        let deadline = ShutdownDeadline(timeout: shutdownTimeout, store: store, logger: logger)
        let services: [any Service] = [monitor, relay] + extraServices + loops + [app, deadline]
        let group = ServiceGroup(services: services, gracefulShutdownSignals: [.sigterm, .sigint],
                                 cancellationSignals: [], logger: logger)
        logger.info("starting", metadata: ["bootstrap": "\(settings.bootstrapServers)", "store": "\(settings.storePath)",
                                     "librdkafka": "\(KafkaLibrary.version)"])
        defer { logger.info("stopped") }
        do {
            try await group.run()
        } catch {
            await producer.close(timeout: shutdownTimeout)
            throw error
        }
        await producer.close(timeout: shutdownTimeout)
    }

    /// Bootstraps logging and metrics for the process; call once from `main`.
    public static func bootstrapObservability(logLevel: Logger.Level) -> PrometheusCollectorRegistry {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = logLevel
            return handler
        }
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        return registry
    }
}

extension Logger {
    /// The same logger under a more specific label (metadata and level kept).
    public func child(_ suffix: String) -> Logger {
        var child = Logger(label: label + "." + suffix)
        child.logLevel = logLevel
        for (key, value) in handler.metadata { child[metadataKey: key] = value }
        return child
    }
}

/// The whole `main` of a service executable: read settings, bootstrap logging and metrics,
/// open the store, let the service add its consumers and routes, run until SIGTERM.
/// Exits 1 with a one-line message on a configuration or start-up error.
public func runService(_ service: String, migrations: (inout DatabaseMigrator) -> Void,
                       build: (ServiceRuntime) throws -> Void) async -> Never {
    do {
        let settings = try ServiceSettings(service: service)
        let registry = ServiceRuntime.bootstrapObservability(logLevel: settings.logLevel)
        let runtime = try ServiceRuntime(settings: settings, registry: registry, migrations: migrations)
        try build(runtime)
        try await runtime.run()
        exit(0)
    } catch {
        FileHandle.standardError.write(Data("\(service): \(error)\n".utf8))
        exit(1)
    }
}
