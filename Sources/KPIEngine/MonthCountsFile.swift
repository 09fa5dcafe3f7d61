import CaseData
import Foundation
import WorkingDays
import _ATWUtilities

/// The month counts as an interchange file: what every step after item statuses needs, as CSV.
///
/// Rule (the DocC article "Scale"): columns
/// `provider_id,contract,service_start,region,division,kpi,month,met,missed,pending,excluded`. Each row carries
/// its provider's contract, service start (`YYYY-MM-DD`), region (empty for none) and division (empty for
/// England and Wales); a row with an empty `kpi` (and empty month and counts) only declares a provider. Counts
/// are in the report's units: items, or FTE with up to 4 decimals for a share KPI (HA-6). `kpi counts` writes a
/// row per provider, measured KPI and month with any count, and always the service-start month, so that a KPI
/// with no item yet is still known to be measured; a KPI no row names for its contract is not measured. Reading
/// sums every row: files may hold different providers, or the same provider's counts split by month or KPI, as
/// long as a provider's details agree. Bad rows are refused with the file, line, column and reason.
///
/// ```swift
/// let text = MonthCountsFile.csv(evaluation, providers: dataset.providers)
/// let again = try MonthCountsFile.evaluation(files: [("counts.csv", Array(text.utf8))], catalog: catalog,
///                                            asOf: evaluation.asOf)
/// ```
public enum MonthCountsFile {
    public static let header = ["provider_id", "contract", "service_start", "region", "division", "kpi", "month",
                                "met", "missed", "pending", "excluded"]

    /// The counts of every provider series of `evaluation` (`providers` is the dataset's providers table).
    public static func csv(_ evaluation: KPIEvaluation, providers: ProviderTable) -> String {
        var out = _CSVTextBuffer(capacity: 1 << 16)
        out.text(header.joined(separator: ","))
        out.newline()
        let notMeasured = Set(evaluation.notMeasured.map { $0.contract + "\u{0}" + $0.kpi })
        var seriesOfProvider: [Int: [Int]] = [:]
        for (s, series) in evaluation.series.enumerated() {
            if case .provider(let row) = series.scope { seriesOfProvider[row, default: []].append(s) }
        }
        let counts = evaluation.counts
        for p in 0..<providers.count {
            func provider() {
                out.field(providers.providerIDs[p]); out.comma(); out.field(providers.contracts[p]); out.comma()
                out.date(providers.serviceStarts[p]); out.comma(); out.field(providers.regions[p] ?? ""); out.comma()
                out.text(providers.divisions[p].rawValue); out.comma()
            }
            var wrote = false
            for s in seriesOfProvider[p] ?? [] {
                let series = evaluation.series[s]
                let kpi = evaluation.catalog.definitions[series.contractIndex].kpis[series.kpiIndex]
                guard !notMeasured.contains(series.contract + "\u{0}" + kpi.id) else { continue }
                var month = series.firstMonth
                while month <= counts.lastMonth {
                    let values = ItemStatus.allCases.map { counts[series: s, status: $0, month: month] }
                    if month == series.firstMonth || values.contains(where: { $0 != 0 }) {
                        provider()
                        out.field(kpi.id); out.comma(); out.text(month.description)
                        for value in values { out.comma(); out.text(_countText(Int64(value), unitsPerCount: kpi.unitsPerCount)) }
                        out.newline()
                        wrote = true
                    }
                    month = month.advanced(by: 1)
                }
            }
            if !wrote { provider(); out.text(",,,,,"); out.newline() }
        }
        return String(decoding: out.bytes, as: UTF8.self)
    }

