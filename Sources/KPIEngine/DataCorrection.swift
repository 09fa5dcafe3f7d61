import CaseData
import WorkingDays

/// A late or corrected event of an existing row: what ``LiveEvaluation/correct(_:)`` applies.
///
/// Rule: rows are rows of the live dataset's tables (0-based); `nil` clears a date (the event has not
/// happened). A correction cannot move a row to another provider or case; new rows arrive as a
/// ``DatasetAddition``. Corrections are applied in order, so a later one of the same cell wins.
///
/// ```swift
/// try live.correct([.caseDate(caseRow: 41, field: .acknowledged, day: Day("2026-05-12")),
///                   .reportDecision(reportRow: 7, accepted: false, decided: Day("2026-05-13"))])
/// ```
public enum DataCorrection: Sendable, Equatable {
    /// A date of a case (cases.csv); the referral cannot be cleared.
    case caseDate(caseRow: Int, field: CaseDateField, day: Day?)
    /// A case's withdrawal.
    case caseWithdrawn(caseRow: Int, day: Day?)
    /// A case's HA type, as an index into `Vocabulary.assessmentTypes` (`nil`: unknown).
    case caseAssessmentType(caseRow: Int, type: UInt8?)
    /// When a report was submitted.
    case reportSubmitted(reportRow: Int, day: Day)
    /// A report's outcome (`true` accepted, `false` rejected, `nil` awaited) and decision date.
    case reportDecision(reportRow: Int, accepted: Bool?, decided: Day?)
    /// When an accepted report was recorded on PRaP.
    case reportRecordedOnPRaP(reportRow: Int, day: Day?)
    /// When a complaint about DWP was forwarded to DWP.
    case complaintForwarded(complaintRow: Int, day: Day?)
}

extension DataCorrection {
    /// The case whose items the correction can change, or `nil` for a complaint.
    func caseRow(in dataset: Dataset) -> Int? {
        switch self {
        case .caseDate(let row, _, _), .caseWithdrawn(let row, _), .caseAssessmentType(let row, _): row
        case .reportSubmitted(let row, _), .reportDecision(let row, _, _), .reportRecordedOnPRaP(let row, _):
            Int(dataset.reports.caseRow[row])
        case .complaintForwarded: nil
        }
    }

    /// Refuses a correction that points at no row or holds a value the tables cannot (`index` is its
    /// position in the list, 1-based in the message).
    func check(in dataset: Dataset, index: Int) throws(DatasetError) {
        func fail(_ reason: String) -> DatasetError { DatasetError(path: "correction \(index + 1)", reason: reason) }
        func row(_ row: Int, _ count: Int, _ table: String) throws(DatasetError) {
            guard (0..<count).contains(row) else { throw fail("row \(row) is not a row of \(table) (\(count) rows)") }
        }
        func day(_ day: Day?) throws(DatasetError) {
            if let day, !WorkingDayCalendar.supportedRange.contains(day) {
                throw fail("\(day) is outside \(WorkingDayCalendar.supportedRange.lowerBound)…\(WorkingDayCalendar.supportedRange.upperBound)")
            }
        }
        switch self {
        case .caseDate(let r, let field, let d):
            try row(r, dataset.cases.count, "cases")
            try day(d)
            if field == .referralReceived {
                let start = dataset.providers.serviceStarts[Int(dataset.cases.provider[r])]
                guard let d else { throw fail("the referral of case \(dataset.cases.caseIDs[r]) cannot be cleared") }
                guard d >= start else { throw fail("referral \(d) is before the provider's service start \(start)") }
            }
        case .caseWithdrawn(let r, let d):
            try row(r, dataset.cases.count, "cases")
            try day(d)
        case .caseAssessmentType(let r, let type):
            try row(r, dataset.cases.count, "cases")
            if let type, Int(type) >= Vocabulary.assessmentTypes.count {
                throw fail("code \(type) is not one of \(Vocabulary.assessmentTypes.joined(separator: ", "))")
            }
        case .reportSubmitted(let r, let d):
            try row(r, dataset.reports.count, "reports")
            try day(d)
        case .reportDecision(let r, _, let d), .reportRecordedOnPRaP(let r, let d):
            try row(r, dataset.reports.count, "reports")
            try day(d)
        case .complaintForwarded(let r, let d):
            try row(r, dataset.complaints.count, "complaints")
            try day(d)
        }
    }

    /// Writes the correction into the dataset's columns.
    func apply(to dataset: inout Dataset) {
        let raw = { (day: Day?) in day?.rawValue ?? _missing32 }
        switch self {
        case .caseDate(let r, let field, let d):
            switch field {
            case .referralReceived: dataset.cases.referralReceived[r] = raw(d)
            case .acknowledged: dataset.cases.acknowledged[r] = raw(d)
            case .appointmentBooked: dataset.cases.appointmentBooked[r] = raw(d)
            case .initialContact: dataset.cases.initialContact[r] = raw(d)
            case .appointmentMade: dataset.cases.appointmentMade[r] = raw(d)
            case .supportPeriodEnd: dataset.cases.supportPeriodEnd[r] = raw(d)
            case .sustainmentEnd: dataset.cases.sustainmentEnd[r] = raw(d)
            }
        case .caseWithdrawn(let r, let d): dataset.cases.withdrawn[r] = raw(d)
        case .caseAssessmentType(let r, let type): dataset.cases.assessmentType[r] = type ?? _missing8
        case .reportSubmitted(let r, let d): dataset.reports.submitted[r] = d.rawValue
        case .reportDecision(let r, let accepted, let d):
            dataset.reports.outcome[r] = accepted.map { $0 ? 0 : 1 } ?? _missing8
            dataset.reports.decided[r] = raw(d)
        case .reportRecordedOnPRaP(let r, let d): dataset.reports.prapRecorded[r] = raw(d)
        case .complaintForwarded(let r, let d): dataset.complaints.forwardedToDWP[r] = raw(d)
        }
    }
}
