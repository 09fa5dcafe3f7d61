import KPIEngine

/// The leading indicators' effects and the level correction, fitted on the inner origins' errors of the blend,
/// and the noise that is left.
///
/// Rule (the DocC article "Forecasting", "Leading indicators"):
/// - Data: every inner row of a provider series whose indicators exist at its origin; the response is the
///   next month's in-month rate less the method's forecast of it, weighted by the inverse of the rate's variance
///   at the outcome's volume, n / (p(1−p)·(1 + (n − 1)·ρ)), ρ the method's noise before indicators. The
///   predictors: the indicators, and 1 (the level correction: the blend's mean error on the KPI).
/// - Designs: the level correction alone, the indicators alone, both.
/// - Fit, per design: the effects of a contract's KPIs pooled (ridge toward 0 with ``poolPrior`` rows' worth of
///   the pool's own information), or each KPI's own (ridge toward the pool's with λ rows' worth of its own).
/// - Decision per contract, by leaving each inner origin out in turn (its rows scored by effects fitted on the
///   other origins): the design and option (pooled, or each KPI's own with λ ∈ ``familyPriors``) with the least
///   out-of-origin weighted squared error over the contract's rows is used only when it is at least
///   ``minimumGain`` below that of no correction at all. (Deciding per KPI, on 5–10 providers' rows each, took
///   chance gains: the forecast's in-month Brier score rose on 12 of the 17 datasets without demand surges.)
/// - The shift of a series' rate is its predictors at the last complete month times its KPI's effects, within
///   ±``maximumShift``; the noise (ρ, κ) is then measured again on the inner forecasts shifted out of origin.
///
/// Example: a contract whose providers' HA-3 rates fell 3 points in the months after their referrals rose by
/// half (log 1.5 = 0.405) gets an effect near −0.074 per unit for `referrals`, and a provider whose referrals
/// are up by half this month is forecast about 3 points lower next month than the blend alone says.
extension _MethodSelection {
    static let poolPrior = 4.0
    static let familyPriors: [Double] = [2, 8, 32]
    static let maximumShift = 0.10
    /// The share of the out-of-origin loss the indicators must save to be used.
    static let minimumGain = 0.02

