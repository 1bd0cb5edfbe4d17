import FilingEvents
import FilingMetrics
import FilingParser
import FilingsCore
import Foundation
import Hummingbird
import HummingbirdTesting
import KafkaKit
@testable import MetricsService
import Testing

/// The values from the three PTIX samples, published in date order and in reverse.
struct MetricsServiceTests {
    static let samples = PipelineHandlerTests.samples

    func run(_ order: [String]) async throws -> (Store, [MetricsComputed]) {
        let store = try Store.inMemory(migrations: MetricsService.migrations)
        let handler = MetricsHandler(store: store, topics: Topics(), logger: quietLogger)
        let events = try await PipelineHandlerTests().parsed(Self.samples)
        let byName = Dictionary(uniqueKeysWithValues: zip(Self.samples, events))
        for name in order { try await handler.handle(byName[name]!) }
        let out = try await outboxMessages(store).map { try CloudEvent(message: $0).decode(MetricsComputed.self) }
        return (store, out)
    }

    @Test func bothArrivalOrdersEndInTheSameStateWithTheExpectedValues() async throws {
        let (forwardStore, _) = try await run(Self.samples)
        let (reverseStore, reverseEvents) = try await run(Self.samples.reversed())
        let forward = try #require(try await MetricsQueries(store: forwardStore).metrics(company: "file-0-27460"))
        let reverse = try #require(try await MetricsQueries(store: reverseStore).metrics(company: "file-0-27460"))
        let sameMetrics = forward == reverse
        #expect(sameMetrics, "the metrics differ between arrival orders")

        func value(_ name: String, _ start: String, _ end: String) -> Double? {
            forward.metrics.first { $0.name == name && $0.period == Period(start: start, end: end) }?.value
        }
        func close(_ a: Double?, _ b: Double, _ tolerance: Double = 0.00005) -> Bool { a.map { abs($0 - b) < tolerance } ?? false }
        #expect(close(value("revenue_growth_yoy", "2003-04-01", "2003-06-30"), 0.909, 0.0005))
        #expect(close(value("revenue_growth_yoy", "2003-07-01", "2003-09-30"), 2.302, 0.0005))
        #expect(close(value("revenue_growth_yoy", "2003-10-01", "2003-12-31"), 0.321, 0.0005))
        #expect(value("revenue", "2003-01-01", "2003-03-31") == 11_039_000)
        #expect(close(value("revenue_growth_qoq", "2003-04-01", "2003-06-30"), 0.145, 0.0005))
        #expect(close(value("revenue_growth_qoq", "2003-07-01", "2003-09-30"), 0.0336, 0.00005))
        #expect(close(value("revenue_growth_qoq", "2003-10-01", "2003-12-31"), 0.0151, 0.00005))
        #expect(close(value("gross_margin", "2003-04-01", "2003-06-30"), 0.4848))
        #expect(close(value("gross_margin", "2003-07-01", "2003-09-30"), 0.5011))
        #expect(close(value("gross_margin", "2003-10-01", "2003-12-31"), 0.5300))
        let q1 = try #require(forward.metrics.first { $0.name == "revenue" && $0.period.end == "2003-03-31" })
        #expect(q1.derived)
        let analysis = try #require(try await MetricsQueries(store: forwardStore).analysis(company: "file-0-27460"))
        let q4Check = try #require(analysis.derivationChecks.first { $0.concept == "Revenues" && $0.period.end == "2003-12-31" })
        #expect(q4Check.agrees && q4Check.reported == 13_257_000)

        func position(_ metric: String, _ end: String) -> GuidanceComparison? {
            analysis.guidance.first { $0.metric == metric && $0.period.end == end }
        }
        #expect(position("revenue", "2003-09-30")?.position == .within)
        #expect(position("revenue", "2003-09-30")?.surpriseVsMidpoint.map { abs($0 - 0.0046) < 0.00005 } == true)
        #expect(position("gross_margin", "2003-09-30")?.position == .above)
        #expect(position("eps_diluted", "2003-09-30")?.position == .within)
        #expect(position("revenue", "2003-12-31")?.position == .above)
        #expect(position("revenue", "2003-12-31")?.surpriseVsMidpoint.map { abs($0 - 0.0606) < 0.00005 } == true)
        #expect(position("gross_margin", "2003-12-31")?.position == .above)
        #expect(position("eps_diluted", "2003-12-31")?.position == .above)
        let sequentialClaim = analysis.claimChecks.first { $0.metric == "revenue_growth_qoq" && $0.period?.end == "2003-06-30" }
        #expect(sequentialClaim?.status == .holds, "the July release's 14% sequential growth claim: \(String(describing: sequentialClaim))")
        let reverseAnalysis = try #require(try await MetricsQueries(store: reverseStore).analysis(company: "file-0-27460"))
        let sameAnalysis = reverseAnalysis == analysis
        #expect(sameAnalysis, "the analysis differs between arrival orders")

        // In reverse order the July filing arrives last and completes earlier periods' metrics.
        #expect(reverseEvents.filter { $0.kind == .filing }.count == 3)
        let updates = reverseEvents.filter { $0.kind == .update }
        #expect(updates.contains { $0.period?.end == "2003-09-30" && $0.value("revenue_growth_qoq") != nil },
                "Q3's sequential growth needed Q2 from the July filing")
    }

    @Test func replayingAFilingEmitsNothingNew() async throws {
        let store = try Store.inMemory(migrations: MetricsService.migrations)
        let handler = MetricsHandler(store: store, topics: Topics(), logger: quietLogger)
        let events = try await PipelineHandlerTests().parsed(Self.samples)
        for event in events.reversed() { try await handler.handle(event) }
        let before = try await count(store, "SELECT COUNT(*) FROM outbox")
        for event in events { try await handler.handle(event) }
        #expect(try await count(store, "SELECT COUNT(*) FROM outbox") == before)
    }

    @Test func queryAPIServesJSONCSVFactsAndFilings() async throws {
        let (store, events) = try await run(Self.samples)
        let router = Router()
        MetricsQueries(store: store).addRoutes(to: router)
        let app = Application(router: router)
        try await app.test(.router) { client in
            try await client.execute(uri: "/companies", method: .get) { response in
                #expect(response.status == .ok)
                let companies = try JSONDecoder().decode([MetricsQueries.CompanySummary].self, from: Data(buffer: response.body))
                #expect(companies.map(\.companyKey) == ["file-0-27460"])
                #expect(companies.first?.filings == 3)
                #expect(companies.first?.latestPeriodEnd == "2003-12-31")
            }
            try await client.execute(uri: "/companies/file-0-27460/metrics?name=revenue&from=2003-06-30&to=2003-09-30", method: .get) { response in
                let list = try JSONDecoder().decode(MetricsQueries.MetricList.self, from: Data(buffer: response.body))
                #expect(list.metrics.filter { $0.periodKind == .quarter }.map(\.value) == [12_636_000, 13_060_000])
            }
            try await client.execute(uri: "/companies/file-0-27460/metrics?name=revenue&kind=quarter&format=csv", method: .get) { response in
                #expect(response.headers[.contentType]?.hasPrefix("text/csv") == true)
                let lines = String(buffer: response.body).split(separator: "\n")
                #expect(lines.first == "company_key,name,period_start,period_end,period_kind,value,unit,derived")
                #expect(lines.contains("file-0-27460,revenue,2003-01-01,2003-03-31,quarter,11039000,USD,true"))
            }
            try await client.execute(uri: "/companies/file-0-27460/facts?concept=NetIncomeLoss", method: .get) { response in
                let facts = try JSONDecoder().decode([MetricsQueries.FactRow].self, from: Data(buffer: response.body))
                #expect(facts.contains { $0.fact.value == 704_000 && $0.fact.period.end == "2003-06-30" })
            }
            try await client.execute(uri: "/filings/\(events[1].filingID)/metrics", method: .get) { response in
                let result = try JSONDecoder().decode(MetricsQueries.FilingMetrics.self, from: Data(buffer: response.body))
                #expect(result.period?.end == "2003-09-30")
                #expect(result.metrics.contains { $0.name == "revenue" && $0.value == 13_060_000 })
            }
            try await client.execute(uri: "/companies/9999/metrics", method: .get) { response in
                #expect(response.status == .notFound)
            }
        }
    }

    /// METRICS_API_TOKEN guards the query API (the routes added after the middleware); unset, it is open.
    @Test func queryAPITokenWhenSet() async throws {
        let (store, _) = try await run([Self.samples[0]])
        let router = Router()
        router.get("/healthz") { _, _ in "ok" }
        router.add(middleware: BearerAuth(token: "m3trics", setting: "METRICS_API_TOKEN", whenUnset: .open).middleware)
        MetricsQueries(store: store).addRoutes(to: router)
        try await Application(router: router).test(.router) { client in
            let status1 = try await client.execute(uri: "/companies", method: .get).status

            #expect(status1 == .unauthorized)
            let status2 = try await client.execute(uri: "/companies", method: .get, headers: [.authorization: "Bearer nope"]).status

            #expect(status2 == .unauthorized)
            let status3 = try await client.execute(uri: "/companies", method: .get, headers: [.authorization: "Bearer m3trics"]).status

            #expect(status3 == .ok)
            let status4 = try await client.execute(uri: "/healthz", method: .get).status

            #expect(status4 == .ok)
        }
        let open = Router()
        open.add(middleware: BearerAuth(token: nil, setting: "METRICS_API_TOKEN", whenUnset: .open).middleware)
        MetricsQueries(store: store).addRoutes(to: open)
        try await Application(router: open).test(.router) { client in
            let status5 = try await client.execute(uri: "/companies", method: .get).status

            #expect(status5 == .ok)
        }
    }
}
