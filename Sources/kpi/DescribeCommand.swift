import AccessToWork
import ArgumentParser
import Foundation

/// `kpi describe`: infer a dataset description (dataset.json) from a folder of foreign files.
struct DescribeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "describe",
        abstract: "Infer the dataset description (dataset.json) that maps a folder's own files onto the dataset's tables.",
        discussion: """
            Reads each CSV file's start (encoding, delimiter, header row) and each workbook sheet's first rows, \
            matches files to tables and headers to columns (ignoring case, spaces and punctuation), and reads date \
            formats, coded values and yes/no spellings from the values. Every choice carries its evidence; what \
            cannot be decided (a date column whose days are all 12 or less, an unmatched required column) is left \
            out and listed, and the command exits 1. Review the file, then run any data command on the folder: it \
            reads dataset.json.
            """
    )

    @Option(help: "Dataset folder to describe.")
    var data: String

    @Option(help: ArgumentHelp("Where to write the description (default: DIR/dataset.json; - for standard output).", valueName: "file"))
    var out: String?

    @Flag(help: "Replace an existing description file.")
    var force = false

    func run() throws {
        let inferred: (description: DatasetDescription, evidence: DescriptionEvidence)
        do throws(DatasetError) {
            inferred = try DatasetDescription.infer(folder: data, knownContracts: (try? ContractCatalog.builtIn)?.definitions.map(\.contract) ?? [])
        } catch {
            throw DataInputError(description: error.description)
        }
        let json = inferred.description.json(evidence: inferred.evidence)
        let target = out ?? URL(fileURLWithPath: data).appendingPathComponent(DatasetDescription.fileName).path
        var report = ""
        for file in DatasetFile.allCases {
            guard let table = inferred.description.tables[file] else { continue }
            report += "\(file.rawValue) ← \(table.file)\(table.sheet.map { " (sheet \($0))" } ?? "")\n"
            for note in inferred.evidence.tables[file] ?? [] { report += "  \(note)\n" }
            for (column, notes) in (inferred.evidence.columns[file] ?? [:]).sorted(by: { $0.key < $1.key }) {
                for note in notes { report += "  \(column): \(note)\n" }
            }
        }
        for item in inferred.evidence.ignored { report += "ignored: \(item)\n" }
        for item in inferred.evidence.unresolved { report += "unresolved: \(item)\n" }
        if target == "-" {
            FileHandle.standardOutput.write(Data(json.utf8))
        } else {
            if FileManager.default.fileExists(atPath: target) && !force {
                throw DataInputError(description: "\(target) exists: review it, or give --force to replace it (or --out FILE)")
            }
            try OutputOptions.writeFile(Array(json.utf8), to: target)
            report += "wrote \(target)\n"
        }
        FileHandle.standardError.write(Data(report.utf8))
        if !inferred.evidence.unresolved.isEmpty {
            throw DataInputError(description: "\(inferred.evidence.unresolved.count) choices left to you: edit \(target == "-" ? "the description" : target) (see unresolved above)")
        }
    }
}
