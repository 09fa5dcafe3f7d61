import KPIEngine
import Returns
import _ATWUtilities

extension PerformanceNotice {
    /// The CSV fields of a row.
    func fields(_ row: NoticeRow) -> [String] {
        let summary = row.kpi == "overall"
        return [row.providerID, row.contract, row.kpi, row.from.description, row.to.description,
                summary ? "" : _countText(row.met, unitsPerCount: row.unitsPerCount),
                summary ? "" : _countText(row.measured, unitsPerCount: row.unitsPerCount),
                row.rateText, row.target?.percentText ?? "", row.rating.description, row.reason]
    }

    /// `provider_id,contract,kpi,from,to,met,measured,rate,target,rating,reason`: each KPI of each provider's
    /// notice, then its summary line (`overall`).
    public func csv() -> String {
        var writer = CSVWriter(header: Self.columns.map(\.name))
        for row in rows { writer.append(fields(row)) }
        return writer.text
    }

    public func json() -> JSONValue {
        .object([
            ("period_from", .string(period.lowerBound.description)), ("period_to", .string(period.upperBound.description)),
            ("rows", .array(rows.map { row in
                .object(zip(Self.columns.map(\.name), fields(row)).map { name, value in
                    switch name {
                    case "met", "measured" where row.unitsPerCount == 1:
                        return (name, value.isEmpty ? .null : .int(Int(value) ?? 0))
                    case "met", "measured", "rate", "target":
                        return (name, value.isEmpty ? .null : .double(Double(value) ?? 0))
                    default:
                        return (name, .string(value))
                    }
                })
            })),
        ])
    }

    public func table() -> String {
        var table = TextTable(columns: [.init("provider"), .init("contract"), .init("kpi"), .init("items", alignment: .right),
                                        .init("rate", alignment: .right), .init("target", alignment: .right), .init("rating"),
                                        .init("reason")])
        for row in rows {
            let f = fields(row)
            table.append([f[0], f[1], f[2], f[6], f[7], f[8], f[9], f[10]])
        }
        return "Contract performance notice, \(period.lowerBound) to \(period.upperBound)\n" + table.rendered()
    }
}
