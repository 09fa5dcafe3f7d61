import AccessToWork
import ArgumentParser
import Foundation

/// How a command's result is written.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case table, csv, json, html
}

/// `--format` and `--out`, shared by every command that prints a result.
struct OutputOptions: ParsableArguments {
    @Option(help: "Output format: table, csv or json (default: table on a terminal, csv otherwise); kpi report also html (the CPR pack).")
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

    /// Writes `text` to `--out` or standard output.
    func write(_ text: String) throws {
        if let out {
            do {
                try Data(text.utf8).write(to: URL(fileURLWithPath: out))
            } catch {
                throw DataInputError(description: "\(out): cannot write the output file (\(error.localizedDescription))")
            }
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
