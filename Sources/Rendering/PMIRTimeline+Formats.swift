import KPIEngine
import PMIR
import Returns
import WorkingDays

extension PMIRTimeline {
    /// The CSV columns, in order.
    public static let csvHeader = columns.map(\.name).joined(separator: ",")

    /// The rows of a provider, contract and month (each optional).
    public func selected(provider: String? = nil, contract: String? = nil, month: Month? = nil) -> [PMIRRow] {
        rows.filter {
            (provider == nil || $0.providerID == provider) && (contract == nil || $0.contract == contract)
                && (month == nil || $0.month == month)
        }
    }

    /// `provider_id,contract,month,level,reason`, one row per provider, contract and month.
    public func csv(provider: String? = nil, contract: String? = nil, month: Month? = nil) -> String {
        var out = Self.csvHeader + "\n"
        for row in selected(provider: provider, contract: contract, month: month) {
            out += [CSVWriter.escape(row.providerID), CSVWriter.escape(row.contract), row.month.description,
                    String(row.level.rawValue), CSVWriter.escape(row.reason)].joined(separator: ",") + "\n"
        }
        return out
    }

    /// The rows as JSON objects.
    public func json(provider: String? = nil, contract: String? = nil, month: Month? = nil) -> JSONValue {
        .array(selected(provider: provider, contract: contract, month: month).map { row in
            .object([("provider_id", .string(row.providerID)), ("contract", .string(row.contract)),
                     ("month", .string(row.month.description)), ("level", .int(row.level.rawValue)), ("reason", .string(row.reason))])
        })
    }

    /// One month for a terminal: every provider's level and reason, highest level first.
    public func table(month: Month, provider: String? = nil, contract: String? = nil) -> String {
        var table = TextTable(columns: [.init("provider"), .init("contract"), .init("level", alignment: .right), .init("reason")])
        let chosen = selected(provider: provider, contract: contract, month: month)
            .sorted { ($1.level, $0.contract, $0.providerID) < ($0.level, $1.contract, $1.providerID) }
        for row in chosen { table.append([row.providerID, row.contract, String(row.level.rawValue), row.reason]) }
        return "PMIR levels in \(month)\n" + table.rendered()
    }
}
