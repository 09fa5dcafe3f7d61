import Foundation

extension DatasetDescription {
    /// Infers the description of a dataset folder (`kpi describe`): every text file and workbook sheet in it is
    /// sampled and offered to ``infer(_:knownContracts:)``.
    ///
    /// Rule: files whose names start with `.` and the folder's `dataset.json` are not read; a text file
    /// (`.csv`, `.txt`, `.tsv`) is sampled from its first 4 MiB (at most 2,000 rows); each sheet of an `.xlsx`
    /// workbook from its first 2,000 rows, date cells written as `yyyy-mm-dd` (they need no format); a file that
    /// cannot be read is named in the evidence's unresolved list and left out. `knownContracts` as for
    /// ``infer(_:knownContracts:)``.
    public static func infer(folder: String, knownContracts: [String] = [])
        throws(DatasetError) -> (description: DatasetDescription, evidence: DescriptionEvidence) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw DatasetError(path: folder, reason: "no such dataset folder")
        }
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [])
            .filter { !$0.hasPrefix(".") && $0 != fileName }.sorted()
        var samples: [FileSample] = []
        var unreadable: [String] = []
        let base = URL(fileURLWithPath: folder)
        for name in names {
            let path = base.appendingPathComponent(name).path
            let lower = name.lowercased()
            do throws(DatasetError) {
                if lower.hasSuffix(".xlsx") {
                    samples += try _WorkbookSource.samples(path: path, fileName: name, maxRows: 2000)
                } else if lower.hasSuffix(".csv") || lower.hasSuffix(".txt") || lower.hasSuffix(".tsv") {
                    guard let handle = FileHandle(forReadingAtPath: path) else { throw DatasetError(path: path, reason: "cannot open the file") }
                    let data = (try? handle.read(upToCount: 4 << 20)) ?? nil
                    try? handle.close()
                    samples.append(try _TextSniffer.sniff([UInt8](data ?? Data()), fileName: name, maxRows: 2000))
                }
            } catch {
                unreadable.append("\(name): \(error.reason)")
            }
        }
        var (description, evidence) = infer(samples, knownContracts: knownContracts)
        evidence.unresolved += unreadable.map { "not read: " + $0 }
        if description.tables.isEmpty && samples.isEmpty {
            throw DatasetError(path: folder, reason: "no CSV file or workbook to describe")
        }
        return (description, evidence)
    }
}
