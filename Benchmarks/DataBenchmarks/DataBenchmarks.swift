import AccessToWork
import Benchmark
import BenchmarkSupport
import Foundation

// Ingest, store load and generation on a synthetic national dataset made with a fixed seed.
// BENCHMARK_SHORT=1 (CI) uses 200,000 cases; the full run uses 2,000,000 (about 450 MB of CSV).

let caseCount = short ? 200_000 : 2_000_000
let configuration = SyntheticDatasetConfiguration(providers: 40, months: 36, cases: caseCount, seed: 1)
let folder = FileManager.default.temporaryDirectory.appendingPathComponent("atw-bench-\(caseCount)-\(configuration.drift)").path
let storePath = folder + ".store"

/// Makes the dataset and store once per process and checks they hold what was generated.
let prepared: (csvBytes: Int, expected: Dataset) = {
    do {
        try? FileManager.default.removeItem(atPath: folder)
        try SyntheticDataset.write(configuration, to: folder)
        let dataset = try Dataset.load(folder: folder, rules: .builtIn)
        guard dataset.rejections.isEmpty, dataset.cases.count == caseCount else {
            fatalError("generated dataset did not load cleanly: \(dataset.rejections.prefix(3))")
        }
        try DatasetStore.write(dataset, to: storePath)
        guard try DatasetStore.load(storePath) == dataset else { fatalError("store round trip changed the dataset") }
        let bytes = try FileManager.default.contentsOfDirectory(atPath: folder).reduce(0) { total, name in
            total + ((try FileManager.default.attributesOfItem(atPath: folder + "/" + name)[.size] as? Int) ?? 0)
        }
        print("dataset: \(caseCount) cases, \(bytes) bytes of CSV, \(dataset.cases.bytesPerCase) bytes per case")
        return (bytes, dataset)
    } catch {
        fatalError("benchmark set-up failed: \(error)")
    }
}()

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = standardConfiguration(maxIterations: (3, 10))
    let expected = prepared.expected

    // CSV folder → validated columnar tables (all ten files).
    Benchmark("ingest-csv-\(caseCount / 1000)k") { benchmark in
        for _ in benchmark.scaledIterations {
            let dataset = try Dataset.load(folder: folder, rules: .builtIn)
            guard dataset.cases.count == expected.cases.count, dataset.reports == expected.reports else {
                fatalError("ingest result changed")
            }
            blackHole(dataset)
        }
    }

    // Binary store → the same tables.
    Benchmark("store-load-\(caseCount / 1000)k") { benchmark in
        for _ in benchmark.scaledIterations {
            let dataset = try DatasetStore.load(storePath)
            guard dataset.cases.count == expected.cases.count, dataset.reports.count == expected.reports.count else {
                fatalError("store load returned other tables")
            }
            blackHole(dataset)
        }
    }

    // Synthetic generation of the whole dataset.
    Benchmark("generate-\(caseCount / 1000)k") { benchmark in
        let out = folder + "-generated"
        for _ in benchmark.scaledIterations {
            let summary = try SyntheticDataset.write(configuration, to: out)
            guard summary.rows[.cases] == caseCount else { fatalError("generator wrote \(summary.rows[.cases] ?? 0) cases") }
        }
        try? FileManager.default.removeItem(atPath: out)
    }

    foreignBenchmarks()
}

// MARK: Foreign layouts

/// The generated dataset as a user's system exports it: headers in title case (`Referral Received`), dates as
/// `dd/mm/yyyy` (`referral_received` with a time, `29/04/2024 09:15`), fields separated by semicolons; and the
/// description that reads it. Every value is otherwise the same, so ingest must give the same tables.
let mappedFolder = folder + "-mapped"
let mappedDescription: DatasetDescription = {
    do {
        try? FileManager.default.removeItem(atPath: mappedFolder)
        try FileManager.default.createDirectory(atPath: mappedFolder, withIntermediateDirectories: true)
        var description = DatasetDescription()
        for file in DatasetFile.allCases {
            let source = folder + "/" + file.fileName
            guard FileManager.default.fileExists(atPath: source) else { continue }
            let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: source)))
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count + bytes.count / 8)
            var header: [String] = [], column = 0, fieldStart = 0, inQuotes = false, line = 0
            var table = TableDescription(file: file.rawValue + " export.csv", delimiter: 59)
            func endField(_ end: Int) {
                var field = Array(bytes[fieldStart..<end])
                if line == 0 {
                    let name = String(decoding: field, as: UTF8.self)
                    header.append(name)
                    let titled = name.split(separator: "_").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined(separator: " ")
                    var described = ColumnDescription(from: titled)
                    if file.columns.first(where: { $0.name == name }).map({ if case .date = $0.kind { true } else { false } }) == true {
                        described.format = .dayMonthYear
                    }
                    table.columns[name] = described
                    field = Array(titled.utf8)
                } else if field.count == 10, field[4] == 45, field[7] == 45 {
                    field = Array(field[8..<10]) + [47] + Array(field[5..<7]) + [47] + Array(field[0..<4])
                    if header[column] == "referral_received" { field += Array(" 09:15".utf8) }
                }
                out += field
            }
            for (i, b) in bytes.enumerated() {
                if b == 34 { inQuotes.toggle() }
                guard !inQuotes else { continue }
                if b == 44 {
                    endField(i); out.append(59); column += 1; fieldStart = i + 1
                } else if b == 10 {
                    endField(i); out.append(10); column = 0; line += 1; fieldStart = i + 1
                }
            }
            try Data(out).write(to: URL(fileURLWithPath: mappedFolder + "/" + table.file))
            description.tables[file] = table
        }
        try Data(description.json().utf8).write(to: URL(fileURLWithPath: mappedFolder + "/" + DatasetDescription.fileName))
        return description
    } catch {
        fatalError("mapped copy failed: \(error)")
    }
}()

