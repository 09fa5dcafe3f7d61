/// How one CSV column is read.
public enum ColumnKind: Sendable, Equatable {
    /// `YYYY-MM-DD`, or a timestamp whose date part counts; must lie in 1995-2100.
    case date
    /// `YYYY-MM`.
    case month
    /// `true/false`, `yes/no`, `1/0` (any case).
    case bool
    /// One of a fixed list of values (stored as its index).
    case enumeration([String])
    /// Free text, dictionary-encoded.
    case text
    /// A whole number ≥ 0.
    case count
    /// A decimal number ≥ 0 such as `12.5`.
    case decimal
    /// An identifier unique within its file (case_id, complaint_id).
    case identifier
    /// A `case_id` that must name an accepted case.
    case caseReference
}

/// One column of a dataset file.
public struct ColumnSpec: Sendable {
    public var name: String
    public var kind: ColumnKind
    public var required: Bool
    public init(_ name: String, _ kind: ColumnKind, required: Bool = false) {
        self.name = name
        self.kind = kind
        self.required = required
    }
}

/// The files of a dataset and their columns (the DocC article "Reading a dataset").
public enum DatasetFile: String, Sendable, CaseIterable, Hashable {
    case providers, cases, reports, complaints, cancellations, recommendations
    case typeChanges = "type_changes"
    case survey, workforce, returns

    /// The file name in a dataset folder.
    public var fileName: String { rawValue + ".csv" }

    /// The file's position in `allCases` (without building the array).
    package var ordinal: Int {
        switch self {
        case .providers: 0
        case .cases: 1
        case .reports: 2
        case .complaints: 3
        case .cancellations: 4
        case .recommendations: 5
        case .typeChanges: 6
        case .survey: 7
        case .workforce: 8
        case .returns: 9
        }
    }

    /// Only providers and cases must be present.
    public var isRequired: Bool { self == .providers || self == .cases }

    /// The columns this engine reads, in order; others are ignored. They follow from the table's declared
    /// columns (``ProviderTable``, ``CaseTable``, ...; the DocC article "Internals").
    public var columns: [ColumnSpec] { Self._specs[ordinal] }
}

/// The fixed values of the enumerated columns, in the order their codes follow.
public enum Vocabulary {
    public static let divisions = ["england-and-wales", "scotland", "northern-ireland"]
    public static let assessmentTypes = ["virtual_standard", "f2f_standard", "enhanced"]
    /// The values a boolean column codes (0 false, 1 true).
    public static let booleans = ["false", "true"]
    /// A report's attempt number: 1 for the first submission, at most 999 (ingest, additions and the store
    /// all hold this rule, with one reason: `attempt must be 1-999, got 1000`).
    public static let attempts: ClosedRange<Int32> = 1...999
    /// A count such as `contact_attempts`: what a CSV cell of at most nine digits holds.
    public static let counts: ClosedRange<Int32> = 0...999_999_999
    /// An FTE figure of a workforce return.
    public static let fte: ClosedRange<Double> = 0...1_000_000
    public static let documents = ["ha_report", "support_plan", "six_month_report", "exit_report"]
    public static let outcomes = ["accepted", "rejected"]
    public static let cancelledBy = ["provider", "customer"]
    public static let satisfaction = ["very_satisfied", "fairly_satisfied", "fairly_dissatisfied", "very_dissatisfied"]
    /// ``ReturnKind``'s names, in code order.
    public static let returnKinds = ReturnKind.allCases.map(\.name)
}
