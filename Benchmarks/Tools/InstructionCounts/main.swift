import AccessToWork
import Foundation

// The instruction-count gate's workload (`make bench`, Benchmarks/instruction-counts.sh): every hot phase once on a
// fixed, seeded dataset small enough for valgrind, each in its own `phase_…` function (never inlined), so
// callgrind's inclusive count of that function is the phase's work alone. Run it under
// `SWIFT_DETERMINISTIC_HASHING=1 OPENBLAS_NUM_THREADS=1 ATW_WORKERS=1` so every loop runs on this thread and the
// same work gives the same count on every machine. The set-up (generating the data, writing the store) is outside
// every phase.
//
// Usage: InstructionCounts WORKDIR   (the dataset and store are made there when missing)

if CommandLine.arguments.count > 2 || CommandLine.arguments.dropFirst().first?.hasPrefix("-") == true {
    FileHandle.standardError.write(Data("usage: InstructionCounts [WORKDIR]\n".utf8))
    exit(2)
}
let workdir = CommandLine.arguments.count > 1 ? CommandLine.arguments[1] : NSTemporaryDirectory() + "atw-instruction-counts"
let configuration = SyntheticDatasetConfiguration(providers: 12, months: 24, cases: 30_000, seed: 1)
let folder = workdir + "/data", storePath = workdir + "/data.store"
let catalog = try ContractCatalog.builtIn

if !FileManager.default.fileExists(atPath: storePath) {
    try? FileManager.default.removeItem(atPath: folder)
    try FileManager.default.createDirectory(atPath: workdir, withIntermediateDirectories: true)
    try SyntheticDataset.write(configuration, to: folder)
    try DatasetStore.write(try Dataset.load(folder: folder, rules: catalog.dataRules), to: storePath)
}

/// Keeps a result alive so the phase's work is not optimised away.
@inline(never) func keep<T>(_ value: T) { withExtendedLifetime(value) {} }

@inline(never) func phase_csvIngest() throws -> Dataset { try Dataset.load(folder: folder, rules: catalog.dataRules) }
@inline(never) func phase_storeLoad() throws -> Dataset { try DatasetStore.load(storePath) }
@inline(never) func phase_itemEvaluation(_ dataset: Dataset, asOf: Day) -> KPIEvaluation {
    KPIEvaluation(dataset: dataset, catalog: catalog, asOf: asOf, collectingPipeline: true)
}
@inline(never) func phase_windowProduct(_ evaluation: KPIEvaluation) -> WindowCounts { WindowCounts(evaluation) }
@inline(never) func phase_ratingsAndCSV(_ evaluation: KPIEvaluation) -> String { KPIReportResult(KPIReport(evaluation)).csv() }
@inline(never) func phase_liveLateData(_ live: inout LiveEvaluation, _ corrections: [DataCorrection]) throws {
    try live.correct(corrections)
    keep(WindowCounts(live.evaluation))
}
@inline(never) func phase_liveNextDay(_ live: inout LiveEvaluation) {
    live.advance(to: live.asOf.advanced(by: 1))
    keep(WindowCounts(live.evaluation))
}
@inline(never) func phase_liveNewMonth(_ live: inout LiveEvaluation, _ addition: DatasetAddition, asOf: Day) throws {
    try live.append(addition, asOf: asOf)
    keep(WindowCounts(live.evaluation))
}
@inline(never) func phase_forecast(_ evaluation: KPIEvaluation) throws -> RiskForecast { try RiskForecast(evaluation) }
@inline(never) func phase_spc(_ report: KPIReport) -> SPCAnalysis { SPCAnalysis(report) }
@inline(never) func phase_pmir(_ report: KPIReport) throws -> PMIRTimeline { PMIRTimeline(report, policy: try PMIRPolicy.chosen(nil)) }
@inline(never) func phase_pack(_ evaluation: KPIEvaluation, _ dataset: Dataset) throws -> String {
    try PerformancePack.assemble(evaluation, dataset: dataset, policy: try PMIRPolicy.chosen(nil), options: .init()).html()
}

let fromCSV = try phase_csvIngest()
let dataset = try phase_storeLoad()
guard fromCSV.cases.count == dataset.cases.count else { fatalError("the store and the folder differ") }
let asOf = dataset.latestRecordedDay!
let evaluation = phase_itemEvaluation(dataset, asOf: asOf)
keep(phase_windowProduct(evaluation))
let csv = phase_ratingsAndCSV(evaluation)
// Live updates: 200 seeded corrections near the last day; the next day within the last month; the last month's
// extract appended to the data as they stood at the end of the month before.
var rng = SeededGenerator(seed: 99)
let corrections = (0..<200).map { i -> DataCorrection in
    let c = Int(rng.next() % UInt64(dataset.cases.count)), day = asOf.advanced(by: -Int(rng.next() % 30))
    return i % 2 == 0 ? .caseDate(caseRow: c, field: .acknowledged, day: day) : .caseWithdrawn(caseRow: c, day: day)
}
var late = LiveEvaluation(dataset: dataset, catalog: catalog, asOf: asOf)
try phase_liveLateData(&late, corrections)
let last = configuration.lastMonth
var nextDay = LiveEvaluation(dataset: dataset, catalog: catalog, asOf: last.firstDay.advanced(by: 1))
phase_liveNextDay(&nextDay)
var earlier = dataset
let addition = earlier.splitOff(from: last.firstDay)
var newMonth = LiveEvaluation(dataset: earlier, catalog: catalog, asOf: last.firstDay.advanced(by: -1))
try phase_liveNewMonth(&newMonth, addition, asOf: last.lastDay)
let forecast = try phase_forecast(evaluation)
let report = KPIReport(evaluation)
keep(phase_spc(report))
keep(try phase_pmir(report))
let pack = try phase_pack(evaluation, dataset)
print("phases done: \(dataset.cases.count) cases, report CSV \(csv.utf8.count) bytes, \(forecast.rows.count) forecast rows, pack \(pack.utf8.count) bytes")
