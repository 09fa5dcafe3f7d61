import Foundation
import _ATWUtilities

extension Workbook {
    /// The workbook as an Office Open XML spreadsheet (`.xlsx`).
    ///
    /// Rule: strings are inline strings (`t="inlineStr"`), never formulas; numbers, dates (serial days from
    /// 1899-12-30) and booleans are typed cells; styles: 0 text, 1 bold header, 2 integer `0`, 3 date
    /// `yyyy-mm-dd`, 4 month `yyyy-mm`, 5… decimals `0.00…`; row 1 of a table is frozen.
    public func xlsx() throws(WorkbookError) -> Data {
        let sheets = try self.sheets()
        let decimals = Self.decimalPlaces(sheets)
        var entries: [(path: String, bytes: [UInt8])] = []
        var types = _XMLText()
        types.raw(#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#)
        types.raw(#"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">"#)
        types.raw(#"<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>"#)
        types.raw(#"<Default Extension="xml" ContentType="application/xml"/>"#)
        types.raw(#"<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>"#)
        types.raw(#"<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>"#)
        types.raw(#"<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>"#)
        for i in sheets.indices {
            types.raw(#"<Override PartName="/xl/worksheets/sheet\#(i + 1).xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>"#)
        }
        types.raw("</Types>")
        entries.append(("[Content_Types].xml", types.bytes))

        var rels = _XMLText()
        rels.raw(#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#)
        rels.raw(#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#)
        rels.raw(#"<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>"#)
        rels.raw(#"<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>"#)
        rels.raw("</Relationships>")
        entries.append(("_rels/.rels", rels.bytes))

        var core = _XMLText()
        core.raw(#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#)
        core.raw(#"<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">"#)
        core.raw("<dc:title>"); core.escaped(title); core.raw("</dc:title><dc:language>en-GB</dc:language></cp:coreProperties>")
        entries.append(("docProps/core.xml", core.bytes))

        var book = _XMLText()
        book.raw(#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#)
        book.raw(#"<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>"#)
        for (i, sheet) in sheets.enumerated() {
            book.raw(#"<sheet name=""#); book.escaped(sheet.name); book.raw(#"" sheetId="\#(i + 1)" r:id="rId\#(i + 1)"/>"#)
        }
        book.raw("</sheets></workbook>")
        entries.append(("xl/workbook.xml", book.bytes))

        var bookRels = _XMLText()
        bookRels.raw(#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#)
        bookRels.raw(#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#)
        for i in sheets.indices {
            bookRels.raw(#"<Relationship Id="rId\#(i + 1)" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet\#(i + 1).xml"/>"#)
        }
        bookRels.raw(#"<Relationship Id="rId\#(sheets.count + 1)" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>"#)
        bookRels.raw("</Relationships>")
        entries.append(("xl/_rels/workbook.xml.rels", bookRels.bytes))

        var styles = _XMLText()
        styles.raw(#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#)
        styles.raw(#"<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">"#)
        styles.raw(#"<numFmts count="\#(2 + decimals.count)"><numFmt numFmtId="164" formatCode="yyyy\-mm\-dd"/><numFmt numFmtId="165" formatCode="yyyy\-mm"/>"#)
        for (i, places) in decimals.enumerated() {
            styles.raw(#"<numFmt numFmtId="\#(166 + i)" formatCode="0.\#(String(repeating: "0", count: places))"/>"#)
        }
        styles.raw("</numFmts>")
        styles.raw(#"<fonts count="2"><font><sz val="11"/><name val="Arial"/></font><font><b/><sz val="11"/><name val="Arial"/></font></fonts>"#)
        styles.raw(#"<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>"#)
        styles.raw(#"<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>"#)
        styles.raw(#"<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>"#)
        styles.raw(#"<cellXfs count="\#(6 + decimals.count)">"#)
        styles.raw(#"<xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>"#)
        styles.raw(#"<xf numFmtId="49" fontId="1" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" applyFont="1"/>"#)
        styles.raw(#"<xf numFmtId="1" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>"#)
        styles.raw(#"<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>"#)
        styles.raw(#"<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>"#)
        for i in decimals.indices {
            styles.raw(#"<xf numFmtId="\#(166 + i)" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>"#)
        }
        styles.raw(#"<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>"#)
        styles.raw(#"</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>"#)
        entries.append(("xl/styles.xml", styles.bytes))

        for (i, sheet) in sheets.enumerated() {
            let columnStyles = sheet.columns.map { column -> Int in
                switch column.kind {
                case .text, .boolean: 0
                case .number: 5 + decimals.count
                case .integer: 2
                case .date: 3
                case .month: 4
                case .decimal(let p): 5 + decimals.firstIndex(of: p)!
                }
            }
            var xml = _XMLText()
            xml.raw(#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#)
            xml.raw(#"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">"#)
            if sheet.header {
                xml.raw(#"<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>"#)
            } else {
                xml.raw(#"<sheetViews><sheetView workbookViewId="0"/></sheetViews>"#)
            }
            xml.raw("<cols>")
            for (c, width) in sheet.widths.enumerated() {
                xml.raw(#"<col min="\#(c + 1)" max="\#(c + 1)" width="\#(width)" customWidth="1"/>"#)
            }
            xml.raw("</cols><sheetData>")
            var r = 0
            func cellReference(_ c: Int) {
                xml.raw(#" r=""#); xml.raw(Self.columnLetters(c)); xml.raw(String(r)); xml.raw(#"""#)
            }
            if sheet.header {
                r = 1
                xml.raw(#"<row r="1">"#)
                for (c, column) in sheet.columns.enumerated() {
                    xml.raw("<c"); cellReference(c); xml.raw(#" s="1" t="inlineStr"><is><t>"#); xml.escaped(column.name); xml.raw("</t></is></c>")
                }
                xml.raw("</row>")
            }
            for row in sheet.rows {
                r += 1
                xml.raw(#"<row r="\#(r)">"#)
                for (c, cell) in row.enumerated() {
                    switch cell {
                    case .empty: continue
                    case .text(let text):
                        xml.raw("<c"); cellReference(c); xml.raw(#" s="0" t="inlineStr"><is><t xml:space="preserve">"#)
                        xml.escaped(text); xml.raw("</t></is></c>")
                    case .number(let value):
                        xml.raw("<c"); cellReference(c); xml.raw(#" s="\#(columnStyles[c])"><v>"#); xml.number(value); xml.raw("</v></c>")
                    case .date(let y, let m, let d):
                        xml.raw("<c"); cellReference(c); xml.raw(#" s="\#(columnStyles[c] == 4 ? 4 : 3)"><v>"#)
                        xml.raw(String(_CivilDate.serial(y, m, d))); xml.raw("</v></c>")
                    case .boolean(let flag):
                        xml.raw("<c"); cellReference(c); xml.raw(#" t="b"><v>\#(flag ? 1 : 0)</v></c>"#)
                    }
                }
                xml.raw("</row>")
            }
            xml.raw("</sheetData></worksheet>")
            entries.append(("xl/worksheets/sheet\(i + 1).xml", xml.bytes))
        }
        return try _ZipContainer.archive(entries, storeFirst: false)
    }

    /// `A`, …, `Z`, `AA`, … for a 0-based column.
    package static func columnLetters(_ column: Int) -> String {
        var n = column + 1, letters: [Character] = []
        while n > 0 {
            let r = (n - 1) % 26
            letters.insert(Character(UnicodeScalar(UInt8(65 + r))), at: 0)
            n = (n - 1) / 26
        }
        return String(letters)
    }
}
