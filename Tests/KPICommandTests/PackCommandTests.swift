import Foundation
import Testing
import _TestSupport

/// `kpi report --format html` on the two-provider dataset of the forecast tests: every month of 2025, P1
/// acknowledges 95 of 100 HA cases within a working day and P2 85 of 100; nothing else is ever recorded.
@Suite("kpi report --format html: the CPR pack (end to end)")
struct PackCommandTests {
    static func pack(_ extra: [String] = []) throws -> String {
        let folder = try twoProviderFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try KPIBinary.run(["report", "--data", folder.path, "--as-of", "2025-12-31", "--format", "html"] + extra)
        #expect(result.status == 0, "\(result.stderr)")
        return result.stdout
    }

    @Test func packIsOneSelfContainedDocument() throws {
        let html = try Self.pack()
        #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"en-GB\">"))
        #expect(html.hasSuffix("</body>\n</html>\n"))
        for outside in ["http://", "https://", "<script", "src=", "<link", "@import", "url("] {
            #expect(!html.contains(outside), "\(outside)")
        }
        #expect(html.contains("@media print"))
        #expect(html.contains("<h1>Access to Work: Contract Performance Review, 2025-12</h1>"))
        // One section per provider, linked from the contents, the first screen, the PMIR line, the league table
        // and the assurance summary.
        for p in ["P1", "P2"] {
            #expect(html.components(separatedBy: "<section class=\"provider\" id=\"p-\(p)-atw-ha\">").count == 2)
            #expect(html.components(separatedBy: "href=\"#p-\(p)-atw-ha\"").count == 6)
        }
        // The order: the first screen, then the contract's league table before its national figures, then the
        // providers, then how to read the pack.
        let order = ["<section id=\"attention\"", "<table class=\"league\">", "<h3>National figures</h3>",
                     "<section class=\"provider\" id=\"p-P1-atw-ha\">", "<section id=\"notes\""]
        let positions = try order.map { try #require(html.range(of: $0)).lowerBound }
        #expect(positions == positions.sorted())
    }

    @Test func firstScreenNamesWhoNeedsAttentionAndWhy() throws {
        let html = try Self.pack()
        let attention = try #require(html.components(separatedBy: "<section id=\"attention\"").dropFirst().first?
            .components(separatedBy: "</section>").first)
        // Both providers are at PMIR level 4 (below target every month, see pmirLevelsAreThoseOfKpiPmir): each
        // named with its level and reason, with the figures of each KPI held against it (P1's HA-1: 285 of 300); HA-1 (95% and 85% of 99%) and HA-2 (0% of 96%) below target in month,
        // each a link to the items behind it; next month's risks from the forecast (P1 HA-1: 97%, as below).
        #expect(attention.contains("<tr><th scope=\"row\"><a href=\"#p-P1-atw-ha\">P1</a></th><td><span class=\"level l4\">Level 4 Formal</span><br><small>held at level 4 (Formal): materially below target in 2025-12: HA-1 (95.0% of 300 items against 99% in the 3 months to 2025-12), HA-2 (0.0% of 300 items against 96% in the 3 months to 2025-12)</small></td><td></td>"))
        #expect(attention.contains("<span class=\"chip\"><a href=\"#items-p-P1-atw-ha-HA-1\">HA-1 95.0%</a> <small>of 99%</small></span>, <span class=\"chip\"><a href=\"#items-p-P1-atw-ha-HA-2\">HA-2 0.0%</a> <small>of 96%</small></span>"))
        #expect(attention.contains("<a href=\"#items-p-P2-atw-ha-HA-1\">HA-1 85.0%</a>"))
        #expect(attention.contains("<span class=\"chip\"><a href=\"#p-P1-atw-ha-HA-1\">HA-1</a> 97%</span>"))
        // The national pool: 180 of 200 in the month, 90.0%.
        #expect(attention.contains("<tr class=\"national\"><th scope=\"row\"><a href=\"#contract-atw-ha\">NATIONAL</a></th>"))
        #expect(attention.contains("<a href=\"#items-p-NATIONAL-atw-ha-HA-1\">HA-1 90.0%</a>"))
        // The legends are at the end, not on the first screen.
        #expect(!attention.contains("Statistical process control of each in-month series"))
        #expect(html.contains("<section id=\"notes\" aria-labelledby=\"notes-title\">"))
    }

