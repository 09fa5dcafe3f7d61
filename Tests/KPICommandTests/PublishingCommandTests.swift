import Foundation
import Testing
import _TestSupport

private func unescaped(_ text: Substring) -> String {
    text.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
        .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&amp;", with: "&")
}

/// A cell's value as the CSV writes it, from its typed form, so a table can be compared with its CSV (a
/// percentage's fraction as its points).
private func csvText(number: String, columnIsMonthOrDate: (month: Bool, date: Bool), decimals: Int?, percent: Bool = false) -> String {
    let value = Double(number)! * (percent ? 100 : 1)
    if columnIsMonthOrDate.month || columnIsMonthOrDate.date {
        // Serial days from 1899-12-30.
        let day = Date(timeIntervalSince1970: (value - 25_569) * 86_400)
        let f = DateFormatter()
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = columnIsMonthOrDate.month ? "yyyy-MM" : "yyyy-MM-dd"
        return f.string(from: day)
    }
    if let decimals { return String(format: "%.\(decimals)f", value) }
    return number
}

/// The rows of an xlsx worksheet: every cell's value written as the CSV writes it, given the columns' kinds.
private func xlsxRows(_ sheet: String, months: Set<Int>, dates: Set<Int>, decimals: [Int: Int], percents: Set<Int> = []) -> [[String]] {
    var rows: [[String]] = []
    for rowMatch in sheet.matches(of: /<row r="(\d+)">(.*?)<\/row>/) {
        var cells: [Int: String] = [:]
        for cell in rowMatch.output.2.matches(of: /<c r="([A-Z]+)\d+"([^>]*)>(.*?)<\/c>/) {
            let column = cell.output.1.unicodeScalars.reduce(0) { $0 * 26 + Int($1.value) - 64 } - 1
            let attributes = cell.output.2, body = cell.output.3
            if attributes.contains(#"t="inlineStr""#), let t = body.firstMatch(of: /<t[^>]*>(.*?)<\/t>/) {
                cells[column] = unescaped(t.output.1)
            } else if attributes.contains(#"t="b""#) {
                cells[column] = body.contains("<v>1</v>") ? "true" : "false"
            } else if let v = body.firstMatch(of: /<v>(.*?)<\/v>/) {
                cells[column] = csvText(number: String(v.output.1), columnIsMonthOrDate: (months.contains(column), dates.contains(column)),
                                        decimals: decimals[column], percent: percents.contains(column))
            }
        }
        let width = (cells.keys.max() ?? -1) + 1
        rows.append((0..<width).map { cells[$0] ?? "" })
    }
    return rows
}

