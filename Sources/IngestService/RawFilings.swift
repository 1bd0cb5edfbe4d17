import CZlib
import CZstd
import FilingsCore
import Foundation
import GRDB

/// Every accepted filing's bytes as received, compressed and addressed by their SHA-256, in
/// ingest's store (table `raw_filings`): what `filings replay` rebuilds `filings.ingested` events
/// from. The same bytes accepted twice are kept once.
///
/// `codec` says how: `zstd` (Zstandard frame, level 1) since `ingest-v4-raw-codec`; NULL for the
/// rows kept before, deflated (zlib format, with its Adler-32 check), which stay readable.
public enum RawFilings {
    /// Keeps `bytes` (their SHA-256 is `sha256`), inside the caller's transaction; nothing when already kept.
    static func keep(_ db: Database, sha256: String, bytes: [UInt8], contentType: String) throws {
        try db.cachedStatement(sql: """
            INSERT OR IGNORE INTO raw_filings (sha256, size_bytes, compressed, content_type, stored_at, codec) VALUES (?, ?, ?, ?, ?, 'zstd')
            """).execute(arguments: [sha256, bytes.count, Data(try compress(bytes)), contentType, Date()])
    }

    /// The kept bytes of `sha256` with their content type; nil when not kept (accepted before
    /// raw filings were kept). Throws when the stored copy does not decompress to bytes with that hash.
    static func read(_ db: Database, sha256: String) throws -> (bytes: [UInt8], contentType: String)? {
        guard let row = try Row.fetchOne(db, sql: "SELECT size_bytes, compressed, content_type, codec FROM raw_filings WHERE sha256 = ?",
                                         arguments: [sha256]) else { return nil }
        let compressed = [UInt8](row["compressed"] as Data), size: Int = row["size_bytes"]
        let bytes: [UInt8]
        switch row["codec"] as String? {
        case nil: bytes = try inflate(compressed, size: size)
        case "zstd": bytes = try decompress(compressed, size: size)
        case let codec?: throw RawFilingError.corrupt("the raw copy of \(sha256) has an unknown codec \(codec)")
        }
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

    /// How each row is compressed: NULL (deflated, the rows kept before) or `zstd`.
    static func addCodec(_ db: Database) throws {
        try db.alter(table: "raw_filings") { t in t.add(column: "codec", .text) }
    }

    /// `bytes` compressed with Zstandard at level 1. On the bench's plain-text filings it is about
    /// five times faster than zlib's fastest level 1 (which was a fifth of ingest's CPU per filing
    /// in a profile of the pipeline) and no larger.
    public static func compress(_ bytes: [UInt8]) throws -> [UInt8] {
        var out = [UInt8](repeating: 0, count: ZSTD_compressBound(bytes.count))
        let length = out.withUnsafeMutableBytes { target in
            bytes.withUnsafeBytes { source in
                ZSTD_compress(target.baseAddress, target.count, source.baseAddress, source.count, 1)
            }
        }
        guard ZSTD_isError(length) == 0 else {
            throw RawFilingError.codec("zstd compression failed: \(String(cString: ZSTD_getErrorName(length)))")
        }
        out.removeLast(out.count - length)
        return out
    }

    /// Decompresses a Zstandard frame of exactly `size` bytes.
    public static func decompress(_ compressed: [UInt8], size: Int) throws -> [UInt8] {
        var out = [UInt8](repeating: 0, count: max(size, 1))
        let length = out.withUnsafeMutableBytes { target in
            compressed.withUnsafeBytes { source in
                ZSTD_decompress(target.baseAddress, size, source.baseAddress, source.count)
            }
        }
        guard ZSTD_isError(length) == 0, length == size else {
            let why = ZSTD_isError(length) != 0 ? String(cString: ZSTD_getErrorName(length)) : "\(length) of \(size) bytes"
            throw RawFilingError.codec("zstd decompression failed: \(why)")
        }
        return Array(out.prefix(size))
    }

    /// `bytes` deflated at zlib's level 1, as raw filings were kept before `ingest-v4-raw-codec`
    /// (for tests of those rows).
    static func deflate(_ bytes: [UInt8]) throws -> [UInt8] {
        var length = compressBound(uLong(bytes.count))
        var out = [UInt8](repeating: 0, count: Int(length))
        let status = bytes.withUnsafeBufferPointer { source in
            compress2(&out, &length, source.baseAddress, uLong(source.count), 1)
        }
        guard status == Z_OK else { throw RawFilingError.codec("deflate failed (zlib status \(status))") }
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
            throw RawFilingError.codec("inflate failed (zlib status \(status), \(length) of \(size) bytes)")
        }
        return Array(out.prefix(size))
    }
}

public enum RawFilingError: Error, CustomStringConvertible {
    case codec(String)
    case corrupt(String)

    public var description: String {
        switch self {
        case .codec(let detail), .corrupt(let detail): detail
        }
    }
}
