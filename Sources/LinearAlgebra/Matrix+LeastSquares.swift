import CLapacke

/// LAPACK's integer type (`lapack_int` is a C macro that Swift cannot see).
typealias LapackInt = Int32

/// A failure of a linear-algebra routine on its input.
public enum LinearAlgebraError: Error, Equatable, CustomStringConvertible {
    /// The design matrix has fewer rows than columns, so least squares has no unique answer.
    case underdetermined(rows: Int, columns: Int)
    /// The design matrix is rank deficient: the diagonal element `column` of R is exactly zero.
    case rankDeficient(column: Int)
    /// The right-hand sides do not have as many rows as the design matrix.
    case rowMismatch(design: Int, rightHandSides: Int)
    /// LAPACK reported an illegal argument (an internal bug, not bad data).
    case illegalArgument(routine: String, position: Int)

    public var description: String {
        switch self {
        case let .underdetermined(rows, columns):
            "least squares needs at least as many rows as columns: got \(rows) rows and \(columns) columns"
        case let .rankDeficient(column):
            "design matrix is rank deficient (column \(column + 1) is a combination of the others)"
        case let .rowMismatch(design, rhs):
            "design matrix has \(design) rows but the right-hand sides have \(rhs)"
        case let .illegalArgument(routine, position):
            "\(routine): argument \(position) had an illegal value"
        }
    }
}

extension Matrix {
    /// Solves `min ‖a·x − b‖₂` for every column of `b` at once, with one QR factorisation (LAPACK `dgels`).
    ///
    /// Rule: `a` is `m × n` with `m ≥ n` and full column rank (a diagonal element of R at or below
    /// max(m, n) · ε times the largest is rank deficiency, whatever the processor's rounding); `b` is `m × k` (one right-hand side per
    /// column). The result is `n × k`: column j holds the coefficients for right-hand side j. This is how
    /// every KPI series' trend is fitted in one call: `a` holds the shared design (intercept, month index),
    /// `b` one series per column.
    ///
    /// ```swift
    /// // Fit y = c0 + c1·t to y = 1, 3, 5 at t = 0, 1, 2:
    /// let a = Matrix(rows: [[1, 0], [1, 1], [1, 2]])
    /// let b = Matrix(rows: [[1], [3], [5]])
    /// try Matrix.leastSquares(a, b)   // [[1], [2]]
    /// ```
    public static func leastSquares(_ a: Matrix, _ b: Matrix) throws(LinearAlgebraError) -> Matrix {
        let m = a.rows, n = a.columns, k = b.columns
        guard m >= n else { throw .underdetermined(rows: m, columns: n) }
        guard b.rows == m else { throw .rowMismatch(design: m, rightHandSides: b.rows) }
        if n == 0 || k == 0 { return Matrix(rows: n, columns: k) }
        _OpenBLASThreads.configureOnce()
        var factors = a.elements
        var rhs = b.elements
        let info: LapackInt = factors.withUnsafeMutableBufferPointer { pa in
            rhs.withUnsafeMutableBufferPointer { pb in
                // SAFETY: `pa` holds m × n elements with leading dimension m; `pb` holds m × k with leading
                // dimension m (m ≥ n, so it is large enough for the n × k solution dgels writes in place).
                LAPACKE_dgels(
                    LAPACK_COL_MAJOR, CChar(UInt8(ascii: "N")),
                    LapackInt(m), LapackInt(n), LapackInt(k),
                    pa.baseAddress, LapackInt(m),
                    pb.baseAddress, LapackInt(m)
                )
            }
        }
        if info > 0 { throw .rankDeficient(column: Int(info) - 1) }
        if info < 0 { throw .illegalArgument(routine: "dgels", position: Int(-info)) }
        // dgels stops only at an exactly zero diagonal element of R; rounding (which differs between OpenBLAS's
        // kernels for different processors) can leave a tiny one instead. A diagonal element at or below
        // max(m, n) · ε · the largest one is numerically zero (the rank tolerance of LAPACK's xGELSD and numpy).
        var largest = 0.0
        for j in 0..<n { largest = max(largest, abs(factors[j + j * m])) }
        let tolerance = Double(max(m, n)) * Double.ulpOfOne * largest
        for j in 0..<n where abs(factors[j + j * m]) <= tolerance { throw .rankDeficient(column: j) }
        var solution = Matrix(rows: n, columns: k)
        for j in 0..<k {
            for i in 0..<n { solution[i, j] = rhs[i + j * m] }
        }
        return solution
    }
}
