import LinearAlgebra
import Testing

@Suite("Least squares with many right-hand sides")
struct LeastSquaresTests {
    @Test func exactLineIsRecovered() throws {
        let a = Matrix(rows: [[1, 0], [1, 1], [1, 2]])
        let b = Matrix(rows: [[1], [3], [5]])
        let x = try Matrix.leastSquares(a, b)
        #expect(abs(x[0, 0] - 1) < 1e-12)
        #expect(abs(x[1, 0] - 2) < 1e-12)
    }

    @Test func everyRightHandSideGetsItsOwnFitFromOneFactorisation() throws {
        // t = 0...3; series 1: y = 1, 2, 2, 4; series 2: y = 5, 5, 5, 5.
        // Series 1 by hand: n = 4, Σt = 6, Σy = 9, Σt² = 14, Σty = 18
        //   slope = (4·18 − 6·9) / (4·14 − 6²) = 18/20 = 0.9; intercept = (9 − 0.9·6)/4 = 0.9.
        let a = Matrix(rows: [[1, 0], [1, 1], [1, 2], [1, 3]])
        let b = Matrix(rows: [[1, 5], [2, 5], [2, 5], [4, 5]])
        let x = try Matrix.leastSquares(a, b)
        #expect(x.rows == 2 && x.columns == 2)
        #expect(abs(x[0, 0] - 0.9) < 1e-12)
        #expect(abs(x[1, 0] - 0.9) < 1e-12)
        #expect(abs(x[0, 1] - 5) < 1e-12)
        #expect(abs(x[1, 1]) < 1e-12)
    }

    @Test func rankDeficientDesignIsReportedNotSolved() {
        let a = Matrix(rows: [[1, 1], [1, 1], [1, 1]])
        let b = Matrix(rows: [[1], [2], [3]])
        #expect(throws: LinearAlgebraError.rankDeficient(column: 1)) { try Matrix.leastSquares(a, b) }
    }

    @Test func underdeterminedAndMismatchedShapesAreErrors() {
        #expect(throws: LinearAlgebraError.underdetermined(rows: 1, columns: 2)) {
            try Matrix.leastSquares(Matrix(rows: [[1, 2]]), Matrix(rows: [[1]]))
        }
        #expect(throws: LinearAlgebraError.rowMismatch(design: 2, rightHandSides: 3)) {
            try Matrix.leastSquares(Matrix(rows: [[1], [1]]), Matrix(rows: [[1], [2], [3]]))
        }
    }
}
