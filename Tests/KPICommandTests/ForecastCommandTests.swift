import Foundation
import Testing
import _TestSupport

/// Writes the forecast tests' two-provider dataset (see ForecastingTests: P1 meets 95 of 100 HA-1 items
/// every month of 2025, P2 85 of 100) into a temporary folder.
func twoProviderFolder() throws -> URL {
    let folder = try TemporaryFolder.make("kpi-forecast")
    try Data("provider_id,contract,service_start,division\nP1,atw-ha,2025-01-01,england-and-wales\nP2,atw-ha,2025-01-01,england-and-wales\n".utf8)
        .write(to: folder.appendingPathComponent("providers.csv"))
    var cases = ["case_id,provider_id,contract,referral_received,acknowledged,assessment_type"]
    for month in 1...12 {
        let day = String(format: "2025-%02d-10", month)
        for (provider, acknowledged) in [("P1", 95), ("P2", 85)] {
            for i in 0..<100 {
                cases.append("\(provider)-\(month)-\(i),\(provider),atw-ha,\(day),\(i < acknowledged ? day : ""),enhanced")
            }
        }
    }
    try Data((cases.joined(separator: "\n") + "\n").utf8).write(to: folder.appendingPathComponent("cases.csv"))
    return folder
}

@Suite("kpi forecast and kpi backtest (end to end)")
struct ForecastCommandTests {
    @Test func forecastWritesTheIssueColumnsWithHandWorkedValues() throws {
        let folder = try twoProviderFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try KPIBinary.run(["forecast", "--data", folder.path, "--as-of", "2025-12-31", "--format", "csv",
                                        "--provider", "P1", "--method", "model"])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "provider_id,contract,kpi,month,window,expected_rate,lower,upper,p_below_target,expected_volume,headroom,method,model_step,uses,decided,note")
        // Worked in ForecastingTests: 94.6743%, 80% interval 92–98 (the beta-binomial's 10th and 90th percentiles),
        // P(below 99%) 0.9650, 100 items, 5 short of target, from the rate model's trend step; undecided.
        #expect(lines.contains("P1,atw-ha,HA-1,2026-01,in_month,94.6743,92.0000,98.0000,0.9650,100.0,-5,model,trend,,false,"))
        // Rolling 3: December's 95 of 100 and November's are known, so 99% of 300 is already out of reach.
        #expect(lines.contains { $0.hasPrefix("P1,atw-ha,HA-1,2026-01,rolling_3,") && $0.hasSuffix(",model,trend,,true,decided by the known counts") })
        #expect(lines.allSatisfy { $0.hasPrefix("provider_id,") || $0.hasPrefix("P1,atw-ha,") })
        #expect(!lines.contains { $0.contains(",HA-6,") })
    }

    @Test func explainShowsEachSeriesMethodEveryCandidatesScoreAndTheIndicators() throws {
        let folder = try twoProviderFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try KPIBinary.run(["forecast", "--data", folder.path, "--as-of", "2025-12-31", "--format", "csv",
                                        "--provider", "P1", "--explain"])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "provider_id,contract,kpi,method,scored_origins,score_model,score_local_level,score_damped_trend,score_long_run,score_last_month,score_blend,indicator_shift,referrals,referrals_last_month,open_items")
        // Inner origins January to November 2025 (11). P1 and P2 are the same every month (95%, 85%), so the
        // smoothers and baselines forecast every month exactly (score 0); the model, shrunk toward the national
        // 90%, does not. The method is the blend whatever the scores.
        let ha1 = try #require(lines.first { $0.hasPrefix("P1,atw-ha,HA-1,") }).split(separator: ",").map(String.init)
        #expect(ha1[3] == "blend" && ha1[4] == "11")
        #expect(try #require(Double(ha1[5])) > 0 && ha1[6...9].allSatisfy { $0 == "0.0000" })
        // Referrals are level and no item is ever open at a month's end: every indicator is 0. The level correction
        // is used: the blend's errors on HA-1 (P1's +0.16 points, P2's −0.16, P1's weighing more for its smaller
        // variance) pooled over the inner origins add 0.06 points to both providers.
        let fields = try #require(lines.first { $0.hasPrefix("P1,atw-ha,HA-1,") }).split(separator: ",", omittingEmptySubsequences: false)
        #expect(fields.count == 15 && fields[11] == "0.06" && fields[12...14].allSatisfy { $0 == "0.000" })
        let json = try KPIBinary.run(["forecast", "--data", folder.path, "--as-of", "2025-12-31", "--format", "json", "--explain"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect((object["inner_origins"] as? [String])?.count == 11)
        #expect((object["series"] as? [[String: Any]])?.first?["method"] as? String == "blend")
    }

    @Test func forecastTableIsRiskRanked() throws {
        let folder = try twoProviderFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try KPIBinary.run(["forecast", "--data", folder.path, "--as-of", "2025-12-31", "--format", "table",
                                        "--limit", "0"])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "Next-month KPI risk as of 2025-12-31 (forecast 2026-01)")
        // Rows the known counts decide are not ranked but counted under the table; the in-month rows' P(below)
        // (9th column) never rises going down the table, each series' rolling windows following its in-month row.
        let rows = lines.dropFirst(3).filter { $0.hasPrefix("P") || $0.hasPrefix("NATIONAL") || $0.hasPrefix("REGION") }
            .map { $0.split(separator: " ", omittingEmptySubsequences: true).map(String.init) }
        let inMonth = rows.filter { $0[4] == "in_month" }.compactMap { Double($0[8]) }
        #expect(!inMonth.isEmpty && inMonth == inMonth.sorted(by: >))
        #expect(rows.allSatisfy { $0.count >= 12 })
        #expect(lines.contains { $0.hasSuffix("rows decided by the known counts are not ranked.") })
    }

    @Test func backtestOfTheMonthInProgressScoresTheForecastBesideTheSoFarForecast() throws {
        let folder = try twoProviderFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try KPIBinary.run(["backtest", "--data", folder.path, "--from", "2025-06", "--to", "2025-12",
                                        "--day", "15", "--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let inProgress = try #require(json["month_in_progress"] as? [String: Any])
        // Months whose last day is on or before the latest recorded day (10 December): June to November.
        #expect(inProgress["day"] as? Int == 15)
        #expect(inProgress["months"] as? [String] == ["2025-06", "2025-07", "2025-08", "2025-09", "2025-10", "2025-11"])
        let scores = try #require(inProgress["scores"] as? [[String: Any]])
        #expect(scores.map { $0["forecaster"] as? String } == ["forecast", "so-far"])
        let rows = scores.compactMap { $0["rows"] as? Int }
        #expect(rows.count == 2 && rows[0] == rows[1] && rows[0] > 0)
        let table = try KPIBinary.run(["backtest", "--data", folder.path, "--from", "2025-06", "--to", "2025-12", "--day", "15"])
        #expect(table.stdout.contains("Month in progress, forecast on day 15 of each month, 2025-06 to 2025-11 (6 months); in-month rows"))
        let bad = try KPIBinary.run(["backtest", "--data", folder.path, "--from", "2025-06", "--to", "2025-12", "--day", "31"])
        #expect(bad.status == 2 && bad.stderr.contains("--day 31: expected a day of the month from 1 to 28"))
    }

    @Test func backtestScoresEveryOriginForTheModelAndBothBaselines() throws {
        let folder = try twoProviderFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try KPIBinary.run(["backtest", "--data", folder.path, "--from", "2025-06", "--to", "2025-12",
                                        "--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        // The latest recorded day is 10 December, so November and December (whose next months are not over)
        // are no origins: June to October.
        #expect(json["origins"] as? [String] == ["2025-06", "2025-07", "2025-08", "2025-09", "2025-10"])
        #expect(json["actuals_as_of"] as? String == "2025-12-10")
        let scores = try #require(json["scores"] as? [[String: Any]])
        #expect(scores.map { $0["forecaster"] as? String } == [
            "forecast", "model", "local-level", "damped-trend", "long-run", "last-month", "blend",
            "forecast-without-indicators", "forecast-without-referrals", "forecast-without-referrals-last-month",
            "forecast-without-open-items", "forecast-with-completion-time", "last-month-binomial", "long-run-binomial",
            "ewma-reference"])
        let rows = scores.compactMap { $0["rows"] as? Int }
        #expect(rows.count == 15 && Set(rows).count == 1 && rows[0] > 0)
        let groups = try #require(json["groups"] as? [[String: Any]]).compactMap { $0["group"] as? String }
        #expect(groups.prefix(3) == ["in_month", "rolling_3", "rolling_12"] && groups.contains("atw-ha HA-1"))
        #expect(scores.allSatisfy { ($0["calibration"] as? [Any])?.count == 10 })
    }

    @Test func backtestRefusesAnEmptyRange() throws {
        let folder = try twoProviderFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let reversed = try KPIBinary.run(["backtest", "--data", folder.path, "--from", "2025-09", "--to", "2025-06"])
        #expect(reversed.status != 0)
        #expect(reversed.stderr.contains("--from 2025-09 is after --to 2025-06"))
        let future = try KPIBinary.run(["backtest", "--data", folder.path, "--from", "2026-01", "--to", "2026-03"])
        #expect(future.status != 0)
        #expect(future.stderr.contains("no origin month in 2026-01...2026-03 has its next month over by 2025-12-10"))
    }
}

@Suite("kpi pmir (end to end)")
struct PMIRCommandTests {
    @Test func aProviderBelowTargetEveryMonthClimbsToFormal() throws {
        let folder = try twoProviderFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try KPIBinary.run(["pmir", "--data", folder.path, "--format", "csv", "--provider", "P1", "--policy", "strict-contract"])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "provider_id,contract,month,level,reason")
        // HA-1 is 95% (target 99%) and HA-2 0% (no appointment_booked: tier 1) every month. January: one month
        // below, and the rolling 3-month window is partial, so still level 1; February: HA-2 two months in
        // its lowest tier → 3; March, April, May at 3, and in May HA-1's rolling rate is no better than in
        // February → 4, where it stays.
        let levels = lines.dropFirst().map { $0.split(separator: ",")[3] }
        #expect(levels == ["1", "3", "3", "3", "4", "4", "4", "4", "4", "4", "4", "4"])
        #expect(lines[2] == "P1,atw-ha,2025-02,3,escalated to level 3 (Informal): HA-2 in its lowest rating in-month in 2025-01 to 2025-02: 0.0% of 100 items against 96% in 2025-02")
        #expect(lines[5] == "P1,atw-ha,2025-05,4,escalated to level 4 (Formal): 3 months at level 3 and HA-1 below target in-month with its rolling 3-month rate no better than in 2025-02: 95.0% of 300 items against 99% in the 3 months to 2025-05")
        // The default policy: HA-1's 95% on 100 items a month is below 99% beyond chance (a one-sided test
        // at 99% on the rolling 3-month window), and so is HA-2's 0%.
        let evidence = try KPIBinary.run(["pmir", "--data", folder.path, "--format", "csv", "--provider", "P1"])
        let defaultLines = evidence.stdout.split(separator: "\n").map(String.init)
        #expect(defaultLines.dropFirst().map { $0.split(separator: ",")[3] } == ["1", "2", "3", "3", "3", "4", "4", "4", "4", "4", "4", "4"])
        // 190 of 200 against 99%: P(X ≤ 190) for Binomial(200, 0.99) is far below 0.001, "very strong".
        #expect(defaultLines[2] == #"P1,atw-ha,2025-02,2,"escalated to level 2 (Enhanced): HA-1 below target on the rolling 3-month window in 2025-01 to 2025-02: 95.0% of 200 items against 99% in the 3 months to 2025-02, very strong evidence (p < 0.001 over 3 months)""#)
    }

    @Test func aBrokenPolicyFileIsNamedWithItsField() throws {
        let folder = try twoProviderFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let policy = folder.appendingPathComponent("policy.json")
        let printed = try KPIBinary.run(["pmir-policy"])
        #expect(printed.status == 0 && printed.stdout.contains("\"to_enhanced\""))
        try Data(printed.stdout.replacingOccurrences(of: "\"months_at_informal\": 3", with: "\"months_at_informal\": -1").utf8)
            .write(to: policy)
        let result = try KPIBinary.run(["pmir", "--data", folder.path, "--policy", policy.path])
        #expect(result.status != 0)
        #expect(result.stderr.contains("policy.json: to_formal.months_at_informal: expected a whole number of months from 0 to 120, got -1"))
    }
}

