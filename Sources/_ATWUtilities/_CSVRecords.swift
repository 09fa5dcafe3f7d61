/// The records of small CSV text (RFC 4180: quoted fields may hold commas, doubled quotes and line breaks),
/// each with the line it starts on (from 1). For the small files read whole (month counts, workbooks from a
/// result's CSV); datasets go through CaseData's parallel scanner.
package func _csvRecords(_ bytes: [UInt8]) -> [(line: Int, fields: [String])] {
    var records: [(Int, [String])] = [], fields: [String] = [], field: [UInt8] = []
    var quoted = false, afterQuote = false
    var line = 1, recordLine = 1
    func endField() { fields.append(String(decoding: field, as: UTF8.self)); field.removeAll(keepingCapacity: true) }
    var i = 0
    while i < bytes.count {
        let b = bytes[i]
        if b == 10 { line += 1 }
        if quoted {
            if b == 34 {
                if i + 1 < bytes.count, bytes[i + 1] == 34 { field.append(34); i += 1 } else { quoted = false; afterQuote = true }
            } else {
                field.append(b)
            }
        } else if b == 34 && field.isEmpty && !afterQuote {
            quoted = true
        } else if b == 44 {
            endField(); afterQuote = false
        } else if b == 10 {
            endField(); records.append((recordLine, fields)); fields.removeAll(); afterQuote = false; recordLine = line
        } else if b != 13 {
            field.append(b)
        }
        i += 1
    }
    if !field.isEmpty || !fields.isEmpty { endField(); records.append((recordLine, fields)) }
    return records
}
