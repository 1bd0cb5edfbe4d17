import FilingEvents
import FilingsCore
import Foundation
import KafkaKit
@testable import NotifyService

/// A synthetic `metrics.computed.v1` record (the event's current shape, built by hand).
func metricsRecord(id: String, companyKey: String = "320193", cik: String? = "320193", company: String? = "Apple Inc.",
                   form: String? = "8-K", filingID: String? = nil, start: String = "2003-07-01", end: String = "2003-09-30",
                   metrics: [String: Double], extra: [(name: String, value: Double, start: String, end: String, kind: String)] = [],
                   guidance: [[String: String]] = []) throws -> KafkaMessage {
    let period: [String: Any] = ["start": start, "end": end]
    let list: [[String: Any]] = metrics.sorted { $0.key < $1.key }.map {
        ["name": $0.key, "value": $0.value, "unit": $0.key.contains("growth") ? "pure" : "USD", "period": period,
         "period_kind": "quarter", "derived": false, "formula": "", "computed_from": [String]()]
    } + extra.map {
        ["name": $0.name, "value": $0.value, "unit": "pure", "period": ["start": $0.start, "end": $0.end], "period_kind": $0.kind,
         "derived": false, "formula": "", "computed_from": [String]()]
    }
    var object: [String: Any] = ["kind": "filing", "filing_id": filingID ?? "filing-\(id)", "company_key": companyKey, "period": period,
                                 "metrics": list, "restatements": [Any](), "claim_checks": [Any](), "derivation_checks": [Any](),
                                 "guidance": guidance.map { entry -> [String: Any] in
                                     var g: [String: Any] = entry
                                     g["period"] = period
                                     return g
                                 }]
    object["cik"] = cik
    object["company"] = company
    object["form"] = form
    object["accession"] = filingID
    let data = try JSONSerialization.data(withJSONObject: object)
    let event = CloudEvent(id: id, source: EventSources.metrics, type: EventTypes.metricsComputed, subject: filingID ?? "filing-\(id)",
                           data: [UInt8](data))
    return KafkaMessage(topic: Topics().metricsComputed, partition: 0, offset: 0, key: Array(companyKey.utf8),
                        value: event.data, headers: event.headers)
}

let testSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"

/// Adds a subscription straight to the store (loopback allowed).
@discardableResult
func subscribe(_ store: Store, id: String = "s1", url: String, rule: String, secret: String = testSecret) async throws -> Subscription {
    try await SubscriptionStore.create(SubscriptionRequest(id: id, url: url, rule: rule, secret: secret), origin: "api",
                                       store: store, policy: TargetPolicy(allowance: .loopback))
}

func deliveries(_ store: Store) async throws -> [Delivery] {
    try await store.writer.read { db in try DeliveryStore.list(db) }
}
