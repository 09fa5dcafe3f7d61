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
                                     reason: "duplicate attempt 2 of ha_report for case C1 (first on row 1)")) {
            try valid.append(addition)
        }
    }

    @Test func aReportRepeatingOneTheDatasetHoldsIsRefusedByAnAddition() throws {
        var valid = try Self.dataset(attempt: "1")
        var addition = DatasetAddition()
        addition.reports = valid.reports   // C1's ha_report attempt 1 again
        #expect(throws: DatasetError(path: "reports addition, row 1, attempt",
                                     reason: "duplicate attempt 1 of ha_report for case C1 (already in the dataset)")) {
            try valid.append(addition)
        }
        addition.reports.attempt = [2]
        try valid.append(addition)
        #expect(valid.reports.attempt == [1, 2])
    }

    /// The rules between a row's columns are one function per table: ingest and an addition give one reason.
    @Test func rulesBetweenColumnsGiveOneReasonOnIngestAndInAnAddition() throws {
        // A decision dated before the submission.
        let ingested = try Dataset.load(contents: [
            .providers: Self.csv("provider_id,contract,service_start,division", "P1,atw-ha,2026-01-01,england-and-wales"),
            .cases: Self.csv("case_id,provider_id,contract,referral_received,assessment_type", "C1,P1,atw-ha,2026-01-05,enhanced",
                             "C2,P1,atw-ha,2026-01-06,"),
            .reports: Self.csv("case_id,document,attempt,submitted,outcome,decided", "C1,ha_report,1,2026-01-10,accepted,2026-01-09"),
        ], rules: shippedRules)
        let decidedEarly = "decided 2026-01-09 is before submitted 2026-01-10"
        let noType = "missing required value (atw-ha cases need an assessment_type)"
        #expect(ingested.rejections.map(\.reason) == [noType, decidedEarly])
        #expect(ingested.rejections.map(\.column) == ["assessment_type", "decided"])

        var valid = try Self.dataset(attempt: "1")
        var report = DatasetAddition()
        report.reports = valid.reports
        report.reports.attempt = [2]
        report.reports.outcome = [0]
        report.reports.decided = [valid.reports.submitted[0] - 1]
        #expect(throws: DatasetError(path: "reports addition, row 1, decided", reason: "decided 2026-01-09 is before submitted 2026-01-10")) {
            try valid.append(report)
        }
        var untyped = DatasetAddition()
        untyped.cases = valid.cases.selecting([0])
        untyped.cases.caseIDs = IdentifierColumn(heap: Array("C2".utf8), offsets: [0, 2])
        untyped.cases.assessmentType = [_missing8]
        #expect(throws: DatasetError(path: "cases addition, row 1, assessment_type", reason: noType)) { try valid.append(untyped, rules: shippedRules) }
    }

    @Test func aSecondWorkforceReturnForAQuarterIsRefusedOnEveryPathThatAddsRows() throws {
        let header = "provider_id,contract,quarter_end,fte_total,fte_disabled"
        let twice = try Dataset.load(contents: [
            .providers: Self.csv("provider_id,contract,service_start,division", "P1,atw-ha,2026-01-01,england-and-wales"),
            .cases: Self.csv("case_id,provider_id,contract,referral_received,assessment_type", "C1,P1,atw-ha,2026-01-05,enhanced"),
            .workforce: Self.csv(header, "P1,atw-ha,2026-03-31,10,2", "P1,atw-ha,2026-03-31,11,2"),
        ])
        #expect(twice.rejections.map(\.reason) == ["duplicate return for quarter ending 2026-03-31 (first on line 2)"])
        var dataset = twice
        var addition = DatasetAddition()
        addition.workforce = dataset.workforce
        #expect(throws: DatasetError(path: "workforce addition, row 1, quarter_end",
                                     reason: "duplicate return for quarter ending 2026-03-31 (already in the dataset)")) {
            try dataset.append(addition)
        }
        addition.workforce.quarterEnd = [Day(year: 2026, month: 6, day: 30)!.rawValue]
        addition.workforce.fteTotal = [2_000_000]
        #expect(throws: DatasetError(path: "workforce addition, row 1, fte_total", reason: "fte_total 2000000 is above 1000000")) {
            try dataset.append(addition)
        }
    }
}
