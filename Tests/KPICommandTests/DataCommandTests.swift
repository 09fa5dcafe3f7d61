import Foundation
import Testing
import _TestSupport

@Suite("kpi generate, ingest and validate (end to end)")
struct DataCommandTests {
    @Test func generateIngestAndValidateFromTheStore() throws {
        let folder = try TemporaryFolder.make()
        defer { try? FileManager.default.removeItem(at: folder) }
        let data = folder.appendingPathComponent("data").path
        let store = folder.appendingPathComponent("data.store").path
        let generated = try KPIBinary.run(["generate", "--out", data, "--providers", "3", "--months", "6", "--cases", "300", "--seed", "9"])
        #expect(generated.status == 0, "\(generated.stderr)")
        #expect(generated.stderr.hasPrefix("wrote \(data): providers 3, cases 300, reports "))
        let ingest = try KPIBinary.run(["ingest", "--data", data, "--store", store, "--strict"])
        #expect(ingest.status == 0, "\(ingest.stderr)")
        #expect(ingest.stderr.hasPrefix("read 10 files: ") && ingest.stderr.contains(" rows, all accepted\n"), "\(ingest.stderr)")
        let fromStore = try KPIBinary.run(["validate", "--store", store, "--format", "csv"])
        #expect(fromStore.status == 0)
        #expect(fromStore.stdout.contains("\ncases.csv,,true,300,300,0,0.00,passes\n"), "\(fromStore.stdout)")
    }

    @Test func rejectsFileListsEveryRejectionAndStrictFails() throws {
        let folder = try TemporaryFolder.make()
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data("provider_id,contract,service_start\nP1,atw-ha,2026-01-01\n".utf8)
            .write(to: folder.appendingPathComponent("providers.csv"))
        try Data("""
            case_id,provider_id,contract,referral_received,assessment_type
            C1,P1,atw-ha,2026-02-02,enhanced
            C2,P1,atw-ha,02/02/2026,enhanced
            C3,P2,atw-ha,2026-02-02,enhanced

            """.utf8).write(to: folder.appendingPathComponent("cases.csv"))
        let rejects = folder.appendingPathComponent("rejects.csv").path
        // 2 of 3 cases rejected: the dataset fails unless 67% rejected is allowed.
        let lenient = try KPIBinary.run(["validate", "--data", folder.path, "--rejects", rejects, "--max-rejected", "67", "--format", "csv"])
        #expect(lenient.status == 0)
        #expect(lenient.stderr == """
            read 2 files: 4 rows, 2 accepted, 2 rejected
            cases.csv: 3 rows read = 1 accepted + 2 rejected
            rejected: cases.csv:3: referral_received: "02/02/2026" is not a date (YYYY-MM-DD)
            rejected: cases.csv:4: provider_id: unknown provider_id "P2" with contract "atw-ha" (not in providers.csv)

            """)
        let expectedRejects = "file,line,column,reason\n"
            + "cases.csv,3,referral_received,\"\"\"02/02/2026\"\" is not a date (YYYY-MM-DD)\"\n"
            + "cases.csv,4,provider_id,\"unknown provider_id \"\"P2\"\" with contract \"\"atw-ha\"\" (not in providers.csv)\"\n"
        #expect(try String(contentsOfFile: rejects, encoding: .utf8) == expectedRejects)
        let strict = try KPIBinary.run(["validate", "--data", folder.path, "--strict"])
        #expect(strict.status == 1)
        #expect(strict.stderr.contains("error: the dataset is not fit to report on (--strict)\ncases.csv: 2 of 3 rows rejected (66.7%, more than the 0% allowed)\n"))
        let gated = try KPIBinary.run(["report", "--data", folder.path])
        #expect(gated.status == 1 && gated.stdout.isEmpty)
        #expect(gated.stderr.contains("error: the dataset is not fit to report on (--max-rejected 5)\ncases.csv: 2 of 3 rows rejected (66.7%, more than the 5% allowed)\n"))
    }

    @Test func unusableDataExitsWithStatusOneAndBadUsageWithTwo() throws {
        let missing = try KPIBinary.run(["validate", "--data", "/nonexistent/dataset"])
        #expect(missing.status == 1 && missing.stderr == "error: /nonexistent/dataset: no such dataset folder\n")
        let corrupt = try KPIBinary.run(["validate", "--store", "/etc/hostname"])
        #expect(corrupt.status == 1 && corrupt.stderr.contains("not a kpi store"))
        let both = try KPIBinary.run(["validate", "--data", "a", "--store", "b"])
        #expect(both.status == 2 && both.stderr.contains("give exactly one of --data DIR or --store FILE"))
        let badMonth = try KPIBinary.run(["generate", "--out", "/tmp/x", "--first-month", "2024-13"])
        #expect(badMonth.status == 2 && badMonth.stderr.contains("--first-month 2024-13 is not a month YYYY-MM"))
    }
}

@Suite("kpi report (end to end)")
struct ReportCommandTests {
    @Test func sampleReportCoversEveryProviderKPIAndWindow() throws {
        let result = try KPIBinary.run(["report", "--data", sampleFolder, "--format", "csv", "--strict"])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.first == "provider_id,contract,kpi,month,window,met,missed,pending,excluded,rate,target,target_met,rating")
        let kpis = Set(lines.dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false)[2] })
        #expect(kpis.count == 6 + 14)
        #expect(lines.dropFirst().allSatisfy { $0.split(separator: ",", omittingEmptySubsequences: false).count == 13 })
    }

    @Test func badOptionsAreUsageErrorsAndBadDefinitionsDataErrors() throws {
        let unknown = try KPIBinary.run(["report", "--data", sampleFolder, "--provider", "P999"])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("--provider P999: not a provider in the dataset"))
        let badMonth = try KPIBinary.run(["report", "--data", sampleFolder, "--month", "2026-13"])
        #expect(badMonth.status == 2)
        let folder = try TemporaryFolder.make()
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data(#"{"format": 1, "contract": "atw-ha", "kpis": [{"id": "HA-1", "items": "case", "target": 99}]}"#.utf8)
            .write(to: folder.appendingPathComponent("ha.json"))
        let bad = try KPIBinary.run(["report", "--data", sampleFolder, "--contracts", folder.path])
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("error: \(folder.path)/ha.json: kpis[0].start: missing"))
    }

    @Test func contractsCommandWritesTheBuiltInDefinitions() throws {
        let folder = try TemporaryFolder.make()
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try KPIBinary.run(["contracts", "--out", folder.path])
        #expect(result.status == 0)
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(names == ["atw-ha.json", "atw-mhss.json"])
        // The written files are valid definitions: a report with them equals the default one.
        let withFiles = try KPIBinary.run(["report", "--data", sampleFolder, "--contracts", folder.path, "--format", "csv"])
        let builtIn = try KPIBinary.run(["report", "--data", sampleFolder, "--format", "csv"])
        #expect(withFiles.status == 0 && withFiles.stdout == builtIn.stdout)
    }
}

private var sampleFolder: String { RepositoryFolder.sampleDataset }