    /// Fits the effects of `used` and, with `levelCorrection`, of the level correction, and sets every forecast's
    /// noise; with neither, the plain method.
    mutating func fitIndicators(_ used: [LeadingIndicator], levelCorrection: Bool = true) {
        usedIndicators = used
        // Every row's predictors: the indicators, then 1 for the level correction (the blend's mean error).
        let families = familyContract.count, k = used.count + 1
        shift = [Double](repeating: 0, count: chosen.count)
        effects = [[Double]](repeating: [], count: families)
        var rowShift = [Double](repeating: 0, count: rows.count)
        let (plainRho, _) = noise(rowShift)
        guard let indicators, !rows.isEmpty else { return setNoise(rowShift) }
        let levelIndex = ForecastCandidate.localLevel.rawIndex, modelIndex = ForecastCandidate.model.rawIndex
        // The fit's rows: family, origin, predictors, response and weight.
        struct Point { var family: Int; var origin: Int; var x: [Double]; var y: Double; var w: Double; var row: Int }
        var points: [Point] = []
        for (i, row) in rows.enumerated() {
            let s = row.series, f = familyOf[s]
            guard f >= 0, familyIsProvider[f], let x = indicators.features(s, row.origin, used) else { continue }
            let c = chosen[s].rawIndex
            let p = row.rates[c], n = row.measured
            let rho = plainRho[f][c == modelIndex ? levelIndex : c]
            let w = n / (max(p * (1 - p), _ForecastModel.minimumSpread) * (1 + max(n - 1, 0) * rho))
            points.append(Point(family: f, origin: row.origin, x: x + [1], y: row.met / n - p, w: w, row: i))
        }
        var byFamily = [[Int]](repeating: [], count: families)
        for (i, point) in points.enumerated() { byFamily[point.family].append(i) }
        let contracts = (familyContract.max() ?? -1) + 1
        let originsAxis = lastIndex + 1, familyContract = familyContract, familyIsProvider = familyIsProvider
        // The designs: the level correction alone, the indicators alone, both (a mask on the predictors; a
        // predictor masked out is 0, so its effect stays at its prior, 0).
        var designs: [[Double]] = levelCorrection ? [[Double](repeating: 0, count: used.count) + [1]] : []
        if !used.isEmpty {
            designs.append([Double](repeating: 1, count: used.count) + [0])
            designs.append([Double](repeating: 1, count: k))
        }
        // Out-of-origin losses per family, design and option (option 0: the pool's; 1…: the family's own).
        let options = 1 + Self.familyPriors.count
        var none = [Double](repeating: 0, count: families)
        for f in 0..<families { for i in byFamily[f] { none[f] += points[i].w * points[i].y * points[i].y } }
        var losses = [[[Double]]](repeating: [[Double]](repeating: [Double](repeating: 0, count: options), count: designs.count), count: families)
        var heldOutShift = [[[Double]]](repeating: [], count: points.count)
        var effect: [(Int, Int?, Int) -> [Double]?] = []
        for (d, mask) in designs.enumerated() {
            // Information sums per family and origin, and per contract and origin.
            var familySums = [[_NormalEquations]](repeating: [], count: families)
            var poolSums = [[_NormalEquations]](repeating: [_NormalEquations](repeating: _NormalEquations(k), count: originsAxis), count: contracts)
            for f in 0..<families where familyIsProvider[f] {
                familySums[f] = [_NormalEquations](repeating: _NormalEquations(k), count: originsAxis)
            }
            for point in points where point.origin < originsAxis {
                familySums[point.family][point.origin].add(point.x, masked: mask, point.y, point.w)
                poolSums[familyContract[point.family]][point.origin].add(point.x, masked: mask, point.y, point.w)
            }
            let poolTotals = poolSums.map { $0.reduce(into: _NormalEquations(k)) { $0.add($1) } }
            let familyTotals = familySums.map { $0.reduce(into: _NormalEquations(k)) { $0.add($1) } }
            // The pooled effects per contract, with every origin (last) and without each one, solved once.
            let zero = [Double](repeating: 0, count: k)
            let pooledFits: [[[Double]?]] = (0..<contracts).map { c in
                (0...originsAxis).map { o in
                    var pool = poolTotals[c]
                    if o < originsAxis { pool.subtract(poolSums[c][o]) }
                    return pool.ridge(Self.poolPrior, toward: zero)
                }
            }
            /// The effects of family `f` without origin `o` (nil: with every origin) by option `option`.
            let fit: (Int, Int?, Int) -> [Double]? = { f, o, option in
                guard let pooled = pooledFits[familyContract[f]][o ?? originsAxis] else { return nil }
                if option == 0 { return pooled }
                var own = familyTotals[f]
                if let o { own.subtract(familySums[f][o]) }
                return own.ridge(Self.familyPriors[option - 1], toward: pooled)
            }
            effect.append(fit)
            for f in 0..<families where !byFamily[f].isEmpty {
                var cache: [Int: [[Double]?]] = [:]
                for i in byFamily[f] {
                    let point = points[i]
                    if cache[point.origin] == nil { cache[point.origin] = (0..<options).map { fit(f, point.origin, $0) } }
                    let shifts = (0..<options).map { option in cache[point.origin]![option].map { Self.clampedShift(point.x, $0) } ?? 0 }
                    heldOutShift[i].append(shifts)
                    for option in 0..<options {
                        let e = point.y - shifts[option]
                        losses[f][d][option] += point.w * e * e
                    }
                }
            }
        }
        // One decision per contract: the design and option with the least loss summed over its KPIs, kept only
        // when it beats none by ``minimumGain``.
        for c in 0..<contracts {
            let members = (0..<families).filter { familyContract[$0] == c && !byFamily[$0].isEmpty }
            guard !members.isEmpty else { continue }
            let baseline = members.reduce(0.0) { $0 + none[$1] }
            var best: (design: Int, option: Int, loss: Double)?
            for d in designs.indices {
                for option in 0..<options {
                    let loss = members.reduce(0.0) { $0 + losses[$1][d][option] }
                    if best == nil || loss < best!.loss { best = (d, option, loss) }
                }
            }
            guard let best, best.loss < baseline * (1 - Self.minimumGain) else { continue }
            for f in members {
                guard let b = effect[best.design](f, nil, best.option) else { continue }
                effects[f] = b
                // The noise is measured on the shifts each row had from the other origins' fit.
                for i in byFamily[f] { rowShift[points[i].row] = heldOutShift[i][best.design][best.option] }
            }
        }
        for s in familyOf.indices {
            if let x = indicatorValues(s) { shift[s] = Self.clampedShift(x + [1], effects[familyOf[s]]) }
        }
        setNoise(rowShift)
    }

    /// Series `s`'s indicators (``usedIndicators``) at the last complete month, when its family has effects;
    /// else `nil`.
    func indicatorValues(_ s: Int) -> [Double]? {
        guard familyOf.indices.contains(s), familyOf[s] >= 0, !effects[familyOf[s]].isEmpty else { return nil }
        return indicators?.features(s, lastIndex, usedIndicators)
    }

    static func clampedShift(_ x: [Double], _ b: [Double]) -> Double {
        var sum = 0.0
        for j in x.indices { sum += x[j] * b[j] }
        return min(max(sum, -maximumShift), maximumShift)
    }