@Suite("Publishing (end to end): kpi notice, the Cabinet Office return, workbooks")
struct PublishingCommandTests {
    @Test func noticeOfTheSampleRatesEveryKPIWithAnOverallLine() throws {
        let result = try KPIBinary.run(["notice", "--data", RepositoryFolder.sampleDataset, "--provider", "P003",
                                        "--period", "2025-10..2026-09", "--format", "csv"])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "provider_id,contract,kpi,from,to,met,measured,rate,target,rating,reason")
        #expect(lines.count == 1 + 6 + 1)
        #expect(lines.last?.hasPrefix("P003,atw-ha,overall,2025-10,2026-09,,,,,") == true)
        let bad = try KPIBinary.run(["notice", "--data", RepositoryFolder.sampleDataset, "--period", "2026-09..2025-10"])
        #expect(bad.status == 2 && bad.stderr.contains("--period"))
    }

    /// `--kpi` keeps one KPI's rows in every result that is per KPI, and is refused where a result is not.
    @Test func kpiKeepsOneKPIOrIsRefusedWhereAResultIsNotPerKPI() throws {
        let sample = RepositoryFolder.sampleDataset
        for command in ["spc", "forecast", "notice", "report", "compare"] {
            let result = try KPIBinary.run([command, "--data", sample, "--provider", "P003", "--kpi", "HA-3", "--format", "csv", "--quiet"])
            #expect(result.status == 0, "\(command): \(result.stderr)")
            let kpis = Set(result.stdout.split(separator: "\n").dropFirst().map { $0.split(separator: ",")[2] })
            #expect(kpis == ["HA-3"], "\(command): \(kpis)")
        }
        let mi = try KPIBinary.run(["mi", "--data", sample, "--provider", "P003", "--kpi", "HA-3", "--quiet"])
        #expect(mi.status == 2 && mi.stderr.contains("--kpi HA-3: MI returns are per provider and return, not per KPI; leave --kpi out"), "\(mi.stderr)")
    }

    /// HA-6 is counted in FTE (ten-thousandths inside): `kpi compare` shows the same FTE as the report's row.
    @Test func compareShowsAQuarterlyShareInFTEAsTheReportDoes() throws {
        let sample = RepositoryFolder.sampleDataset
        let compare = try KPIBinary.run(["compare", "--data", sample, "--provider", "P003", "--kpi", "HA-6", "--format", "csv", "--quiet"])
        #expect(compare.status == 0, "\(compare.stderr)")
        // The report's P003 HA-6 row for the quarter to 2026-09: 4.93 FTE met of 149.19 (4.93 + 144.26).
        let report = try KPIBinary.run(["report", "--data", sample, "--provider", "P003", "--kpi", "HA-6", "--month", "2026-09",
                                        "--format", "csv", "--quiet"])
        #expect(report.stdout.contains("P003,atw-ha,HA-6,2026-09,quarter,4.93,144.26,"), "\(report.stdout)")
        #expect(compare.stdout.contains("\nP003,atw-ha,HA-6,2026-09,quarter,149.19,3.3045,"), "\(compare.stdout)")
    }

    @Test func cabinetOfficeReturnSaysWhichContractsHaveNone() throws {
        let result = try KPIBinary.run(["mi", "--data", RepositoryFolder.sampleDataset, "--return", "cabinet-office",
                                        "--month", "2026-09", "--format", "csv"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("warning: atw-mhss declares no cabinet_office KPIs"))
        // Every return asked for: a contract without a Cabinet Office return is no fault, and nothing is wrong.
        let all = try KPIBinary.run(["mi", "--data", RepositoryFolder.sampleDataset, "--month", "2026-09", "--format", "csv"])
        #expect(all.status == 0 && all.stderr == "read 10 files: 53983 rows, all accepted\n", "\(all.stderr)")
        let quiet = try KPIBinary.run(["mi", "--data", RepositoryFolder.sampleDataset, "--month", "2026-09", "--format", "csv", "--quiet"])
        #expect(quiet.status == 0 && quiet.stderr.isEmpty && quiet.stdout == all.stdout, "\(quiet.stderr)")
        let lines = result.stdout.split(separator: "\n")
        // Per HA provider: 2 quarter lines, 3 KPIs × 3 months × 5 measures, HA-6's 5 for the quarter.
        let haProviders = Set(lines.dropFirst().map { $0.split(separator: ",")[0] }).count
        #expect(lines.count == 1 + haProviders * (2 + 45 + 5))
    }

    @Test func anXLSXWorkbookReadsBackToItsCSV() throws {
        let folder = try TemporaryFolder.make()
        defer { try? FileManager.default.removeItem(at: folder) }
        let base = ["notice", "--data", RepositoryFolder.sampleDataset, "--period", "2025-10..2026-09"]
        let csv = try KPIBinary.run(base + ["--format", "csv"])
        let book = folder.appendingPathComponent("notice.xlsx").path
        let written = try KPIBinary.run(base + ["--format", "xlsx", "--out", book])
        #expect(written.status == 0, "\(written.stderr)")
        let parts = try workbookEntries(book)
        #expect(parts["xl/workbook.xml"]?.contains(#"<sheet name="notice" sheetId="4" r:id="rId4"/>"#) == true)
        // from and to are months, rate and target percentages (the CSV's points to 4 decimals); met and measured
        // plain numbers; the header in words.
        let rows = xlsxRows(parts["xl/worksheets/sheet4.xml"] ?? "", months: [3, 4], dates: [], decimals: [7: 4, 8: 4], percents: [7, 8])
        var expected = csv.stdout.split(separator: "\n").map { line in
            line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        }
        expected[0] = ["Provider ID", "Contract", "KPI", "From", "To", "Met", "Measured", "Rate", "Target", "Rating", "Reason"]
        #expect(rows.count == expected.count)
        for (got, want) in zip(rows, expected) {
            // The reason column may hold commas (quoted in the CSV): compare the fields before it.
            #expect(Array(got.prefix(10)) + Array(repeating: "", count: max(0, 10 - got.count)) == Array(want.prefix(10)))
        }
        let cover = parts["xl/worksheets/sheet1.xml"] ?? ""
        #expect(cover.contains("Contract performance notice (Procurement Act 2023, s.52 and s.71)"))
        #expect(cover.contains("As of: 2026-10-31"))
    }

    @Test func anODSWorkbookOfEveryTableCommandIsWritten() throws {
        let folder = try TemporaryFolder.make()
        defer { try? FileManager.default.removeItem(at: folder) }
        let data = ["--data", RepositoryFolder.sampleDataset]
        let commands: [[String]] = [
            ["report", "--month", "2026-09"] + data, ["forecast"] + data, ["pmir"] + data, ["spc", "--month", "2026-09"] + data,
            ["mi", "--month", "2026-09"] + data, ["notice"] + data, ["cases", "--provider", "P001", "--kpi", "HA-1"] + data,
            ["calendar", "--from", "2026-01-01", "--to", "2026-12-31"],
            ["backtest", "--from", "2026-06", "--to", "2026-08"] + data,
        ]
        for command in commands {
            let out = folder.appendingPathComponent(command[0] + ".ods").path
            let result = try KPIBinary.run(command + ["--format", "ods", "--out", out])
            #expect(result.status == 0, "\(command[0]): \(result.stderr)")
            let parts = try workbookEntries(out)
            #expect(parts["mimetype"] == "application/vnd.oasis.opendocument.spreadsheet")
            let content = parts["content.xml"] ?? ""
            #expect(content.contains(#"<table:table table:name="Cover" table:style-name="sheet">"#)
                        && content.contains(#"<table:table table:name="Notes" table:style-name="sheet">"#),
                    "\(command[0])")
            #expect(!content.contains("table:formula"))
        }
        // Without --out a workbook is refused (it is binary).
        let refused = try KPIBinary.run(["calendar", "--from", "2026-01-01", "--to", "2026-12-31", "--format", "xlsx"])
        #expect(refused.status == 2 && refused.stderr.contains("give --out FILE.xlsx"))
    }
}

