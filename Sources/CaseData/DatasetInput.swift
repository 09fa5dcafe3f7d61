import Foundation
import Spreadsheets
import _ATWUtilities

/// A dataset with the files it was read from: what an output's provenance names.
public struct DatasetInput: Sendable {
    public var dataset: Dataset
    /// Each table's file, in ``DatasetFile`` order (absent tables left out).
    public var files: [InputFile]
    /// The description file used (`nil`: none, or one given in memory).
    public var descriptionPath: String?
    /// The description used (`nil`: the canonical layout).
    public var description: DatasetDescription?

    public init(dataset: Dataset, files: [InputFile] = [], descriptionPath: String? = nil, description: DatasetDescription? = nil) {
        self.dataset = dataset
        self.files = files
        self.descriptionPath = descriptionPath
        self.description = description
    }

    /// Where a rejected row is in its source: `cases.csv:17` for text, `cases.xlsx!Cases!D17` for a workbook cell.
    ///
    /// Rule: a workbook's cell is the rejected column's cell of the row (the row alone, `cases.xlsx!Cases!17`,
    /// when the whole row is at fault); a text file gives its name and physical line.
    public func location(of rejection: Rejection) -> String {
        guard let input = files.first(where: { $0.table == rejection.file }) else { return "\(rejection.file.fileName):\(rejection.line)" }
        return input.location(line: rejection.line, column: rejection.column)
    }

    /// A rejection as one line with its source location: `cases.xlsx!Cases!D17: referral_received: …`.
    public func describe(_ rejection: Rejection) -> String {
        let place = location(of: rejection)
        return rejection.column.isEmpty ? "\(place): \(rejection.reason)" : "\(place): \(rejection.column): \(rejection.reason)"
    }
}

/// One input file of a dataset: the table it fills, where it is, and how it was read.
public struct InputFile: Sendable, Equatable {
    public var table: DatasetFile
    /// The file's path as read.
    public var path: String
    /// The sheet read, for a workbook.
    public var sheet: String?
    /// How it was read: `CSV (UTF-8, ",")`, `CSV (windows-1252, ";", header on line 3)` or `workbook sheet Cases`.
    public var layout: String
    /// Per schema column, the 0-based position of its field in the header (workbook cells are named from it).
    public var columnPositions: [String: Int]
    /// The sheet row or line of the header.
    public var headerRow: Int
    /// For a workbook whose cells hold line breaks: the sheet row of each line of its CSV text (index line - 1).
    package var rowOfLine: [Int32] = []

    public init(table: DatasetFile, path: String, sheet: String? = nil, layout: String, columnPositions: [String: Int] = [:], headerRow: Int = 1) {
        self.table = table
        self.path = path
        self.sheet = sheet
        self.layout = layout
        self.columnPositions = columnPositions
        self.headerRow = headerRow
    }

    /// The file's name without its folder.
    public var fileName: String { (path as NSString).lastPathComponent }

    /// A line (or sheet row) and column of this file as a person finds it.
    public func location(line: Int, column: String) -> String {
        guard let sheet else { return "\(fileName):\(line)" }
        let line = row(line: line)
        if let position = columnPositions[column] { return "\(fileName)!\(sheet)!\(XLSXWorkbookReader.columnLetters(position))\(line)" }
        return "\(fileName)!\(sheet)!\(line)"
    }

    /// The sheet row of a line of the text the decoder read (the line itself for a text file).
    public func row(line: Int) -> Int {
        line >= 1 && line <= rowOfLine.count ? Int(rowOfLine[line - 1]) : line
    }

    /// The file as a rejection names it: `cases.csv`, or `Cases.xlsx!Cases` for a sheet.
    public var displayName: String { fileName + (sheet.map { "!" + $0 } ?? "") }

    /// The SHA-256 of the file's bytes as lowercase hex, read afresh from ``path``.
    public func sha256() throws(DatasetError) -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw DatasetError(path: path, reason: "cannot open the file to hash it") }
        defer { try? handle.close() }
        var hasher = SHA256()
        while true {
            let chunk: Data
            do { chunk = try handle.read(upToCount: 1 << 22) ?? Data() } catch {
                throw DatasetError(path: path, reason: "cannot read the file to hash it")
            }
            if chunk.isEmpty { break }
            chunk.withUnsafeBytes { hasher.update($0) }
        }
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }
}

extension DatasetDescription {
    /// Reads a description file from disk.
    public static func load(path: String) throws(DatasetError) -> DatasetDescription {
        guard let data = FileManager.default.contents(atPath: path) else { throw DatasetError(path: path, reason: "cannot read the dataset description") }
        return try DatasetDescription(json: data, file: path)
    }
}