@Suite("kpi cases (end to end)")
struct CasesCommandTests {
    @Test func theMissedItemsOfAMonthWithTheirDates() throws {
        let folder = try twoProviderFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try KPIBinary.run(["cases", "--data", folder.path, "--kpi", "HA-1", "--provider", "P1",
                                        "--month", "2025-03", "--status", "missed", "--format", "csv"])
        #expect(result.status == 0, "\(result.stderr)")
        // P1's 5 unacknowledged March cases (referred Monday 10 March, due Tuesday 11th, missed on the 12th),
        // still open at the as-of date 10 December: 192 working days after the 10th (bank holidays 18 and 21
        // April, 5 and 26 May, 25 August left out).
        let expected = ["provider_id,contract,kpi,month,status,case_id,item,start,deadline,end,counted,working_days"]
            + (95..<100).map { "P1,atw-ha,HA-1,2025-03,missed,P1-3-\($0),case,2025-03-10,2025-03-11,,2025-03-12,192" }
        #expect(result.stdout == expected.joined(separator: "\n") + "\n")
        let unknown = try KPIBinary.run(["cases", "--data", folder.path, "--kpi", "HA-9", "--provider", "P1"])
        #expect(unknown.status != 0 && unknown.stderr.contains("no series for provider P1 and KPI HA-9"))
    }
}

