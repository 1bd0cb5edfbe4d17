import Crypto
import FilingsCore
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import HTTPTypes
import Hummingbird
import KafkaKit
import Logging
import ServiceLifecycle
import Synchronization
import Testing

/// Notify as a real process: webhooks for the sample filings, and kill -9 in a retry sequence.
@Suite(.serialized, .timeLimit(.minutes(4)))
struct NotifyEndToEndTests {
    static let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"

    @Test func samplesGiveExactlyOneWebhookForRevenueGrowthAboveOne() async throws {
        let bin = try binDirectory()
        let work = try temporaryDirectory("notify-e2e")
        var children: [ChildProcess] = []
        defer { for child in children where child.process.isRunning { kill(child.process.processIdentifier, SIGKILL) } }
        let (broker, bootstrap) = try await startDevBroker(bin: bin, work: work)
        children.append(broker)
        let receiver = try await E2EReceiver.start(secret: Self.secret)
        defer { receiver.stop() }
        let notifyPort = try freePort()
        let env = ["KAFKA_BOOTSTRAP_SERVERS": bootstrap, "HTTP_PORT": "0", "NOTIFY_API_TOKEN": "e2e-token"]
        var services: [ChildProcess] = []
        for name in ["ingest", "parse", "metrics", "notify"] {
            var serviceEnv = env
            serviceEnv["STORE_PATH"] = work.appendingPathComponent("\(name).sqlite").path
            if name == "notify" {
                serviceEnv["HTTP_PORT"] = "\(notifyPort)"
                serviceEnv["NOTIFY_ALLOW_PRIVATE_TARGETS"] = "loopback"
            }
            services.append(try ChildProcess(bin.appendingPathComponent(name), environment: serviceEnv, logDirectory: work, name: name))
        }
        children += services
        let notify = services[3]
        _ = try await httpGet("http://127.0.0.1:\(notifyPort)/healthz", waitingUpTo: 20)

        // The subscription, through the CLI.
        let filings = bin.appendingPathComponent("filings")
        let cliEnv = ["NOTIFY_API_TOKEN": "e2e-token"]
        let api = "http://127.0.0.1:\(notifyPort)"
        let (bad, badOutput) = try runToCompletion(filings, ["subscriptions", "add", "--url", api, receiver.url, "revenue_growth_yoy >"],
                                                   environment: cliEnv)
        #expect(bad != 0 && badOutput.contains("column 21: expected a number"), "\(badOutput)")
        let (noToken, noTokenOutput) = try runToCompletion(filings, ["subscriptions", "list", "--url", api], environment: ["NOTIFY_API_TOKEN": ""])
        #expect(noToken != 0 && noTokenOutput.contains("unauthorized"), "\(noTokenOutput)")
        let (added, addOutput) = try runToCompletion(filings, ["subscriptions", "add", "--url", api, receiver.url, "revenue_growth_yoy > 1.0",
                                                               "--id", "growth", "--secret", Self.secret], environment: cliEnv)
        #expect(added == 0, "\(addOutput)")
        let (addedBeat, addBeatOutput) = try runToCompletion(filings, ["subscriptions", "add", "--url", api, receiver.url,
                                                                       "guidance.revenue = above", "--id", "beat", "--secret", Self.secret],
                                                             environment: cliEnv)
        #expect(addedBeat == 0, "\(addBeatOutput)")
        let (listed, listOutput) = try runToCompletion(filings, ["subscriptions", "list", "--url", api], environment: cliEnv)
        #expect(listed == 0 && listOutput.contains("growth") && !listOutput.contains(Self.secret), "\(listOutput)")

        let files = PipelineEndToEndTests.samples.map { samplesDirectory().appendingPathComponent($0).path }
        let (status, output) = try runToCompletion(filings, ["publish"] + files, environment: env)
        #expect(status == 0, "publish failed: \(output)")
        let deadline = ContinuousClock.now + .seconds(120)
        while (try notifiedCount(work.appendingPathComponent("notify.sqlite").path) < 3 || receiver.received.count < 2)
                && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(300))
        }
        try await Task.sleep(for: .seconds(3))  // a second webhook would show up here
        let context = services.map { "--- \($0.name)\n\($0.log.suffix(2500))" }.joined(separator: "\n")
        // Exactly one webhook per subscription: growth above 100 % (Q3 2003), revenue above the
        // top of its guidance (Q4 2003: 13,257,000 against 12.0-13.0 million).
        try #require(receiver.received.count == 2, "webhooks: \(receiver.received.count)\n\(context)")
        #expect(receiver.received.filter { !$0.verified }.isEmpty)
        let bodies = receiver.received.map { (try? JSONSerialization.jsonObject(with: $0.body) as? [String: Any]) ?? [:] }
        func periodEnd(_ body: [String: Any]) -> String? {
            (((body["event"] as? [String: Any])?["data"] as? [String: Any])?["period"] as? [String: Any])?["end"] as? String
        }
        let body = try #require(bodies.first { $0["rule"] as? String == "revenue_growth_yoy > 1.0" })
        #expect(periodEnd(body) == "2003-09-30")
        #expect(abs(((body["values"] as? [String: Any])?["revenue_growth_yoy"] as? Double ?? 0) - 2.302) < 0.001)
        let beat = try #require(bodies.first { $0["rule"] as? String == "guidance.revenue = above" })
        #expect(periodEnd(beat) == "2003-12-31")

        // The outcome is visible in the API and on notifications.delivered.
        var request = URLRequest(url: URL(string: "\(api)/deliveries?subscription=growth&status=succeeded")!)
        request.setValue("Bearer e2e-token", forHTTPHeaderField: "Authorization")
        let (deliveries, _) = try await URLSession.shared.data(for: request)
        #expect(((try JSONSerialization.jsonObject(with: deliveries) as? [String: Any])?["deliveries"] as? [Any])?.count == 1)
        let outcomes = try await readTopic(bootstrap, Topics().notificationsDelivered, atLeast: 2, seconds: 20)
        #expect(outcomes.count == 2)

        // Watching without webhooks: subscribe with filters.
        let (watched, watchOutput) = try runToCompletion(filings, ["subscribe", "metrics.computed", "--from-beginning", "--count", "3",
                                                                   "--metric", "revenue_growth_yoy", "--format", "text", "--timeout", "30"],
                                                         environment: env)
        #expect(watched == 0 && watchOutput.split(separator: "\n").count == 3 && !watchOutput.contains("revenue 1"), "\(watchOutput)")
        let (none, _) = try runToCompletion(filings, ["subscribe", "metrics.computed", "--from-beginning", "--count", "1", "--cik", "999999",
                                                      "--timeout", "8"], environment: env)
        #expect(none == 1)

        for service in services {
            let code = await service.terminate()
            #expect(code == 0, "\(service.name) did not stop cleanly\n\(service.log.suffix(2000))")
        }
        #expect(!notify.log.contains(Self.secret), "a secret was logged")
    }

    /// notify crashes right after a failed attempt (fault injection), restarts, is killed -9 while
    /// waiting for the next retry, restarts again: the receiver still sees exactly one success.
    @Test func killedInTheMiddleOfARetrySequenceStillDeliversExactlyOnce() async throws {
        let bin = try binDirectory()
        let work = try temporaryDirectory("notify-crash")
        var children: [ChildProcess] = []
        defer { for child in children where child.process.isRunning { kill(child.process.processIdentifier, SIGKILL) } }
        let (broker, bootstrap) = try await startDevBroker(bin: bin, work: work)
        children.append(broker)
        let receiver = try await E2EReceiver.start(secret: Self.secret) { n in n < 2 ? 500 : 200 }
        defer { receiver.stop() }
        let subscriptions = work.appendingPathComponent("subscriptions.json")
        try Data("""
            [{"id": "growth", "url": "\(receiver.url)", "rule": "revenue_growth_yoy > 1.0", "secret": "\(Self.secret)"}]
            """.utf8).write(to: subscriptions)
        func startNotify(crash: Bool) throws -> ChildProcess {
            var env = ["KAFKA_BOOTSTRAP_SERVERS": bootstrap, "HTTP_PORT": "0",
                       "KAFKA_SESSION_TIMEOUT_MS": "6000", "KAFKA_HEARTBEAT_INTERVAL_MS": "1000",
                       "STORE_PATH": work.appendingPathComponent("notify.sqlite").path,
                       "NOTIFY_SUBSCRIPTIONS_FILE": subscriptions.path, "NOTIFY_ALLOW_PRIVATE_TARGETS": "loopback",
                       "NOTIFY_RETRY_SCHEDULE": "0,3s,3s,3s,3s", "NOTIFY_RETRY_JITTER": "0"]
            if crash {
                env["FILINGS_CRASH_AT"] = "after-delivery-attempt"
                env["FILINGS_CRASH_ONCE_FILE"] = work.appendingPathComponent("notify.crashed").path
            }
            let child = try ChildProcess(bin.appendingPathComponent("notify"), environment: env, logDirectory: work, name: "notify-\(children.count)")
            children.append(child)
            return child
        }
        var notify = try startNotify(crash: true)

        // One metric event that matches (Q3 2003 of the samples).
        let producer = try KafkaProducer(config: ["bootstrap.servers": bootstrap])
        let data = #"{"filing_id":"0001-03-000001","company_key":"file-0-27460","cik":null,"accession":null,"company":"PTIX","form":"8-K","period":{"start":"2003-07-01","end":"2003-09-30"},"metrics":[{"name":"revenue_growth_yoy","value":2.302,"unit":"pure","period":{"start":"2003-07-01","end":"2003-09-30"},"computed_from":[]}]}"#
        let event = CloudEvent(id: "e2e-q3", source: "/filings/metrics", type: "metrics.computed.v1", subject: "0001-03-000001",
                               data: Array(data.utf8))
        try await producer.send(ProducerRecord(topic: Topics().metricsComputed, key: "file-0-27460", value: event.data, headers: event.headers))
        await producer.close()

        var deadline = ContinuousClock.now + .seconds(60)
        while notify.process.isRunning && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(100)) }
        try #require(!notify.process.isRunning, "notify never reached its crash point:\n\(notify.log.suffix(2000))")
        #expect(notify.process.terminationStatus == 137)
        #expect(receiver.received.count == 1)

        notify = try startNotify(crash: false)
        deadline = ContinuousClock.now + .seconds(60)
        while receiver.received.count < 2 && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(50)) }
        try #require(receiver.received.count == 2, "no retry after restart:\n\(notify.log.suffix(2000))")
        kill(notify.process.processIdentifier, SIGKILL)  // waiting for the third attempt
        notify.process.waitUntilExit()

        notify = try startNotify(crash: false)
        deadline = ContinuousClock.now + .seconds(60)
        while receiver.successes.isEmpty && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(100)) }
        try await Task.sleep(for: .seconds(4))  // a repeat would show up here
        #expect(receiver.successes.count == 1, "successes: \(receiver.successes.count)\n\(notify.log.suffix(2000))")
        #expect(receiver.received.map(\.answered) == [500, 500, 200])
        #expect(Set(receiver.received.map(\.id)).count == 1)
        #expect(receiver.received.filter { !$0.verified }.isEmpty)
        let outcomes = try await readTopic(bootstrap, Topics().notificationsDelivered, atLeast: 1, seconds: 20)
        let ids = Set(try outcomes.map { try CloudEvent(message: $0).id })
        #expect(ids.count == 1)
        #expect(await notify.terminate() == 0)
    }
}

