@testable import FilingMetrics
import Testing

struct FactBookTests {
    /// `ascendingUnion` (the periods sharing a start or an end, in order) is the sorted set of both lists.
    @Test func ascendingUnionIsTheSortedSetOfBothLists() {
        var state: UInt64 = 7
        func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(bound))
        }
        for _ in 0..<500 {
            let a = Set((0..<next(8)).map { _ in next(20) }).sorted(), b = Set((0..<next(8)).map { _ in next(20) }).sorted()
            #expect(FactBook.ascendingUnion(a, b) == Set(a + b).sorted(), "\(a) \(b)")
        }
    }
}
