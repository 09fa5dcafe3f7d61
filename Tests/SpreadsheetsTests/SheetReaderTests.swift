import Foundation
import Spreadsheets
import Testing
import ZIPFoundation

/// A row as read, comparable.
struct ReadRow: Equatable, CustomStringConvertible {
    var row: Int
    var cells: [ReadCell]
    init(_ row: Int, _ cells: [ReadCell]) { self.row = row; self.cells = cells }
    var description: String { "\(row): \(cells)" }
}

struct ReadCell: Equatable, CustomStringConvertible {
    var column: Int
    var value: SheetCell
    init(_ column: Int, _ value: SheetCell) { self.column = column; self.value = value }
    var description: String { "\(XLSXWorkbookReader.columnLetters(column))=\(value)" }
}

func fixture(_ name: String) -> String {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures").appendingPathComponent(name).path
}

func readRows(_ path: String, sheet: String? = nil) throws -> [ReadRow] {
    var rows: [ReadRow] = []
    try XLSXWorkbookReader(path: path).readSheet(named: sheet) { row, cells in
        rows.append(ReadRow(row, cells.map { ReadCell($0.column, $0.value) }))
    }
    return rows
}

/// A temporary file holding `bytes` (a unique name in the temporary folder).
func temporaryFile(_ bytes: Data, _ suffix: String = ".xlsx") throws -> String {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("sheet-reader-\(UUID().uuidString)\(suffix)")
    try bytes.write(to: url)
    return url.path
}

