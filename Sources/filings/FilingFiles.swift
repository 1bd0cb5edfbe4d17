import ArgumentParser
import Foundation

/// The filing files named by `paths`: files as given, folders read recursively for *.txt, *.htm
/// and *.html (so truth files, notes and other *.json beside them are skipped); sorted.
func filingFiles(_ paths: [String]) throws -> [String] {
    var out: [String] = []
    let fm = FileManager.default
    for path in paths {
        var isDirectory: ObjCBool = false
        guard fm.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw CLIError("\(path): no such file or folder")
        }
        if isDirectory.boolValue {
            let enumerator = fm.enumerator(atPath: path)
            while let entry = enumerator?.nextObject() as? String {
                let ext = (entry as NSString).pathExtension.lowercased()
                if ["txt", "htm", "html"].contains(ext) { out.append((path as NSString).appendingPathComponent(entry)) }
            }
        } else {
            out.append(path)
        }
    }
    return out.sorted()
}