@Suite("kpi sample (end to end)")
struct SampleCommandTests {
    @Test func theSameSeedDrawsTheSameCasesAndTheFolderLoads() throws {
        let folder = try twoProviderFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("sample").path
        let arguments = ["sample", "--data", folder.path, "--provider", "P2", "--size", "4", "--seed", "11", "--month", "2025-06"]
        let first = try KPIBinary.run(arguments + ["--out", out])
        #expect(first.status == 0, "\(first.stderr)")
        let lines = first.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 5 && lines[0] == "case_id,referral_received")
        #expect(lines.dropFirst().allSatisfy { $0.hasPrefix("P2-6-") && $0.hasSuffix(",2025-06-10") })
        #expect(first.stderr.contains("sampled 4 of 100 cases of P2 referred in 2025-06 with seed 11; wrote \(out): 4 cases"))
        #expect(try KPIBinary.run(arguments).stdout == first.stdout)
        #expect(try KPIBinary.run(["sample", "--data", folder.path, "--provider", "P2", "--size", "4", "--seed", "12",
                                   "--month", "2025-06"]).stdout != first.stdout)
        let reloaded = try KPIBinary.run(["validate", "--data", out, "--strict", "--format", "csv"])
        #expect(reloaded.status == 0)
        #expect(reloaded.stdout.contains("\ncases.csv,cases.csv,true,4,4,0,0.00,passes\n"), "\(reloaded.stdout)")
    }
}