/// A minimal package: one sheet "S" (or the given workbook), optional shared strings and styles.
func handMadeWorkbook(sheet: String, sharedStrings: String? = nil, styles: String? = nil,
                      workbook: String? = nil, omit: Set<String> = []) throws -> String {
    var parts: [(String, String)] = [
        ("xl/workbook.xml", workbook ?? #"<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>"#),
        ("xl/_rels/workbook.xml.rels", #"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="./styles.xml"/></Relationships>"#),
        ("xl/worksheets/sheet1.xml", sheet),
    ]
    if let sharedStrings { parts.append(("xl/sharedStrings.xml", sharedStrings)) }
    if let styles { parts.append(("xl/styles.xml", styles)) }
    let archive = try Archive(data: Data(), accessMode: .create)
    for (path, text) in parts where !omit.contains(path) {
        let data = Data(text.utf8)
        try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) { position, size in
            data.subdata(in: Int(position)..<Int(position) + size)
        }
    }
    return try temporaryFile(archive.data!)
}

/// The reason of the SpreadsheetReadError `work` throws, or a note that it threw none.
func readError(_ work: () throws -> Void) -> String {
    do {
        try work()
        return "no error"
    } catch let error as SpreadsheetReadError {
        return error.reason
    } catch {
        return "another error: \(error)"
    }
}

let sheetOpen = #"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#
let sheetClose = "</sheetData></worksheet>"

@Suite struct XLSXWorkbookReaderTests {
    // MARK: Workbooks from other writers

    @Test func readsEveryCellKindFromAnOpenpyxlWorkbook() throws {
        let reader = try XLSXWorkbookReader(path: fixture("openpyxl.xlsx"))
        #expect(reader.sheetNames == ["Data", "Other & more"])
        #expect(!reader.uses1904DateSystem)
        #expect(try readRows(fixture("openpyxl.xlsx")) == [
            ReadRow(1, ["name", "when", "stamp", "flag", "amount", "note"].enumerated().map { ReadCell($0.offset, .text($0.element)) }),
            ReadRow(2, [ReadCell(0, .text("Tom & Jerry")), ReadCell(1, .date(45383)), ReadCell(2, .date(45411.38541666666)),
                        ReadCell(3, .bool(true)), ReadCell(4, .number(42)), ReadCell(5, .text(#"a < b > c "q" 'a'"#))]),
            ReadRow(3, [ReadCell(0, .text("  padded  ")), ReadCell(1, .date(61)), ReadCell(2, .date(45411.99998842592)),
                        ReadCell(3, .bool(false)), ReadCell(4, .number(-0.25)), ReadCell(6, .text("after a gap"))]),
            // D5 is a formula openpyxl wrote without a cached value: no cell.
            ReadRow(5, [ReadCell(0, .text("bold plain")), ReadCell(1, .number(1234567.125)), ReadCell(2, .error("#N/A")),
                        ReadCell(4, .number(1e-7)), ReadCell(5, .text("Ünïcode ✓ 😀"))]),
        ])
        #expect(try readRows(fixture("openpyxl.xlsx"), sheet: "Other & more") == [ReadRow(2, [ReadCell(1, .text("second sheet"))])])
    }

    @Test func readsSharedStringsAndCachedFormulaResultsFromALibreOfficeWorkbook() throws {
        let reader = try XLSXWorkbookReader(path: fixture("libreoffice.xlsx"))
        #expect(reader.sheetNames == ["Data", "Other & more"])
        #expect(!reader.uses1904DateSystem)
        let rows = try readRows(fixture("libreoffice.xlsx"), sheet: "Data")
        #expect(rows.map(\.row) == [1, 2, 3, 5])
        #expect(rows[1] == ReadRow(2, [ReadCell(0, .text("Tom & Jerry")), ReadCell(1, .date(45383)), ReadCell(2, .date(45411.3854166667)),
                                       ReadCell(3, .bool(true)), ReadCell(4, .number(42)), ReadCell(5, .text(#"a < b > c "q" 'a'"#))]))
        #expect(rows[2] == ReadRow(3, [ReadCell(0, .text("  padded  ")), ReadCell(1, .date(61)), ReadCell(2, .date(45411.9999884259)),
                                       ReadCell(3, .bool(false)), ReadCell(4, .number(-0.25)), ReadCell(6, .text("after a gap"))]))
        #expect(rows[3] == ReadRow(5, [ReadCell(0, .text("bold plain")), ReadCell(1, .number(1234567.125)), ReadCell(2, .error("#N/A")),
                                       ReadCell(3, .number(3)), ReadCell(4, .number(1e-7)), ReadCell(5, .text("Ünïcode ✓ 😀"))]))
        #expect(try readRows(fixture("libreoffice.xlsx"), sheet: "Other & more") == [ReadRow(2, [ReadCell(1, .text("second sheet"))])])
    }

    @Test func movesSerialsOfA1904WorkbookToThe1900System() throws {
        let reader = try XLSXWorkbookReader(path: fixture("mac1904.xlsx"))
        #expect(reader.uses1904DateSystem)
        let rows = try readRows(fixture("mac1904.xlsx"))
        #expect(rows.count == 3)
        #expect(rows[1].cells[0] == ReadCell(0, .date(45383)))
        guard case .date(let stamp) = rows[1].cells[1].value else { Issue.record("B2 is not a date"); return }
        #expect(XLSXWorkbookReader.serialToCivil(stamp)! == (2024, 4, 29, 33_300))
        #expect(rows[1].cells[2] == ReadCell(2, .number(7)))
        // 1904-01-02 is serial 1 in the 1904 system.
        #expect(rows[2].cells[0] == ReadCell(0, .date(1463)))
        #expect(XLSXWorkbookReader.serialToCivil(1463)! == (1904, 1, 2, 0))
        #expect(rows[2].cells[1] == ReadCell(2, .number(0.5)))
    }

    @Test func readsBackTheProjectsOwnWriter() throws {
        let path = try temporaryFile(try sample.xlsx())
        let reader = try XLSXWorkbookReader(path: path)
        #expect(reader.sheetNames == ["Cover", "Contents", "Notes", "holidays"])
        #expect(try readRows(path, sheet: "holidays") == [
            ReadRow(1, ["date", "name", "rate", "items", "month", "met"].enumerated().map { ReadCell($0.offset, .text($0.element)) }),
            ReadRow(2, [ReadCell(0, .date(46381)), ReadCell(1, .text("=1+1 & <b>")), ReadCell(2, .number(93.5)), ReadCell(3, .number(12)),
                        ReadCell(4, .date(46357)), ReadCell(5, .bool(true))]),
            ReadRow(3, [ReadCell(1, .text("@SUM(A1)")), ReadCell(2, .number(-0.25)), ReadCell(3, .number(0)), ReadCell(5, .bool(false))]),
        ])
        #expect(try readRows(path).first == ReadRow(1, [ReadCell(0, .text("Test book"))]))
    }

    // MARK: Rarer forms

    @Test func matchesLocalNamesAndReadsStringResultsIsoDatesRichRunsAndCharacterReferences() throws {
        let sheet = """
            <?xml version="1.0" encoding="UTF-8"?>
            <!-- a comment -->
            <x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>
              <x:row><x:c t="str"><x:f>A2&amp;"!"</x:f><x:v>hi!</x:v></x:c><x:c t="d"><x:v>2024-04-29T09:15:00Z</x:v></x:c>
                <x:c t="inlineStr"><x:is><x:r><x:t>&#65;&#x42;</x:t></x:r><x:r><x:t><![CDATA[<c>&]]></x:t></x:r><x:rPh><x:t>ignored</x:t></x:rPh></x:is></x:c>
                <x:c/><x:c s="0"/><x:c t="e"><x:v>#DIV/0!</x:v></x:c></x:row>
              <x:row><x:c r="C2" t="d"><x:v>1900-02-28</x:v></x:c><x:c r="A2"><x:v> 2.5E+3 </x:v></x:c></x:row>
              <x:row/>
            </x:sheetData></x:worksheet>
            """
        let path = try handMadeWorkbook(sheet: sheet)
        #expect(try readRows(path) == [
            ReadRow(1, [ReadCell(0, .text("hi!")), ReadCell(1, .date(45411.385416666664)), ReadCell(2, .text("AB<c>&")), ReadCell(5, .error("#DIV/0!"))]),
            // Cells out of order come back in column order.
            ReadRow(2, [ReadCell(0, .number(2500)), ReadCell(2, .date(59))]),
        ])
    }

    @Test func tellsDateFormatsFromOtherNumberFormats() throws {
        let styles = """
            <styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts>
            <numFmt numFmtId="164" formatCode="yyyy\\-mm\\-dd"/><numFmt numFmtId="165" formatCode="&quot;days&quot;\\ 0.0"/>
            <numFmt numFmtId="166" formatCode="[Red]#,##0;[Blue]\\-#,##0"/><numFmt numFmtId="167" formatCode="[h]:mm"/>
            <numFmt numFmtId="168" formatCode="General"/><numFmt numFmtId="14" formatCode="0.00"/></numFmts>
            <cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs>
            <cellXfs><xf numFmtId="0"/><xf numFmtId="164"/><xf numFmtId="165"/><xf numFmtId="166"/><xf numFmtId="167"/>
            <xf numFmtId="168"/><xf numFmtId="14"/><xf numFmtId="22"/><xf numFmtId="45"/><xf numFmtId="49"/></cellXfs></styleSheet>
            """
        let cells = (0...10).map { #"<c s="\#($0)"><v>2</v></c>"# }.joined()
        let path = try handMadeWorkbook(sheet: sheetOpen + "<row>" + cells + "</row>" + sheetClose, styles: styles)
        // Style 6 redefines built-in id 14 as 0.00; style 10 does not exist.
        let dates = [false, true, false, false, true, false, false, true, true, false, false]
        #expect(try readRows(path) == [ReadRow(1, dates.enumerated().map { ReadCell($0.offset, $0.element ? .date(2) : .number(2)) })])
    }

    @Test func streamsASheetLargerThanOneChunkWithTokensSplitAcrossChunks() throws {
        var xml = sheetOpen
        let count = 30_000
        for r in 1...count {
            xml += #"<row r="\#(r)"><c r="A\#(r)" t="s"><v>\#(r % 3)</v></c><c r="B\#(r)"><v>\#(r).25</v></c><c r="C\#(r)" t="inlineStr"><is><t>x &amp; \#(r)</t></is></c></row>"#
        }
        xml += sheetClose
        let strings = #"<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>zero</t></si><si><t>one</t></si><si><t>two</t></si></sst>"#
        let path = try handMadeWorkbook(sheet: xml, sharedStrings: strings)
        var seen = 0
        try XLSXWorkbookReader(path: path).readSheet(named: "S") { row, cells in
            seen += 1
            #expect(row == seen)
            #expect(cells.count == 3)
            #expect(cells[0].value == .text(["zero", "one", "two"][row % 3]))
            #expect(cells[1].value == .number(Double(row) + 0.25))
            #expect(cells[2].value == .text("x & \(row)"))
        }
        #expect(seen == count)
    }

    @Test func errorsThrownByTheBodyPropagateUnchanged() throws {
        struct Stop: Error, Equatable { var row: Int }
        #expect(throws: Stop(row: 2)) {
            try XLSXWorkbookReader(path: fixture("openpyxl.xlsx")).readSheet(named: nil) { row, _ in
                if row == 2 { throw Stop(row: row) }
            }
        }
        // A SpreadsheetReadError of the body's own is not reworded either.
        let own = SpreadsheetReadError("mine")
        #expect(throws: own) {
            try XLSXWorkbookReader(path: fixture("libreoffice.xlsx")).readSheet(named: nil) { _, _ in throw own }
        }
    }

    // MARK: Bad input throws

    @Test func aTruncatedOrMissingFileThrows() throws {
        let whole = try Data(contentsOf: URL(fileURLWithPath: fixture("libreoffice.xlsx")))
        for length in [0, 10, whole.count / 2, whole.count - 30] {
            let path = try temporaryFile(whole.prefix(length))
            defer { try? FileManager.default.removeItem(atPath: path) }
            #expect(readError { _ = try XLSXWorkbookReader(path: path) }.contains("not an xlsx workbook"))
        }
        #expect(readError { _ = try XLSXWorkbookReader(path: "/nonexistent/book.xlsx") } == "/nonexistent/book.xlsx: no such readable file")
        let notZip = try temporaryFile(Data("name,value\na,1\n".utf8), ".csv")
        #expect(readError { _ = try XLSXWorkbookReader(path: notZip) }.contains("not an xlsx workbook"))
    }

    @Test func corruptCompressedDataThrows() throws {
        // Flip bytes inside each deflated entry of a written workbook: inflating or the CRC check fails.
        let whole = try sample.xlsx()
        var failures = 0
        for offset in stride(from: 200, to: whole.count - 400, by: 97) {
            var bytes = whole
            bytes[offset] ^= 0x5A
            bytes[offset + 1] ^= 0xA5
            let path = try temporaryFile(bytes)
            defer { try? FileManager.default.removeItem(atPath: path) }
            let reason = readError {
                let reader = try XLSXWorkbookReader(path: path)
                for name in reader.sheetNames { try reader.readSheet(named: name) { _, _ in } }
            }
            if reason != "no error" { failures += 1 }
            #expect(!reason.hasPrefix("another error"), "\(reason)")
        }
        #expect(failures > 0)
    }

    @Test func anUnknownSheetThrowsListingTheSheets() throws {
        let path = fixture("openpyxl.xlsx")
        #expect(readError { try XLSXWorkbookReader(path: path).readSheet(named: "Missing") { _, _ in } }
                == "\(path): no sheet named \"Missing\"; the sheets are \"Data\", \"Other & more\"")
    }

    @Test func missingPartsThrowNamingThePart() throws {
        let noWorkbook = try handMadeWorkbook(sheet: sheetOpen + sheetClose, omit: ["xl/workbook.xml"])
        #expect(readError { _ = try XLSXWorkbookReader(path: noWorkbook) } == "xl/workbook.xml: missing from the package")
        let noSheet = try handMadeWorkbook(sheet: sheetOpen + sheetClose, omit: ["xl/worksheets/sheet1.xml"])
        #expect(readError { try XLSXWorkbookReader(path: noSheet).readSheet(named: "S") { _, _ in } }
                == "\(noSheet): sheet \"S\" has no part xl/worksheets/sheet1.xml in the package")
        let badRelationship = try handMadeWorkbook(sheet: sheetOpen + sheetClose, workbook: #"<workbook xmlns:r="r"><sheets><sheet name="S" r:id="rId9"/></sheets></workbook>"#)
        #expect(readError { _ = try XLSXWorkbookReader(path: badRelationship) } == "xl/_rels/workbook.xml.rels: no relationship rId9 for sheet \"S\"")
    }

    @Test func brokenSheetXMLThrowsNamingThePartAndRow() throws {
        let cases: [(String, String)] = [
            (sheetOpen + #"<row r="17"><c r="A17"><v>1</v></c>"#, "xl/worksheets/sheet1.xml: unterminated element near row 17"),
            (sheetOpen + #"<row r="3"><c r="A3"><v>1</v></c></row><row r="4"><c r="A4"><v>2</v"#, "xl/worksheets/sheet1.xml: unterminated tag near row 4"),
            (sheetOpen + #"<row r="2"><c r="A2"><v>1</c></row>"# + sheetClose, "xl/worksheets/sheet1.xml: mismatched end tag </c> near row 2"),
            (sheetOpen + #"<row r="2"><c r="A2" t="s><v>1</v></c></row>"# + sheetClose, "xl/worksheets/sheet1.xml: unterminated tag near row 2"),
            (sheetOpen + #"<row><c><v>1 &bogus; 2</v></c></row>"# + sheetClose, "xl/worksheets/sheet1.xml: cell A1: unknown entity &bogus;"),
            (sheetOpen + #"<row><c r="ZZZZZ1"><v>1</v></c></row>"# + sheetClose, #"xl/worksheets/sheet1.xml: cell reference "ZZZZZ1" is not A1 to XFD1048576 near row 1"#),
            (sheetOpen + #"<row><c r="A1048577"><v>1</v></c></row>"# + sheetClose, #"xl/worksheets/sheet1.xml: cell reference "A1048577" is not A1 to XFD1048576 near row 1"#),
            (sheetOpen + #"<row r="99999999999"><c><v>1</v></c></row>"# + sheetClose, #"xl/worksheets/sheet1.xml: row number "99999999999" is not 1 to 1048576 before the first row"#),
            (sheetOpen + #"<row r="5"><c r="B5"><v>1.2.3</v></c></row>"# + sheetClose, #"xl/worksheets/sheet1.xml: cell B5: "1.2.3" is not a number"#),
            (sheetOpen + #"<row r="5"><c r="B5"><v>1e999</v></c></row>"# + sheetClose, #"xl/worksheets/sheet1.xml: cell B5: "1e999" is not a number"#),
            (sheetOpen + #"<row r="5"><c r="B5"><v>"# + String(repeating: "9", count: 500) + "</v></c></row>" + sheetClose,
             #"xl/worksheets/sheet1.xml: cell B5: ""# + String(repeating: "9", count: 60) + #"…" is not a number"#),
            (sheetOpen + #"<row r="5"><c r="B5" t="b"><v>yes</v></c></row>"# + sheetClose, #"xl/worksheets/sheet1.xml: cell B5: "yes" is not a boolean"#),
            (sheetOpen + #"<row r="5"><c r="B5" t="d"><v>2023-02-29</v></c></row>"# + sheetClose, #"xl/worksheets/sheet1.xml: cell B5: "2023-02-29" is not an ISO 8601 date from 1900 to 9999"#),
            (sheetOpen + #"<row r="5"><c r="B5" t="zz"><v>1</v></c></row>"# + sheetClose, #"xl/worksheets/sheet1.xml: cell B5: unknown cell type "zz""#),
            ("garbage" + sheetOpen + sheetClose, "xl/worksheets/sheet1.xml: text outside the root element before the first row"),
            (sheetOpen + sheetClose + "</extra>", "xl/worksheets/sheet1.xml: end tag with no element open before the first row"),
        ]
        for (sheet, expected) in cases {
            let path = try handMadeWorkbook(sheet: sheet)
            #expect(readError { try XLSXWorkbookReader(path: path).readSheet(named: nil) { _, _ in } } == expected)
        }
    }

    @Test func aSharedStringIndexOutOfRangeThrows() throws {
        let strings = #"<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>only</t></si></sst>"#
        let path = try handMadeWorkbook(sheet: sheetOpen + #"<row r="4"><c r="C4" t="s"><v>1</v></c></row>"# + sheetClose, sharedStrings: strings)
        #expect(readError { try XLSXWorkbookReader(path: path).readSheet(named: nil) { _, _ in } }
                == "xl/worksheets/sheet1.xml: cell C4: shared string index 1 is out of range (the workbook has 1)")
        let negative = try handMadeWorkbook(sheet: sheetOpen + #"<row r="4"><c r="C4" t="s"><v>-1</v></c></row>"# + sheetClose, sharedStrings: strings)
        #expect(readError { try XLSXWorkbookReader(path: negative).readSheet(named: nil) { _, _ in } }
                == #"xl/worksheets/sheet1.xml: cell C4: shared string index "-1" is not a whole number"#)
        let brokenTable = try handMadeWorkbook(sheet: sheetOpen + sheetClose, sharedStrings: "<sst><si><t>a</si></sst>")
        #expect(readError { _ = try XLSXWorkbookReader(path: brokenTable) } == "xl/sharedStrings.xml: mismatched end tag </si>")
    }

    // MARK: Speed

    @Test(.enabled(if: ProcessInfo.processInfo.environment["XLSX_READ_BENCH_ROWS"] != nil))
    func readingSpeedIsPrintedWhenAsked() throws {
        let rows = Int(ProcessInfo.processInfo.environment["XLSX_READ_BENCH_ROWS"] ?? "") ?? 200_000
        let path = try SheetReaderSpeed.workbook(rows: rows)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let result = try SheetReaderSpeed.measure(path)
        #expect(result.rows == rows + 1)
        #expect(result.cells == (rows + 1) * 15)
        print("XLSXWorkbookReader: \(result.rows) rows of 15 cells, \(Int(result.wall)) rows/s by the wall clock, \(Int(result.cpu)) rows/s of CPU time")
    }

    // MARK: Helpers

    @Test func serialsConvertToCivilDatesWithLotusLeapYearBug() {
        #expect(XLSXWorkbookReader.serialToCivil(1)! == (1900, 1, 1, 0))
        #expect(XLSXWorkbookReader.serialToCivil(59)! == (1900, 2, 28, 0))
        #expect(XLSXWorkbookReader.serialToCivil(60) == nil)
        #expect(XLSXWorkbookReader.serialToCivil(60.5) == nil)
        #expect(XLSXWorkbookReader.serialToCivil(61)! == (1900, 3, 1, 0))
        #expect(XLSXWorkbookReader.serialToCivil(45383)! == (2024, 4, 1, 0))
        #expect(XLSXWorkbookReader.serialToCivil(45411.385416666664)! == (2024, 4, 29, 9 * 3600 + 15 * 60))
        #expect(XLSXWorkbookReader.serialToCivil(0.25)! == (1899, 12, 31, 6 * 3600))
        // 23:59:59.9 rounds to the next midnight.
        #expect(XLSXWorkbookReader.serialToCivil(45383 + 86_399.9 / 86_400)! == (2024, 4, 2, 0))
        #expect(XLSXWorkbookReader.serialToCivil(2_958_465)! == (9999, 12, 31, 0))
        #expect(XLSXWorkbookReader.serialToCivil(2_958_466) == nil)
        #expect(XLSXWorkbookReader.serialToCivil(-1) == nil)
        #expect(XLSXWorkbookReader.serialToCivil(.nan) == nil)
        #expect(XLSXWorkbookReader.serialToCivil(.infinity) == nil)
        #expect(XLSXWorkbookReader.serialToCivil(1e300) == nil)
    }

    @Test func columnLettersCountInBase26WithoutZero() {
        #expect(XLSXWorkbookReader.columnLetters(0) == "A")
        #expect(XLSXWorkbookReader.columnLetters(25) == "Z")
        #expect(XLSXWorkbookReader.columnLetters(26) == "AA")
        #expect(XLSXWorkbookReader.columnLetters(701) == "ZZ")
        #expect(XLSXWorkbookReader.columnLetters(16_383) == "XFD")
        #expect(XLSXWorkbookReader.columnLetters(-1) == "")
    }
}