/// A file opened for decoding: its bytes as UTF-8 CSV, its layout, and what provenance records of it.
struct _SourceFile {
    var bytes: _FileBytes
    var path: String
    var layout: _FileLayout = .canonical
    var input: InputFile

    init(bytes: _FileBytes, path: String, layout: _FileLayout = .canonical, input: InputFile) {
        self.bytes = bytes
        self.path = path
        self.layout = layout
        self.input = input
    }

    /// A file in the canonical layout (UTF-8, commas, header on line 1).
    init(canonical table: DatasetFile, bytes: _FileBytes, path: String) {
        self.init(bytes: bytes, path: path, input: InputFile(table: table, path: path, layout: "CSV (UTF-8, \",\")"))
    }

    /// Opens a table's file in a folder through its description (`nil`: the canonical layout), or `nil` when the
    /// (optional) table has no file.
    static func open(_ table: DatasetFile, folder: URL, description: TableDescription?) throws(DatasetError) -> _SourceFile? {
        let fm = FileManager.default
        var described = description
        if described == nil {
            let csv = folder.appendingPathComponent(table.fileName).path
            if fm.fileExists(atPath: csv) {
                return _SourceFile(canonical: table, bytes: try _FileBytes(path: csv), path: csv)
            }
            let workbook = folder.appendingPathComponent(table.rawValue + ".xlsx").path
            guard fm.fileExists(atPath: workbook) else {
                guard table.isRequired else { return nil }
                let held = ((try? fm.contentsOfDirectory(atPath: folder.path)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
                let near = held.filter { $0.lowercased().contains(table.rawValue) }
                var reason = "required file is missing from the dataset (no \(table.fileName) or \(table.rawValue).xlsx"
                reason += near.isEmpty ? "; the folder holds \(held.prefix(12).joined(separator: ", ")))" : "; the folder holds \(near.joined(separator: ", ")): name it in dataset.json, or run `kpi describe`)"
                throw DatasetError(path: table.fileName, reason: reason)
            }
            described = TableDescription(file: table.rawValue + ".xlsx")
        }
        let d = described!
        let path = folder.appendingPathComponent(d.file).path
        guard fm.fileExists(atPath: path) else {
            throw DatasetError(path: path, reason: "the file the dataset description names for \(table.rawValue) is missing")
        }
        if d.isWorkbook {
            let sheet = try _WorkbookSource.read(path: path, sheet: d.sheet, table: table, columns: d.columns, headerRow: d.headerRow)
            return _SourceFile(
                bytes: _FileBytes(copying: sheet.csv), path: path,
                layout: _FileLayout(separator: _CSVScanner.comma, headerRow: 1, columns: d.columns, trims: true),
                input: {
                    var input = InputFile(table: table, path: path, sheet: sheet.sheet, layout: "workbook sheet \(sheet.sheet)",
                                          columnPositions: sheet.columnPositions, headerRow: d.headerRow)
                    input.rowOfLine = sheet.rowOfLine
                    return input
                }())
        }
        var bytes = try _FileBytes(path: path)
        if d.encoding != .utf8 { bytes = _FileBytes(copying: try _transcode(bytes.buffer, from: d.encoding, path: path)) }
        var layout = "CSV (\(d.encoding.rawValue), \"\(DatasetDescription.delimiterName(d.delimiter))\""
        if d.headerRow > 1 { layout += ", header on line \(d.headerRow)" }
        layout += ")"
        return _SourceFile(bytes: bytes, path: path, layout: _FileLayout(separator: d.delimiter, headerRow: d.headerRow, columns: d.columns, trims: true),
                           input: InputFile(table: table, path: path, layout: layout, headerRow: d.headerRow))
    }
}

/// Windows-1252's characters for bytes 0x80-0x9F (0 where the byte is undefined).
let _windows1252High: [UInt32] = [
    0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
    0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
]

/// A single-byte text file as UTF-8.
///
/// Rule: Windows-1252 maps 0x80-0x9F through its table and 0xA0-0xFF to the same code points; the five bytes it
/// leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D) are an error naming the line. ISO 8859-1 maps every byte to
/// its own code point.
func _transcode(_ bytes: UnsafeBufferPointer<UInt8>, from encoding: TextEncoding, path: String) throws(DatasetError) -> [UInt8] {
    var out: [UInt8] = []
    out.reserveCapacity(bytes.count + bytes.count / 16)
    var line = 1
    for b in bytes {
        if b < 0x80 {
            if b == 10 { line += 1 }
            out.append(b)
            continue
        }
        var scalar = UInt32(b)
        if encoding == .windows1252 && b < 0xA0 {
            scalar = _windows1252High[Int(b - 0x80)]
            guard scalar != 0 else {
                throw DatasetError(path: path, reason: "line \(line): byte 0x\(String(b, radix: 16, uppercase: true)) is not a Windows-1252 character (is the file in another encoding? set \"encoding\" in dataset.json)")
            }
        }
        if scalar < 0x800 {
            out.append(UInt8(0xC0 | (scalar >> 6)))
            out.append(UInt8(0x80 | (scalar & 0x3F)))
        } else {
            out.append(UInt8(0xE0 | (scalar >> 12)))
            out.append(UInt8(0x80 | ((scalar >> 6) & 0x3F)))
            out.append(UInt8(0x80 | (scalar & 0x3F)))
        }
    }
    return out
}

/// Where an output's figures came from: each input file with its rows and SHA-256, the description used, the
/// as-of date, and the data quality of the run (the HA guidance's "clear audit trail of evidence", 6.03).
///
/// Rule: every file a table was read from is named with rows read, accepted and rejected and the SHA-256 of its
/// bytes (for a store, the store file itself and the per-file counts it keeps), so a figure can be traced to the
/// extract it came from.
public struct Provenance: Sendable, Equatable {
    public struct File: Sendable, Equatable {
        public var table: String
        public var path: String
        public var layout: String
        public var rowsRead: Int
        public var rowsAccepted: Int
        public var sha256: String
    }

    public var files: [File]
    /// The dataset description used, or `nil` for the canonical layout.
    public var description: String?
    public var asOf: String?
    public var quality: DataQuality

    /// The provenance of a dataset read from a folder (hashing each file afresh, files on all cores: the largest
    /// first, each to the least loaded worker).
    public init(_ input: DatasetInput, asOf: String?, quality: DataQuality) throws(DatasetError) {
        let inputs = input.files
        let sizes = inputs.map { ((try? FileManager.default.attributesOfItem(atPath: $0.path)[.size]) as? Int) ?? 0 }
        let workers = max(1, min(_workerCount, inputs.count))
        var share = [[Int]](repeating: [], count: workers), load = [Int](repeating: 0, count: workers)
        for k in inputs.indices.sorted(by: { sizes[$0] > sizes[$1] }) {
            let w = load.indices.min { load[$0] < load[$1] }!
            share[w].append(k)
            load[w] += sizes[k]
        }
        let assigned = share
        let parts: [[(Int, Result<String, DatasetError>)]] = _parallelMap(workers) { w in
            assigned[w].map { k in
                do throws(DatasetError) { return (k, .success(try inputs[k].sha256())) } catch { return (k, .failure(error)) }
            }
        }
        var hashes = [String](repeating: "", count: inputs.count)
        for (k, result) in parts.joined() { hashes[k] = try result.get() }
        files = []
        for (file, hash) in zip(inputs, hashes) {
            let summary = input.dataset.summaries.first { $0.file == file.table }
            files.append(File(table: file.table.rawValue, path: file.path + (file.sheet.map { " (sheet \($0))" } ?? ""),
                              layout: file.layout, rowsRead: summary?.rowsRead ?? 0, rowsAccepted: summary?.rowsAccepted ?? 0,
                              sha256: hash))
        }
        description = input.descriptionPath ?? (input.description == nil ? nil : "given on the command line")
        self.asOf = asOf
        self.quality = quality
    }

    /// The provenance of a dataset read from a store: the store file, and the per-file counts it keeps.
    public init(store path: String, dataset: Dataset, asOf: String?, quality: DataQuality) throws(DatasetError) {
        let hash = try InputFile(table: .cases, path: path, layout: "store").sha256()
        files = dataset.summaries.filter(\.present).map {
            File(table: $0.file.rawValue, path: path, layout: "store", rowsRead: $0.rowsRead, rowsAccepted: $0.rowsAccepted, sha256: hash)
        }
        description = nil
        self.asOf = asOf
        self.quality = quality
    }

    /// One line per file: `cases: Cases.xlsx (sheet Cases), workbook sheet Cases: 15000 read = 14990 accepted + 10 rejected; SHA-256 3f…`.
    public var lines: [String] {
        files.map { "\($0.table): \($0.path), \($0.layout): \($0.rowsRead) read = \($0.rowsAccepted) accepted + \($0.rowsRead - $0.rowsAccepted) rejected; SHA-256 \($0.sha256)" }
    }
}
