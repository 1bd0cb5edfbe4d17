import FilingsCore
import Foundation
import Testing

/// The samples published in date order and in reverse order, each through its own pipeline:
/// the metrics service's final state, read through its query API, is the same.
@Suite(.serialized, .timeLimit(.minutes(5)))
struct MetricsEndToEndTests {
    @Test func bothPublishingOrdersEndInTheSameQueriedState() async throws {
        let files = PipelineEndToEndTests.samples.map { samplesDirectory().appendingPathComponent($0).path }
        var states: [[[String: Any]]] = []
        for order in [files, files.reversed()] {
            let pipeline = try await Pipeline(tag: "order")
            for file in order {
                let (status, output) = try pipeline.filings(["publish", file])
                #expect(status == 0, "\(output)")
            }
            let metrics = try await settledMetrics(pipeline)
            let codes = await pipeline.stop()
            #expect(codes.values.allSatisfy { $0 == 0 }, "\(codes)")
            states.append(metrics)
        }
        let (forward, reverse) = (states[0], states[1])
        #expect(forward.count == reverse.count)
        #expect(canonical(forward) == canonical(reverse))

        func value(_ name: String, _ start: String, _ end: String) -> Double? {
            forward.first { $0["name"] as? String == name && ($0["period"] as? [String: String]) == ["start": start, "end": end] }?["value"] as? Double
        }
        #expect(value("revenue", "2003-01-01", "2003-03-31") == 11_039_000)
        #expect(value("revenue_growth_yoy", "2003-07-01", "2003-09-30").map { abs($0 - 2.302) < 0.0005 } == true)
        #expect(value("revenue_growth_qoq", "2003-10-01", "2003-12-31").map { abs($0 - 0.0151) < 0.00005 } == true)
        #expect(value("gross_margin", "2003-10-01", "2003-12-31").map { abs($0 - 0.5300) < 0.00005 } == true)
    }

    /// Polls `/companies/file-0-27460/metrics` until three filings are in and the answer stops changing.
    func settledMetrics(_ pipeline: Pipeline) async throws -> [[String: Any]] {
        let deadline = ContinuousClock.now + .seconds(120)
        var previous = ""
        while ContinuousClock.now < deadline {
            try await Task.sleep(for: .seconds(2))
            guard let companies = try? await httpGet(pipeline.url("metrics", "/companies"), waitingUpTo: 5),
                  let list = try? JSONSerialization.jsonObject(with: companies.body) as? [[String: Any]],
                  list.first?["filings"] as? Int == 3 else { continue }
            let answer = try await httpGet(pipeline.url("metrics", "/companies/file-0-27460/metrics"), waitingUpTo: 5)
            let text = String(decoding: answer.body, as: UTF8.self)
            if text == previous {
                return (try JSONSerialization.jsonObject(with: answer.body) as? [String: Any])?["metrics"] as? [[String: Any]] ?? []
            }
            previous = text
        }
        throw SetupError("metrics did not settle within 120 s\n\(pipeline.log("metrics").suffix(3000))")
    }

    /// Metrics without their provenance (filing ids differ between runs only by arrival).
    func canonical(_ metrics: [[String: Any]]) -> [String] {
        metrics.map { m in
            let period = (m["period"] as? [String: String]).map { "\($0["start"] ?? "")..\($0["end"] ?? $0["instant"] ?? "")" } ?? ""
            return "\(m["name"] ?? "")|\(period)|\(m["value"] ?? "")|\(m["derived"] ?? "")"
        }.sorted()
    }
}
