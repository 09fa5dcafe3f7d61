import Foundation
import ZIPFoundation

/// Each entry of a workbook file (xlsx or ods) as text, in the archive's order.
func workbookEntryList(_ path: String) throws -> [(path: String, text: String)] {
    let archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read)
    var out: [(path: String, text: String)] = []
    for entry in archive {
        var data = Data()
        _ = try archive.extract(entry) { data.append($0) }
        out.append((entry.path, String(decoding: data, as: UTF8.self)))
    }
    return out
}

/// The text of each entry of a workbook file, by its path in the archive.
func workbookEntries(_ path: String) throws -> [String: String] {
    Dictionary(try workbookEntryList(path), uniquingKeysWith: { first, _ in first })
}
