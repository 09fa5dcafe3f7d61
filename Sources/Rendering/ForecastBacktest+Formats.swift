import Forecasting
import Foundation
import KPIEngine

extension ForecastBacktest {
    /// The backtest for a terminal: one line per forecaster (rows, Brier, MAE), then the calibration table.
    ///
    /// Rule: Brier to 4 decimals, MAE in percentage points to 2; calibration per decile of p_below_target:
    /// rows, mean probability and observed breach frequency for each forecaster (empty deciles show `–`).
    public func table() -> String {
        let scores = [model, lastMonth, longRun]
        var summary = TextTable(columns: [
            .init("forecaster"), .init("rows", alignment: .right), .init("Brier", alignment: .right),
            .init("MAE (points)", alignment: .right), .init("bias (points)", alignment: .right),
        ])
        for s in scores {
            summary.append([s.name, String(s.rows), String(format: "%.4f", s.brier), String(format: "%.2f", s.meanAbsoluteError),
                            String(format: "%+.2f", s.bias)])
        }
        var calibration = TextTable(columns: [.init("p_below_target")] + scores.flatMap { s in
            [TextTable.Column("\(s.name) rows", alignment: .right), .init("mean p", alignment: .right),
             .init("observed", alignment: .right)]
        })
        for d in 0..<10 {
            var cells = [String(format: "%.1f–%.1f", Double(d) / 10, Double(d + 1) / 10)]
            for s in scores {
                let c = s.calibration[d]
                cells += c.rows == 0 ? ["0", "–", "–"]
                    : [String(c.rows), String(format: "%.3f", c.meanProbability), String(format: "%.3f", c.observed)]
            }
            calibration.append(cells)
        }
        let range = origins.isEmpty ? "no origin" : "\(origins.first!) to \(origins.last!) (\(origins.count) origins)"
        return "Rolling-origin backtest, origins \(range); actuals as of \(actualAsOf.iso)\n"
            + summary.rendered()
            + String(format: "Brier vs the better baseline: %.1f%% %@\n", abs(1 - brierRatio) * 100, brierRatio <= 1 ? "lower" : "higher")
            + "\n" + calibration.rendered()
    }

    /// The backtest as JSON: origins, and per forecaster its rows, Brier, MAE and calibration deciles.
    public func json() -> JSONValue {
        func score(_ s: Score) -> JSONValue {
            .object([
                ("forecaster", .string(s.name)), ("rows", .int(s.rows)),
                ("brier", .double((s.brier * 1_000_000).rounded() / 1_000_000)),
                ("mae_points", .double((s.meanAbsoluteError * 10_000).rounded() / 10_000)),
                ("bias_points", .double((s.bias * 10_000).rounded() / 10_000)),
                ("calibration", .array((0..<10).map { d in
                    let c = s.calibration[d]
                    return .object([
                        ("from", .double(Double(d) / 10)), ("to", .double(Double(d + 1) / 10)), ("rows", .int(c.rows)),
                        ("mean_probability", c.rows == 0 ? .null : .double((c.meanProbability * 10_000).rounded() / 10_000)),
                        ("observed", c.rows == 0 ? .null : .double((c.observed * 10_000).rounded() / 10_000)),
                    ])
                })),
            ])
        }
        return .object([
            ("origins", .array(origins.map { .string($0.description) })),
            ("actuals_as_of", .string(actualAsOf.iso)),
            ("brier_ratio_to_better_baseline", .double((brierRatio * 10_000).rounded() / 10_000)),
            ("scores", .array([score(model), score(lastMonth), score(longRun)])),
        ])
    }
}
