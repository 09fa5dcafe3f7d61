/// One bank holiday: its date, GOV.UK-style title, and why it falls where it does.
public struct BankHoliday: Hashable, Sendable {
    /// Why a holiday falls on its date.
    public enum Kind: String, Sendable {
        /// The day the statutory rule gives.
        case regular
        /// Moved to the next weekday because the usual date fell on a weekend.
        case substitute = "Substitute day"
        /// A one-off extra day (jubilee, royal wedding, state funeral, ...).
        case extra = "Extra bank holiday"
        /// A regular holiday moved by proclamation (e.g. early May 2020 to VE day).
        case moved = "Moved by proclamation"
    }

    /// The date.
    public var date: Day
    /// The title, as GOV.UK writes it (e.g. "Early May bank holiday (VE day)").
    public var name: String
    /// Regular, substitute, extra or moved.
    public var kind: Kind

    public init(date: Day, name: String, kind: Kind = .regular) {
        self.date = date
        self.name = name
        self.kind = kind
    }

    /// GOV.UK's `notes` text: empty for a regular day.
    public var notes: String { kind == .regular ? "" : kind.rawValue }
}
