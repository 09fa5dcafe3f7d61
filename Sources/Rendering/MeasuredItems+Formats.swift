import KPIEngine
import WorkingDays

/// The items behind one figure, for `kpi cases`.
public struct ItemListing: Sendable {
    public var providerID: String
    public var contract: String
    public var kpi: String
    public var items: [MeasuredItem]

    public init(providerID: String, contract: String, kpi: String, items: [MeasuredItem]) {
        self.providerID = providerID
        self.contract = contract
        self.kpi = kpi
        self.items = items
    }

    static let header = columns.map(\.name)

    private func cells(_ item: MeasuredItem) -> [String] {
        [providerID, contract, kpi, Month(containing: item.counted).description, "\(item.status)", item.caseID ?? "",
         item.item, item.start.iso, item.deadline?.iso ?? "", item.end?.iso ?? "", item.counted.iso,
         item.workingDaysTaken.map(String.init) ?? ""]
    }

    /// `provider_id,contract,kpi,month,status,case_id,item,start,deadline,end,counted,working_days`; `month` is
    /// the month the item counts in, `working_days` from start to end (to the as-of date while open).
    public func csv() -> String {
        var writer = CSVWriter(header: Self.header)
        for item in items { writer.append(cells(item)) }
        return writer.text
    }

    public func json() -> JSONValue {
        .array(items.map { item in .object(zip(Self.header, cells(item)).map { ($0, .string($1)) }) })
    }

    public func table() -> String {
        var table = TextTable(columns: Self.header.dropFirst(3).map { TextTable.Column($0) })
        for item in items { table.append(Array(cells(item).dropFirst(3))) }
        return "\(providerID) \(contract) \(kpi): \(items.count) items\n" + table.rendered()
    }
}
