import AccessToWork
import ArgumentParser
import Foundation

/// How a command's result is written.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case table, csv, json, html, xlsx, ods

    /// A spreadsheet workbook (binary, needs --out).
    var isWorkbook: Bool { self == .xlsx || self == .ods }
}

/// `--format` and `--out`, shared by every command that prints a result.
struct OutputOptions: ParsableArguments {
    @Option(help: "Output format: table, csv, json, or a spreadsheet workbook xlsx or ods (with --out) (default: table on a terminal, csv otherwise); kpi report also html (the CPR pack).")
    var format: OutputFormat?

    @Option(help: "Write the result to this file instead of standard output.")
    var out: String?

    /// The format to use: the one asked for, else a table on a terminal and CSV elsewhere.
    var resolvedFormat: OutputFormat {
        if let format { return format }
        return out == nil && isatty(STDOUT_FILENO) == 1 ? .table : .csv
    }

    /// The error for `--format html` on a command other than `kpi report`.
    static var htmlOnlyForReport: ValidationError {
        ValidationError("--format html: only kpi report writes HTML (the CPR pack); use table, csv or json here")
    }

    /// Writes a result's workbook (cover, contents, notes, then `tables`) to `--out` as xlsx or ods.
    func write(_ result: PublishedResult, _ context: PublicationContext, tables: [WorkbookTable]) throws {
        guard let out else {
            throw ValidationError("--format \(resolvedFormat.rawValue) writes a workbook file: give --out FILE.\(resolvedFormat.rawValue)")
        }
        let book = Workbook(result, context: context, tables: tables)
        let data: Data
        do throws(WorkbookError) {
            data = resolvedFormat == .ods ? try book.ods() : try book.xlsx()
        } catch {
            throw DataInputError(description: "\(out): \(error.description)")
        }
        try Self.writeFile([UInt8](data), to: out)
    }

    /// A workbook table from a result's CSV and columns.
    static func table(_ name: String, _ title: String, _ columns: [WorkbookColumn], csv: String) throws -> WorkbookTable {
        do throws(WorkbookError) {
            return try WorkbookTable(name: name, title: title, columns: columns, csv: csv)
        } catch {
            throw DataInputError(description: error.description)
        }
    }

    /// Writes a file atomically (``AtomicWrite``): complete, or the previous file stays.
    static func writeFile(_ bytes: [UInt8], to path: String) throws {
        do throws(DatasetError) {
            try AtomicWrite.write(bytes, to: path)
        } catch {
            throw DataInputError(description: "\(path): cannot write the output file (\(error.reason))")
        }
    }

    /// Writes `text` to `--out` or standard output.
    func write(_ text: String) throws {
        if let out {
            try Self.writeFile(Array(text.utf8), to: out)
        } else {
            FileHandle.standardOutput.write(Data(text.utf8))
        }
    }
}

extension Day: ExpressibleByArgument {
    public init?(argument: String) {
        guard let day = Day(argument) else { return nil }
        self = day
    }
}

extension Division: ExpressibleByArgument {}

/// Writes `warning: message` to standard error (results stay on standard output).
func warn(_ message: String) {
    FileHandle.standardError.write(Data("warning: \(message)\n".utf8))
}
