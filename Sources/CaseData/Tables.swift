import WorkingDays

/// providers.csv: one row per provider and contract.
public struct ProviderTable: Sendable, Equatable {
    public var providerIDs: [String] = []
    public var contracts: [String] = []
    public var serviceStarts: [Day] = []
    public var names: [String?] = []
    public var regions: [String?] = []
    public var divisions: [Division] = []

    public var count: Int { providerIDs.count }

    public init() {}

    /// The row of a provider and contract, or `nil`.
    public func row(providerID: String, contract: String) -> Int? {
        providerIDs.indices.first { providerIDs[$0] == providerID && contracts[$0] == contract }
    }
}

/// cases.csv: one row per referral. Dates are day numbers (`Int32.min` when missing); enums are indexes into
/// ``Vocabulary`` (`UInt8.max` when missing); booleans 0/1 (`UInt8.max` when missing).
public struct CaseTable: Sendable, Equatable {
    public var caseIDs = IdentifierColumn()
    /// Row of the case's provider and contract in ``ProviderTable``.
    public var provider: [Int32] = []
    public var referralReceived: [Int32] = []
    public var acknowledged: [Int32] = []
    public var appointmentBooked: [Int32] = []
    /// Index into ``Vocabulary/assessmentTypes``.
    public var assessmentType: [UInt8] = []
    public var initialContact: [Int32] = []
    public var appointmentMade: [Int32] = []
    public var apprentice: [UInt8] = []
    public var supportPeriodEnd: [Int32] = []
    public var sustainmentEnd: [Int32] = []
    public var infoSource = TextColumn()
    public var withdrawn: [Int32] = []
    public var withdrawalReason = TextColumn()

    public var count: Int { provider.count }

    public init() {}

    /// Bytes held per case by the columns (identifier bytes included).
    public var bytesPerCase: Double { bytesPerRow }
}

/// reports.csv: one row per submission of a document (reworks included).
public struct ReportTable: Sendable, Equatable {
    /// Row of the case in ``CaseTable``.
    public var caseRow: [Int32] = []
    /// Index into ``Vocabulary/documents``.
    public var document: [UInt8] = []
    public var attempt: [Int32] = []
    public var submitted: [Int32] = []
    /// Index into ``Vocabulary/outcomes`` (0 accepted, 1 rejected), `UInt8.max` while awaited.
    public var outcome: [UInt8] = []
    public var decided: [Int32] = []
    public var prapRecorded: [Int32] = []
    public var employmentConfirmed: [UInt8] = []

    public var count: Int { caseRow.count }

    public init() {}
}

/// complaints.csv: one row per complaint.
public struct ComplaintTable: Sendable, Equatable {
    public var complaintIDs = IdentifierColumn()
    public var provider: [Int32] = []
    public var received: [Int32] = []
    /// Row of the case, or `Int32.min` when the complaint names none.
    public var caseRow: [Int32] = []
    /// 1 when the complaint is about DWP; a missing cell counts as 0.
    public var aboutDWP: [UInt8] = []
    public var forwardedToDWP: [Int32] = []
    public var referredToDWP: [Int32] = []
    public var resolved: [Int32] = []

    public var count: Int { provider.count }

    public init() {}
}

/// cancellations.csv: one row per cancelled appointment.
public struct CancellationTable: Sendable, Equatable {
    public var caseRow: [Int32] = []
    public var cancelled: [Int32] = []
    /// Index into ``Vocabulary/cancelledBy``.
    public var by: [UInt8] = []
    public var reason = TextColumn()
    public var rebooked: [Int32] = []
    public var contactAttempts: [Int32] = []
    public var appointmentsOffered: [Int32] = []

    public var count: Int { caseRow.count }

    public init() {}
}

/// recommendations.csv: one row per solution recommended in an HA report.
public struct RecommendationTable: Sendable, Equatable {
    public var caseRow: [Int32] = []
    public var solution = TextColumn()

    public var count: Int { caseRow.count }

    public init() {}
}

/// type_changes.csv: one row per change of HA type.
public struct TypeChangeTable: Sendable, Equatable {
    public var caseRow: [Int32] = []
    public var changed: [Int32] = []
    public var from: [UInt8] = []
    public var to: [UInt8] = []
    public var reason = TextColumn()

    public var count: Int { caseRow.count }

    public init() {}
}

/// survey.csv: one row per customer insight response.
public struct SurveyTable: Sendable, Equatable {
    public var provider: [Int32] = []
    public var responded: [Int32] = []
    /// Index into ``Vocabulary/satisfaction``.
    public var satisfaction: [UInt8] = []
    public var comment = TextColumn()
    public var channel = TextColumn()

    public var count: Int { provider.count }

    public init() {}
}

/// workforce.csv: one row per quarterly FTE return.
public struct WorkforceTable: Sendable, Equatable {
    public var provider: [Int32] = []
    public var quarterEnd: [Int32] = []
    public var fteTotal: [Double] = []
    public var fteDisabled: [Double] = []

    public var count: Int { provider.count }

    public init() {}
}

/// returns.csv: one row per MI return sent to DWP.
public struct ReturnTable: Sendable, Equatable {
    public var provider: [Int32] = []
    /// A ``ReturnKind``'s raw value (its index in ``Vocabulary/returnKinds``).
    public var kind: [UInt8] = []
    /// Month raw values (months since 1970-01).
    public var period: [Int32] = []
    public var submitted: [Int32] = []

    public var count: Int { provider.count }

    public init() {}
}

/// A whole dataset: every table, and what happened to every row read.
///
/// Rule: only providers.csv and cases.csv are required; an absent file gives an empty table and a summary
/// marked absent, so a KPI that needs it can say it was not measured and why.
public struct Dataset: Sendable, Equatable {
    public var providers = ProviderTable()
    public var cases = CaseTable()
    public var reports = ReportTable()
    public var complaints = ComplaintTable()
    public var cancellations = CancellationTable()
    public var recommendations = RecommendationTable()
    public var typeChanges = TypeChangeTable()
    public var survey = SurveyTable()
    public var workforce = WorkforceTable()
    public var returns = ReturnTable()
    /// One summary per file, in ``DatasetFile`` order.
    public var summaries: [FileSummary] = []
    /// Every rejected row, by file then line.
    public var rejections: [Rejection] = []

    public init() {}

    /// Whether a file was present.
    public func isPresent(_ file: DatasetFile) -> Bool {
        summaries.first { $0.file == file }?.present ?? false
    }
}
