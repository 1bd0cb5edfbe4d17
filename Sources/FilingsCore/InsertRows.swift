import GRDB

extension Database {
    /// Runs `insert` (`INSERT ... INTO table (columns)`, without `VALUES`) for `rows` (`columns`
    /// values each), in order, with one statement per up to 32 rows: a statement per row spent more
    /// in GRDB's and SQLite's per-statement work than in the rows. The statements are cached, one
    /// per row count (32, 16, 8, 4, 2 and 1).
    public func insertRows(_ insert: String, columns: Int, _ rows: [StatementArguments]) throws {
        let row = "(" + Array(repeating: "?", count: columns).joined(separator: ", ") + ")"
        var start = 0
        while start < rows.count {
            let left = rows.count - start
            let count = min(32, 1 << (Int.bitWidth - 1 - left.leadingZeroBitCount))  // the greatest power of two <= left
            var arguments = StatementArguments()
            for values in rows[start..<start + count] { arguments += values }
            try cachedStatement(sql: insert + " VALUES " + Array(repeating: row, count: count).joined(separator: ", "))
                .execute(arguments: arguments)
            start += count
        }
    }
}