@Suite("kpi mi (end to end)")
struct MICommandTests {
    @Test func dueDatesOfTheSampleDatasetsLastMonth() throws {
        let result = try KPIBinary.run(["mi", "--data", RepositoryFolder.sampleDataset, "--return", "due-dates",
                                        "--provider", "P001", "--month", "2026-09", "--format", "csv"])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "provider_id,contract,return,month,measure,period,value")
        // September 2026 ends a quarter. MMIR by the 3rd working day of October (Thu 1, Fri 2, Mon 5); customer
        // insight and social value by Thursday 15 October.
        #expect(lines.contains("P001,atw-ha,due-dates,2026-09,mmir_due,in_month,2026-10-05"))
        #expect(lines.contains("P001,atw-ha,due-dates,2026-09,customer_insight_due,in_month,2026-10-15"))
        #expect(lines.contains("P001,atw-ha,due-dates,2026-09,social_value_due,in_month,2026-10-15"))
        // DWP's Cabinet Office return: its inputs are in by the same 15th.
        #expect(lines.contains("P001,atw-ha,due-dates,2026-09,cabinet_office_due,in_month,2026-10-15"))
        #expect(lines.count == 1 + 10)
        let bad = try KPIBinary.run(["mi", "--data", RepositoryFolder.sampleDataset, "--return", "mmir-typo"])
        #expect(bad.status != 0 && bad.stderr.contains("customer-insight"))
    }
}

