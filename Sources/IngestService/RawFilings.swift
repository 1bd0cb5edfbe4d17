import CZlib
import FilingsCore
import Foundation
import GRDB

/// Every accepted filing's bytes as received, deflated (zlib format, with its Adler-32 check) and
/// addressed by their SHA-256, in ingest's store (table `raw_filings`): what `filings replay`
/// rebuilds `filings.ingested` events from. The same bytes accepted twice are kept once.
public enum RawFilings {
    /// Keeps `bytes` (their SHA-256 is `sha256`), inside the caller's transaction; nothing when already kept.
    static func keep(_ db: Database, sha256: String, bytes: [UInt8], contentType: String) throws {
        try db.cachedStatement(sql: """
            INSERT OR IGNORE INTO raw_filings (sha256, size_bytes, compressed, content_type, stored_at) VALUES (?, ?, ?, ?, ?)
            """).execute(arguments: [sha256, bytes.count, Data(try deflate(bytes)), contentType, Date()])
    }

    /// The kept bytes of `sha256` with their content type; nil when not kept (accepted before
    /// raw filings were kept). Throws when the stored copy does not inflate to bytes with that hash.
    static func read(_ db: Database, sha256: String) throws -> (bytes: [UInt8], contentType: String)? {
        guard let row = try Row.fetchOne(db, sql: "SELECT size_bytes, compressed, content_type FROM raw_filings WHERE sha256 = ?",
                                         arguments: [sha256]) else { return nil }
        let bytes = try inflate([UInt8](row["compressed"] as Data), size: row["size_bytes"])
        guard sha256Hex(bytes) == sha256 else { throw RawFilingError.corrupt("the raw copy of \(sha256) does not match its hash") }
        return (bytes, row["content_type"])
    }

    /// Raw and stored bytes of every kept filing (for `/metrics` and the report of storage cost).
    public static func totals(_ db: Database) throws -> (count: Int, rawBytes: Int, storedBytes: Int) {
        let row = try Row.fetchOne(db, sql: "SELECT COUNT(*), COALESCE(SUM(size_bytes), 0), COALESCE(SUM(LENGTH(compressed)), 0) FROM raw_filings")
        return (row?[0] ?? 0, row?[1] ?? 0, row?[2] ?? 0)
    }

    static func createTable(_ db: Database) throws {
        try db.create(table: "raw_filings") { t in
            t.primaryKey("sha256", .text)
            t.column("size_bytes", .integer).notNull()
            t.column("compressed", .blob).notNull()
            t.column("content_type", .text).notNull()
            t.column("stored_at", .datetime).notNull()
        }
    }

    /// `bytes` deflated at zlib's fastest level 1. On the plain-text fixtures under 100 kB: 17%
    /// larger than level 9 and 10 times faster (level 9: 4.8 ms of CPU per filing, more than the
    /// rest of ingest; level 6, 1% larger than 9: 1.1 ms, still a third of ingest's CPU in a profile).
    public static func deflate(_ bytes: [UInt8]) throws -> [UInt8] {
        var length = compressBound(uLong(bytes.count))
        var out = [UInt8](repeating: 0, count: Int(length))
        let status = bytes.withUnsafeBufferPointer { source in
            compress2(&out, &length, source.baseAddress, uLong(source.count), 1)
        }
        guard status == Z_OK else { throw RawFilingError.zlib("deflate failed (zlib status \(status))") }
        return Array(out.prefix(Int(length)))
    }

    /// Inflates `compressed` to exactly `size` bytes.
    public static func inflate(_ compressed: [UInt8], size: Int) throws -> [UInt8] {
        var length = uLongf(size)
        var out = [UInt8](repeating: 0, count: max(size, 1))
        let status = compressed.withUnsafeBufferPointer { source in
            uncompress(&out, &length, source.baseAddress, uLong(source.count))
        }
        guard status == Z_OK, Int(length) == size else {
            throw RawFilingError.zlib("inflate failed (zlib status \(status), \(length) of \(size) bytes)")
        }
        return Array(out.prefix(size))
    }
}

public enum RawFilingError: Error, CustomStringConvertible {
    case zlib(String)
    case corrupt(String)

    public var description: String {
        switch self {
        case .zlib(let detail), .corrupt(let detail): detail
        }
    }
}
