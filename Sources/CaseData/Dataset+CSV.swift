import Foundation
import WorkingDays
import _ATWUtilities

extension Dataset {
    /// Writes every table as a dataset folder of CSV files that ``load(folder:rules:)`` reads back unchanged.
    ///
    /// Rule: the columns of each file are the ones the engine reads (``DatasetFile/columns``), in that order;
    /// dates as `YYYY-MM-DD`, enumerations in their lower-case spelling, booleans `true`/`false`, FTE with up to
    /// four decimals, text quoted per RFC 4180 when it needs to be; missing cells empty. Every file is written,
    /// a table with no rows as its header alone.
    ///
    /// ```swift
    /// try dataset.writeCSV(to: "cleaned")   // validated data, rejected rows left out
    /// ```
    public func writeCSV(to folder: String) throws(DatasetError) {
        try AtomicWrite.folder(folder) { staging throws(DatasetError) in
            try writeFiles(into: staging)
            return DatasetFile.allCases.map(\.fileName)
        }
    }

    /// Writes every table's CSV file into `folder` (which exists).
    func writeFiles(into folder: String) throws(DatasetError) {
        struct Write: _TableVisitor {
            let folder: String, providers: ProviderTable, cases: CaseTable
            mutating func visit<T: _TableRules>(_ table: inout T) throws(DatasetError) {
                var out = _CSVTextBuffer(capacity: 1 << 16)
                out.text(T.file.columns.map(\.name).joined(separator: ","))
                out.newline()
                let cells = table._cellWriters(providers: providers, cases: cases)
                for r in 0..<table.count {
                    for (c, cell) in cells.enumerated() {
                        if c > 0 { out.comma() }
                        cell(r, &out)
                    }
                    out.newline()
                }
                let path = URL(fileURLWithPath: folder).appendingPathComponent(T.file.fileName).path
                try AtomicWrite.bytes(out.bytes, to: path)
            }
        }
        var write = Write(folder: folder, providers: providers, cases: cases)
        var copy = self
        try copy._visitTables(&write)
    }

    /// The dataset cut down to some cases and every record of theirs: the cases, and the rows of every table
    /// that names a case (reports, complaints, cancellations, recommendations, type changes). Providers stay
    /// whole; the tables that name no case (survey, workforce, returns) and complaints with no case are left out.
    public func restricted(toCases rows: [Int]) -> Dataset {
        var newRow = [Int32](repeating: -1, count: cases.count)
        let keep = rows.sorted()
        for (i, r) in keep.enumerated() { newRow[r] = Int32(i) }
        struct Restrict: _TableVisitor {
            let keep: [Int], newRow: [Int32]
            mutating func visit<T: _TableRules>(_ table: inout T) {
                switch T.file {
                case .providers: return
                case .cases: table = table.selecting(keep)
                default:
                    guard let path = T.caseRowColumn else { table = T(); return }
                    let caseRows = table[keyPath: path]
                    table = table.selecting(caseRows.indices.filter { caseRows[$0] != _missing32 && newRow[Int(caseRows[$0])] >= 0 })
                    table._renumberCases(newRow)
                }
            }
        }
        var out = self
        var restrict = Restrict(keep: keep, newRow: newRow)
        try? out._visitTables(&restrict)
        out.summaries = []
        out.rejections = []
        return out
    }

    /// A reproducible random sample of `size` cases (all when fewer) among `candidates`, in row order.
    ///
    /// Rule: a partial Fisher-Yates shuffle driven by SplitMix64 from `seed`, so the same data, candidates,
    /// size and seed always give the same cases, on any machine.
    public static func sample(_ candidates: [Int], size: Int, seed: UInt64) -> [Int] {
        var pool = candidates
        var random = _Random(seed: seed, stream: 0x5A4D_504C_45)
        let n = min(max(size, 0), pool.count)
        for i in 0..<n { pool.swapAt(i, i + random.int(pool.count - i)) }
        return pool.prefix(n).sorted()
    }
}