/// The cases of a 200,000-case dataset (the most rows a sheet holds is 1,048,575) as an `.xlsx` workbook of
/// typed cells (dates as date cells), written once with the library's writer, beside the other files as CSV.
let workbookCases = min(caseCount, 200_000)
let workbookFolder = folder + "-xlsx"
let workbookExpected: Dataset = {
    do {
        let small = workbookCases == caseCount ? folder : folder + "-200k"
        if small != folder {
            var c = configuration
            c.cases = workbookCases
            try? FileManager.default.removeItem(atPath: small)
            try SyntheticDataset.write(c, to: small)
        }
        let dataset = try Dataset.load(folder: small, rules: .builtIn)
        try? FileManager.default.removeItem(atPath: workbookFolder)
        try FileManager.default.copyItem(atPath: small, toPath: workbookFolder)
        try FileManager.default.removeItem(atPath: workbookFolder + "/cases.csv")
        let specs = DatasetFile.cases.columns
        var sheet = WorkbookTable(name: "Cases", title: "Cases", columns: specs.map { spec in
            if case .date = spec.kind { return WorkbookColumn(spec.name, .date, "") }
            return WorkbookColumn(spec.name, .text, "")
        })
        let text = try String(contentsOfFile: small + "/cases.csv", encoding: .utf8)
        for line in text.split(separator: "\n").dropFirst() {
            sheet.rows.append(line.split(separator: ",", omittingEmptySubsequences: false).map { field in
                if field.isEmpty { return .empty }
                if field.count == 10, let day = Day(field) {
                    let (y, m, d) = day.components
                    return .date(year: y, month: m, day: d)
                }
                return .text(String(field))
            })
        }
        let book = Workbook(title: "Cases", cover: [], tables: [sheet])
        try book.xlsx().write(to: URL(fileURLWithPath: workbookFolder + "/cases.xlsx"))
        let description = DatasetDescription(tables: [.cases: TableDescription(file: "cases.xlsx", sheet: "Cases")])
        try Data(description.json().utf8).write(to: URL(fileURLWithPath: workbookFolder + "/" + DatasetDescription.fileName))
        return dataset
    } catch {
        fatalError("workbook copy failed: \(error)")
    }
}()

let foreignBenchmarks: @Sendable () -> Void = {
    let expected = prepared.expected
    _ = mappedDescription
    _ = workbookExpected

    // The same dataset through a description: renamed headers, dd/mm/yyyy dates, semicolons.
    Benchmark("ingest-csv-mapped-\(caseCount / 1000)k") { benchmark in
        for _ in benchmark.scaledIterations {
            let dataset = try Dataset.load(folder: mappedFolder, description: nil, rules: .builtIn).dataset
            guard dataset.rejections.isEmpty, dataset.cases == expected.cases, dataset.reports == expected.reports else {
                fatalError("mapped ingest gave other tables")
            }
            blackHole(dataset)
        }
    }

    // Cases from an xlsx sheet (the other files as CSV): rows a second = cases ÷ wall clock.
    Benchmark("ingest-xlsx-cases-\(workbookCases / 1000)k") { benchmark in
        for _ in benchmark.scaledIterations {
            let dataset = try Dataset.load(folder: workbookFolder, description: nil, rules: .builtIn).dataset
            guard dataset.rejections.isEmpty, dataset.cases == workbookExpected.cases else { fatalError("workbook ingest gave other cases") }
            blackHole(dataset)
        }
    }
}
