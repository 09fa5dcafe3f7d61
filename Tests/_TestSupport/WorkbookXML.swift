import Foundation

/// The cells of a written workbook read back from its sheets' XML, normalised so a test states what a reader sees:
/// each cell as `reference type format fill value`, e.g. `J2 number 0.0% C6EFCE 0.970149`.
///
/// Rule: `type` is `string`, `number`, `boolean` or (ods) `date`/`percentage`; `format` the number format's code
/// (`General`, `@`, `0`, `0.0%`, `yyyy-mm-dd`; ods: built from the data style, `-` without one); `fill` the
/// background as six hex digits or `-`; `value` the stored value (text unescaped, lines joined by `\n`). Empty
/// cells without a style are left out. `parts` maps each zip entry's path to its text.
public enum WorkbookXML {
    /// The cells of the xlsx worksheet `sheet` (1-based, in workbook order).
    public static func xlsxCells(_ parts: [String: String], sheet: Int) -> [String] {
        let styles = parts["xl/styles.xml"] ?? ""
        var formats: [Int: String] = [0: "General", 1: "0", 49: "@"]
        for match in styles.matches(of: /<numFmt numFmtId="(\d+)" formatCode="([^"]*)"\/>/) {
            formats[Int(match.output.1)!] = unescaped(match.output.2)
        }
        let fills = styles.matches(of: /<fill>(.*?)<\/fill>/).map { fill in
            fill.output.1.firstMatch(of: /fgColor rgb="FF([0-9A-F]{6})"/).map { String($0.output.1) } ?? "-"
        }
        let xfs = (styles.firstMatch(of: /<cellXfs[^>]*>(.*?)<\/cellXfs>/)?.output.1 ?? "")
            .matches(of: /<xf numFmtId="(\d+)" fontId="\d+" fillId="(\d+)"/).map { xf in
                (format: formats[Int(xf.output.1)!] ?? "?", fill: fills[Int(xf.output.2)!])
            }
        let xml = parts["xl/worksheets/sheet\(sheet).xml"] ?? ""
        return xml.matches(of: /<c r="([A-Z]+[0-9]+)"(?: s="([0-9]+)")?(?: t="([a-zA-Z]+)")?(?:\/>|>(.*?)<\/c>)/).map { cell in
            let style = xfs[Int(cell.output.2 ?? "0") ?? 0]
            let body = cell.output.4 ?? ""
            let type: String, value: String
            switch cell.output.3 {
            case "inlineStr":
                type = "string"
                value = unescaped(body.firstMatch(of: /<t[^>]*>(.*?)<\/t>/)?.output.1 ?? "")
            case "b":
                type = "boolean"
                value = body.contains("<v>1</v>") ? "true" : "false"
            default:
                type = "number"
                value = String(body.firstMatch(of: /<v>(.*?)<\/v>/)?.output.1 ?? "")
            }
            return "\(cell.output.1) \(type) \(style.format) \(style.fill) \(value)"
        }
    }

    /// The cells of the ods table named `table`, referenced as a spreadsheet shows them (`A1` the first cell).
    public static func odsCells(_ parts: [String: String], table: String) -> [String] {
        let content = parts["content.xml"] ?? ""
        var dataFormats: [String: String] = [:]
        for match in content.matches(of: /<number:number-style style:name="([^"]+)"><number:number number:decimal-places="(\d+)"/) {
            let places = Int(match.output.2)!
            dataFormats[String(match.output.1)] = places == 0 ? "0" : "0." + String(repeating: "0", count: places)
        }
        for match in content.matches(of: /<number:percentage-style style:name="([^"]+)"><number:number number:decimal-places="(\d+)"/) {
            let places = Int(match.output.2)!
            dataFormats[String(match.output.1)] = (places == 0 ? "0" : "0." + String(repeating: "0", count: places)) + "%"
        }
        for match in content.matches(of: /<number:date-style style:name="([^"]+)">(.*?)<\/number:date-style>/) {
            dataFormats[String(match.output.1)] = match.output.2.contains("number:day") ? "yyyy-mm-dd" : "yyyy-mm"
        }
        var cellStyles: [String: (format: String, fill: String)] = [:]
        for match in content.matches(of: /<style:style style:name="([^"]+)" style:family="table-cell"(?: style:data-style-name="([^"]+)")?>(.*?)<\/style:style>/) {
            let fill = match.output.3.firstMatch(of: /fo:background-color="#([0-9A-F]{6})"/).map { String($0.output.1) } ?? "-"
            cellStyles[String(match.output.1)] = (match.output.2.flatMap { dataFormats[String($0)] } ?? "-", fill)
        }
        guard let start = content.range(of: "<table:table table:name=\"\(table)\"") else { return [] }
        let body = content[start.upperBound...]
        let end = body.range(of: "</table:table>")?.lowerBound ?? body.endIndex
        var out: [String] = []
        for (r, row) in body[..<end].matches(of: /<table:table-row>(.*?)<\/table:table-row>/).enumerated() {
            for (c, cell) in row.output.1.matches(of: /<table:table-cell([^>]*?)(?:\/>|>(.*?)<\/table:table-cell>)/).enumerated() {
                let attributes = String(cell.output.1)
                func attribute(_ name: String) -> String? {
                    guard let range = attributes.range(of: " \(name)=\"") else { return nil }
                    return String(attributes[range.upperBound...].prefix { $0 != "\"" })
                }
                guard !attributes.isEmpty else { continue }
                let style = attribute("table:style-name").flatMap { cellStyles[$0] } ?? ("-", "-")
                let type = attribute("office:value-type") ?? "empty"
                let value: String
                switch type {
                case "string": value = (cell.output.2 ?? "").matches(of: /<text:p>(.*?)<\/text:p>/).map { unescaped($0.output.1) }.joined(separator: "\n")
                case "date": value = attribute("office:date-value") ?? ""
                case "boolean": value = attribute("office:boolean-value") ?? ""
                default: value = attribute("office:value") ?? ""
                }
                out.append("\(column(c))\(r + 1) \(type) \(style.format) \(style.fill) \(value)")
            }
        }
        return out
    }

    /// `A`, …, `Z`, `AA` for a 0-based column.
    static func column(_ c: Int) -> String {
        var n = c + 1, letters = ""
        while n > 0 { letters = String(UnicodeScalar(UInt8(65 + (n - 1) % 26))) + letters; n = (n - 1) / 26 }
        return letters
    }

    static func unescaped(_ text: Substring) -> String {
        text.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&amp;", with: "&")
    }
}
