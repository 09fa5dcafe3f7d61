import Foundation
import Spreadsheets
import ZIPFoundation

/// The reader's speed on a sheet shaped like a case export: 15 columns per row, six shared strings, six
/// numbers (whole and decimal), two dates and a date-time as Excel writes them (`<c r="C2" s="1"><v>…</v></c>`).
///
/// Rule: no assertion on time (machines differ); the test that calls it runs only when `XLSX_READ_BENCH_ROWS`
/// is set and prints the figure. A debug build is several times slower; for the release figure:
///
/// ```sh
/// XLSX_READ_BENCH_ROWS=200000 swift test -c release --filter readingSpeedIsPrintedWhenAsked
/// ```
enum SheetReaderSpeed {
    /// Writes the workbook with `rows` data rows under a header and returns its path.
    static func workbook(rows: Int) throws -> String {
        var strings = #"<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">"#
        for i in 0..<1000 { strings += "<si><t>value \(i) &amp; more</t></si>" }
        strings += "</sst>"
        let styles = #"<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts><numFmt numFmtId="164" formatCode="yyyy\-mm\-dd\ hh:mm"/></numFmts><cellXfs><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/><xf numFmtId="4"/></cellXfs></styleSheet>"#
        var sheet: [UInt8] = []
        sheet.reserveCapacity(rows * 560)
        func add(_ s: String) { sheet.append(contentsOf: s.utf8) }
        add(#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#)
        for r in 1...rows + 1 {
            add(#"<row r="\#(r)" spans="1:15">"#)
            for c in 0..<15 {
                let ref = XLSXWorkbookReader.columnLetters(c) + String(r)
                switch c {
                case 0, 3, 6, 9, 11, 14: add(#"<c r="\#(ref)" t="s"><v>\#((r &* 7919 &+ c) % 1000)</v></c>"#)
                case 1, 7: add(#"<c r="\#(ref)" s="1"><v>\#(44_000 + r % 1500)</v></c>"#)
                case 2: add(#"<c r="\#(ref)" s="2"><v>\#(Double(44_000 + r % 1500) + Double(r % 86_400) / 86_400)</v></c>"#)
                case 4, 10, 13: add(#"<c r="\#(ref)"><v>\#(r % 977)</v></c>"#)
                default: add(#"<c r="\#(ref)" s="3"><v>\#(r % 10_000).\#(r % 100)</v></c>"#)
                }
            }
            add("</row>")
        }
        add("</sheetData></worksheet>")
        let parts: [(String, [UInt8])] = [
            ("xl/workbook.xml", Array(#"<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="cases" sheetId="1" r:id="rId1"/></sheets></workbook>"#.utf8)),
            ("xl/_rels/workbook.xml.rels", Array(#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>"#.utf8)),
            ("xl/sharedStrings.xml", Array(strings.utf8)),
            ("xl/styles.xml", Array(styles.utf8)),
            ("xl/worksheets/sheet1.xml", sheet),
        ]
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("sheet-reader-speed-\(rows).xlsx").path
        try? FileManager.default.removeItem(atPath: path)
        let archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .create)
        for (name, bytes) in parts {
            let data = Data(bytes)
            try archive.addEntry(with: name, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate,
                                 bufferSize: 1 << 20) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        return path
    }

    /// Reads the workbook's sheet `repeats` times: the best rows per second by the wall clock and by the
    /// thread's CPU time (the steadier figure on a shared machine), and the rows and cells seen per read.
    static func measure(_ path: String, repeats: Int = 3) throws -> (wall: Double, cpu: Double, rows: Int, cells: Int) {
        func cpuSeconds() -> Double {
            var t = timespec()
            clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
            return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
        }
        var wall = 0.0, cpu = 0.0, rows = 0, cells = 0
        for _ in 0..<repeats {
            rows = 0
            cells = 0
            let start = ContinuousClock.now, startCPU = cpuSeconds()
            let reader = try XLSXWorkbookReader(path: path)
            try reader.readSheet(named: nil) { _, row in
                rows += 1
                cells += row.count
            }
            let elapsed = ContinuousClock.now - start, elapsedCPU = cpuSeconds() - startCPU
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            wall = max(wall, Double(rows) / seconds)
            cpu = max(cpu, Double(rows) / elapsedCPU)
        }
        return (wall, cpu, rows, cells)
    }
}
