/// A row of a dataset file that was not accepted, with where and why.
///
/// Rule: `line` is the physical line on which the record starts (the header is line 1); `column` is the
/// header name of the offending column, or empty when the whole record is at fault (wrong field count,
/// broken quoting).
///
/// ```
/// cases.csv:17: referral_received: "2026-02-30" is not a date (YYYY-MM-DD)
/// ```
public struct Rejection: Sendable, Hashable, CustomStringConvertible {
    public var file: DatasetFile
    public var line: Int
    public var column: String
    public var reason: String

    public init(file: DatasetFile, line: Int, column: String, reason: String) {
        self.file = file
        self.line = line
        self.column = column
        self.reason = reason
    }

    public var description: String {
        column.isEmpty ? "\(file.fileName):\(line): \(reason)" : "\(file.fileName):\(line): \(column): \(reason)"
    }
}

/// Rows read, accepted and rejected for one file: read = accepted + rejected, always.
public struct FileSummary: Sendable, Hashable {
    public var file: DatasetFile
    /// Whether the file was present in the dataset.
    public var present: Bool
    public var rowsRead: Int
    public var rowsAccepted: Int
    public var rowsRejected: Int { rowsRead - rowsAccepted }

    public init(file: DatasetFile, present: Bool, rowsRead: Int, rowsAccepted: Int) {
        self.file = file
        self.present = present
        self.rowsRead = rowsRead
        self.rowsAccepted = rowsAccepted
    }

    /// `cases.csv: 2000 rows read = 1998 accepted + 2 rejected`, or `survey.csv: absent`.
    public var description: String {
        present ? "\(file.fileName): \(rowsRead) rows read = \(rowsAccepted) accepted + \(rowsRejected) rejected"
            : "\(file.fileName): absent"
    }
}

/// A dataset that cannot be read at all (as opposed to rows that are rejected).
public struct DatasetError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file or folder at fault.
    public var path: String
    public var reason: String

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    public var description: String { "\(path): \(reason)" }
}
