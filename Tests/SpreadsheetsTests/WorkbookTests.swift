import Foundation
import Spreadsheets
import Testing
import ZIPFoundation
import _TestSupport

/// The entries of a written workbook, by path, as text.
func unzipped(_ data: Data) throws -> [(path: String, text: String)] {
    let archive = try Archive(data: data, accessMode: .read)
    var out: [(String, String)] = []
    for entry in archive {
        var bytes = Data()
        _ = try archive.extract(entry) { bytes.append($0) }
        out.append((entry.path, String(decoding: bytes, as: UTF8.self)))
    }
    return out
}

func text(_ entries: [(path: String, text: String)], _ path: String) -> String {
    entries.first { $0.path == path }?.text ?? ""
}

/// The entries by path.
func parts(_ entries: [(path: String, text: String)]) -> [String: String] {
    Dictionary(entries.map { ($0.path, $0.text) }, uniquingKeysWith: { a, _ in a })
}

let sample: Workbook = {
    var table = WorkbookTable(name: "holidays", title: "Bank holidays", columns: [
        WorkbookColumn("date", .date, "The holiday"), WorkbookColumn("name", .text, "Its name"),
        WorkbookColumn("rate", .decimal(4), "A percentage"), WorkbookColumn("items", .integer, "A count"),
        WorkbookColumn("month", .month, "The month"), WorkbookColumn("met", .boolean, "Target met"),
    ])
    table.rows.append([.date(year: 2026, month: 12, day: 25), .text("=1+1 & <b>"), .number(93.5), .number(12),
                       .date(year: 2026, month: 12, day: 1), .boolean(true)])
    table.rows.append([.empty, .text("@SUM(A1)"), .number(-0.25), .number(0), .empty, .boolean(false)])
    return Workbook(title: "Test book", cover: [("Source", "made up")], tables: [table])
}()

@Suite struct XLSXWorkbookTests {
    @Test func writesTypedCellsAndNeverAFormula() throws {
        let entries = try unzipped(try sample.xlsx())
        #expect(entries.map(\.path) == ["[Content_Types].xml", "_rels/.rels", "docProps/core.xml", "xl/workbook.xml",
                                        "xl/_rels/workbook.xml.rels", "xl/styles.xml", "xl/worksheets/sheet1.xml",
                                        "xl/worksheets/sheet2.xml", "xl/worksheets/sheet3.xml", "xl/worksheets/sheet4.xml"])
        // 2026-12-25 is serial 46381; 2026-12-01 is 46357.
        #expect(WorkbookXML.xlsxCells(parts(entries), sheet: 4) == [
            "A1 string @ - date", "B1 string @ - name", "C1 string @ - rate", "D1 string @ - items", "E1 string @ - month",
            "F1 string @ - met",
            #"A2 number yyyy\-mm\-dd - 46381"#, "B2 string @ - =1+1 & <b>", "C2 number 0.0000 - 93.5", "D2 number 0 - 12",
            #"E2 number yyyy\-mm - 46357"#, #"F2 boolean "TRUE";"TRUE";"FALSE" - true"#,
            "B3 string @ - @SUM(A1)", "C3 number 0.0000 - -0.25", "D3 number 0 - 0", #"F3 boolean "TRUE";"TRUE";"FALSE" - false"#,
        ])
        let sheet = text(entries, "xl/worksheets/sheet4.xml")
        #expect(!sheet.contains("<f>"))
        #expect(sheet.contains(#"state="frozen""#))
        #expect(text(entries, "xl/workbook.xml").contains(#"<sheet name="holidays" sheetId="4" r:id="rId4"/>"#))
    }

    @Test func coverContentsAndNotesSheetsDescribeTheTables() throws {
        let entries = try unzipped(try sample.xlsx())
        #expect(text(entries, "xl/worksheets/sheet1.xml").contains("<t xml:space=\"preserve\">Source: made up</t>"))
        #expect(text(entries, "xl/worksheets/sheet2.xml").contains("<t xml:space=\"preserve\">Bank holidays</t>"))
        #expect(text(entries, "xl/worksheets/sheet3.xml").contains("<t xml:space=\"preserve\">A percentage</t>"))
    }

    @Test func theSameWorkbookGivesTheSameBytes() throws {
        #expect(try sample.xlsx() == sample.xlsx())
        #expect(try sample.ods() == sample.ods())
    }

    @Test func refusesABadSheetNameAndARaggedRow() {
        var bad = sample
        bad.tables[0].name = "a/b"
        #expect(throws: WorkbookError.self) { try bad.xlsx() }
        var ragged = sample
        ragged.tables[0].rows.append([.empty])
        #expect(throws: WorkbookError("table \"holidays\" row 3 has 1 cells for 6 columns")) { try ragged.ods() }
    }

    @Test func columnLettersRunPastZ() {
        #expect(Workbook.columnLetters(0) == "A")
        #expect(Workbook.columnLetters(25) == "Z")
        #expect(Workbook.columnLetters(26) == "AA")
        #expect(Workbook.columnLetters(701) == "ZZ")
    }
}

@Suite struct ODSWorkbookTests {
    @Test func storesTheMimetypeFirstAndTypesEveryCell() throws {
        let data = try sample.ods()
        // The mimetype entry is stored uncompressed at the start, as OpenDocument requires.
        #expect(String(decoding: data[30..<38], as: UTF8.self) == "mimetype")
        #expect(String(decoding: data[38..<84], as: UTF8.self) == "application/vnd.oasis.opendocument.spreadsheet")
        let entries = try unzipped(data)
        let content = text(entries, "content.xml")
        #expect(WorkbookXML.odsCells(parts(entries), table: "holidays") == [
            "A1 string - - date", "B1 string - - name", "C1 string - - rate", "D1 string - - items", "E1 string - - month",
            "F1 string - - met",
            "A2 date yyyy-mm-dd - 2026-12-25", "B2 string - - =1+1 & <b>", "C2 float 0.0000 - 93.5", "D2 float 0 - 12",
            "E2 date yyyy-mm - 2026-12-01", "F2 boolean - - true",
            "B3 string - - @SUM(A1)", "C3 float 0.0000 - -0.25", "D3 float 0 - 0", "F3 boolean - - false",
        ])
        #expect(!content.contains("table:formula"))
        #expect(text(entries, "settings.xml").contains(#"<config:config-item-map-entry config:name="holidays">"#))
    }
}