    /// Reads counts files (name and bytes each) into an evaluation as of `asOf`, as if the providers' items had
    /// been evaluated here.
    public static func evaluation(files: [(name: String, bytes: [UInt8])], catalog: ContractCatalog,
                                  asOf: Day) throws(DatasetError) -> KPIEvaluation {
        var providers = ProviderTable()
        var rowOf: [String: Int] = [:]
        // (provider row, contract index, kpi index, month, status units)
        var entries: [(p: Int, k: Int, month: Month, values: [Int64], file: String, line: Int)] = []
        var measured = Set<String>()
        for file in files {
            let records = _csvRecords(file.bytes)
            guard let first = records.first, first.fields == header else {
                throw DatasetError(path: file.name, reason: "line 1: the header must be \(header.joined(separator: ","))")
            }
            for (line, fields) in records.dropFirst() {
                func fail(_ column: String, _ reason: String) -> DatasetError {
                    DatasetError(path: file.name, reason: "line \(line), column \(column): \(reason)")
                }
                if fields.count == 1 && fields[0].isEmpty { continue }
                guard fields.count == header.count else {
                    throw DatasetError(path: file.name, reason: "line \(line): \(fields.count) fields, expected \(header.count)")
                }
                let id = fields[0], contract = fields[1]
                guard !id.isEmpty else { throw fail("provider_id", "missing") }
                guard !contract.isEmpty else { throw fail("contract", "missing") }
                guard let start = Day(fields[2]), WorkingDayCalendar.supports(start) else {
                    throw fail("service_start", "expected a date YYYY-MM-DD from 1995 to 2100, got \"\(fields[2])\"")
                }
                let region: String? = fields[3].isEmpty ? nil : fields[3]
                guard let division = fields[4].isEmpty ? Division.default : Division(rawValue: fields[4]) else {
                    throw fail("division", "unknown value \"\(fields[4])\" (expected one of \(Division.allCases.map(\.rawValue).joined(separator: ", ")))")
                }
                let key = id + "\u{0}" + contract
                let p: Int
                if let known = rowOf[key] {
                    p = known
                    guard providers.serviceStarts[p] == start, providers.regions[p] == region, providers.divisions[p] == division else {
                        throw fail("service_start", "\(id) \(contract) is given another service start, region or division than before (\(providers.serviceStarts[p]), \(providers.regions[p] ?? "no region"), \(providers.divisions[p].rawValue))")
                    }
                } else {
                    p = providers.count
                    rowOf[key] = p
                    providers.providerIDs.append(id); providers.contracts.append(contract); providers.serviceStarts.append(start)
                    providers.names.append(String?.none); providers.regions.append(region); providers.divisions.append(division)
                }
                if fields[5].isEmpty {
                    guard fields[6...].allSatisfy(\.isEmpty) else { throw fail("kpi", "missing (a row without a KPI only declares its provider)") }
                    continue
                }
                guard let definition = catalog.definition(for: contract) else {
                    throw fail("contract", "\"\(contract)\" has no definition (give --contracts DIR)")
                }
                guard let k = definition.kpis.firstIndex(where: { $0.id == fields[5] }) else {
                    throw fail("kpi", "\"\(fields[5])\" is not a KPI of \(contract) (\(definition.kpis.map(\.id).joined(separator: ", ")))")
                }
                guard let month = Month(fields[6]) else { throw fail("month", "expected YYYY-MM, got \"\(fields[6])\"") }
                guard month >= Month(containing: start) else {
                    throw fail("month", "\(month) is before the provider's service start \(start)")
                }
                let unit = definition.kpis[k].unitsPerCount
                var values: [Int64] = []
                for (i, status) in ItemStatus.allCases.enumerated() {
                    let text = fields[7 + i]
                    guard let value = Decimal(string: text), !text.isEmpty, value >= 0, text.allSatisfy({ $0.isNumber || $0 == "." }) else {
                        throw fail("\(status)", "expected a count of 0 or more, got \"\(text)\"")
                    }
                    let scaled = value * Decimal(unit)
                    var rounded = Decimal(), copy = scaled
                    NSDecimalRound(&rounded, &copy, 0, .plain)
                    guard rounded == scaled, rounded < Decimal(Int64(1) << 50) else {
                        throw fail("\(status)", unit > 1 ? "expected FTE with at most 4 decimals, got \"\(text)\"" : "expected a whole number of items, got \"\(text)\"")
                    }
                    values.append(Int64(truncating: rounded as NSNumber))
                }
                measured.insert(contract + "\u{0}" + definition.kpis[k].id)
                entries.append((p, k, month, values, file.name, line))
            }
        }
        let layout = _SeriesLayout(providers: providers, catalog: catalog) { definition, kpi in
            measured.contains(definition.contract + "\u{0}" + kpi.id) ? nil : "no counts for it in the counts files"
        }
        let monthCount = layout.monthCount(asOf: asOf)
        let firstMonth = layout.firstMonth(asOf: asOf)
        var values = [Double](repeating: 0, count: layout.providerSeriesCount * 4 * monthCount)
        for entry in entries {
            let m = firstMonth.distance(to: entry.month)
            guard m < monthCount else {
                throw DatasetError(path: entry.file, reason: "line \(entry.line), column month: \(entry.month) is after the as-of month \(Month(containing: asOf)) and its \(KPIEvaluation.pendingHorizonMonths)-month pending horizon")
            }
            let s = Int(layout.seriesBase[entry.p]) + entry.k
            for status in 0..<4 {
                let index: Int = (s * 4 + status) * monthCount + m
                values[index] += Double(entry.values[status])
            }
        }
        return KPIEvaluation(layout: layout, asOf: asOf, providerCounts: values, monthCount: monthCount, unattributed: 0, pipeline: nil)
    }
}

extension MonthCountsFile {
    /// The evaluation of the counts files at `paths` (their rows summed), as of `asOf`.
    ///
    /// Throws ``DatasetError`` for a file that cannot be read or holds a bad row.
    public static func evaluation(paths: [String], catalog: ContractCatalog, asOf: Day) throws(DatasetError) -> KPIEvaluation {
        var files: [(name: String, bytes: [UInt8])] = []
        for path in paths {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw DatasetError(path: path, reason: "cannot read the counts file")
            }
            files.append((path, [UInt8](data)))
        }
        return try evaluation(files: files, catalog: catalog, asOf: asOf)
    }
}

extension MonthCountsFile {
    /// What `kpi --help` says of it.
    public static let about = """
        CSV columns: \(MonthCountsFile.header.joined(separator: ",")). Each row carries its provider's contract, service \
        start, region and division, so `kpi report --counts FILE... --as-of DATE` needs nothing else; files holding \
        different providers (or the same provider's months) are summed. HA-6 counts are FTE, as in the report. Counts \
        made elsewhere (Spark, DuckDB, BigQuery) in this shape work the same way: the DocC article "Scale" shows the SQL.
        """
}
