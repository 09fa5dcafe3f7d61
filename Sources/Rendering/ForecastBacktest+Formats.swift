import Forecasting
import Foundation
import KPIEngine

extension ForecastBacktest {
    /// The backtest for a terminal: every forecaster over all rows (rows, Brier, MAE, bias, widest calibration
    /// gap), the Brier score of each per window and per KPI family, then the forecast's and the baselines'
    /// calibration tables.
    ///
    /// Rule: Brier to 4 decimals, MAE and bias in percentage points to 2; calibration per decile of
    /// p_below_target: rows, mean probability and observed breach frequency (empty deciles show `–`). The
    /// forecast's Brier score is compared with the better baseline's and with the reference smoother's.
    public func table() -> String {
        let all = groups[0].scores
        let summary = Self.summaryTable(all)
        var byGroup = TextTable(columns: [.init("rows"), .init("n", alignment: .right)]
            + Self.forecasters.map { TextTable.Column($0, alignment: .right) } + [.init("vs better baseline", alignment: .right)])
        for group in groups.dropFirst() {
            let f = group.scores
            byGroup.append([group.name, String(f[0].rows)] + f.map { String(format: "%.4f", $0.brier) } + [Self.relative(f)])
        }
        let shown = [all[0], lastMonth, longRun, ewmaReference]
        var calibration = TextTable(columns: [.init("p_below_target")] + shown.flatMap { s in
            [TextTable.Column("\(s.name) rows", alignment: .right), .init("mean p", alignment: .right),
             .init("observed", alignment: .right)]
        })
        for d in 0..<10 {
            var cells = [String(format: "%.1f–%.1f", Double(d) / 10, Double(d + 1) / 10)]
            for s in shown {
                let c = s.calibration[d]
                cells += c.rows == 0 ? ["0", "–", "–"]
                    : [String(c.rows), String(format: "%.3f", c.meanProbability), String(format: "%.3f", c.observed)]
            }
            calibration.append(cells)
        }
        let range = origins.isEmpty ? "no origin" : "\(origins.first!) to \(origins.last!) (\(origins.count) origins)"
        let reference = model.brier / max(ewmaReference.brier, 1e-12)
        return "Rolling-origin backtest, origins \(range); actuals as of \(actualAsOf.iso)\n"
            + summary.rendered()
            + String(format: "Brier vs the better baseline: %.1f%% %@; vs the ewma reference: %.1f%% %@\n",
                     abs(1 - brierRatio) * 100, brierRatio <= 1 ? "lower" : "higher",
                     abs(1 - reference) * 100, reference <= 1 ? "lower" : "higher")
            + "\nBrier score by window and KPI family\n" + byGroup.rendered()
            + "\nCalibration\n" + calibration.rendered()
    }

    /// Each forecaster's rows, Brier score, MAE, bias and widest calibration gap, one line each.
    static func summaryTable(_ scores: [Score]) -> TextTable {
        var summary = TextTable(columns: [
            .init("forecaster"), .init("rows", alignment: .right), .init("Brier", alignment: .right),
            .init("MAE (points)", alignment: .right), .init("bias (points)", alignment: .right),
            .init("widest calibration gap", alignment: .right),
        ])
        for s in scores {
            summary.append([s.name, String(s.rows), String(format: "%.4f", s.brier), String(format: "%.2f", s.meanAbsoluteError),
                            String(format: "%+.2f", s.bias), String(format: "%.3f", s.widestCalibrationGap)])
        }
        return summary
    }

    /// One forecaster's score as JSON: rows, Brier, MAE, bias and the calibration deciles.
    static func scoreJSON(_ s: Score) -> JSONValue {
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

    /// `12.3% lower` or `4.0% higher`: the forecast's Brier score against the better baseline's.
    static func relative(_ scores: [Score]) -> String {
        let better = min(scores[scores.count - 3].brier, scores[scores.count - 2].brier)
        guard better > 0 else { return "–" }
        let ratio = scores[0].brier / better
        return String(format: "%.1f%% %@", abs(1 - ratio) * 100, ratio <= 1 ? "lower" : "higher")
    }

    /// The backtest as JSON: origins, and per group (all, each window, each KPI family) every forecaster's
    /// rows, Brier, MAE, bias and calibration deciles.
    public func json() -> JSONValue {
        let score = Self.scoreJSON
        return .object([
            ("origins", .array(origins.map { .string($0.description) })),
            ("actuals_as_of", .string(actualAsOf.iso)),
            ("brier_ratio_to_better_baseline", .double((brierRatio * 10_000).rounded() / 10_000)),
            ("brier_ratio_to_ewma_reference", .double((model.brier / max(ewmaReference.brier, 1e-12) * 10_000).rounded() / 10_000)),
            ("scores", .array(groups[0].scores.map(score))),
            ("groups", .array(groups.dropFirst().map { group in
                .object([("group", .string(group.name)), ("scores", .array(group.scores.map(score)))])
            })),
        ])
    }
}

extension InProgressBacktest {
    /// The month-in-progress backtest for a terminal: each forecaster's rows, Brier, MAE, bias and widest
    /// calibration gap, and the forecast's Brier score against the naive so-far forecast's.
    public func table() -> String {
        let summary = ForecastBacktest.summaryTable(scores)
        let range = origins.isEmpty ? "no month" : "\(origins.first!) to \(origins.last!) (\(origins.count) months)"
        let ratio = forecast.brier / max(soFar.brier, 1e-12)
        return "Month in progress, forecast on day \(day) of each month, \(range); in-month rows\n" + summary.rendered()
            + String(format: "Brier vs the so-far forecast: %.1f%% %@\n", abs(1 - ratio) * 100, ratio <= 1 ? "lower" : "higher")
    }

    /// The month-in-progress backtest as JSON: the day, the months, and each forecaster's score.
    public func json() -> JSONValue {
        .object([
            ("day", .int(day)), ("months", .array(origins.map { .string($0.description) })),
            ("brier_ratio_to_so_far", .double((forecast.brier / max(soFar.brier, 1e-12) * 10_000).rounded() / 10_000)),
            ("scores", .array(scores.map(ForecastBacktest.scoreJSON))),
        ])
    }
}
