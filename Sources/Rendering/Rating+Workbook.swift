import KPIEngine
import Spreadsheets

extension Rating {
    /// The fill of the rating's band in a workbook: tier 4 and Green ``WorkbookFill/green``, tier 3
    /// ``WorkbookFill/yellow``, tier 2 and Amber ``WorkbookFill/amber``, tier 1 and Red ``WorkbookFill/red``.
    public var fill: WorkbookFill {
        switch self {
        case .green: .green
        case .amber: .amber
        case .red: .red
        case .tier(let n): n >= 4 ? .green : n == 3 ? .yellow : n == 2 ? .amber : .red
        }
    }

    /// The rating of a report's or return's code (``description``): `4` … `1`, `G`, `A`, `R`; `nil` otherwise.
    package init?(code: String) {
        switch code {
        case "G": self = .green
        case "A": self = .amber
        case "R": self = .red
        default:
            guard let n = Int(code), (1...4).contains(n) else { return nil }
            self = .tier(n)
        }
    }
}

extension NoticeRating {
    /// The fill of the notice rating in a workbook, as its band's (``Rating/fill``): Good green, Approaching
    /// target yellow, Requires improvement amber, Inadequate red; Other none.
    public var fill: WorkbookFill? {
        switch self {
        case .good: .green
        case .approachingTarget: .yellow
        case .requiresImprovement: .amber
        case .inadequate: .red
        case .other: nil
        }
    }
}
