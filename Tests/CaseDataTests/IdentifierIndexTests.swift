@testable import CaseData
import Testing

@Suite("Identifier index")
struct IdentifierIndexTests {
    /// Builds the index over `ids` and checks it against a dictionary: duplicates, rows, misses.
    private func check(_ ids: [String]) {
        var heap: [UInt8] = [], offsets = [0], hashes: [UInt64] = []
        for id in ids {
            heap += Array(id.utf8)
            offsets.append(heap.count)
            hashes.append(Array(id.utf8).withUnsafeBytes { _ByteStringTable.hash($0) })
        }
        let (index, duplicates) = _IdentifierIndex.build(heap: heap, offsets: offsets, hashes: hashes)
        var first: [String: Int] = [:]
        var expected: [(row: Int, first: Int)] = []
        for (row, id) in ids.enumerated() {
            if let earlier = first[id] { expected.append((row, earlier)) } else { first[id] = row }
        }
        #expect(duplicates.map(\.row) == expected.map(\.row))
        #expect(duplicates.map(\.first) == expected.map(\.first))
        let kept = index.removingDuplicates(duplicates.map(\.row))
        let unique = ids.enumerated().filter { first[$0.element] == $0.offset }.map(\.element)
        #expect(kept.count == unique.count)
        for (row, id) in unique.enumerated() {
            #expect(Array(id.utf8).withUnsafeBytes { kept.row(of: $0) } == Int32(row), "\(id)")
        }
        #expect(Array("no-such-id".utf8).withUnsafeBytes { kept.row(of: $0) } == nil)
        // A hint (the row after the previous match) only speeds the look-up up; right or wrong, same answer.
        for (row, id) in unique.enumerated() {
            for hint in [-1, row - 1, row, row + 1, unique.count - 2, unique.count, 7] {
                #expect(Array(id.utf8).withUnsafeBytes { kept.row(of: $0, hint: hint) } == Int32(row), "\(id) hint \(hint)")
            }
        }
        #expect(Array("no-such-id".utf8).withUnsafeBytes { kept.row(of: $0, hint: 0) } == nil)
        #expect(kept.column.count == unique.count)
    }

    @Test func aColumnNamesItsFirstRepeatedRow() {
        func column(_ ids: [String]) -> IdentifierColumn {
            var heap: [UInt8] = [], offsets: [UInt32] = [0]
            for id in ids {
                heap += Array(id.utf8)
                offsets.append(UInt32(heap.count))
            }
            return IdentifierColumn(heap: heap, offsets: offsets)
        }
        #expect(column([]).firstRepeatedRow() == nil)
        // Prefixes and the empty identifier are distinct identifiers.
        #expect(column(["C1", "C10", "C100", "", "C2"]).firstRepeatedRow() == nil)
        // Rows 4 (C2 again) and 5 (C1 again) both repeat; 4 comes first.
        #expect(column(["C1", "C10", "C2", "C3", "C2", "C1"]).firstRepeatedRow() == 4)
        #expect(column((0..<50_000).map { "CASE-\($0)" } + ["CASE-49999"]).firstRepeatedRow() == 50_000)
    }

    @Test func findsEveryDuplicateAndKeepsTheFirstRow() {
        var rng = SeededGenerator(seed: 7)
        for size in [0, 1, 5, 40, 1000, 5000] {
            let ids = (0..<size).map { _ in "C\(Int.random(in: 0..<max(1, size), using: &rng))" }
            check(ids)
        }
    }

    @Test func unevenPartitionsStillIndexEveryIdentifier() {
        // Ids chosen so that every hash falls in one partition: the table must size for the fullest one.
        var ids: [String] = []
        var i = 0
        while ids.count < 300 {
            let id = "ID\(i)"
            if Array(id.utf8).withUnsafeBytes({ _ByteStringTable.hash($0) }) >> 60 == 3 { ids.append(id) }
            i += 1
        }
        check(ids + ids.prefix(10))
    }

    @Test func emptyIdentifiersAndLongOnesCompareByBytes() {
        check(["", "a", "", String(repeating: "x", count: 1000), String(repeating: "x", count: 999) + "y",
               String(repeating: "x", count: 1000)])
    }
}
