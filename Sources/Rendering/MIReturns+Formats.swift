import Returns

extension MIReturns {
    /// `provider_id,contract,return,month,measure,period,value`, in long form.
    public func csv() -> String {
        var writer = CSVWriter(header: ["provider_id", "contract", "return", "month", "measure", "period", "value"])
        for row in rows {
            writer.append([row.providerID, row.contract, row.returnName, row.month.description, row.measure, row.period, row.value])
        }
        return writer.text
    }

    public func json() -> JSONValue {
        .array(rows.map { row in
            .object([("provider_id", .string(row.providerID)), ("contract", .string(row.contract)),
                     ("return", .string(row.returnName)), ("month", .string(row.month.description)),
                     ("measure", .string(row.measure)), ("period", .string(row.period)),
                     ("value", row.list.map { list in
                         .array(list.map { .object([("name", .string($0.name)), ("count", .int($0.count))]) })
                     } ?? .string(row.value))])
        })
    }

    public func table() -> String {
        var table = TextTable(columns: [.init("provider"), .init("contract"), .init("return"), .init("measure"),
                                        .init("period"), .init("value", alignment: .right)])
        for row in rows { table.append([row.providerID, row.contract, row.returnName, row.measure, row.period, row.value]) }
        return table.rendered()
    }
}
