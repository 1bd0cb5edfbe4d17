import Hummingbird
import Prometheus

/// `/healthz` (the process answers), `/readyz` (store open and Kafka reachable: 200 or 503 with
/// the failing checks) and `/metrics` (Prometheus text format: the registry's metrics with their
/// HELP texts from `MetricHelp`, then the gauges read at scrape time).
public enum OpsRoutes {
    public struct Readiness: Codable, Sendable {
        public var status: String
        public var checks: [String: Bool]
    }

    public static func add(to router: Router<BasicRequestContext>, store: Store, kafka: KafkaMonitor,
                           registry: PrometheusCollectorRegistry, gauges: ScrapeGauges) {
        router.get("/healthz") { _, _ in
            try jsonResponse(["status": "ok"])
        }
        router.get("/readyz") { _, _ in
            let checks = ["store": await store.isHealthy(), "kafka": kafka.isConnected]
            let ready = checks.values.allSatisfy { $0 }
            return try jsonResponse(Readiness(status: ready ? "ready" : "not ready", checks: checks),
                                    status: ready ? .ok : .serviceUnavailable)
        }
        router.get("/metrics") { _, _ in
            let text = MetricHelp.annotate(registry.emitToString()) + (await gauges.render())
            return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                            body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
        }
    }
}
