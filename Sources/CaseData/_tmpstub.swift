struct _WorkbookSourceSheet { var csv: [UInt8]; var sheet: String; var columnPositions: [String: Int]; var headerRow: Int; var rowOfLine: [Int32] }
func _readWorkbookSheet(path: String, sheet: String?, table: DatasetFile, columns: [String: ColumnDescription], headerRow: Int) throws(DatasetError) -> _WorkbookSourceSheet { throw DatasetError(path: path, reason: "x") }
enum _WorkbookSource { static func samples(path: String, fileName: String, maxRows: Int) throws(DatasetError) -> [FileSample] { [] } }