    /// Per family and candidate, the beta-binomial ρ of the inner errors, and per family the model's κ, with
    /// each row's rates moved by `rowShift`: ρ = Σ((m − p·n)² − n·p(1−p)) / Σ n(n−1)·p(1−p) within 0…0.5;
    /// κ = Σ(m − p·n)² / Σ V within 1…4.
    func noise(_ rowShift: [Double]) -> (rho: [[Double]], kappa: [Double]) {
        let families = familyContract.count, candidates = ForecastCandidate.allCases.count
        let modelIndex = ForecastCandidate.model.rawIndex
        var excess = [[Double]](repeating: [Double](repeating: 0, count: candidates), count: families)
        var pairs = excess, modelSquares = [Double](repeating: 0, count: families), modelVariance = modelSquares
        for (i, row) in rows.enumerated() {
            let f = familyOf[row.series], n = row.measured
            for c in 0..<candidates where c != modelIndex {
                let p = min(max(row.rates[c] + rowShift[i], 0), 1), e = row.met - p * n
                excess[f][c] += e * e - n * p * (1 - p)
                pairs[f][c] += n * (n - 1) * max(p * (1 - p), _ForecastModel.minimumSpread)
            }
            let e = row.met - min(max(row.rates[modelIndex] + rowShift[i], 0), 1) * n
            modelSquares[f] += e * e
            modelVariance[f] += row.modelVariance
        }
        let rho = (0..<families).map { f in
            (0..<candidates).map { c in pairs[f][c] > 0 ? min(max(excess[f][c] / pairs[f][c], 0), Self.maximumRho) : 0 }
        }
        let kappa = (0..<families).map { f in
            modelVariance[f] > 0 ? min(max(modelSquares[f] / modelVariance[f], Self.inflationRange.lowerBound), Self.inflationRange.upperBound) : 1
        }
        return (rho, kappa)
    }

    /// Sets every candidate forecast's ρ and every series' κ from the inner errors moved by `rowShift`.
    mutating func setNoise(_ rowShift: [Double]) {
        let (rho, kappa) = noise(rowShift)
        for s in familyOf.indices where familyOf[s] >= 0 {
            let f = familyOf[s]
            inflation[s] = kappa[f]
            for c in forecasts[s].indices { forecasts[s][c]?.rho = rho[f][c] }
        }
    }
}

/// Weighted normal equations XᵀWX and XᵀWy of a few predictors, which add and subtract by origin.
struct _NormalEquations {
    let k: Int
    var a: [Double]
    var b: [Double]
    var rows = 0.0

    init(_ k: Int) {
        self.k = k
        a = [Double](repeating: 0, count: k * k)
        b = [Double](repeating: 0, count: k)
    }

    /// Adds a row whose predictors are `x` times `mask` (0 leaves a predictor out of the design).
    mutating func add(_ x: [Double], masked mask: [Double], _ y: Double, _ w: Double) {
        for i in 0..<k where mask[i] != 0 {
            b[i] += w * x[i] * y
            for j in 0..<k where mask[j] != 0 { a[i * k + j] += w * x[i] * x[j] }
        }
        rows += 1
    }

    mutating func add(_ other: _NormalEquations) {
        for i in a.indices { a[i] += other.a[i] }
        for i in b.indices { b[i] += other.b[i] }
        rows += other.rows
    }

    mutating func subtract(_ other: _NormalEquations) {
        for i in a.indices { a[i] -= other.a[i] }
        for i in b.indices { b[i] -= other.b[i] }
        rows -= other.rows
    }

    /// The ridge solution toward `prior` with `rowsWorth` rows of the data's mean information per predictor:
    /// (XᵀWX + λD)⁻¹(XᵀWy + λD·prior), D = diag(XᵀWX) / rows (a predictor that is always 0 keeps its prior);
    /// `nil` without rows or when singular.
    ///
    /// Example: one predictor, XᵀWX = 10 over 5 rows, XᵀWy = 4, prior 0, 5 rows' worth: λD = 10, so 4 / 20 = 0.2.
    func ridge(_ rowsWorth: Double, toward prior: [Double]) -> [Double]? {
        guard rows >= 1 else { return nil }
        var m = a, v = b
        for i in 0..<k {
            // A predictor the rows never move (always 0) has no information: its effect stays at the prior.
            let d = a[i * k + i] > 1e-12 ? rowsWorth * a[i * k + i] / rows : 1
            m[i * k + i] += d
            v[i] += d * prior[i]
        }
        // Gaussian elimination with partial pivoting (k is at most a handful).
        for col in 0..<k {
            var pivot = col
            for r in (col + 1)..<max(k, col + 1) where abs(m[r * k + col]) > abs(m[pivot * k + col]) { pivot = r }
            guard abs(m[pivot * k + col]) > 1e-12 else { return nil }
            if pivot != col {
                for j in 0..<k { m.swapAt(col * k + j, pivot * k + j) }
                v.swapAt(col, pivot)
            }
            for r in (col + 1)..<max(k, col + 1) {
                let factor = m[r * k + col] / m[col * k + col]
                for j in col..<k { m[r * k + j] -= factor * m[col * k + j] }
                v[r] -= factor * v[col]
            }
        }
        var x = [Double](repeating: 0, count: k)
        for r in stride(from: k - 1, through: 0, by: -1) {
            var sum = v[r]
            for j in (r + 1)..<max(k, r + 1) { sum -= m[r * k + j] * x[j] }
            x[r] = sum / m[r * k + r]
        }
        return x
    }
}