/// Reads `topic` from the beginning until `atLeast` records arrived and 2 s passed without more.
func readTopic(_ bootstrap: String, _ topic: String, atLeast: Int, seconds: Double) async throws -> [KafkaMessage] {
    let consumer = try KafkaConsumer(config: ["bootstrap.servers": bootstrap, "group.id": "check-\(UUID().uuidString.prefix(6))",
                                              "auto.offset.reset": "earliest"], topics: [topic])
    let collected = Locked<[KafkaMessage]>([])
    let reader = Task {
        while let message = try await consumer.next() { collected.mutate { $0.append(message) } }
    }
    let deadline = ContinuousClock.now + .seconds(seconds)
    while collected.value.count < atLeast && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(100)) }
    try await Task.sleep(for: .seconds(2))
    reader.cancel()
    _ = try? await reader.value
    await consumer.close()
    return collected.value
}

/// A value behind a lock, shareable between tasks.
final class Locked<Value: Sendable>: Sendable {
    private let mutex: Mutex<Value>
    init(_ value: Value) { mutex = Mutex(value) }
    var value: Value { mutex.withLock { $0 } }
    @discardableResult
    func mutate<R: Sendable>(_ body: (inout Value) -> R) -> R { mutex.withLock { body(&$0) } }
}

/// A webhook receiver on 127.0.0.1 that verifies signatures the documented way and answers from a script.
final class E2EReceiver: Sendable {
    struct Received: Sendable {
        var id: String
        var body: Data
        var verified: Bool
        var answered: Int
    }