@Suite("kpi spc (end to end)")
struct SPCCommandTests {
    @Test func stableSeriesHaveBinomialLimitsAndTheirAssurance() throws {
        let folder = try twoProviderFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try KPIBinary.run(["spc", "--data", folder.path, "--format", "csv", "--provider", "P1", "--as-of", "2025-12-31"])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "provider_id,contract,kpi,month,met,measured,rate,centre,lower,upper,rule,variation,assurance")
        // HA-1: 95 of 100 every month. Centre 95%, σ = √(0.95·0.05/100) = 2.1794 points, limits 88.4617…100
        // (101.5383 clipped); the months do not vary at all, so Laney's σz is raised to 1. Target 99%: the
        // limits straddle it. HA-2: 0 of 100, limits 0…0, wholly below 96%: fail.
        #expect(lines.contains("P1,atw-ha,HA-1,2025-01,95,100,95.0000,95.0000,88.4617,100.0000,,common_cause,hit_and_miss"))
        #expect(lines.contains("P1,atw-ha,HA-2,2025-12,0,100,0.0000,0.0000,0.0000,0.0000,,common_cause,fail"))
        #expect(!result.stderr.contains("warning"), "\(result.stderr)")
        // As of the last recorded day, December's 5 late acknowledgements are still pending: 95 of 95 met. The
        // centre is 1,140/1,195 = 95.3975%, and the eleven months at 95% below it are a shift of concern.
        let live = try KPIBinary.run(["spc", "--data", folder.path, "--format", "csv", "--provider", "P1"])
        #expect(live.stdout.contains("P1,atw-ha,HA-1,2025-11,95,100,95.0000,95.3975,89.1113,100.0000,shift,concern,hit_and_miss"))
        #expect(live.stdout.contains("P1,atw-ha,HA-1,2025-12,95,95,100.0000,95.3975,88.9480,100.0000,,common_cause,hit_and_miss"))
        let json = try KPIBinary.run(["spc", "--data", folder.path, "--format", "json", "--provider", "P1", "--chart", "xmr",
                                      "--rebase", "2025-07"])
        #expect(json.stdout.contains("\"chart\": \"xmr\"") && json.stdout.contains("\"rebases\": [\n    \"2025-07\"\n  ]"))
        let bad = try KPIBinary.run(["spc", "--data", folder.path, "--baseline-months", "0"])
        #expect(bad.status != 0 && bad.stderr.contains("--baseline-months 0: expected 1 to 120"))
    }
}
