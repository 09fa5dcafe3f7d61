import CaseData
import Foundation
import Testing
import _TestSupport

@Suite("Writing a dataset back as CSV, and samples of it")
struct DatasetExportTests {
    @Test func theSampleDatasetRoundTripsThroughCSV() throws {
        let original = try Dataset.load(folder: RepositoryFolder.sampleDataset)
        let folder = try TemporaryFolder.make()
        defer { try? FileManager.default.removeItem(at: folder) }
        try original.writeCSV(to: folder.path)
        let again = try Dataset.load(folder: folder.path)
        #expect(again.rejections.isEmpty)
        #expect(again == original)
    }

    @Test func aSampleHoldsEveryRecordOfItsCasesAndNothingElse() throws {
        let data = try Dataset.load(folder: RepositoryFolder.sampleDataset)
        let provider = 0
        let candidates = data.cases.provider.indices.filter { data.cases.provider[$0] == Int32(provider) }
        let chosen = Dataset.sample(candidates, size: 25, seed: 42)
        #expect(chosen.count == 25 && Set(chosen).isSubset(of: candidates) && chosen == chosen.sorted())
        // Reproducible, and another seed draws other cases.
        #expect(Dataset.sample(candidates, size: 25, seed: 42) == chosen)
        #expect(Dataset.sample(candidates, size: 25, seed: 43) != chosen)
        #expect(Dataset.sample(candidates, size: 10_000, seed: 1) == candidates)
        let sample = data.restricted(toCases: chosen)
        #expect(sample.cases.count == 25)
        #expect((0..<25).map { sample.cases.caseIDs[$0] } == chosen.map { data.cases.caseIDs[$0] })
        let ids = Set(chosen)
        // Every report, cancellation, recommendation, type change and complaint of those cases, none other.
        #expect(sample.reports.count == data.reports.caseRow.filter { ids.contains(Int($0)) }.count)
        #expect(sample.cancellations.count == data.cancellations.caseRow.filter { ids.contains(Int($0)) }.count)
        #expect(sample.recommendations.count == data.recommendations.caseRow.filter { ids.contains(Int($0)) }.count)
        #expect(sample.typeChanges.count == data.typeChanges.caseRow.filter { ids.contains(Int($0)) }.count)
        #expect(sample.complaints.count == data.complaints.caseRow.filter { $0 != _missing32 && ids.contains(Int($0)) }.count)
        // Written out, it is a dataset of its own that loads without a rejection.
        let folder = try TemporaryFolder.make()
        defer { try? FileManager.default.removeItem(at: folder) }
        try sample.writeCSV(to: folder.path)
        let loaded = try Dataset.load(folder: folder.path)
        #expect(loaded.rejections.isEmpty && loaded.cases.count == 25 && loaded.reports.count == sample.reports.count)
    }
}
