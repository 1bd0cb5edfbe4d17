import FilingsCore
import Foundation
import NotifyService
import Testing

/// Figures for the report, not assertions: run with `NOTIFY_BENCH=1 swift test --filter NotifyBenchmarks`.
/// Each figure is the median of several runs.
@Suite(.serialized, .enabled(if: ProcessInfo.processInfo.environment["NOTIFY_BENCH"] == "1"))
struct NotifyBenchmarks {
    struct Context: RuleContext {
        var cik: String? = "320193"
        var companyKey = "320193"
        var company: String? = "Apple Inc."
        var form: String? = "8-K"
        var values: [String: Double]
        func value(_ ref: MetricRef) -> Double? { values[ref.name] }
        func previousValue(_ ref: MetricRef) -> Double? { -1 }
        func guidancePosition(_ metric: String) -> String? { metric == "revenue" ? "above" : nil }
    }

    static func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }

    static func report(_ name: String, _ runs: [Double], unit: String) {
        let text = runs.map { String(format: "%.1f", $0) }.joined(separator: ", ")
        print("BENCH \(name): median \(String(format: "%.1f", median(runs))) \(unit) (runs: \(text))")
    }

    @Test func ruleEvaluation() throws {
        let text = "(revenue_growth_yoy > 0.5 and form = 8-K) or (guidance.revenue = above and net_income turns positive) or cik = 789019"
        var parseRuns: [Double] = []
        for _ in 0..<5 {
            let n = 20_000
            let start = ContinuousClock.now
            for _ in 0..<n { _ = try RuleParser.parse(text) }
            parseRuns.append(Double((ContinuousClock.now - start).components.attoseconds / 1_000_000_000
                                    + (ContinuousClock.now - start).components.seconds * 1_000_000_000) / Double(n) / 1000)
        }
        Self.report("rule parse", parseRuns, unit: "µs/rule")
        let rule = try RuleParser.parse(text)
        let contexts = (0..<1000).map { Context(values: ["revenue_growth_yoy": Double($0 % 10) / 10, "net_income": Double($0 % 3) - 1]) }
        var evalRuns: [Double] = []
        for _ in 0..<5 {
            var matches = 0
            let start = ContinuousClock.now
            for _ in 0..<200 { for context in contexts where rule.matches(context) { matches += 1 } }
            let elapsed = ContinuousClock.now - start
            let nanos = Double(elapsed.components.seconds) * 1e9 + Double(elapsed.components.attoseconds) / 1e9
            evalRuns.append(nanos / 200_000)
            #expect(matches > 0)
        }
        Self.report("rule evaluation", evalRuns, unit: "ns/event")
    }

    @Test func handlerAndDeliveryThroughput() async throws {
        for concurrency in [8, 32] {
            var handleRuns: [Double] = [], deliveryRuns: [Double] = []
            for _ in 0..<3 {
                let receiver = WebhookReceiver(secret: testSecret)
                let events = 400
                let (handleRate, deliveryRate) = try await receiver.run { url -> (Double, Double) in
                    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("notify-bench-\(UUID().uuidString.prefix(6))")
                    let store = try Store.open(path: dir.appendingPathComponent("notify.sqlite").path, migrations: NotifyService.migrations)
                    try await subscribe(store, id: "all", url: url, rule: "revenue > 0")
                    for i in 0..<9 { try await subscribe(store, id: "none-\(i)", url: url, rule: "revenue_growth_yoy > \(100 + i) and form = 8-K") }
                    let settings = NotifySettings(targets: .loopback, schedule: RetrySchedule(delays: [.zero], jitter: 0), concurrency: concurrency)
                    let transport = HTTPClientTransport(timeout: .seconds(10))
                    let worker = DeliveryWorker(store: store, topics: Topics(), settings: settings, policy: TargetPolicy(allowance: .loopback),
                                                transport: transport, logger: quietLogger)
                    let handler = NotifyHandler(store: store, logger: quietLogger)
                    let records = try (0..<events).map { i in
                        try metricsRecord(id: "e\(i)", companyKey: "c\(i)", cik: "\(i)", metrics: ["revenue": 1, "revenue_growth_yoy": 0.5])
                    }
                    var start = ContinuousClock.now
                    for record in records { try await handler.handle(record) }
                    let handleRate = Double(events) / (ContinuousClock.now - start).secondsDouble
                    start = ContinuousClock.now
                    var rounds = 0
                    while try await count(store, "SELECT COUNT(*) FROM deliveries WHERE status = 'pending'") > 0 && rounds < 10_000 {
                        await worker.deliverDue()
                        rounds += 1
                    }
                    let deliveryRate = Double(events) / (ContinuousClock.now - start).secondsDouble
                    await transport.shutdown()
                    return (handleRate, deliveryRate)
                }
                print("BENCH-RUN concurrency \(concurrency): handler \(Int(handleRate)) events/s, delivery \(Int(deliveryRate)) webhooks/s")
                handleRuns.append(handleRate)
                deliveryRuns.append(deliveryRate)
                #expect(receiver.successes.count == events)
            }
            if concurrency == 8 { Self.report("handler (10 subscriptions, file store)", handleRuns, unit: "events/s") }
            Self.report("delivery, concurrency \(concurrency)", deliveryRuns, unit: "webhooks/s")
        }
    }
}

extension Duration {
    var secondsDouble: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
