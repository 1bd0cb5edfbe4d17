import GRDB

extension DeliveryStore {
    /// Every status a delivery can have.
    public static let statuses = ["pending", "succeeded", "failed", "dead", "cancelled"]

    /// How many deliveries have each status (every status listed, 0 when none), in `statuses` order.
    public static func countsByStatus(_ db: Database) throws -> [(key: String, value: Int)] {
        let rows = try Row.fetchAll(db, sql: "SELECT status, COUNT(*) AS n FROM deliveries GROUP BY status")
        let counts = Dictionary(uniqueKeysWithValues: rows.map { ($0["status"] as String, $0["n"] as Int) })
        return statuses.map { ($0, counts[$0] ?? 0) }
    }
}
