import Foundation
import Testing
import _TestSupport

@Suite("kpi counts and --counts (end to end)")
struct CountsCommandTests {
    @Test func countsOfTwoHalvesOfTheProvidersGiveTheWholeDatasetsResults() throws {
        let folder = try TemporaryFolder.make()
        defer { try? FileManager.default.removeItem(at: folder) }
        let all = folder.appendingPathComponent("all.csv").path
        let written = try KPIBinary.run(["counts", "--data", RepositoryFolder.sampleDataset, "--out", all])
        #expect(written.status == 0, "\(written.stderr)")
        let lines = try String(contentsOfFile: all, encoding: .utf8).split(separator: "\n").map(String.init)
        #expect(lines[0] == "provider_id,contract,service_start,region,division,kpi,month,met,missed,pending,excluded")
        #expect(lines[1] == "P001,atw-ha,2024-04-01,North East,england-and-wales,HA-1,2024-04,63,0,0,0")
        // Two files: P001-P003 and P004-P006 (the providers of each contract are split between them).
        let first = folder.appendingPathComponent("first.csv").path, second = folder.appendingPathComponent("second.csv").path
        let rows = lines.dropFirst()
        try ([lines[0]] + rows.filter { $0.hasPrefix("P001,") || $0.hasPrefix("P002,") || $0.hasPrefix("P003,") })
            .joined(separator: "\n").appending("\n").write(toFile: first, atomically: true, encoding: .utf8)
        try ([lines[0]] + rows.filter { $0.hasPrefix("P004,") || $0.hasPrefix("P005,") || $0.hasPrefix("P006,") })
            .joined(separator: "\n").appending("\n").write(toFile: second, atomically: true, encoding: .utf8)
        for command in [["report"], ["pmir"], ["spc"], ["notice"], ["forecast"]] {
            let whole = try KPIBinary.run(command + ["--data", RepositoryFolder.sampleDataset, "--format", "csv"])
            let halves = try KPIBinary.run(command + ["--counts", first, second, "--as-of", "2026-10-31", "--format", "csv"])
            #expect(halves.status == 0, "\(command[0]): \(halves.stderr)")
            #expect(!whole.stdout.isEmpty)
            guard command == ["forecast"] else {
                #expect(halves.stdout == whole.stdout, "\(command[0])")
                continue
            }
            // Counts carry no referrals or open items, so the forecast from them reads no leading indicators:
            // the same rows in the same order, each by the same method.
            func keys(_ csv: String) -> [String] {
                csv.split(separator: "\n").map { line in
                    let fields = line.split(separator: ",", omittingEmptySubsequences: false)
                    return (fields[0...4] + [fields[11]]).joined(separator: ",")
                }
            }
            #expect(keys(halves.stdout) == keys(whole.stdout))
        }
    }

    @Test func badCountsAreRefusedWithFileLineColumnAndReason() throws {
        let folder = try TemporaryFolder.make()
        defer { try? FileManager.default.removeItem(at: folder) }
        let header = "provider_id,contract,service_start,region,division,kpi,month,met,missed,pending,excluded\n"
        func refusal(_ row: String) throws -> String {
            let path = folder.appendingPathComponent("bad.csv").path
            try (header + row + "\n").write(toFile: path, atomically: true, encoding: .utf8)
            let result = try KPIBinary.run(["report", "--counts", path, "--as-of", "2026-10-31"])
            #expect(result.status == 1)
            return result.stderr.replacingOccurrences(of: path, with: "bad.csv")
        }
        #expect(try refusal("P1,atw-ha,2026-01-01,,,HA-1,2026-02,1.5,0,0,0")
                == "error: bad.csv: line 2, column met: expected a whole number of items, got \"1.5\"\n")
        #expect(try refusal("P1,atw-ha,2026-01-01,,,HA-1,2025-12,1,0,0,0")
                == "error: bad.csv: line 2, column month: 2025-12 is before the provider's service start 2026-01-01\n")
        #expect(try refusal("P1,atw-ha,2026-01-01,,wales,HA-1,2026-02,1,0,0,0")
                == "error: bad.csv: line 2, column division: unknown value \"wales\" (expected one of england-and-wales, scotland, northern-ireland)\n")
        #expect(try refusal("P1,atw-ha,2026-01-01,,,HA-9,2026-02,1,0,0,0")
                == "error: bad.csv: line 2, column kpi: \"HA-9\" is not a KPI of atw-ha (HA-1, HA-2, HA-3, HA-4, HA-5, HA-6)\n")
        #expect(try refusal("P1,atw-ha,2026-01-01,,,HA-6,2026-03,0.12345,1,0,0")
                == "error: bad.csv: line 2, column met: expected FTE with at most 4 decimals, got \"0.12345\"\n")
        #expect(try refusal("P1,atw-ha,2026-01-01,,,HA-1,2026-02,-1,0,0,0")
                == "error: bad.csv: line 2, column met: expected a count of 0 or more, got \"-1\"\n")
        // --counts needs --as-of, and not a dataset as well.
        let noDate = try KPIBinary.run(["report", "--counts", "x.csv"])
        #expect(noDate.status == 2 && noDate.stderr.contains("--counts needs --as-of DATE"))
        let both = try KPIBinary.run(["report", "--counts", "x.csv", "--data", RepositoryFolder.sampleDataset, "--as-of", "2026-10-31"])
        #expect(both.status == 2 && both.stderr.contains("not both"))
    }
}
