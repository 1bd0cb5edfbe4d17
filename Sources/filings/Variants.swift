import ArgumentParser
import FilingVariants
import Foundation

struct Variants: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Parse layout variants of every filing in DIR (one with a *.truth.json for its quarter end) and compare their key figures with the original's.",
        discussion: """
            Kinds: \(LayoutVariants.kinds.joined(separator: ", ")). Prints per kind how many variants passed, \
            per filing how many variants of how many kinds it got (flagged "UNDER 20/8" below the goal of 20 variants \
            over 8 kinds) and each failure, the filings under that goal, and a last line "variants: N variants of K kinds over F filings, P passed (X%)".
            """)

    @Argument(help: "Directories with filings (*.txt, *.htm) and their *.truth.json files.") var directories: [String]
    @Option(help: "Only these kinds (comma-separated).") var kinds: String?
    @Option(help: "Seed of the generator.") var seed: UInt64 = 1
    @Option(help: "Write every variant into this directory (<file>.<n>.<kind>).") var write: String?
    @Option(help: "Only these filings (comma-separated file names, e.g. ford-8k-1994-02-10.txt).") var filings: String?
    @Flag(help: "Also the number of key figures each original gives.") var verbose = false
    @Flag(help: "Exit non-zero unless every variant passed.") var requireAll = false

    func run() throws {
        let only = kinds.map { Set($0.split(separator: ",").map(String.init)) }
        if let unknown = only?.subtracting(LayoutVariants.kinds).first {
            throw ValidationError("unknown kind \(unknown); kinds: \(LayoutVariants.kinds.joined(separator: ", "))")
        }
        let names = filings.map { Set($0.split(separator: ",").map(String.init)) }
        var results: [VariantRun.FilingResult] = []
        for dir in directories {
            for f in try VariantRun.filings(in: dir) where names?.contains((f.path as NSString).lastPathComponent) ?? true {
                results.append(try VariantRun.run(path: f.path, periodEnd: f.periodEnd, kinds: only, seed: seed, writeTo: write))
            }
        }
        print(VariantRun.report(results, verbose: verbose))
        if requireAll && results.contains(where: { $0.outcomes.contains { !$0.passed } }) { throw ExitCode(1) }
    }
}
