import Foundation
import Testing
import _TestSupport

/// The bundled sample exported the ways users' systems export it (other headers, UK and US dates with times,
/// month names, spelled-out codes, Y/N, semicolons, tabs, Windows-1252, title lines): after `kpi describe`, with
/// no hand edits, `kpi report` gives exactly the canonical sample's report.
@Suite("Foreign extracts read through kpi describe")
struct ForeignExtractTests {
    /// One way of exporting: how headers, dates, codes and booleans are written, and the file's bytes.
    struct Export: Sendable, CustomStringConvertible {
        var name: String
        var header: @Sendable (String) -> String
        var date: @Sendable (_ year: String, _ month: String, _ day: String, _ column: String) -> String
        var code: @Sendable (String) -> String = { $0 }
        var boolean: @Sendable (String) -> String = { $0 }
        var delimiter: Character = ","
        var windows1252 = false
        var titleLines: [String] = []
        var description: String { name }
    }

    static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// `referral_received` → `Referral Received`.
    static func titled(_ name: String) -> String {
        name.split(separator: "_").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined(separator: " ")
    }

    /// `virtual_standard` → `Virtual Standard`, `england-and-wales` → `England And Wales`.
    static func spelledOut(_ value: String) -> String {
        value.split(whereSeparator: { $0 == "_" || $0 == "-" }).map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined(separator: " ")
    }

    static let exports: [Export] = [
        Export(name: "uk-dates-with-times-renamed-headers-codes-yn",
               header: titled,
               date: { y, m, d, column in column == "referral_received" ? "\(d)/\(m)/\(y) 09:15" : "\(d)/\(m)/\(y)" },
               code: spelledOut, boolean: { $0 == "true" ? "Y" : $0 == "false" ? "N" : $0 }),
        Export(name: "windows-1252-semicolons-month-names",
               header: { $0.uppercased().replacingOccurrences(of: "_", with: " ") },
               date: { y, m, d, _ in "\(d)-\(months[Int(m)! - 1])-\(y)" },
               boolean: { $0 == "true" ? "Yes" : $0 == "false" ? "No" : $0 },
               delimiter: ";", windows1252: true),
        Export(name: "us-dates-tabs-title-lines",
               header: { $0.replacingOccurrences(of: "_", with: "-") },
               date: { y, m, d, _ in "\(m)/\(d)/\(y)" },
               code: { $0.uppercased() }, boolean: { $0 == "true" ? "TRUE" : $0 == "false" ? "FALSE" : $0 },
               delimiter: "\t", titleLines: ["Access to Work extract", "Produced 2026-11-03"]),
    ]

    /// Columns whose values are identifiers or free text and stay as they are.
    static let keptColumns: Set<String> = ["case_id", "provider_id", "contract", "complaint_id", "provider_name", "region",
                                           "info_source", "withdrawal_reason", "comment", "channel", "solution", "reason"]

    @Test(arguments: exports)
    func describedExportGivesTheCanonicalReport(_ export: Export) throws {
        let folder = try TemporaryFolder.make("foreign-\(export.name)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let sample = URL(fileURLWithPath: RepositoryFolder.sampleDataset)
        for name in try FileManager.default.contentsOfDirectory(atPath: sample.path) where name.hasSuffix(".csv") {
            let records = Self.records(try String(contentsOf: sample.appendingPathComponent(name), encoding: .utf8))
            let columns = records[0]
            var lines = export.titleLines
            lines.append(columns.map(export.header).map { Self.field($0, export.delimiter) }.joined(separator: String(export.delimiter)))
            for record in records.dropFirst() {
                var cells: [String] = []
                for (column, value) in zip(columns, record) {
                    var cell = value
                    if value.count == 10, value.utf8.filter({ $0 == 45 }).count == 2, let year = Int(value.prefix(4)), year > 1900 {
                        let parts = value.split(separator: "-").map(String.init)
                        cell = export.date(parts[0], parts[1], parts[2], column)
                    } else if value == "true" || value == "false" {
                        cell = export.boolean(value)
                    } else if !Self.keptColumns.contains(column), value.contains(where: { $0 == "_" || $0 == "-" }),
                              value.allSatisfy({ $0.isLetter || $0 == "_" || $0 == "-" }) {
                        cell = export.code(value)
                    }
                    if column == "info_source" && !cell.isEmpty { cell += " (café)" }
                    cells.append(Self.field(cell, export.delimiter))
                }
                lines.append(cells.joined(separator: String(export.delimiter)))
            }
            let text = lines.joined(separator: "\r\n") + "\r\n"
            let bytes: [UInt8] = export.windows1252 ? text.unicodeScalars.map { UInt8($0.value) } : Array(text.utf8)
            // A file named as a user's system names it.
            let stem = name.dropLast(4)
            try Data(bytes).write(to: folder.appendingPathComponent("Extract - \(Self.titled(String(stem))).csv"))
        }
        let described = try KPIBinary.run(["describe", "--data", folder.path])
        #expect(described.status == 0, "\(described.stderr)")
        let canonical = try KPIBinary.run(["report", "--data", sample.path, "--format", "csv"])
        let foreign = try KPIBinary.run(["report", "--data", folder.path, "--format", "csv"])
        #expect(foreign.status == 0, "\(foreign.stderr)")
        #expect(foreign.stdout == canonical.stdout)
        #expect(foreign.stderr.contains("read 10 files: 53983 rows, all accepted\n"), "\(foreign.stderr)")
    }

    /// RFC 4180 records of a CSV text (quoted fields with doubled quotes).
    static func records(_ text: String) -> [[String]] {
        var records: [[String]] = [], record: [String] = [], field = "", quoted = false
        var chars = Array(text).makeIterator()
        var pending: Character? = nil
        while let c = pending ?? chars.next() {
            pending = nil
            if quoted {
                if c == "\"" {
                    if let next = chars.next() {
                        if next == "\"" { field.append("\"") } else { quoted = false; pending = next }
                    } else { quoted = false }
                } else { field.append(c) }
            } else if c == "\"" { quoted = true } else if c == "," { record.append(field); field = "" } else if c == "\n" || c == "\r\n" {
                record.append(field); field = ""
                records.append(record); record = []
            } else if c != "\r" { field.append(c) }
        }
        if !field.isEmpty || !record.isEmpty { record.append(field); records.append(record) }
        return records
    }

    static func field(_ value: String, _ delimiter: Character) -> String {
        value.contains(delimiter) || value.contains("\"") || value.contains("\n")
            ? "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : value
    }
}
