import Foundation
import Spreadsheets
import Testing
import _TestSupport

/// A wide sheet and a long one: percentages, a fill per band, frozen key columns, headers in words.
let rated: Workbook = {
    let keys = [WorkbookColumn("Provider ID", .text, "The provider", field: "provider_id"), WorkbookColumn("Contract", .text, "The contract")]
    var wide = WorkbookTable(name: "In month", title: "Rates in the month", columns: keys + [
        WorkbookColumn("HA-2", .percent(1), "Appointments; target 96%"), WorkbookColumn("HA-3", .percent(1), "Reports; target 96%"),
    ], frozenColumns: 2)
    wide.rows.append([.text("P001"), .text("atw-ha"), .filled(.number(0.96875), .green), .filled(.number(0.8), .red)])
    wide.rows.append([.text("P003"), .text("atw-ha"), .filled(.number(0.955), .yellow), .empty])
    var rolling = wide
    rolling.name = "Rolling 3 months"
    rolling.title = "Rates over 3 months"
    var long = WorkbookTable(name: "report", title: "Every row", columns: keys + [
        WorkbookColumn("Rate", .percent(1), "The rate", field: "rate"), WorkbookColumn("Rating", .text, "The tier", field: "rating"),
        WorkbookColumn("Value", .number, "A return's value"),
    ])
    long.rows.append([.text("P001"), .text("atw-ha"), .number(0.96875), .filled(.text("T4 Good"), .green), .number(12)])
    long.rows.append([.text("P003"), .text("atw-ha"), .number(0.7), .filled(.text("T2 Needs Improvement"), .amber),
                      .styled(.number(0.5), WorkbookCellStyle(kind: .percent(1)))])
    long.rows.append([.text("P005"), .text("atw-ha"), .empty, .filled(.empty, .red), .empty])
    var book = Workbook(title: "Rated", cover: [("Inputs", "first line\nsecond line"), ("Rules", String(repeating: "word ", count: 60))],
                        tables: [wide, rolling, long])
    book.notes = [("data quality", "Every row accepted")]
    return book
}()

