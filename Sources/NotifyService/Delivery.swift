import FilingsCore
import Foundation
import GRDB

/// One webhook to send: a row of `deliveries`, created in the transaction that processed the
/// metric event, updated after every attempt.
public struct Delivery: Codable, Sendable, Equatable {
    /// The `webhook-id`: derived from the event and the subscription, the same on every attempt.
    public var id: String
    public var subscriptionID: String
    public var eventID: String
    public var filingID: String
    public var companyKey: String
    /// `pending`, `succeeded`, `failed`, `dead` or `cancelled`.
    public var status: String
    public var attempts: Int
    public var nextAttemptAt: Date?
    public var lastStatusCode: Int?
    public var lastError: String?
    public var createdAt: Date
    public var finishedAt: Date?

    enum CodingKeys: String, CodingKey {
        case id, subscriptionID = "subscription_id", eventID = "event_id", filingID = "filing_id", companyKey = "company_key"
        case status, attempts, nextAttemptAt = "next_attempt_at", lastStatusCode = "last_status_code", lastError = "last_error"
        case createdAt = "created_at", finishedAt = "finished_at"
    }

    init(row: Row) {
        id = row["id"]
        subscriptionID = row["subscription_id"]
        eventID = row["event_id"]
        filingID = row["filing_id"]
        companyKey = row["company_key"]
        status = row["status"]
        attempts = row["attempts"]
        nextAttemptAt = (row["next_attempt_at"] as Double?).map(Date.init(timeIntervalSince1970:))
        lastStatusCode = row["last_status_code"]
        lastError = row["last_error"]
        createdAt = Date(timeIntervalSince1970: row["created_at"])
        finishedAt = (row["finished_at"] as Double?).map(Date.init(timeIntervalSince1970:))
    }

    /// The webhook id of `eventID` for `subscriptionID`.
    public static func webhookID(eventID: String, subscriptionID: String) -> String {
        "msg_" + sha256Hex("\(eventID)\u{0}\(subscriptionID)".utf8).prefix(32)
    }
}

/// One attempt of a delivery, as recorded.
public struct DeliveryAttempt: Codable, Sendable, Equatable {
    public var attempt: Int
    public var at: Date
    public var statusCode: Int?
    public var error: String?

    enum CodingKeys: String, CodingKey { case attempt, at, statusCode = "status_code", error }
}

/// Queries over `deliveries` and `delivery_attempts`.
public enum DeliveryStore {
    /// Deliveries filtered by subscription and status, newest first.
    public static func list(_ db: Database, subscription: String? = nil, status: String? = nil, limit: Int = 100) throws -> [Delivery] {
        var clauses: [String] = []
        var arguments: StatementArguments = []
        if let subscription { clauses.append("subscription_id = ?"); arguments += [subscription] }
        if let status { clauses.append("status = ?"); arguments += [status] }
        let filter = clauses.isEmpty ? "" : "WHERE " + clauses.joined(separator: " AND ")
        arguments += [limit]
        return try Row.fetchAll(db, sql: "SELECT * FROM deliveries \(filter) ORDER BY created_at DESC, id LIMIT ?",
                                arguments: arguments).map(Delivery.init(row:))
    }

    public static func attempts(_ db: Database, delivery: String) throws -> [DeliveryAttempt] {
        try Row.fetchAll(db, sql: "SELECT * FROM delivery_attempts WHERE delivery_id = ? ORDER BY attempt", arguments: [delivery]).map {
            DeliveryAttempt(attempt: $0["attempt"], at: Date(timeIntervalSince1970: $0["attempted_at"]),
                            statusCode: $0["status_code"], error: $0["error"])
        }
    }

    /// A due delivery with what sending it needs.
    struct Due: Sendable {
        var id: String
        var subscriptionID: String
        var url: String
        var secret: String
        var body: [UInt8]
        var attempts: Int
    }

    static func due(_ db: Database, now: Date, limit: Int) throws -> [Due] {
        try Row.fetchAll(db, sql: """
            SELECT d.id, d.subscription_id, d.body, d.attempts, s.url, s.secret
            FROM deliveries d JOIN subscriptions s ON s.id = d.subscription_id
            WHERE d.status = 'pending' AND s.status = 'active' AND d.next_attempt_at <= ?
            ORDER BY d.next_attempt_at, d.id LIMIT ?
            """, arguments: [now.timeIntervalSince1970, limit]).map {
            Due(id: $0["id"], subscriptionID: $0["subscription_id"], url: $0["url"], secret: $0["secret"],
                body: [UInt8]($0["body"] as Data), attempts: $0["attempts"])
        }
    }

    static func nextDue(_ db: Database) throws -> Date? {
        try Double.fetchOne(db, sql: """
            SELECT MIN(d.next_attempt_at) FROM deliveries d JOIN subscriptions s ON s.id = d.subscription_id
            WHERE d.status = 'pending' AND s.status = 'active'
            """).map(Date.init(timeIntervalSince1970:))
    }
}
