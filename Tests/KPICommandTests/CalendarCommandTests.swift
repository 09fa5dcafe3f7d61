import Foundation
import Testing
import _TestSupport

@Suite("kpi calendar (end to end, the real binary)")
struct CalendarCommandTests {
    @Test func scottishHolidaysOfTwentyTwentySixAsCSV() throws {
        let result = try KPIBinary.run(["calendar", "--division", "scotland", "--from", "2026-01-01", "--to", "2026-12-31", "--format", "csv"])
        #expect(result.status == 0)
        #expect(result.stdout == """
        date,name
        2026-01-01,New Year’s Day
        2026-01-02,2nd January
        2026-04-03,Good Friday
        2026-05-04,Early May bank holiday
        2026-05-25,Spring bank holiday
        2026-06-15,World Cup bank holiday
        2026-08-03,Summer bank holiday
        2026-11-30,St Andrew’s Day
        2026-12-25,Christmas Day
        2026-12-28,Boxing Day

        """)
    }

    @Test func csvIsTheDefaultWhenNotATerminalAndEnglandTheDefaultDivision() throws {
        let result = try KPIBinary.run(["calendar", "--from", "2026-04-01", "--to", "2026-04-30"])
        #expect(result.status == 0)
        #expect(result.stdout == "date,name\n2026-04-03,Good Friday\n2026-04-06,Easter Monday\n")
    }

    @Test func jsonUsesGOVUKShapeAndTableIsReadable() throws {
        let json = try KPIBinary.run(["calendar", "--division", "northern-ireland", "--from", "2026-07-01", "--to", "2026-07-31", "--format", "json"])
        #expect(json.stdout == """
        {
          "division": "northern-ireland",
          "events": [
            {
              "title": "Battle of the Boyne (Orangemen’s Day)",
              "date": "2026-07-13",
              "notes": "Substitute day"
            }
          ]
        }

        """)
        let table = try KPIBinary.run(["calendar", "--from", "2026-12-01", "--to", "2026-12-31", "--format", "table"])
        #expect(table.stdout == """
        date        weekday  name           notes
        ----------  -------  -------------  --------------
        2026-12-25  Friday   Christmas Day
        2026-12-28  Monday   Boxing Day     Substitute day

        """)
    }

    @Test func outWritesTheFile() throws {
        let folder = try TemporaryFolder.make()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("holidays.csv").path
        let result = try KPIBinary.run(["calendar", "--from", "2026-05-01", "--to", "2026-05-31", "--out", file])
        #expect(result.status == 0 && result.stdout.isEmpty)
        #expect(try String(contentsOfFile: file, encoding: .utf8) == "date,name\n2026-05-04,Early May bank holiday\n2026-05-25,Spring bank holiday\n")
    }

    @Test func holidaysJSONOverridesAYear() throws {
        let folder = try TemporaryFolder.make()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("bank-holidays.json")
        try Data("""
        {"england-and-wales": {"division": "england-and-wales", "events": [
          {"title": "Proclaimed holiday", "date": "2027-06-07", "notes": "Extra bank holiday", "bunting": true}]}}
        """.utf8).write(to: file)
        let result = try KPIBinary.run(["calendar", "--from", "2027-05-01", "--to", "2027-06-30", "--holidays-json", file.path])
        #expect(result.status == 0)
        #expect(result.stdout == "date,name\n2027-06-07,Proclaimed holiday\n")
    }

    @Test(arguments: [
        (["calendar", "--division", "wales", "--from", "2026-01-01", "--to", "2026-12-31"], "wales"),
        (["calendar", "--from", "2026-02-30", "--to", "2026-12-31"], "2026-02-30"),
        (["calendar", "--from", "01/01/2026", "--to", "2026-12-31"], "01/01/2026"),
        (["calendar", "--from", "2026-12-31", "--to", "2026-01-01"], "--to 2026-01-01 is before --from 2026-12-31"),
        (["calendar", "--from", "1990-01-01", "--to", "2026-01-01"], "--from 1990-01-01 is outside the supported range 1995-01-01..2100-12-31"),
        (["calendar", "--from", "2026-01-01"], "--to"),
        (["calendar", "--from", "2026-01-01", "--to", "2026-12-31", "--format", "xml"], "xml"),
        (["frobnicate"], "frobnicate"),
    ])
    func badArgumentsExitWithStatusTwoAndSayWhy(arguments: [String], quoted: String) throws {
        let result = try KPIBinary.run(arguments)
        #expect(result.status == 2, "\(arguments): status \(result.status), stderr \(result.stderr)")
        #expect(result.stderr.contains(quoted), "stderr: \(result.stderr)")
        #expect(result.stdout.isEmpty)
    }

    @Test func malformedHolidaysFileIsADataErrorWithStatusOne() throws {
        let folder = try TemporaryFolder.make()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("broken.json")
        try Data("{\"scotland\": {\"events\": [{\"date\": \"2027-13-01\", \"title\": \"X\"}]}}".utf8).write(to: file)
        let result = try KPIBinary.run(["calendar", "--from", "2027-01-01", "--to", "2027-12-31", "--holidays-json", file.path])
        #expect(result.status == 1)
        #expect(result.stderr == "error: \(file.path): scotland.events[0].date: \"2027-13-01\" is not a date YYYY-MM-DD between 1995-01-01 and 2102-12-31\n")
        let missing = try KPIBinary.run(["calendar", "--from", "2027-01-01", "--to", "2027-12-31", "--holidays-json", "/nonexistent.json"])
        #expect(missing.status == 1 && missing.stderr.contains("/nonexistent.json: cannot read the file"))
    }

    @Test func everyCommandHasHelp() throws {
        for arguments in [["--help"], ["calendar", "--help"], ["help", "calendar"]] {
            let result = try KPIBinary.run(arguments)
            #expect(result.status == 0, "\(arguments)")
            #expect(result.stdout.contains("USAGE:"), "\(arguments)")
        }
    }
}
