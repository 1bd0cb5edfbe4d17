import FilingsCore
import Foundation

/// Event types and source of what notify publishes.
public enum NotifyEventTypes {
    /// On `notifications.delivered`: the final outcome of one delivery (succeeded, failed, dead).
    public static let deliveryOutcome = "notifications.delivered.v1"
    /// On `notifications.dlq`: a delivery that exhausted its retries, with the webhook it carried.
    public static let deadDelivery = "notifications.dead.v1"
    public static let source = "/filings/notify"
}

/// The JSON body of a webhook: the metric event and the rule that matched.
public struct WebhookBody: Codable, Sendable {
    /// Always `metrics.rule_matched`.
    public var type: String
    public var subscriptionID: String
    public var rule: String
    /// The values of the metrics the rule reads (absent ones left out).
    public var values: [String: Double]
    /// When the match was recorded (RFC 3339).
    public var matchedAt: String
    public var event: Event

    public struct Event: Codable, Sendable {
        public var id: String
        public var source: String
        public var type: String
        public var subject: String?
        public var time: String
        public var data: JSONValue
    }

    enum CodingKeys: String, CodingKey {
        case type, subscriptionID = "subscription_id", rule, values, matchedAt = "matched_at", event
    }
}

/// The value of `notifications.delivered.v1` and `notifications.dead.v1`.
public struct DeliveryOutcome: Codable, Sendable, Equatable {
    /// The `webhook-id`.
    public var deliveryID: String
    public var subscriptionID: String
    public var eventID: String
    public var filingID: String
    public var companyKey: String
    /// `succeeded`, `failed` (a 4xx other than 429, or 410) or `dead` (every attempt failed).
    public var status: String
    public var attempts: Int
    public var lastStatusCode: Int?
    public var lastError: String?
    public var finishedAt: String
    /// Only on `notifications.dlq`: the webhook body that could not be delivered.
    public var webhook: JSONValue?

    enum CodingKeys: String, CodingKey {
        case deliveryID = "delivery_id", subscriptionID = "subscription_id", eventID = "event_id", filingID = "filing_id"
        case companyKey = "company_key", status, attempts, lastStatusCode = "last_status_code", lastError = "last_error"
        case finishedAt = "finished_at", webhook
    }
}

