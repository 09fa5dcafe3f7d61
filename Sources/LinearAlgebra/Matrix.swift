/// A dense matrix of `Double` stored column by column.
///
/// Column-major order is what BLAS and LAPACK expect, so a `Matrix` is handed to them without copying.
/// Element (i, j) lives at `elements[i + j * rows]`.
///
/// ```swift
/// let a = Matrix(rows: [[1, 2], [3, 4]])   // 2×2
/// a[1, 0]                                   // 3
/// ```
public struct Matrix: Sendable, Equatable {
    /// Number of rows.
    public let rows: Int
    /// Number of columns.
    public let columns: Int
    /// The elements, column-major: `rows × columns` values.
    public var elements: [Double]

    /// A `rows × columns` matrix with every element set to `value`.
    public init(rows: Int, columns: Int, repeating value: Double = 0) {
        precondition(rows >= 0 && columns >= 0, "matrix dimensions must not be negative")
        self.rows = rows
        self.columns = columns
        self.elements = Array(repeating: value, count: rows * columns)
    }

    /// A matrix from column-major elements; `elements.count` must equal `rows × columns`.
    public init(rows: Int, columns: Int, columnMajor elements: [Double]) {
        precondition(rows >= 0 && columns >= 0, "matrix dimensions must not be negative")
        precondition(elements.count == rows * columns, "expected \(rows * columns) elements, got \(elements.count)")
        self.rows = rows
        self.columns = columns
        self.elements = elements
    }

    /// A matrix from a list of rows of equal length (convenient in tests and small literals).
    public init(rows list: [[Double]]) {
        let columnCount = list.first?.count ?? 0
        precondition(list.allSatisfy { $0.count == columnCount }, "all rows must have the same length")
        var elements = [Double](repeating: 0, count: list.count * columnCount)
        for (i, row) in list.enumerated() {
            for (j, value) in row.enumerated() { elements[i + j * list.count] = value }
        }
        self.init(rows: list.count, columns: columnCount, columnMajor: elements)
    }

    /// The element in row `row` and column `column` (both zero-based).
    public subscript(row: Int, column: Int) -> Double {
        get { elements[row + column * rows] }
        set { elements[row + column * rows] = newValue }
    }

    /// Row `row` as an array.
    public func row(_ row: Int) -> [Double] {
        (0..<columns).map { self[row, $0] }
    }

    /// Column `column` as an array.
    public func column(_ column: Int) -> [Double] {
        Array(elements[(column * rows)..<((column + 1) * rows)])
    }
}
