import CaseData
import Foundation
import KPIEngine
import PMIR
import Spreadsheets
import WorkingDays

/// The harnesses' bodies: each reader called on the fuzzer's bytes, then a little of what a command does next.
enum _FuzzReaders {
    // MARK: Fixed inputs beside the fuzzed one (the worked examples of the golden tests)

    static let providers = Array("""
        provider_id,contract,service_start,provider_name,region,division
        P1,atw-ha,2026-10-01,Alpha Assessments Ltd,North,england-and-wales

        """.utf8)
    static let cases = Array("""
        case_id,provider_id,contract,referral_received,acknowledged,appointment_booked,assessment_type,withdrawn
        C1,P1,atw-ha,2026-10-28,2026-10-29,2026-11-02,virtual_standard,
        C2,P1,atw-ha,2026-10-05,2026-10-05,2026-10-07,f2f_standard,
        C3,P1,atw-ha,2026-10-15,2026-10-19,,enhanced,2026-10-20

        """.utf8)
    static let reports = Array("""
        case_id,document,attempt,submitted,outcome,decided
        C1,ha_report,1,2026-11-05,,
        C2,ha_report,1,2026-10-19,rejected,2026-10-21
        C2,ha_report,2,2026-10-22,accepted,2026-10-23

        """.utf8)
    static let asOf = Day("2026-11-30")!
    static let builtIn: ContractCatalog = (try? ContractCatalog.builtIn) ?? ContractCatalog(definitions: [])
    static let rules = builtIn.dataRules

    /// The worked examples' evaluation, made once (the policies harness runs every policy over its report).
    static let workedReport: KPIReport? = {
        guard let dataset = try? Dataset.load(contents: [.providers: providers, .cases: cases, .reports: reports], rules: rules) else { return nil }
        return KPIReport(KPIEvaluation(dataset: dataset, catalog: builtIn, asOf: asOf))
    }()

    // MARK: Harnesses

    static func csvTable(_ bytes: [UInt8]) -> FuzzHarness.Outcome {
        let files = DatasetFile.allCases
        let file = files[Int(bytes.first ?? 0) % files.count]
        let content = Array(bytes.dropFirst())
        var contents: [DatasetFile: [UInt8]] = [.providers: providers, .cases: cases]
        contents[file] = content
        let whole = outcome { () throws(DatasetError) in try Dataset.load(contents: contents, rules: rules) }
        // The same bytes read in forced chunks must give the same answer (chunk edges inside quotes, lines, fields).
        let chunked = outcome { () throws(DatasetError) in try Dataset._load(contents: contents, chunks: 3, rules: rules) }
        precondition(whole == chunked, "\(file.fileName): read whole \(whole), in 3 chunks \(chunked)")
        // `kpi describe` samples the same bytes.
        _ = withFolder([(name: file.fileName, bytes: content)]) { folder in
            try? DatasetDescription.infer(folder: folder, knownContracts: builtIn.definitions.map(\.contract))
        }
        return whole
    }

    static func csvDataset(_ bytes: [UInt8]) -> FuzzHarness.Outcome {
        var contents: [DatasetFile: [UInt8]] = [:]
        for (file, section) in zip(DatasetFile.allCases, FuzzFolder.sections(bytes)) where !section.isEmpty {
            contents[file] = section
        }
        do {
            let dataset = try Dataset.load(contents: contents, rules: rules)
            return .read(evaluate(dataset, catalog: builtIn))
        } catch {
            return refused(error)
        }
    }

    static func xlsx(_ bytes: [UInt8]) -> FuzzHarness.Outcome {
        withFolder([(name: "providers.csv", bytes: providers), (name: "cases.xlsx", bytes: bytes)]) { folder in
            let path = folder + "/cases.xlsx"
            var cells = 0
            do {
                let reader = try XLSXWorkbookReader(path: path)
                for sheet in reader.sheetNames {
                    try reader.readSheet(named: sheet) { _, row in cells += row.count }
                }
            } catch {
                let message = (error as? SpreadsheetReadError)?.reason ?? "\(error)"
                precondition(error is SpreadsheetReadError, "the xlsx reader threw \(type(of: error)): \(message)")
                precondition(!message.isEmpty, "an xlsx error without a reason")
                _ = try? Dataset.load(folder: folder, description: nil, rules: rules)
                return .refused(message)
            }
            let dataset = outcome { () throws(DatasetError) in try Dataset.load(folder: folder, description: nil, rules: rules).dataset }
            _ = try? DatasetDescription.infer(folder: folder, knownContracts: builtIn.definitions.map(\.contract))
            return cells == 0 ? dataset : .read("\(cells) cells; \(dataset)")
        }
    }

    static func description(_ bytes: [UInt8]) -> FuzzHarness.Outcome {
        let files = FuzzFolder.files(bytes)
        return withFolder(files) { folder in
            _ = try? DatasetDescription.infer(folder: folder, knownContracts: builtIn.definitions.map(\.contract))
            do throws(DatasetError) {
                let input = try Dataset.load(folder: folder, description: nil, rules: rules)
                return .read(evaluate(input.dataset, catalog: builtIn))
            } catch {
                return refused(error)
            }
        }
    }

