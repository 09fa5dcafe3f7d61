import Foundation
import Testing
import _TestSupport

/// The worked examples' dataset: one HA provider in the North, October and November 2026.
private let workedExamples = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("Golden/worked-examples/data").path

@Suite("Workbooks of the commands read back: window sheets, percentages, named ratings, forms")
struct WorkbookCommandTests {
    /// `kpi ARGS --format FORMAT --out FILE` in a temporary folder, then its parts.
    func written(_ arguments: [String], _ format: String) throws -> [String: String] {
        let folder = try TemporaryFolder.make("workbook")
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("out." + format).path
        let result = try KPIBinary.run(arguments + ["--format", format, "--out", file])
        #expect(result.status == 0, "\(result.stderr)")
        return try workbookEntries(file)
    }

    @Test func theSampleReportHasASheetPerWindowProvidersDownKPIsAcrossOnTheirFills() throws {
        let parts = try written(["report", "--data", RepositoryFolder.sampleDataset, "--month", "2026-09"], "xlsx")
        let names = (parts["xl/workbook.xml"] ?? "").matches(of: /<sheet name="([^"]+)"/).map { String($0.output.1) }
        #expect(names == ["Cover", "Contents", "Notes", "report", "In month", "Rolling 3 months", "Rolling 12 months", "Cumulative"])
        let inMonth = WorkbookXML.xlsxCells(parts, sheet: 5)
        #expect(Array(inMonth.prefix(9)) == [
            "A1 string @ - Provider ID", "B1 string @ - Contract", "C1 string @ - HA-1", "D1 string @ - HA-2", "E1 string @ - HA-3",
            "F1 string @ - HA-4", "G1 string @ - HA-5", "H1 string @ - HA-6 (quarter)", "I1 string @ - MH-1",
        ])
        // P001's HA-2 in September: 65 of 67 met, 97.0149%, tier 4 (green); HA-1 has no rating scale, so no fill.
        #expect(inMonth.contains("A2 string @ - P001"))
        #expect(inMonth.contains("C2 number 0.0% - 1"))
        #expect(inMonth.contains("D2 number 0.0% C6EFCE 0.970149"))
        // 14 rows: per contract 3 providers, NATIONAL and 3 regions.
        #expect(inMonth.filter { $0.hasPrefix("A") }.count == 15)
        #expect(WorkbookXML.xlsxCells(parts, sheet: 6).first { $0.hasPrefix("H1 ") } == "H1 string @ - MH-1")
        #expect(parts["xl/worksheets/sheet5.xml"]?.contains(#"<pane xSplit="2" ySplit="1" topLeftCell="C2" activePane="bottomRight" state="frozen"/>"#) == true)
    }

    @Test func everyRateCellOfTheReportHasAPercentageFormatAndEveryRatingItsLabel() throws {
        let parts = try written(["report", "--data", RepositoryFolder.sampleDataset, "--month", "2026-09"], "xlsx")
        let long = WorkbookXML.xlsxCells(parts, sheet: 4)
        let rates = long.filter { ($0.hasPrefix("J") || $0.hasPrefix("K")) && !$0.contains(" string ") }
        #expect(rates.count > 1_000 && rates.allSatisfy { $0.contains(" number 0.0% - ") })
        let labels = Set(long.filter { $0.hasPrefix("M") && !$0.hasPrefix("M1 ") }.map { $0.split(separator: " ", maxSplits: 3)[3] })
        #expect(labels == ["C6EFCE T4 Good", "FFF2CC T3 Near Target", "FFD18C T2 Needs Improvement", "FFB3B3 T1 Inadequate",
                           "C6EFCE Green", "FFD18C Amber", "FFB3B3 Red"])
        for sheet in 5...8 {
            let cells = WorkbookXML.xlsxCells(parts, sheet: sheet).filter { !$0.hasPrefix("A") && !$0.hasPrefix("B") && !$0.contains(" string ") }
            #expect(!cells.isEmpty && cells.allSatisfy { $0.contains(" number 0.0% ") }, "sheet \(sheet)")
        }
        let ods = try written(["report", "--data", RepositoryFolder.sampleDataset, "--month", "2026-09"], "ods")
        let odsRates = WorkbookXML.odsCells(ods, table: "report").filter { $0.hasPrefix("J") || $0.hasPrefix("K") }.dropFirst(2)
        #expect(odsRates.allSatisfy { $0.contains(" percentage 0.0% - ") })
        #expect(WorkbookXML.odsCells(ods, table: "In month").contains("D2 percentage 0.0% C6EFCE 0.970149"))
    }

    @Test func severalMonthsLeadEachWindowSheetWithTheMonth() throws {
        let parts = try written(["report", "--data", workedExamples, "--as-of", "2026-11-30"], "xlsx")
        let inMonth = WorkbookXML.xlsxCells(parts, sheet: 5)
        #expect(Array(inMonth.prefix(4)) == ["A1 string @ - Month", "B1 string @ - Provider ID", "C1 string @ - Contract", "D1 string @ - HA-1"])
        // October then November, each with P1, NATIONAL and REGION:North; HA-2 in October 1 of 3, tier 1 (red).
        #expect(inMonth.filter { $0.hasPrefix("A") }.map { $0.split(separator: " ")[4] }
            == ["Month", "46296", "46296", "46296", "46327", "46327", "46327"])
        #expect(inMonth.contains("E2 number 0.0% FFB3B3 0.333333"))
        #expect(parts["xl/worksheets/sheet5.xml"]?.contains(#"<pane xSplit="3" ySplit="1" topLeftCell="D2""#) == true)
    }

    @Test func theCabinetOfficeReturnIsLaidOutAsItsFormTheTiersNameBesideItsNumber() throws {
        let parts = try written(["mi", "--data", RepositoryFolder.sampleDataset, "--return", "cabinet-office", "--month", "2026-09"], "xlsx")
        let cells = WorkbookXML.xlsxCells(parts, sheet: 4)
        #expect(Array(cells.prefix(11)) == [
            "A1 string @ - Provider ID", "B1 string @ - Contract", "C1 string @ - Month", "D1 string @ - KPI", "E1 string @ - Period",
            "F1 string @ - Met", "G1 string @ - Measured", "H1 string @ - Rate", "I1 string @ - Target", "J1 string @ - Tier",
            "K1 string @ - Rating",
        ])
        #expect(Array(cells[11..<22]) == [
            "A2 string @ - P001", "B2 string @ - atw-ha", #"C2 number yyyy\-mm - 46266"#, "D2 string @ - HA-2", "E2 string @ - 2026-07",
            "F2 number 0 - 62", "G2 number 0 - 64", "H2 number 0.0% - 0.96875", "I2 number 0.0% - 0.96",
            "J2 number 0 - 4", "K2 string @ C6EFCE T4 Good",
        ])
        // Per HA provider: 3 KPIs × 3 months and HA-6 for the quarter.
        #expect(cells.filter { $0.hasPrefix("D") }.count == 1 + 3 * 10)
        #expect(cells.contains("E11 string @ - 2026-07 to 2026-09"))
    }

    @Test func theNoticeNamesEachRatingOnItsFill() throws {
        let parts = try written(["notice", "--data", RepositoryFolder.sampleDataset, "--provider", "P003", "--period", "2025-10..2026-09"], "ods")
        let ratings = WorkbookXML.odsCells(parts, table: "notice").filter { $0.hasPrefix("J") }
        #expect(ratings.first == "J1 string - - Rating")
        #expect(ratings.dropFirst().allSatisfy { cell in
            ["C6EFCE Good", "FFF2CC Approaching target", "FFD18C Requires improvement", "FFB3B3 Inadequate", "- Other"].contains { cell.hasSuffix($0) }
        })
    }
}
