import KafkaKit
import Logging
import ServiceLifecycle
import Synchronization

/// Watches whether Kafka answers, for `/readyz` and for holding consumers back at start-up.
/// While the cluster is unreachable it retries with exponential backoff and says so in the log.
public final class KafkaMonitor: Service, Sendable {
    private let producer: KafkaProducer
    private let bootstrapServers: String
    private let logger: Logger
    private let state = Mutex(State())
    private let interval: Duration

    struct State {
        var connected = false
    }

    public init(producer: KafkaProducer, bootstrapServers: String, logger: Logger, interval: Duration = .seconds(5)) {
        self.producer = producer
        self.bootstrapServers = bootstrapServers
        self.logger = logger
        self.interval = interval
    }

    public var isConnected: Bool { state.withLock { $0.connected } }

    /// Returns once Kafka has answered at least once, or when `stop` is set or the task cancelled.
    func waitUntilConnected(unless stop: StopSignal) async {
        while !isConnected && !stop.isSet && !Task.isCancelled {
            try? await Task.sleep(for: .milliseconds(100))
        }
    }

    public func run() async throws {
        let loop = Task { await self.watch() }
        await withTaskCancellationHandler {
            await withGracefulShutdownHandler {
                await loop.value
            } onGracefulShutdown: {
                loop.cancel()
            }
        } onCancel: {
            loop.cancel()
        }
    }

    private func watch() async {
        var backoff = Duration.seconds(1)
        var attempt = 0
        while !Task.isCancelled {
            let connected = await producer.isConnected(timeout: .seconds(2))
            let wasConnected = state.withLock { state in
                let was = state.connected
                state.connected = connected
                return was
            }
            if connected {
                if !wasConnected { logger.info("Kafka reachable", metadata: ["bootstrap": "\(bootstrapServers)"]) }
                attempt = 0
                backoff = .seconds(1)
                try? await Task.sleep(for: interval)
            } else {
                attempt += 1
                logger.warning("Kafka not reachable; retrying in \(backoff)",
                               metadata: ["bootstrap": "\(bootstrapServers)", "attempt": "\(attempt)"])
                try? await Task.sleep(for: backoff)
                backoff = min(backoff * 2, .seconds(30))
            }
        }
    }
}
