import LinearAlgebra
import Testing

@Suite("Matrix product through BLAS")
struct MatrixProductTests {
    @Test func productOfTwoByTwoAndColumnIsWorkedOutByHand() {
        let a = Matrix(rows: [[1, 2], [3, 4]])
        let b = Matrix(rows: [[5], [6]])
        // [1·5 + 2·6, 3·5 + 4·6] = [17, 39]
        #expect(Matrix.product(a, b) == Matrix(rows: [[17], [39]]))
    }

    @Test func transposedOperandsAreUsedAsTransposes() {
        let a = Matrix(rows: [[1, 2, 3], [4, 5, 6]])        // 2×3
        // aᵀ·a = [[17, 22, 27], [22, 29, 36], [27, 36, 45]]
        #expect(Matrix.product(a, a, transposeA: true) == Matrix(rows: [[17, 22, 27], [22, 29, 36], [27, 36, 45]]))
        // a·aᵀ = [[14, 32], [32, 77]]
        #expect(Matrix.product(a, a, transposeB: true) == Matrix(rows: [[14, 32], [32, 77]]))
    }

    @Test func rollingThreeMonthWindowSumsComeFromOneProduct() {
        // Two series × four months of met counts.
        let counts = Matrix(rows: [[1, 2, 3, 4], [10, 0, 5, 1]])
        // Window matrix W[s, m] = 1 when month s is in the 3-month window ending at m.
        var window = Matrix(rows: 4, columns: 4)
        for m in 0..<4 { for s in max(0, m - 2)...m { window[s, m] = 1 } }
        let sums = Matrix.product(counts, window)
        #expect(sums.row(0) == [1, 3, 6, 9])
        #expect(sums.row(1) == [10, 10, 15, 6])
    }

    @Test func multiplyIntoReusesTheOutputAndOverwritesIt() {
        let a = Matrix(rows: [[2, 0], [0, 3]])
        let b = Matrix(rows: [[1, 1], [1, 1]])
        var c = Matrix(rows: 2, columns: 2, repeating: 99)
        Matrix.multiply(a, b, into: &c)
        #expect(c == Matrix(rows: [[2, 2], [3, 3]]))
    }

    @Test func emptyInnerDimensionGivesZeros() {
        let a = Matrix(rows: 2, columns: 0)
        let b = Matrix(rows: 0, columns: 3)
        #expect(Matrix.product(a, b) == Matrix(rows: 2, columns: 3, repeating: 0))
    }

    /// The count is process-wide and other suites' BLAS calls run beside this test, so it sets the count the
    /// process already has (the default pins OpenBLAS to one thread) and checks the rule for asking fewer than one.
    @Test func openBLASThreadCountIsPinnedAndSetWithoutDisturbingOtherTests() {
        let before = BLASThreads.count
        #expect(before >= 1)
        BLASThreads.set(before)
        #expect(BLASThreads.count == before)
        #expect(BLASThreads.clamped(0) == 1)
        #expect(BLASThreads.clamped(-3) == 1)
        #expect(BLASThreads.clamped(2) == 2)
    }
}
