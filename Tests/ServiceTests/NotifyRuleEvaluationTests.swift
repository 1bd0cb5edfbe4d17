import FilingsCore
import Foundation
@testable import NotifyService
import Testing

/// Rules over synthetic events, and the handler's "at most once per company and period".
struct NotifyRuleEvaluationTests {
    func matches(_ rule: String, _ record: KafkaMessageBox) throws -> Bool {
        let event = try MetricEvent(json: record.message.value)
        return try RuleParser.parse(rule).matches(EventContext(event: event) { _, _ in nil })
    }

    struct KafkaMessageBox { let message: KafkaKit.KafkaMessage }

    @Test func comparisonsFiltersAndGuidance() throws {
        let q3 = KafkaMessageBox(message: try metricsRecord(id: "e1", metrics: ["revenue": 13_060_000, "revenue_growth_yoy": 2.302],
                                                          guidance: [["metric": "revenue", "position": "above", "low": "1"]]))
        #expect(try matches("revenue_growth_yoy > 1.0", q3))
        #expect(try !matches("revenue_growth_yoy > 2.5", q3))
        #expect(try matches("revenue >= 13060000 and revenue <= 13060000", q3))
        #expect(try matches("cik = 0000320193 and form = 8-k and company = 'apple inc.'", q3))
        #expect(try matches("company = '320193'", q3))
        #expect(try !matches("cik != 320193 or form = 8-K/A", q3))
        #expect(try matches("guidance.revenue = above", q3))
        #expect(try !matches("guidance.revenue = within", q3))
        #expect(try matches("guidance.revenue != below", q3))
        // Missing values are unknown: never a match, even negated.
        #expect(try !matches("guidance.eps_diluted = above", q3))
        #expect(try !matches("net_income > 0", q3))
        #expect(try !matches("not (net_income > 0)", q3))
        #expect(try matches("net_income > 0 or revenue > 1", q3))
        #expect(try !matches("net_income > 0 and revenue > 1", q3))
    }

    @Test func periodKindPrefixReadsAnotherPeriod() throws {
        let record = KafkaMessageBox(message: try metricsRecord(
            id: "e2", metrics: ["revenue_growth_yoy": 0.2],
            extra: [("revenue_growth_yoy", 0.7, "2003-01-01", "2003-09-30", "ytd")]))
        #expect(try matches("revenue_growth_yoy < 0.5", record))
        #expect(try matches("quarter.revenue_growth_yoy < 0.5", record))
        #expect(try matches("ytd.revenue_growth_yoy > 0.5", record))
        #expect(try !matches("annual.revenue_growth_yoy > 0", record))
        #expect(try !matches("year.revenue_growth_yoy > 0", record))
    }

    @Test func aRuleFiresOncePerCompanyAndPeriodUnlessTheMatchChanges() async throws {
        let store = try Store.inMemory(migrations: NotifyService.migrations)
        try await subscribe(store, url: "http://127.0.0.1:9/hook", rule: "revenue_growth_yoy > 1.0")
        let handler = NotifyHandler(store: store, logger: quietLogger, clock: VirtualDeliveryClock())
        try await handler.handle(try metricsRecord(id: "q2", start: "2003-04-01", end: "2003-06-30", metrics: ["revenue_growth_yoy": 0.909]))
        try await handler.handle(try metricsRecord(id: "q3", metrics: ["revenue_growth_yoy": 2.302]))
        try await handler.handle(try metricsRecord(id: "q3", metrics: ["revenue_growth_yoy": 2.302]))  // redelivery
        try await handler.handle(try metricsRecord(id: "q3-amended", metrics: ["revenue_growth_yoy": 2.4]))  // still matching
        #expect(try await deliveries(store).map(\.eventID) == ["q3"])
        try await handler.handle(try metricsRecord(id: "q3-restated", metrics: ["revenue_growth_yoy": 0.5]))  // stops matching
        try await handler.handle(try metricsRecord(id: "q3-again", metrics: ["revenue_growth_yoy": 1.5]))  // matches again
        #expect(Set(try await deliveries(store).map(\.eventID)) == ["q3", "q3-again"])
        // Another company, same period: its own state.
        try await handler.handle(try metricsRecord(id: "other", companyKey: "789019", cik: "789019", metrics: ["revenue_growth_yoy": 3]))
        #expect(try await deliveries(store).count == 3)
    }

    @Test func turnsPositiveComparesWithThePreviousPeriod() async throws {
        let store = try Store.inMemory(migrations: NotifyService.migrations)
        try await subscribe(store, url: "http://127.0.0.1:9/hook", rule: "net_income turns positive")
        let handler = NotifyHandler(store: store, logger: quietLogger, clock: VirtualDeliveryClock())
        try await handler.handle(try metricsRecord(id: "q1", start: "2003-01-01", end: "2003-03-31", metrics: ["net_income": -5]))
        try await handler.handle(try metricsRecord(id: "q2", start: "2003-04-01", end: "2003-06-30", metrics: ["net_income": -1]))
        #expect(try await deliveries(store).isEmpty)
        try await handler.handle(try metricsRecord(id: "q3", start: "2003-07-01", end: "2003-09-30", metrics: ["net_income": 4]))
        try await handler.handle(try metricsRecord(id: "q4", start: "2003-10-01", end: "2003-12-31", metrics: ["net_income": 6]))
        #expect(try await deliveries(store).map(\.eventID) == ["q3"])
    }

    @Test func theWebhookBodyCarriesTheEventTheRuleAndTheValues() async throws {
        let store = try Store.inMemory(migrations: NotifyService.migrations)
        try await subscribe(store, url: "http://127.0.0.1:9/hook", rule: "revenue_growth_yoy > 1 and guidance.revenue = above")
        let handler = NotifyHandler(store: store, logger: quietLogger, clock: VirtualDeliveryClock())
        try await handler.handle(try metricsRecord(id: "g1", metrics: ["revenue_growth_yoy": 2.302],
                                                   guidance: [["metric": "revenue", "position": "above"]]))
        let body = try await store.writer.read { db in try Data.fetchOne(db, sql: "SELECT body FROM deliveries") }
        let json = try JSONSerialization.jsonObject(with: try #require(body)) as! [String: Any]
        #expect(json["type"] as? String == "metrics.rule_matched")
        #expect(json["rule"] as? String == "revenue_growth_yoy > 1 and guidance.revenue = above")
        #expect(json["subscription_id"] as? String == "s1")
        #expect((json["values"] as? [String: Double]) == ["revenue_growth_yoy": 2.302])
        let event = json["event"] as! [String: Any]
        #expect(event["id"] as? String == "g1")
        #expect(((event["data"] as? [String: Any])?["guidance"] as? [[String: Any]])?.first?["position"] as? String == "above")
    }
}

import KafkaKit
