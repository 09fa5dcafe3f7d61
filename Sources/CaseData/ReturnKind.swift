/// A return a provider sends, as `returns.csv`'s `return` column names it; the one vocabulary of ingest (the
/// column's codes are the raw values), the contract definitions' `returns` and the MI returns.
///
/// ```swift
/// ReturnKind(name: "social_value")   // .socialValue
/// ReturnKind.mmir.name               // "mmir"
/// ```
public enum ReturnKind: UInt8, Sendable, CaseIterable, CustomStringConvertible {
    /// MHSS monthly MI.
    case monthlyMI = 0
    /// MHSS yearly MI (each contract anniversary).
    case yearlyMI = 1
    /// HA monthly management information.
    case mmir = 2
    /// HA customer insight (survey responses).
    case customerInsight = 3
    /// HA social value (each quarter).
    case socialValue = 4

    /// The name a file and a definition write: `monthly_mi`, `yearly_mi`, `mmir`, `customer_insight`,
    /// `social_value`.
    public var name: String {
        switch self {
        case .monthlyMI: "monthly_mi"
        case .yearlyMI: "yearly_mi"
        case .mmir: "mmir"
        case .customerInsight: "customer_insight"
        case .socialValue: "social_value"
        }
    }

    /// The kind a name spells, or `nil`.
    public init?(name: String) {
        guard let kind = Self.allCases.first(where: { $0.name == name }) else { return nil }
        self = kind
    }

    public var description: String { name }
}