    private let log = Locked<[Received]>([])
    private let port = Locked<Int>(0)
    private let group = Locked<ServiceGroup?>(nil)
    private let secret: String
    private let script: @Sendable (Int) -> Int

    var url: String { "http://127.0.0.1:\(port.value)/hook" }
    var received: [Received] { log.value }
    var successes: [Received] { received.filter { $0.answered == 200 } }

    private init(secret: String, script: @escaping @Sendable (Int) -> Int) {
        self.secret = secret
        self.script = script
    }

    static func start(secret: String, script: @escaping @Sendable (Int) -> Int = { _ in 200 }) async throws -> E2EReceiver {
        let receiver = E2EReceiver(secret: secret, script: script)
        try await receiver.listen()
        return receiver
    }

    private func listen() async throws {
        let router = Router()
        let keyData = Data(base64Encoded: String(secret.dropFirst(6)))!
        router.post("/hook") { request, _ -> Response in
            let body = Data(try await request.body.collect(upTo: 10_000_000).readableBytesView)
            let id = request.headers[HTTPField.Name("webhook-id")!] ?? ""
            let timestamp = request.headers[HTTPField.Name("webhook-timestamp")!] ?? ""
            let signature = request.headers[HTTPField.Name("webhook-signature")!] ?? ""
            var content = Data("\(id).\(timestamp).".utf8)
            content.append(body)
            let expected = "v1," + Data(HMAC<SHA256>.authenticationCode(for: content, using: SymmetricKey(data: keyData))).base64EncodedString()
            let fresh = abs((Double(timestamp) ?? 0) - Date().timeIntervalSince1970) < 300
            let verified = fresh && signature.split(separator: " ").contains { $0 == expected }
            let status = self.log.mutate { log -> Int in
                let status = self.script(log.count)
                log.append(Received(id: id, body: body, verified: verified, answered: status))
                return status
            }
            return Response(status: .init(code: status))
        }
        let (portStream, portContinuation) = AsyncStream.makeStream(of: Int.self)
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                              onServerRunning: { channel in portContinuation.yield(channel.localAddress?.port ?? 0) })
        let group = ServiceGroup(services: [app], gracefulShutdownSignals: [], cancellationSignals: [], logger: .init(label: "receiver"))
        self.group.mutate { $0 = group }
        Task { try await group.run() }
        var iterator = portStream.makeAsyncIterator()
        guard let port = await iterator.next() else { throw SetupError("receiver did not start") }
        self.port.mutate { $0 = port }
    }

    func stop() {
        guard let group = group.value else { return }
        Task { await group.triggerGracefulShutdown() }
    }
}