    static func store(_ bytes: [UInt8]) -> FuzzHarness.Outcome {
        var sealed = bytes
        let resealed = DatasetStore._reseal(&sealed)
        return withFolder([(name: "fuzz.store", bytes: bytes), (name: "sealed.store", bytes: sealed)]) { folder in
            let first = storeOutcome(folder + "/fuzz.store")
            // With its checksums made to match, the damage reaches the checks behind them (a faulty writer's store).
            if resealed { _ = storeOutcome(folder + "/sealed.store") }
            return first
        }
    }

    static func storeOutcome(_ path: String) -> FuzzHarness.Outcome {
        do {
            let dataset = try DatasetStore.load(path)
            return .read(evaluate(dataset, catalog: builtIn))
        } catch {
            return refused(error, naming: [path])
        }
    }

    static func counts(_ bytes: [UInt8]) -> FuzzHarness.Outcome {
        let files = FuzzFolder.sections(bytes).prefix(3).enumerated().map { (name: "counts-\($0.offset + 1).csv", bytes: $0.element) }
        do {
            let evaluation = try MonthCountsFile.evaluation(files: Array(files), catalog: builtIn, asOf: Day("2026-10-31")!)
            return .read("\(evaluation.series.count) series, \(reportRows(KPIReport(evaluation))) rows")
        } catch {
            return refused(error, naming: files.map(\.name))
        }
    }

    static func contracts(_ bytes: [UInt8]) -> FuzzHarness.Outcome {
        withFolder([(name: "contract.json", bytes: bytes)]) { folder in
            let catalog: ContractCatalog
            do throws(ContractDefinitionError) {
                catalog = try ContractCatalog(folder: folder)
            } catch {
                precondition(error.file.hasSuffix("contract.json") || error.file == folder, "a definition error that names another file: \(error)")
                return .refused(error.description)
            }
            do {
                let dataset = try Dataset.load(contents: [.providers: providers, .cases: cases, .reports: reports], rules: catalog.dataRules)
                return .read(evaluate(dataset, catalog: catalog))
            } catch {
                return .read("the worked examples refused: \(error)")
            }
        }
    }

    static func policies(_ bytes: [UInt8]) -> FuzzHarness.Outcome {
        let policy: PMIRPolicy
        do {
            policy = try PMIRPolicy(json: Data(bytes), file: "policy.json")
        } catch {
            precondition(error.file == "policy.json", "a policy error that names another file: \(error)")
            return .refused(error.description)
        }
        guard let report = workedReport else { return .read("policy") }
        let timeline = PMIRTimeline(report, policy: policy)
        return .read("\(timeline.rows.count) timeline rows")
    }

    static func holidays(_ bytes: [UInt8]) -> FuzzHarness.Outcome {
        let overrides: BankHolidayOverrides
        do {
            overrides = try BankHolidayOverrides(govUKJSON: Data(bytes), file: "bank-holidays.json")
        } catch {
            precondition(error.file == "bank-holidays.json", "a holidays error that names another file: \(error)")
            return .refused(error.description)
        }
        var listed = 0
        let range = WorkingDayCalendar.supportedRange
        for division in Division.allCases {
            let calendar = WorkingDayCalendar(division: division, overrides: overrides)
            listed += calendar.holidays(from: range.lowerBound, through: range.upperBound).count
            _ = calendar.workingDays(after: range.lowerBound, through: range.upperBound)
            _ = calendar.deadline(workingDays: 10, after: Day("2026-12-20")!)
        }
        return .read("\(listed) holidays")
    }

    // MARK: Helpers

    /// What a command does next with a dataset read: its KPI evaluation and report as of its latest date.
    static func evaluate(_ dataset: Dataset, catalog: ContractCatalog) -> String {
        guard let day = dataset.latestRecordedDay, WorkingDayCalendar.supports(day) else {
            return "\(dataset.cases.count) cases, no as-of day"
        }
        let report = KPIReport(KPIEvaluation(dataset: dataset, catalog: catalog, asOf: day))
        return "\(dataset.cases.count) cases, \(dataset.rejections.count) rejections, \(reportRows(report)) report rows"
    }

    /// The report's rows with their rates and ratings worked out, counted.
    static func reportRows(_ report: KPIReport) -> Int {
        let rows = report.rows()
        var rated = 0
        for row in rows where row.rating != nil || row.rateText != nil { rated += 1 }
        return rows.count + 0 * rated
    }

    static func outcome(_ body: () throws(DatasetError) -> Dataset) -> FuzzHarness.Outcome {
        do {
            let dataset = try body()
            return .read("\(dataset.cases.count) cases, \(dataset.rejections.count) rejections")
        } catch {
            return refused(error)
        }
    }

    /// A refusal, checked to give a reason and to name the file at fault: one of `files` (by its last path
    /// component) when given.
    static func refused(_ error: DatasetError, naming files: [String]? = nil) -> FuzzHarness.Outcome {
        let message = error.description
        precondition(!error.reason.isEmpty && !error.path.isEmpty, "an error without a file or a reason: \(message)")
        if let files {
            precondition(files.contains { error.path.hasSuffix(($0 as NSString).lastPathComponent) },
                         "an error that names none of \(files): \(message)")
        }
        return .refused(message)
    }

    /// Runs `body` on a fresh scratch folder holding `files`, then removes the folder.
    static func withFolder<R>(_ files: [(name: String, bytes: [UInt8])], _ body: (String) -> R) -> R {
        let folder = NSTemporaryDirectory() + "atw-fuzz-" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        for file in files {
            FileManager.default.createFile(atPath: folder + "/" + file.name, contents: Data(file.bytes))
        }
        return body(folder)
    }
}
