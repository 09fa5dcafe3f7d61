/// A provider's level under the Performance Management and Intervention Regime.
///
/// Rule (the DocC article "PMIR"): 1 Standard, 2 Enhanced (action plan), 3 Informal (management letter),
/// 4 Formal (notice). Outputs write the number (``rawValue``; ``description`` is the same digits), reasons the
/// ``label``.
///
/// ```swift
/// PMIRLevel.enhanced.label   // "level 2 (Enhanced)"
/// PMIRLevel.legend           // "1 Standard, 2 Enhanced (action plan), 3 Informal (management letter), 4 Formal (notice)"
/// ```
public enum PMIRLevel: Int, Sendable, CaseIterable, Comparable, CustomStringConvertible {
    case standard = 1
    case enhanced = 2
    case informal = 3
    case formal = 4

    /// `Standard`, `Enhanced`, `Informal` or `Formal`.
    public var name: String {
        switch self {
        case .standard: "Standard"
        case .enhanced: "Enhanced"
        case .informal: "Informal"
        case .formal: "Formal"
        }
    }

    /// What reaching the level brings: an action plan, a management letter, a notice; none at Standard.
    public var consequence: String? {
        switch self {
        case .standard: nil
        case .enhanced: "action plan"
        case .informal: "management letter"
        case .formal: "notice"
        }
    }

    /// `level 2 (Enhanced)`, as reasons write it.
    public var label: String { "level \(rawValue) (\(name))" }

    /// The level one below (Standard stays Standard).
    public var stepDown: PMIRLevel { PMIRLevel(rawValue: rawValue - 1) ?? .standard }

    /// The number: `2`.
    public var description: String { String(rawValue) }

    /// Every level with its name and consequence, as help texts and column notes write them.
    public static let legend = allCases.map { level in
        "\(level.rawValue) \(level.name)" + (level.consequence.map { " (\($0))" } ?? "")
    }.joined(separator: ", ")

    public static func < (a: PMIRLevel, b: PMIRLevel) -> Bool { a.rawValue < b.rawValue }
}
