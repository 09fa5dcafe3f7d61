import CBLAS

extension Matrix {
    /// The product `op(a) · op(b)` through BLAS `dgemm`, where `op` transposes when asked.
    ///
    /// Rule: with `transposeA`, `a` is used as its transpose (and likewise `b`); the inner dimensions must agree.
    /// Window sums use this: a `series × months` count matrix times a `months × months` window matrix gives
    /// every series' window totals at once.
    ///
    /// ```swift
    /// let a = Matrix(rows: [[1, 2], [3, 4]])
    /// let b = Matrix(rows: [[5], [6]])
    /// Matrix.product(a, b)            // [[17], [39]]
    /// ```
    public static func product(_ a: Matrix, _ b: Matrix, transposeA: Bool = false, transposeB: Bool = false) -> Matrix {
        let m = transposeA ? a.columns : a.rows
        let k = transposeA ? a.rows : a.columns
        let kB = transposeB ? b.columns : b.rows
        let n = transposeB ? b.rows : b.columns
        precondition(k == kB, "inner dimensions differ: \(k) and \(kB)")
        var c = Matrix(rows: m, columns: n)
        multiply(a, b, into: &c, transposeA: transposeA, transposeB: transposeB)
        return c
    }

    /// `c ← op(a) · op(b)` into an existing matrix, allocation-free (for hot paths that reuse `c`).
    ///
    /// Rule: `c` must already have the product's shape; its previous contents are overwritten.
    public static func multiply(
        _ a: Matrix, _ b: Matrix, into c: inout Matrix, transposeA: Bool = false, transposeB: Bool = false
    ) {
        let m = transposeA ? a.columns : a.rows
        let k = transposeA ? a.rows : a.columns
        let kB = transposeB ? b.columns : b.rows
        let n = transposeB ? b.rows : b.columns
        precondition(k == kB, "inner dimensions differ: \(k) and \(kB)")
        precondition(c.rows == m && c.columns == n, "output is \(c.rows)×\(c.columns), product is \(m)×\(n)")
        if m == 0 || n == 0 { return }
        if k == 0 {
            for i in c.elements.indices { c.elements[i] = 0 }
            return
        }
        _OpenBLASThreads.configureOnce()
        let lda = Int32(max(1, a.rows))
        let ldb = Int32(max(1, b.rows))
        let ldc = Int32(max(1, c.rows))
        a.elements.withUnsafeBufferPointer { pa in
            b.elements.withUnsafeBufferPointer { pb in
                c.elements.withUnsafeMutableBufferPointer { pc in
                    // SAFETY: the buffers hold exactly rows × columns elements each and the leading
                    // dimensions equal the row counts, so dgemm reads and writes only inside them.
                    cblas_dgemm(
                        CblasColMajor,
                        transposeA ? CblasTrans : CblasNoTrans,
                        transposeB ? CblasTrans : CblasNoTrans,
                        Int32(m), Int32(n), Int32(k),
                        1.0, pa.baseAddress, lda,
                        pb.baseAddress, ldb,
                        0.0, pc.baseAddress, ldc
                    )
                }
            }
        }
    }
}
