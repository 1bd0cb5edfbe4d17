import FilingsCore
import Foundation
@testable import IngestService
import Testing

struct FolderWatcherTests {
    static func makeWatcher() throws -> (FolderWatcher, Store, URL) {
        let store = try Store.inMemory(migrations: IngestService.migrations)
        let processor = IngestProcessor(store: store, validator: FilingValidator(), topics: Topics(), logger: quietLogger)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("watch-\(UUID().uuidString.prefix(8))")
        let watcher = FolderWatcher(directory: dir.path, processor: processor, settle: .zero, logger: quietLogger)
        try watcher.prepare()
        return (watcher, store, dir)
    }

    @Test(.fixtures) func acceptedFilesMoveToProcessedAndRejectedOnesBesideAReason() async throws {
        let (watcher, store, dir) = try Self.makeWatcher()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data(try fixture("pericom-8k-2005-11-07.txt")).write(to: dir.appendingPathComponent("pericom.txt"))
        try Data("Dear shareholder, no filing here.".utf8).write(to: dir.appendingPathComponent("letter.txt"))
        try Data("still being written".utf8).write(to: dir.appendingPathComponent(".partial.txt"))

        let report = await watcher.scanOnce()
        #expect(report.accepted == ["pericom.txt"])
        #expect(report.rejected == ["letter.txt"])
        let fm = FileManager.default
        #expect(fm.fileExists(atPath: dir.appendingPathComponent("processed/pericom.txt").path))
        #expect(fm.fileExists(atPath: dir.appendingPathComponent("rejected/letter.txt").path))
        let reason = try String(contentsOf: dir.appendingPathComponent("rejected/letter.txt.reason"), encoding: .utf8)
        #expect(reason.contains("not_accepted_filing") && reason.contains("not an EDGAR filing"), "\(reason)")
        #expect(fm.fileExists(atPath: dir.appendingPathComponent(".partial.txt").path))
        #expect(try await count(store, "SELECT COUNT(*) FROM outbox") == 1)

        // The same filing again under another name: a duplicate, moved to processed/ too; a name
        // already taken there gets a suffix.
        try Data(try fixture("pericom-8k-2005-11-07.txt")).write(to: dir.appendingPathComponent("pericom.txt"))
        let again = await watcher.scanOnce()
        #expect(again.duplicates == ["pericom.txt"])
        #expect(fm.fileExists(atPath: dir.appendingPathComponent("processed/pericom-2.txt").path))
        #expect(try await count(store, "SELECT COUNT(*) FROM outbox") == 1)
    }

    @Test(.fixtures) func aFileStillBeingWrittenWaitsForTheNextScan() async throws {
        let store = try Store.inMemory(migrations: IngestService.migrations)
        let processor = IngestProcessor(store: store, validator: FilingValidator(), topics: Topics(), logger: quietLogger)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("watch-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: dir) }
        let watcher = FolderWatcher(directory: dir.path, processor: processor, settle: .seconds(30), logger: quietLogger)
        try watcher.prepare()
        try Data(try fixture("pericom-8k-2005-11-07.txt")).write(to: dir.appendingPathComponent("fresh.txt"))
        let report = await watcher.scanOnce()
        #expect(report.waiting == ["fresh.txt"])
        #expect(report.accepted.isEmpty)
    }
}