@Suite("Workbooks laid out for analysts: percentages, fills, frozen keys, filters, print set-up")
struct WorkbookLayoutTests {
    @Test func ratesArePercentageCellsHoldingTheFractionInBothFormats() throws {
        let xlsx = parts(try unzipped(try rated.xlsx()))
        #expect(WorkbookXML.xlsxCells(xlsx, sheet: 6) == [
            "A1 string @ - Provider ID", "B1 string @ - Contract", "C1 string @ - Rate", "D1 string @ - Rating", "E1 string @ - Value",
            "A2 string @ - P001", "B2 string @ - atw-ha", "C2 number 0.0% - 0.96875", "D2 string @ C6EFCE T4 Good", "E2 number General - 12",
            "A3 string @ - P003", "B3 string @ - atw-ha", "C3 number 0.0% - 0.7", "D3 string @ FFD18C T2 Needs Improvement",
            "E3 number 0.0% - 0.5",
            "A4 string @ - P005", "B4 string @ - atw-ha", "D4 number General FFB3B3 ",
        ])
        let ods = parts(try unzipped(try rated.ods()))
        #expect(WorkbookXML.odsCells(ods, table: "report") == [
            "A1 string - - Provider ID", "B1 string - - Contract", "C1 string - - Rate", "D1 string - - Rating", "E1 string - - Value",
            "A2 string - - P001", "B2 string - - atw-ha", "C2 percentage 0.0% - 0.96875", "D2 string - C6EFCE T4 Good", "E2 float - - 12",
            "A3 string - - P003", "B3 string - - atw-ha", "C3 percentage 0.0% - 0.7", "D3 string - FFD18C T2 Needs Improvement",
            "E3 percentage 0.0% - 0.5",
            "A4 string - - P005", "B4 string - - atw-ha", "D4 empty - FFB3B3 ",
        ])
    }

    @Test func everyBandHasItsOwnFillAndTheWideSheetCarriesThem() throws {
        #expect(WorkbookFill.allCases.map(\.rgb) == ["C6EFCE", "FFF2CC", "FFD18C", "FFB3B3"])
        let xlsx = parts(try unzipped(try rated.xlsx()))
        #expect(WorkbookXML.xlsxCells(xlsx, sheet: 4).filter { $0.hasPrefix("C") || $0.hasPrefix("D") } == [
            "C1 string @ - HA-2", "D1 string @ - HA-3",
            "C2 number 0.0% C6EFCE 0.96875", "D2 number 0.0% FFB3B3 0.8", "C3 number 0.0% FFF2CC 0.955",
        ])
        let ods = parts(try unzipped(try rated.ods()))
        #expect(WorkbookXML.odsCells(ods, table: "In month").filter { $0.hasPrefix("C") || $0.hasPrefix("D") } == [
            "C1 string - - HA-2", "D1 string - - HA-3",
            "C2 percentage 0.0% C6EFCE 0.96875", "D2 percentage 0.0% FFB3B3 0.8", "C3 percentage 0.0% FFF2CC 0.955",
        ])
    }

    @Test func everySheetPrintsLandscapeOnePageWideWithItsHeaderRowRepeated() throws {
        let xlsx = parts(try unzipped(try rated.xlsx()))
        for n in 1...6 {
            let sheet = xlsx["xl/worksheets/sheet\(n).xml"] ?? ""
            #expect(sheet.contains(#"<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>"#))
            #expect(sheet.contains(#"<pageSetup paperSize="9" orientation="landscape" fitToWidth="1" fitToHeight="0"/>"#))
            #expect(sheet.contains("<oddFooter>&amp;CPage &amp;P of &amp;N</oddFooter>"))
        }
        let book = xlsx["xl/workbook.xml"] ?? ""
        // Every sheet with a header row (all but the cover) repeats it.
        #expect(book.matches(of: /<definedName name="_xlnm.Print_Titles" localSheetId="(\d)">'([^']+)'!\$1:\$1<\/definedName>/)
            .map { "\($0.output.1) \($0.output.2)" } == ["1 Contents", "2 Notes", "3 In month", "4 Rolling 3 months", "5 report"])
        let ods = parts(try unzipped(try rated.ods()))
        let styles = ods["styles.xml"] ?? "", content = ods["content.xml"] ?? ""
        #expect(styles.contains(#"<style:page-layout-properties fo:page-width="29.7cm" fo:page-height="21cm" style:print-orientation="landscape" style:scale-to-X="1""#))
        #expect(styles.contains(#"<style:master-page style:name="Landscape" style:page-layout-name="landscape">"#))
        #expect(content.contains(#"<style:style style:name="sheet" style:family="table" style:master-page-name="Landscape">"#))
        #expect(content.matches(of: /<table:table table:name="[^"]+" table:style-name="sheet">/).count == 6)
        // The header row is the table's header rows, which a spreadsheet repeats on every printed page.
        #expect(content.matches(of: /<table:table-header-rows>/).count == 5)
    }

    @Test func tablesAreFilteredAndFrozenWithTheirKeyColumns() throws {
        let xlsx = parts(try unzipped(try rated.xlsx()))
        let wide = xlsx["xl/worksheets/sheet4.xml"] ?? "", long = xlsx["xl/worksheets/sheet6.xml"] ?? ""
        #expect(wide.contains(#"<pane xSplit="2" ySplit="1" topLeftCell="C2" activePane="bottomRight" state="frozen"/>"#))
        #expect(wide.contains(#"<autoFilter ref="A1:D3"/>"#))
        #expect(long.contains(#"<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>"#))
        #expect(long.contains(#"<autoFilter ref="A1:E4"/>"#))
        #expect(xlsx["xl/workbook.xml"]?.contains(#"<definedName name="_xlnm._FilterDatabase" localSheetId="5" hidden="1">'report'!$A$1:$E$4</definedName>"#) == true)
        let ods = parts(try unzipped(try rated.ods()))
        #expect(ods["content.xml"]?.contains(#"<table:database-range table:name="__Anonymous_Sheet_DB__3" table:target-range-address="'In month'.A1:'In month'.D3" table:display-filter-buttons="true"/>"#) == true)
        let settings = ods["settings.xml"] ?? ""
        #expect(settings.contains(#"<config:config-item-map-entry config:name="In month"><config:config-item config:name="HorizontalSplitMode" config:type="short">2</config:config-item><config:config-item config:name="HorizontalSplitPosition" config:type="int">2</config:config-item>"#))
        #expect(settings.contains(#"<config:config-item-map-entry config:name="report"><config:config-item config:name="VerticalSplitMode" config:type="short">2</config:config-item>"#))
    }

    @Test func theCoverWrapsInOneWideColumnItsRowsAsTallAsTheirLines() throws {
        let xlsx = parts(try unzipped(try rated.xlsx()))
        let cover = xlsx["xl/worksheets/sheet1.xml"] ?? ""
        #expect(cover.contains(#"<col min="1" max="1" width="110.0" customWidth="1"/>"#))
        // "Inputs: first line\nsecond line" is 2 lines; 300 characters of rules in 110 a line are 3.
        #expect(cover.contains(#"<row r="2" ht="29.0" customHeight="1">"#))
        #expect(cover.contains(#"<row r="3" ht="43.5" customHeight="1">"#))
        #expect(WorkbookXML.xlsxCells(xlsx, sheet: 1).first == "A1 string @ - Rated")
        #expect(xlsx["xl/styles.xml"]?.contains(#"<alignment vertical="top" wrapText="1"/>"#) == true)
        let ods = parts(try unzipped(try rated.ods()))
        #expect(WorkbookXML.odsCells(ods, table: "Cover")[1] == "A2 string - - Inputs: first line\nsecond line")
        #expect(ods["content.xml"]?.contains(#"<style:table-cell-properties fo:wrap-option="wrap" style:vertical-align="top"/>"#) == true)
    }

    @Test func notesGiveEachColumnsCSVNameAndTablesWithTheSameColumnsShareThem() throws {
        let xlsx = parts(try unzipped(try rated.xlsx()))
        let notes = WorkbookXML.xlsxCells(xlsx, sheet: 3)
        #expect(Array(notes.prefix(4)) == ["A1 string @ - Sheet", "B1 string @ - Column", "C1 string @ - CSV name", "D1 string @ - Meaning"])
        #expect(notes.contains("A3 string @ - In month, Rolling 3 months"))
        #expect(notes.contains("C3 string @ - provider_id"))
        #expect(notes.filter { $0.hasPrefix("A") && $0.contains("report") }.count == 5)
        #expect(notes.contains { $0.hasSuffix(" - rating") })
    }

    @Test func textColumnsAreAsWideAsTheirLongestEarlyValue() throws {
        let xlsx = parts(try unzipped(try rated.xlsx()))
        let long = xlsx["xl/worksheets/sheet6.xml"] ?? ""
        // "T2 Needs Improvement" is 20 characters: 21 with a margin; Provider ID's header 11 + 2 is under text's 16.
        #expect(long.contains(#"<col min="4" max="4" width="21.0" customWidth="1"/>"#))
        #expect(long.contains(#"<col min="1" max="1" width="16.0" customWidth="1"/>"#))
        #expect(long.contains(#"<col min="3" max="3" width="8.0" customWidth="1"/>"#))
    }
}
