import CaseData
import Foundation
import Testing
import WorkingDays
import _TestSupport

/// One rule, one reason, whichever way a row arrives: read from CSV, appended as an addition, or found in a store.
@Suite("The same rule on every path")
struct SameRuleOnEveryPathTests {
    static func csv(_ lines: String...) -> [UInt8] { Array((lines.joined(separator: "\n") + "\n").utf8) }

    static func dataset(attempt: String) throws -> Dataset {
        try Dataset.load(contents: [
            .providers: csv("provider_id,contract,service_start,division", "P1,atw-ha,2026-01-01,england-and-wales"),
            .cases: csv("case_id,provider_id,contract,referral_received,assessment_type", "C1,P1,atw-ha,2026-01-05,enhanced"),
            .reports: csv("case_id,document,attempt,submitted", "C1,ha_report,\(attempt),2026-01-10"),
        ])
    }

    @Test func anAttemptOf1000IsRefusedWithOneReasonByIngestAnAdditionAndTheStore() throws {
        let reason = "attempt must be 1-999, got 1000"
        // Ingest: the row is rejected with its line and column.
        let ingested = try Self.dataset(attempt: "1000")
        #expect(ingested.rejections.map(\.reason) == [reason])
        #expect(ingested.rejections.first?.column == "attempt")

        // An addition of the same report to the valid dataset.
        var valid = try Self.dataset(attempt: "1")
        var addition = DatasetAddition()
        addition.reports = valid.reports
        addition.reports.attempt = [1000]
        #expect(throws: DatasetError(path: "reports addition, row 1, attempt", reason: reason)) { try valid.append(addition) }

        // A store holding it (its checksums intact): refused on loading.
        var altered = try Self.dataset(attempt: "1")
        altered.reports.attempt = [1000]
        let folder = try TemporaryFolder.make()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("altered.store").path
        try DatasetStore.write(altered, to: path)
        #expect(throws: DatasetError(path: path, reason: "the store is inconsistent: reports.attempt, row 1: " + reason)) {
            try DatasetStore.load(path)
        }
    }

    @Test func aDuplicateAttemptIsRefusedByIngestAndByAnAddition() throws {
        let twice = try Dataset.load(contents: [
            .providers: Self.csv("provider_id,contract,service_start,division", "P1,atw-ha,2026-01-01,england-and-wales"),
            .cases: Self.csv("case_id,provider_id,contract,referral_received,assessment_type", "C1,P1,atw-ha,2026-01-05,enhanced"),
            .reports: Self.csv("case_id,document,attempt,submitted", "C1,ha_report,1,2026-01-10", "C1,ha_report,1,2026-01-12"),
        ])
        #expect(twice.rejections.map(\.reason) == ["duplicate attempt 1 of ha_report for case C1 (first on line 2)"])
        var valid = try Self.dataset(attempt: "1")
        var addition = DatasetAddition()
        addition.reports = valid.reports
        addition.reports.attempt = [2]
        for column in [\ReportTable.caseRow, \.attempt, \.submitted, \.decided, \.prapRecorded] {
            addition.reports[keyPath: column] += addition.reports[keyPath: column]
        }
        addition.reports.document += addition.reports.document
        addition.reports.outcome += addition.reports.outcome
        addition.reports.employmentConfirmed += addition.reports.employmentConfirmed
        #expect(throws: DatasetError(path: "reports addition, row 2, attempt",
                                     reason: "duplicate attempt 2 of ha_report for the same case (first on row 1)")) {
            try valid.append(addition)
        }
    }
}