    /// The sample's first screen names every provider at PMIR level 2 or above with its level (as `kpi pmir` gives
    /// them) and every special-cause concern of the month (as `kpi spc` gives them), providers' and NATIONAL's.
    @Test func theSamplesFirstScreenNamesEveryLevelTwoProviderAndEveryConcern() throws {
        let sample = RepositoryFolder.sampleDataset
        let html = try KPIBinary.run(["report", "--data", sample, "--format", "html", "--quiet"]).stdout
        let attention = try #require(html.components(separatedBy: "<section id=\"attention\"").dropFirst().first?
            .components(separatedBy: "</section>").first)
        let names = ["1": "Standard", "2": "Enhanced", "3": "Informal", "4": "Formal"]
        let pmir = try KPIBinary.run(["pmir", "--data", sample, "--month", "2026-10", "--format", "csv", "--quiet"]).stdout
        var listed = 0
        for line in pmir.split(separator: "\n").dropFirst() {
            let f = line.split(separator: ",", maxSplits: 4).map(String.init)
            guard let level = Int(f[3]), level >= 2 else { continue }
            listed += 1
            #expect(attention.contains("<a href=\"#p-\(f[0])-\(f[1])\">\(f[0])<br><small>") && attention.contains("<span class=\"level l\(level)\">Level \(level) \(names[f[3]]!)</span>"), "\(line)")
        }
        #expect(listed == 4)   // P003 at 3, P004 at 4, P002 and P006 at 2
        let spc = try KPIBinary.run(["spc", "--data", sample, "--month", "2026-10", "--format", "csv", "--quiet"]).stdout
        var concerns = 0
        for line in spc.split(separator: "\n").dropFirst() where line.contains(",concern,") {
            let f = line.split(separator: ",").map(String.init)
            guard !f[0].hasPrefix("REGION:") else { continue }
            concerns += 1
            #expect(attention.contains("<a href=\"#p-\(f[0])-\(f[1])-\(f[2])\">\(f[2])</a> ▼"), "\(line)")
        }
        #expect(concerns == 15)
    }

    @Test func everyFigureBelowTargetLeadsToTheItemsBehindIt() throws {
        let html = try Self.pack()
        let p1 = try #require(html.components(separatedBy: "id=\"p-P1-atw-ha\"").last)
        // HA-1 is below target in every window; the widest is cumulative: 60 missed (5 a month for 12 months),
        // of which the 3 most working days past their deadline are listed: January's, acknowledged never, the
        // deadline Mon 13 Jan (1 working day after Fri 10 Jan), 245 working days late on 31 Dec (2025 has 8
        // bank holidays in England; 246 working days after 10 Jan, the first of them the deadline).
        for _ in 0..<4 { #expect(p1.contains("<td class=\"rate t-miss\"><a href=\"#items-p-P1-atw-ha-HA-1\">95.0% ▼</a>")) }
        let items = try #require(p1.components(separatedBy: "<tbody id=\"items-p-P1-atw-ha-HA-1\">").dropFirst().first?
            .components(separatedBy: "</tbody>").first)
        #expect(items.hasPrefix("<tr><th scope=\"colgroup\" colspan=\"8\">HA-1 Referral acknowledged: missed in month 5, rolling 3 months 15, rolling 12 months 60, cumulative 60; the 3 most overdue of the cumulative window (--window cumulative)</th></tr>"))
        let rows = items.components(separatedBy: "\n").filter { $0.hasPrefix("<tr><td>") }
        #expect(rows == [
            "<tr><td>P1-1-95</td><td>case</td><td>2025-01</td><td>2025-01-10</td><td>2025-01-13</td><td>open</td><td>246</td><td>245</td></tr>",
            "<tr><td>P1-1-96</td><td>case</td><td>2025-01</td><td>2025-01-10</td><td>2025-01-13</td><td>open</td><td>246</td><td>245</td></tr>",
            "<tr><td>P1-1-97</td><td>case</td><td>2025-01</td><td>2025-01-10</td><td>2025-01-13</td><td>open</td><td>246</td><td>245</td></tr>",
        ])
        // The league table's rolling-3 figure links to the same list; the national figure to the pooled list,
        // which names each item's provider.
        #expect(html.contains("<a href=\"#items-p-P1-atw-ha-HA-1\">95.0% ▼</a>"))
        #expect(html.contains("<tbody id=\"items-p-NATIONAL-atw-ha-HA-1\">"))
        #expect(html.contains("<table class=\"items pooled\">"))
    }

    /// A pack for an earlier month lists only items counted by then, even in its cumulative windows (the sample
    /// as of 2026-10-31, reporting month 2026-03: items counted in 2026-08 are more overdue, and must not appear).
    @Test func itemsBehindAnEarlierMonthsFiguresAreCountedByThatMonth() throws {
        let html = try KPIBinary.run(["report", "--data", RepositoryFolder.sampleDataset, "--month", "2026-03", "--format", "html", "--quiet"]).stdout
        let lists = html.components(separatedBy: "<details class=\"shortfall\">").dropFirst().map { $0.components(separatedBy: "</details>")[0] }
        #expect(lists.count > 5)
        let counted = lists.flatMap { $0.matches(of: /<td>(\d{4}-\d{2})<\/td>/).map { String($0.output.1) } }
        #expect(!counted.isEmpty)
        #expect(counted.allSatisfy { $0 <= "2026-03" }, "\(counted.filter { $0 > "2026-03" })")
    }

    @Test func trendAxesAreScaledToTheirDataAndTarget() throws {
        let html = try Self.pack()
        let p1 = try #require(html.components(separatedBy: "id=\"p-P1-atw-ha\"").last)
        let ha1 = try #require(p1.components(separatedBy: "aria-label=\"HA-1 Referral acknowledged\">").dropFirst().first?
            .components(separatedBy: "</svg>").first)
        // HA-1: rates 95%, target 99%, forecast interval 92-98%: from 92% to 99%, widened by a tenth of the 7-point
        // span (91.3-99.7%); 7.7 points is over 4 steps of 2, so steps of 5: 90%, 95%, 100%.
        #expect(ha1.contains("<g class=\"axis\" text-anchor=\"end\"><text x=\"35\" y=\"149\">90%</text><text x=\"35\" y=\"87\">95%</text><text x=\"35\" y=\"25\">100%</text></g>"))
        // HA-2 (0% every month, target 96%): the axis must reach both: 0-100% in steps of 25.
        let ha2 = try #require(p1.components(separatedBy: "aria-label=\"HA-2 Appointment booked\">").dropFirst().first?
            .components(separatedBy: "</svg>").first)
        #expect(ha2.contains(">0%</text>") && ha2.contains(">25%</text>") && ha2.contains(">100%</text>"))
        // Titles use the contract's short names, never cut.
        #expect(!html.contains("…"))
        // Funnel points carry their provider's id.
        #expect(html.contains("<text class=\"label\" x=\"301\" y=\"63\" text-anchor=\"end\">P1</text><text class=\"label\" x=\"301\" y=\"139\" text-anchor=\"end\">P2</text>"))
    }

    @Test func kpiTableShowsEveryWindowWithCountsTargetAndForecast() throws {
        let html = try Self.pack()
        let p1 = try #require(html.components(separatedBy: "id=\"p-P1-atw-ha\"").last)
        // HA-1 (target 99%, no bands): 95 of 100 in the month, 285/300 over 3 months, 1140/1200 over 12 and
        // since the start; all below target, coloured as such, each a link to the items behind it.
        #expect(p1.contains("<tr id=\"p-P1-atw-ha-HA-1\"><th scope=\"row\"><b>HA-1</b> Referral acknowledged</th><td class=\"num\">99%</td><td class=\"rate t-miss\"><a href=\"#items-p-P1-atw-ha-HA-1\">95.0% ▼</a><small>95/100</small></td>"))
        #expect(p1.contains("<p class=\"meta\">Contract atw-ha; region none; england-and-wales working days; service started 2025-01-01.</p>"))
        #expect(p1.contains("<a href=\"#items-p-P1-atw-ha-HA-1\">95.0% ▼</a><small>285/300</small></td>"))
        #expect(p1.components(separatedBy: "95.0% ▼</a><small>1140/1200</small>").count == 3)
        // HA-2 (CO tiers 96 / 93.5 / 91): no appointment is ever booked, so every item is missed: tier 1.
        #expect(p1.contains("<td class=\"rate r-t1\"><a href=\"#items-p-P1-atw-ha-HA-2\">0.0% ▼</a> <span class=\"code\">T1</span><small>0/100</small></td>"))
        // Next month's forecast for HA-1, the blend of the model and the local level. Every month was 95 of 100:
        // the local level says 95%; the model's flat fit, shrunk toward the national 90% with 50 items' weight
        // against P1's recency-weighted 717.57 (Σ 100·0.9^age over 12 months), says
        // (717.57·0.95 + 50·0.90) / 767.57 = 94.674%; the blend 94.837% of 100 items; the level correction (the
        // blend's mean error on HA-1, `kpi forecast --explain`: +0.06 points) makes it 94.898%. Its inner errors
        // are within binomial noise (ρ = 0), so P(at most 98 met) = 0.9661 (97%); the 80% interval from the same
        // distribution: P(X ≤ 91) = 0.0697 < 0.1 ≤ P(X ≤ 92) = 0.1388, and P(X ≤ 97) = 0.8900 < 0.9 ≤ P(X ≤ 98):
        // 92-98%.
        #expect(p1.contains("<th scope=\"col\">Forecast 2026-01 (80% interval)</th>"))
        #expect(p1.contains("<td class=\"num\">94.9% (92.0%-98.0%)</td><td class=\"num risk-high\">97%</td>"))
        #expect(p1.contains("<figcaption>Target 99%; forecast 2026-01 94.9% (80%: 92.0%-98.0%)</figcaption>"))
        // In the national funnel P1's 95% of 300 is above the inner limit (see the funnel test below).
        #expect(p1.contains("<td><a href=\"#funnel-atw-ha-HA-1\" class=\"pos-ok\">above 95%</a></td>"))
        // Accessible: the chart says what it shows, and its figures are in one table per provider (in month /
        // rolling 3).
        #expect(p1.contains("<desc>2025-01 to 2025-12, target 99.0%; 2025-12 in month 95.0%, rolling 3 95.0%; forecast 2026-01 94.9% (80% interval 92.0% to 98.0%).</desc>"))
        #expect(p1.contains("<caption>P1's monthly rates (%): in month / rolling 3 months (quarterly KPIs: the quarter)</caption><thead><tr><th scope=\"col\">Month</th><th scope=\"col\">HA-1</th>"))
        #expect(p1.contains("<tr><th scope=\"row\">2025-12</th><td>95.0 / 95.0</td><td>0.0 / 0.0</td></tr>"))
        // Every table has a caption (the first screen's tables are labelled by their heading) and every
        // header cell a scope.
        #expect(html.components(separatedBy: "<table").count
                == html.components(separatedBy: "<caption>").count + html.components(separatedBy: "<table class=\"attention\" aria-labelledby=").count - 1)
        #expect(!html.contains("<th>"))
        #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"en-GB\">"))
        #expect(html.components(separatedBy: "<h1").count == 2)
    }

    @Test func nationalPartsRankProvidersAndFlagTheFunnelOutlier() throws {
        let html = try Self.pack()
        // League table: neither meets a target; P1 has the larger share of its items met, so ranks first.
        let league = try #require(html.components(separatedBy: "<table class=\"league\">").dropFirst().first)
        let r1 = try #require(league.range(of: "<tr><td>1</td><td><a href=\"#p-P1-atw-ha\">P1</a>"))
        let r2 = try #require(league.range(of: "<tr><td>2</td><td><a href=\"#p-P2-atw-ha\">P2</a>"))
        #expect(r1.lowerBound < r2.lowerBound)
        // Only HA-1 and HA-2 are measured (no reports.csv): both below target.
        #expect(league.contains("<td>0 of 2</td>"))
        // Funnel for HA-1 over 3 months: national 540/600 = 90%; for 300 items the 95% limits are
        // 90 ± 1.959964 × √(0.09/300) = 86.61-93.39% and the 99.8% ones 84.65-95.35%: P2 (85%) is an alert,
        // P1 (95%) above the inner limit only.
        // Two providers are too few to estimate over-dispersion from (z = ±2.8868, φ = 8.33): binomial limits.
        #expect(html.contains("<figcaption>HA-1 Referral acknowledged within 1 working day of receipt: national 90.0%. Below the 95% limit (alert): P2 85.0% of 300. Binomial limits: over-dispersion needs 5 providers or more (φ = 8.33 across 2).</figcaption>"))
        #expect(html.contains("<tr><th scope=\"row\">P1</th><td class=\"num\">300</td><td class=\"num\">95.0%</td><td class=\"num\">86.6% to 93.4%</td><td class=\"num\">84.6% to 95.4%</td><td class=\"num\">above 95%</td></tr>"))
        #expect(html.contains("<circle class=\"point alert\""))
        // The national figures: 180 of 200 in the month.
        #expect(html.contains("90.0% ▼</a><small>180/200</small>"))
    }

    @Test func variationAndAssuranceAreShownInWordsInTheMatrixAndTheKPITable() throws {
        let html = try Self.pack()
        // P1's HA-1 is 95 of 100 every month: common cause, limits 88.46-100% straddle 99% (hit and miss);
        // HA-2 is 0 of 100: limits 0-0% wholly below 96% (fail).
        let matrix = try #require(html.components(separatedBy: "<table class=\"matrix\">").dropFirst().first?
            .components(separatedBy: "</table>").first)
        #expect(matrix.contains("<tr><th scope=\"row\"><a href=\"#p-P1-atw-ha\">P1</a></th><td><span class=\"var common\">● common cause</span><br><span class=\"ass hit\">~ hit and miss</span></td><td><span class=\"var common\">● common cause</span><br><span class=\"ass fail\">✗ fail</span></td>"))
        #expect(matrix.contains("<tr class=\"national\"><th scope=\"row\">NATIONAL</th>"))
        let p1 = try #require(html.components(separatedBy: "id=\"p-P1-atw-ha\"").last)
        #expect(p1.contains("<th scope=\"col\">Variation, assurance (in month)</th>"))
    }

    @Test func worstItemsAreTheMostWorkingDaysLateFirst() throws {
        let html = try Self.pack()
        let p1 = try #require(html.components(separatedBy: "id=\"p-P1-atw-ha\"").last)
        let worst = try #require(p1.components(separatedBy: "<table class=\"items kpi\">").dropFirst().first?
            .components(separatedBy: "</table>").first)
        let rows = worst.components(separatedBy: "\n").filter { $0.hasPrefix("<tr><td>") }
        #expect(rows.count == 10)
        // HA-1 items of 10 Dec (deadline Thu 11 Dec, never acknowledged) are 12 working days late on 31 Dec
        // (25 and 26 Dec are bank holidays), 13 taken since the 10th; HA-2's (deadline Fri 12 Dec) 11. So P1's
        // five HA-1 items come first, then HA-2's in source order.
        #expect(rows[0] == "<tr><td>HA-1</td><td>P1-12-95</td><td>case</td><td>2025-12</td><td>2025-12-10</td><td>2025-12-11</td><td>open</td><td>13</td><td>12</td></tr>")
        #expect(rows[4].hasPrefix("<tr><td>HA-1</td><td>P1-12-99</td>"))
        #expect(rows[5] == "<tr><td>HA-2</td><td>P1-12-0</td><td>case</td><td>2025-12</td><td>2025-12-10</td><td>2025-12-12</td><td>open</td><td>13</td><td>11</td></tr>")
        #expect(rows[9].hasPrefix("<tr><td>HA-2</td><td>P1-12-4</td>"))
        // Working days taken are those `kpi cases` lists; the columns say which is which.
        #expect(worst.contains("<th scope=\"col\">Days taken</th><th scope=\"col\">Days past deadline</th>"))
        let folder = try twoProviderFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let cases = try KPIBinary.run(["cases", "--data", folder.path, "--as-of", "2025-12-31", "--provider", "P1", "--kpi", "HA-1",
                                       "--month", "2025-12", "--status", "missed", "--format", "csv"])
        #expect(cases.stdout.contains("P1,atw-ha,HA-1,2025-12,missed,P1-12-95,case,2025-12-10,2025-12-11,,2025-12-12,13\n"))
        // --worst-items 0 leaves the list out.
        let none = try Self.pack(["--worst-items", "0", "--provider", "P1"])
        #expect(none.contains("No missed item counted in 2025-12."))
        #expect(!none.contains("id=\"p-P2-atw-ha\""))
    }

    @Test func pmirLevelsAreThoseOfKpiPmir() throws {
        let folder = try twoProviderFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let html = try KPIBinary.run(["report", "--data", folder.path, "--as-of", "2025-12-31", "--format", "html"]).stdout
        let pmir = try KPIBinary.run(["pmir", "--data", folder.path, "--as-of", "2025-12-31", "--format", "csv", "--month", "2025-12"])
        let lines = pmir.stdout.split(separator: "\n").dropFirst()
        #expect(lines.count == 2)
        for line in lines {
            let fields = line.split(separator: ",", maxSplits: 4).map(String.init)
            let level = try #require(Int(fields[3]))
            let reason = fields[4].hasPrefix("\"") ? String(fields[4].dropFirst().dropLast()) : fields[4]
            let section = try #require(html.components(separatedBy: "id=\"p-\(fields[0])-atw-ha\"").last)
            #expect(section.contains("<span class=\"level l\(level)\">PMIR level \(level) "), "\(line)")
            #expect(section.contains("<span class=\"reason\">\(reason.replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;"))</span>"), "\(line)")
        }
    }

    @Test func htmlIsRefusedWhereItMeansNothing() throws {
        let folder = try twoProviderFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try KPIBinary.run(["pmir", "--data", folder.path, "--format", "html"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("--format html: only kpi report writes HTML"))
        let late = try KPIBinary.run(["report", "--data", folder.path, "--as-of", "2025-12-31", "--format", "html", "--month", "2026-02"])
        #expect(late.status != 0)
        #expect(late.stderr.contains("--month 2026-02: outside the data (months "))
    }
}
