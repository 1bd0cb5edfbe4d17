import Foundation
import Testing

/// A kill -9 of any service, restarted with its store and `SERVICE_INSTANCE_ID` (static group
/// membership) the way a supervisor does, after a short pause: its stage moves again within 10 s
/// of the kill (within 8 s of a restart 2 s after it).
///
/// The pause (2 s) matters on the dev broker only: librdkafka's mock cluster has no static
/// membership, so the restarted process joins as a new member. A join starts a rebalance that
/// elects after `session.timeout.ms` - 1 s (5 s); a dead member still in the group then (it is
/// dropped 6 s after its last heartbeat) is elected too, its missing sync costs a second 5 s round,
/// and the stage moves about 11 s after an immediate restart, 5.5 s after one 2 s later (measured,
/// docs/operations.md "Latency and restarts"). A real broker hands a static member its partitions
/// back as soon as it rejoins.
@Suite(.serialized, .timeLimit(.minutes(5)))
struct RestartTests {
    /// `filings_messages_processed_total` of `stage` on the service's `/metrics`, nil while it does not answer.
    static func processed(_ pipeline: Pipeline, _ stage: String) async -> Double? {
        guard let answer = try? await httpGet(pipeline.url(stage, "/metrics"), waitingUpTo: 0.2), answer.status == 200 else { return nil }
        let prefix = "filings_messages_processed_total{stage=\"\(stage)\"} "
        let line = String(decoding: answer.body, as: UTF8.self).split(separator: "\n").first { $0.hasPrefix(prefix) }
        return line.flatMap { Double($0.dropFirst(prefix.count)) } ?? 0
    }

    /// The log line each service writes when it handled a record.
    static let handledLine = ["ingest": "filing accepted", "parse": "filing parsed", "metrics": "metrics computed",
                              "notify": "metric event"]

    /// The time stamp (whole seconds, swift-log's default "2026-12-06T16:44:40+0000") of the first
    /// line of `log` that contains `text`.
    static func firstLogTime(_ log: String, containing text: String) -> Date? {
        let format = DateFormatter()
        format.locale = Locale(identifier: "en_US_POSIX")
        format.dateFormat = "yyyy-MM-dd'T'HH:mm:ssZ"
        guard let line = log.split(separator: "\n").first(where: { $0.contains(text) }),
              let stamp = line.split(separator: " ").first else { return nil }
        return format.date(from: String(stamp))
    }

    @Test func eachServiceKilledAndRestartedHandlesTheNextFilingWithin10Seconds() async throws {
        let pipeline = try await Pipeline(tag: "restart", environment: ["SERVICE_INSTANCE_ID": "0"])
        defer { for child in pipeline.children where child.process.isRunning { kill(child.process.processIdentifier, SIGKILL) } }
        let sample = try Data(contentsOf: samplesDirectory().appendingPathComponent("ptix-8k-2003-07-23.txt"))
        var variants = 0
        // A new filing each time (ingest drops repeats by content): the sample with a line of its own.
        func publishVariant() throws {
            variants += 1
            let file = pipeline.work.appendingPathComponent("variant-\(variants).txt")
            try (sample + Data("\nVariant \(variants) of the sample.\n".utf8)).write(to: file)
            let (status, output) = try pipeline.filings(["publish", file.path])
            try #require(status == 0, "\(output)")
        }
        func waitForProcessed(_ stage: String, seconds: Double) async throws -> Duration? {
            let started = ContinuousClock.now
            while ContinuousClock.now < started + .seconds(seconds) {
                if let count = await Self.processed(pipeline, stage), count >= 1 { return ContinuousClock.now - started }
                try await Task.sleep(for: .milliseconds(100))
            }
            return nil
        }

        try publishVariant()
        for stage in Pipeline.services {
            try #require(try await waitForProcessed(stage, seconds: 60) != nil, "\(stage) never handled the first filing:\n\(pipeline.log(stage).suffix(2000))")
        }
        var took: [String: Duration] = [:]
        // The next filing is published while the stage is down (the `filings` process's own start-up
        // under load is not the stage's), and the clock runs from the restart: 8 s after a restart
        // 2 s after the kill is the issue's 10 s after the kill.
        // When the record was handled is read from the restarted service's own log (its first
        // "handled" line, to the second), not from when this test process saw it: with every suite
        // running at once on two cores, this process's polling can lag the service by many seconds.
        for stage in Pipeline.services {
            try await pipeline.killAndRestart(stage, after: .seconds(2), whileDown: publishVariant)
            let restarted = Date()
            try #require(try await waitForProcessed(stage, seconds: 30) != nil,
                         "\(stage) handled nothing within 30 s of its restart:\n\(pipeline.log(stage).suffix(2000))")
            let handled = try #require(Self.firstLogTime(pipeline.log(stage), containing: Self.handledLine[stage]!),
                                       "no \"\(Self.handledLine[stage]!)\" line in the \(stage) log")
            let moved = handled.timeIntervalSince(restarted)
            took[stage] = .seconds(moved)
            #expect(moved < 8, "\(stage) handled its first record \(moved) s after its restart:\n\(pipeline.log(stage).suffix(2000))")
        }
        print("restart (2 s after a kill -9) to next record handled (log time, to the second): "
              + Pipeline.services.map { "\($0) \(took[$0].map { "\($0)" } ?? "-")" }.joined(separator: ", "))
        let codes = await pipeline.stop()
        #expect(codes.values.allSatisfy { $0 == 0 }, "\(codes)")
    }
}
