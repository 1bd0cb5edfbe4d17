import Foundation
import Logging
import ServiceLifecycle

/// What one scan of the watched folder did.
public struct FolderScanReport: Sendable, Equatable {
    public var accepted: [String] = []
    public var duplicates: [String] = []
    public var rejected: [String] = []
    /// Files still being written (modified less than `settle` ago), left for the next scan.
    public var waiting: [String] = []
}

/// Watches `INGEST_WATCH_DIR`: every regular file dropped there goes through `IngestProcessor`;
/// accepted ones (and duplicates) move to `processed/`, rejected ones to `rejected/` beside a
/// `<name>.reason` file. A file is moved only after its outcome is committed, so a crash in
/// between handles it again (as a duplicate) instead of losing it.
///
/// Scans every `interval` (portable, no inotify). Hidden files and names ending in `.tmp` or
/// `.part` are ignored: write elsewhere and rename into the folder, or let the file rest
/// `settle` (default 1 s) before it is read.
public final class FolderWatcher: Service, Sendable {
    public let directory: URL
    let processor: IngestProcessor
    let interval: Duration
    let settle: Duration
    let logger: Logger
    let onAccepted: @Sendable () -> Void
    /// Files larger than this are rejected without being read.
    let readLimit: Int

    public init(directory: String, processor: IngestProcessor, interval: Duration = .seconds(2), settle: Duration = .seconds(1),
                logger: Logger, onAccepted: @escaping @Sendable () -> Void = {}) {
        self.directory = URL(fileURLWithPath: directory)
        self.processor = processor
        self.interval = interval
        self.settle = settle
        self.logger = logger
        self.onAccepted = onAccepted
        readLimit = max(processor.validator.maxBytes * 4, 16 << 20)
    }

    public var processedDirectory: URL { directory.appendingPathComponent("processed") }
    public var rejectedDirectory: URL { directory.appendingPathComponent("rejected") }

    public func run() async throws {
        try prepare()
        logger.info("watching folder", metadata: ["dir": "\(directory.path)", "interval": "\(interval)"])
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                _ = await self.scanOnce()
                try? await Task.sleep(for: self.interval)
            }
        }
    }

    /// Creates the folder and its `processed/` and `rejected/` subfolders.
    public func prepare() throws {
        for dir in [directory, processedDirectory, rejectedDirectory] {
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        }
    }

    /// Handles every settled file once.
    public func scanOnce() async -> FolderScanReport {
        var report = FolderScanReport()
        let fm = FileManager.default
        guard let names = try? fm.contentsOfDirectory(atPath: directory.path) else {
            logger.error("cannot read the watched folder", metadata: ["dir": "\(directory.path)"])
            return report
        }
        let settleSeconds = Double(settle.components.seconds) + Double(settle.components.attoseconds) / 1e18
        for name in names.sorted() where !name.hasPrefix(".") && !name.hasSuffix(".tmp") && !name.hasSuffix(".part") {
            if Task.isCancelled { break }
            let url = directory.appendingPathComponent(name)
            guard let attributes = try? fm.attributesOfItem(atPath: url.path),
                  attributes[.type] as? FileAttributeType == .typeRegular else { continue }
            let modified = attributes[.modificationDate] as? Date ?? .distantPast
            if Date().timeIntervalSince(modified) < settleSeconds {
                report.waiting.append(name)
                continue
            }
            let size = (attributes[.size] as? NSNumber)?.intValue ?? 0
            do {
                if size > readLimit {
                    try reject(url, name: name, reason: "too_large: the file has \(size) bytes; the limit is \(processor.validator.maxBytes) (INGEST_MAX_FILING_BYTES)")
                    processor.skips.count("too_large", source: "folder")
                    report.rejected.append(name)
                    continue
                }
                let bytes = try [UInt8](Data(contentsOf: url))
                let result = try await processor.submit(bytes, origin: FilingOrigin(source: "folder", filename: name))
                try move(url, to: processedDirectory, name: name)
                if result.duplicate { report.duplicates.append(name) } else {
                    report.accepted.append(name)
                    onAccepted()
                }
            } catch let rejection as IngestRejection {
                do {
                    try reject(url, name: name, reason: rejection.description)
                    report.rejected.append(name)
                } catch {
                    logger.error("cannot move a rejected file", metadata: ["file": "\(name)", "error": "\(error)"])
                }
            } catch {
                // Store or file system trouble: leave the file where it is and try again next scan.
                logger.error("cannot ingest file; will retry", metadata: ["file": "\(name)", "error": "\(error)"])
            }
        }
        return report
    }

    private func reject(_ url: URL, name: String, reason: String) throws {
        let moved = try move(url, to: rejectedDirectory, name: name)
        try Data((reason + "\n").utf8).write(to: rejectedDirectory.appendingPathComponent(moved + ".reason"))
    }

    /// Moves `url` into `folder`, renaming `x.txt` to `x-2.txt` (and so on) when the name is taken.
    @discardableResult
    private func move(_ url: URL, to folder: URL, name: String) throws -> String {
        let fm = FileManager.default
        var target = name
        var n = 2
        let base = (name as NSString).deletingPathExtension
        let ext = (name as NSString).pathExtension
        while fm.fileExists(atPath: folder.appendingPathComponent(target).path) {
            target = ext.isEmpty ? "\(base)-\(n)" : "\(base)-\(n).\(ext)"
            n += 1
        }
        try fm.moveItem(at: url, to: folder.appendingPathComponent(target))
        return target
    }
}
