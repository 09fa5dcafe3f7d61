import Foundation
import _ATWUtilities

extension Workbook {
    /// The workbook as an OpenDocument spreadsheet (`.ods`).
    ///
    /// Rule: `mimetype` is the first entry, stored; every text cell is `office:value-type="string"`; numbers
    /// are `float` with a number style of the column's decimals, dates `date`, booleans `boolean`; each
    /// table's header row is frozen through `settings.xml`.
    public func ods() throws(WorkbookError) -> Data {
        let sheets = try self.sheets()
        let decimals = Self.decimalPlaces(sheets)
        let office = #"xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" xmlns:config="urn:oasis:names:tc:opendocument:xmlns:config:1.0""#
        var entries: [(path: String, bytes: [UInt8])] = [("mimetype", Array("application/vnd.oasis.opendocument.spreadsheet".utf8))]

        var manifest = _XMLText()
        manifest.raw(#"<?xml version="1.0" encoding="UTF-8"?>"#)
        manifest.raw(#"<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">"#)
        manifest.raw(#"<manifest:file-entry manifest:full-path="/" manifest:version="1.2" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>"#)
        for part in ["content.xml", "styles.xml", "meta.xml", "settings.xml"] {
            manifest.raw(#"<manifest:file-entry manifest:full-path="\#(part)" manifest:media-type="text/xml"/>"#)
        }
        manifest.raw("</manifest:manifest>")

        var meta = _XMLText()
        meta.raw(#"<?xml version="1.0" encoding="UTF-8"?><office:document-meta \#(office) office:version="1.2"><office:meta><dc:title>"#)
        meta.escaped(title)
        meta.raw("</dc:title><dc:language>en-GB</dc:language></office:meta></office:document-meta>")

        var styles = _XMLText()
        styles.raw(#"<?xml version="1.0" encoding="UTF-8"?><office:document-styles \#(office) office:version="1.2"><office:styles>"#)
        styles.raw(#"<style:default-style style:family="table-cell"><style:text-properties style:font-name="Arial" fo:font-size="11pt"/></style:default-style>"#)
        styles.raw("</office:styles></office:document-styles>")

        var settings = _XMLText()
        settings.raw(#"<?xml version="1.0" encoding="UTF-8"?><office:document-settings \#(office) office:version="1.2"><office:settings>"#)
        settings.raw(#"<config:config-item-set config:name="ooo:view-settings"><config:config-item-map-indexed config:name="Views"><config:config-item-map-entry>"#)
        settings.raw(#"<config:config-item config:name="ViewId" config:type="string">view1</config:config-item><config:config-item-map-named config:name="Tables">"#)
        for sheet in sheets where sheet.header {
            settings.raw(#"<config:config-item-map-entry config:name=""#); settings.escaped(sheet.name); settings.raw(#"">"#)
            settings.raw(#"<config:config-item config:name="VerticalSplitMode" config:type="short">2</config:config-item>"#)
            settings.raw(#"<config:config-item config:name="VerticalSplitPosition" config:type="int">1</config:config-item>"#)
            settings.raw(#"<config:config-item config:name="ActiveSplitRange" config:type="short">2</config:config-item>"#)
            settings.raw(#"<config:config-item config:name="PositionTop" config:type="int">0</config:config-item>"#)
            settings.raw(#"<config:config-item config:name="PositionBottom" config:type="int">1</config:config-item>"#)
            settings.raw("</config:config-item-map-entry>")
        }
        settings.raw("</config:config-item-map-named></config:config-item-map-entry></config:config-item-map-indexed></config:config-item-set></office:settings></office:document-settings>")

        var content = _XMLText()
        content.raw(#"<?xml version="1.0" encoding="UTF-8"?><office:document-content \#(office) office:version="1.2"><office:automatic-styles>"#)
        content.raw(#"<number:date-style style:name="Ndate"><number:year number:style="long"/><number:text>-</number:text><number:month number:style="long"/><number:text>-</number:text><number:day number:style="long"/></number:date-style>"#)
        content.raw(#"<number:date-style style:name="Nmonth"><number:year number:style="long"/><number:text>-</number:text><number:month number:style="long"/></number:date-style>"#)
        content.raw(#"<number:number-style style:name="Nint"><number:number number:decimal-places="0" number:min-decimal-places="0" number:min-integer-digits="1"/></number:number-style>"#)
        for p in decimals {
            content.raw(#"<number:number-style style:name="Ndec\#(p)"><number:number number:decimal-places="\#(p)" number:min-decimal-places="\#(p)" number:min-integer-digits="1"/></number:number-style>"#)
        }
        content.raw(#"<style:style style:name="head" style:family="table-cell"><style:text-properties fo:font-weight="bold"/></style:style>"#)
        content.raw(#"<style:style style:name="date" style:family="table-cell" style:data-style-name="Ndate"/>"#)
        content.raw(#"<style:style style:name="month" style:family="table-cell" style:data-style-name="Nmonth"/>"#)
        content.raw(#"<style:style style:name="int" style:family="table-cell" style:data-style-name="Nint"/>"#)
        for p in decimals {
            content.raw(#"<style:style style:name="dec\#(p)" style:family="table-cell" style:data-style-name="Ndec\#(p)"/>"#)
        }
        var widthNames: [Double: String] = [:]
        for width in Set(sheets.flatMap(\.widths)).sorted() {
            let name = "w\(widthNames.count)"
            widthNames[width] = name
            // About 0.19 cm per character of an 11 pt font.
            content.raw(#"<style:style style:name="\#(name)" style:family="table-column"><style:table-column-properties style:column-width="\#(_decimalText(width * 0.19, places: 2))cm"/></style:style>"#)
        }
        content.raw("</office:automatic-styles><office:body><office:spreadsheet>")
        for sheet in sheets {
            let styleNames = sheet.columns.map { column -> String? in
                switch column.kind {
                case .text, .boolean, .number: nil
                case .integer: "int"
                case .date: "date"
                case .month: "month"
                case .decimal(let p): "dec\(p)"
                }
            }
            content.raw(#"<table:table table:name=""#); content.escaped(sheet.name); content.raw(#"">"#)
            for width in sheet.widths { content.raw(#"<table:table-column table:style-name="\#(widthNames[width]!)"/>"#) }
            if sheet.header {
                content.raw("<table:table-header-rows><table:table-row>")
                for column in sheet.columns {
                    content.raw(#"<table:table-cell table:style-name="head" office:value-type="string"><text:p>"#)
                    content.escaped(column.name); content.raw("</text:p></table:table-cell>")
                }
                content.raw("</table:table-row></table:table-header-rows>")
            }
            for row in sheet.rows {
                content.raw("<table:table-row>")
                for (c, cell) in row.enumerated() {
                    switch cell {
                    case .empty:
                        content.raw("<table:table-cell/>")
                    case .text(let text):
                        content.raw(#"<table:table-cell office:value-type="string"><text:p>"#)
                        content.escaped(text); content.raw("</text:p></table:table-cell>")
                    case .number(let value):
                        content.raw("<table:table-cell")
                        if let style = styleNames[c] { content.raw(#" table:style-name="\#(style)""#) }
                        content.raw(#" office:value-type="float" office:value=""#); content.number(value); content.raw(#""/>"#)
                    case .date(let y, let m, let d):
                        content.raw(#"<table:table-cell table:style-name="\#(styleNames[c] == "month" ? "month" : "date")" office:value-type="date" office:date-value=""#)
                        content.raw(_CivilDate.iso(y, m, d)); content.raw(#""/>"#)
                    case .boolean(let flag):
                        content.raw(#"<table:table-cell office:value-type="boolean" office:boolean-value="\#(flag)"/>"#)
                    }
                }
                content.raw("</table:table-row>")
            }
            content.raw("</table:table>")
        }
        content.raw("</office:spreadsheet></office:body></office:document-content>")

        entries.append(("META-INF/manifest.xml", manifest.bytes))
        entries.append(("content.xml", content.bytes))
        entries.append(("styles.xml", styles.bytes))
        entries.append(("meta.xml", meta.bytes))
        entries.append(("settings.xml", settings.bytes))
        return try _ZipContainer.archive(entries, storeFirst: true)
    }
}