@Suite("Data quality and provenance in the outputs")
struct ProvenanceCommandTests {
    /// A folder with 1 of 25 cases rejected (4%, under the 5% gate), and its description kept elsewhere.
    func folderWithOneRejection() throws -> (folder: URL, description: URL) {
        let folder = try TemporaryFolder.make("provenance")
        try Data("Provider;Contract;Start\nP1;atw-ha;01/10/2026\n".utf8).write(to: folder.appendingPathComponent("Providers export.csv"))
        var cases = "Case Ref;Provider;Contract;Referral Received;Type\n"
        for i in 1...25 { cases += "C\(i);P1;atw-ha;\(i == 7 ? "31/10/2026 junk" : "\(10 + i % 15)/10/2026");Enhanced\n" }
        try Data(cases.utf8).write(to: folder.appendingPathComponent("Cases export.csv"))
        let description = folder.appendingPathExtension("json")
        try Data(#"""
            {"tables": {
              "providers": {"file": "Providers export.csv", "delimiter": ";", "columns": {"provider_id": {"from": "Provider"}, "service_start": {"from": "Start", "format": "dd/mm/yyyy"}}},
              "cases": {"file": "Cases export.csv", "delimiter": ";", "columns": {"case_id": {"from": "Case Ref"}, "provider_id": {"from": "Provider"},
                "referral_received": {"from": "Referral Received", "format": "dd/mm/yyyy"}, "assessment_type": {"from": "Type"}}}}}
            """#.utf8).write(to: description)
        return (folder, description)
    }

    @Test func jsonWorkbookAndPackNameTheirInputsAndDataQuality() throws {
        let (folder, description) = try folderWithOneRejection()
        defer { try? FileManager.default.removeItem(at: folder); try? FileManager.default.removeItem(at: description) }
        let json = try KPIBinary.run(["report", "--data", folder.path, "--describe", description.path, "--as-of", "2026-11-30",
                                      "--month", "2026-10", "--format", "json"])
        #expect(json.status == 0, "\(json.stderr)")
        #expect(json.stderr.contains("cases (Cases export.csv): 25 rows read = 24 accepted + 1 rejected"))
        #expect(json.stderr.contains("rejected: Cases export.csv:8: referral_received: \"31/10/2026 junk\" is not a date (dd/mm/yyyy)"))
        #expect(json.stdout.contains("\"data_quality\": {\n    \"rows_rejected\": 1,"))
        #expect(json.stdout.contains("\"description\": \"\(description.path)\""))
        #expect(json.stdout.contains("\"layout\": \"CSV (utf-8, \\\";\\\")\""))
        let out = folder.appendingPathComponent("report.xlsx").path
        let book = try KPIBinary.run(["report", "--data", folder.path, "--describe", description.path, "--as-of", "2026-11-30",
                                      "--month", "2026-10", "--format", "xlsx", "--out", out])
        #expect(book.status == 0, "\(book.stderr)")
        let sheets = try workbookEntries(out)
        let cover = sheets["xl/worksheets/sheet1.xml"] ?? ""
        #expect(cover.contains("Data quality: 1 rows rejected and left out of every figure"))
        #expect(cover.contains("Inputs: providers: \(folder.path)/Providers export.csv, CSV (utf-8, &quot;;&quot;): 1 read = 1 accepted + 0 rejected; SHA-256 "))
        #expect((sheets["xl/worksheets/sheet3.xml"] ?? "").contains("data quality"))
        let pack = try KPIBinary.run(["report", "--data", folder.path, "--describe", description.path, "--as-of", "2026-11-30",
                                      "--month", "2026-10", "--format", "html"])
        #expect(pack.status == 0)
        #expect(pack.stdout.contains("<div class=\"data-quality\" role=\"note\"><p><strong>Data quality:</strong> 1 rows rejected"))
        #expect(pack.stdout.contains("<caption>Files read, their rows and SHA-256</caption>"))
    }
}
