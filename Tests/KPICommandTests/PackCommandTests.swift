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
        // One section per provider, linked from the contents, the assurance summary and the league table.
        for p in ["P1", "P2"] {
            #expect(html.components(separatedBy: "<section class=\"provider\" id=\"provider-\(p)-atw-ha\">").count == 2)
            #expect(html.components(separatedBy: "href=\"#provider-\(p)-atw-ha\"").count == 4)
        }
    }

    @Test func kpiTableShowsEveryWindowWithCountsTargetAndForecast() throws {
        let html = try Self.pack()
        let p1 = try #require(html.components(separatedBy: "id=\"provider-P1-atw-ha\"").last)
        // HA-1 (target 99%, no bands): 95 of 100 in the month, 285/300 over 3 months, 1140/1200 over 12 and
        // since the start; all below target, coloured as such.
        #expect(p1.contains("<span class=\"kpi-id\">HA-1</span> Referral acknowledged within 1 working day of receipt</th><td class=\"num\">99%</td><td class=\"rate t-miss\" title=\"not rated; below target\">95.0% ▼<small>95/100</small></td>"))
        #expect(p1.contains("<p class=\"meta\">Contract atw-ha; region none; england-and-wales working days; service started 2025-01-01.</p>"))
        #expect(p1.contains("<td class=\"rate t-miss\" title=\"not rated; below target\">95.0% ▼<small>285/300</small></td>"))
        #expect(p1.components(separatedBy: "95.0% ▼<small>1140/1200</small>").count == 3)
        // HA-2 (CO tiers 96 / 93.5 / 91): no appointment is ever booked, so every item is missed: tier 1.
        #expect(p1.contains("<td class=\"rate r-t1\" title=\"Tier 1 Inadequate; below target\">0.0% ▼ <span class=\"code\" title=\"Tier 1 Inadequate\">T1</span><small>0/100</small></td>"))
        // Next month's forecast for HA-1: every month was 95 of 100, so every candidate scores alike and the
        // simplest, the long-run rate, is chosen: 95% of 100 items, binomial; P(at most 98 met) = 1 − 0.95¹⁰⁰ −
        // 100·0.95⁹⁹·0.05 = 0.9629; the 80% interval from the same distribution: P(X ≤ 91) = 0.0631 < 0.1 ≤
        // P(X ≤ 92) = 0.1280, and P(X ≤ 97) = 0.8817 < 0.9 ≤ P(X ≤ 98): 92-98%.
        #expect(p1.contains("<th scope=\"col\">Forecast 2026-01 (80% interval)</th>"))
        #expect(p1.contains("<td class=\"num\">95.0% (92.0%-98.0%)</td><td class=\"num risk-high\">96%</td>"))
        #expect(p1.contains("◇ forecast 2026-01 95.0% (80%: 92.0%-98.0%)"))
        // Accessible: the chart says what it shows and its figures follow as a table.
        #expect(p1.contains("<desc>Monthly rate from 2025-01 to 2025-12 against a target of 99.0%; 2025-12 in month 95.0%, rolling 3 95.0%; forecast 2026-01 95.0% (80% interval 92.0% to 98.0%). The figures follow the chart as a table.</desc>"))
        #expect(p1.contains("<details class=\"figures\"><summary>Figures: HA-1 Referral acknowledged within 1 working day of receipt</summary><table><caption>HA-1 Referral acknowledged within 1 working day of receipt</caption><thead><tr><th scope=\"col\">Month</th>"))
        #expect(p1.contains("<tr><th scope=\"row\">2025-12</th><td class=\"num\">95.0%</td><td class=\"num\">95.0%</td><td class=\"num\"></td><td class=\"num\"></td></tr><tr><th scope=\"row\">2026-01</th><td class=\"num\"></td><td class=\"num\"></td><td class=\"num\">95.0%</td><td class=\"num\">92.0% to 98.0%</td></tr>"))
        // Every table has a caption and every header cell a scope.
        #expect(html.components(separatedBy: "<table").count == html.components(separatedBy: "<caption>").count)
        #expect(!html.contains("<th>"))
        #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"en-GB\">"))
        #expect(html.components(separatedBy: "<h1").count == 2)
    }

    @Test func nationalPartsRankProvidersAndFlagTheFunnelOutlier() throws {
        let html = try Self.pack()
        // League table: neither meets a target; P1 has the larger share of its items met, so ranks first.
        let league = try #require(html.components(separatedBy: "<table class=\"league\">").dropFirst().first)
        let r1 = try #require(league.range(of: "<tr><td>1</td><td><a href=\"#provider-P1-atw-ha\">P1</a>"))
        let r2 = try #require(league.range(of: "<tr><td>2</td><td><a href=\"#provider-P2-atw-ha\">P2</a>"))
        #expect(r1.lowerBound < r2.lowerBound)
        // Only HA-1 and HA-2 are measured (no reports.csv): both below target.
        #expect(league.contains("<td>0 of 2</td>"))
        // Funnel for HA-1 over 3 months: national 540/600 = 90%; for 300 items the 95% limits are
        // 90 ± 1.959964 × √(0.09/300) = 86.61-93.39% and the 99.8% ones 84.65-95.35%: P2 (85%) is an alert,
        // P1 (95%) above the inner limit only.
        // Two providers are too few to estimate over-dispersion from (z = ±2.8868, φ = 8.33): binomial limits.
        #expect(html.contains("<figcaption>HA-1: national 90.0%. Below the 95% limit (alert): P2 85.0% of 300. Binomial limits: over-dispersion needs 5 providers or more (φ = 8.33 across 2).</figcaption>"))
        #expect(html.contains("<title>P1: 95.0% of 300 (above 95%)</title>"))
        #expect(html.contains("<title>P2: 85.0% of 300 (alert)</title>"))
        // The national figures: 180 of 200 in the month.
        #expect(html.contains("90.0% ▼<small>180/200</small>"))
    }

    @Test func variationAndAssuranceAreShownInWordsInTheMatrixAndTheKPITable() throws {
        let html = try Self.pack()
        // P1's HA-1 is 95 of 100 every month: common cause, limits 88.46-100% straddle 99% (hit and miss);
        // HA-2 is 0 of 100: limits 0-0% wholly below 96% (fail).
        let matrix = try #require(html.components(separatedBy: "<table class=\"matrix\">").dropFirst().first?
            .components(separatedBy: "</table>").first)
        #expect(matrix.contains("<tr><th scope=\"row\"><a href=\"#provider-P1-atw-ha\">P1</a></th><td><span class=\"var common\">● common cause</span><br><span class=\"ass hit\">~ hit and miss</span></td><td><span class=\"var common\">● common cause</span><br><span class=\"ass fail\">✗ fail</span></td>"))
        #expect(matrix.contains("<tr class=\"national\"><th scope=\"row\">NATIONAL</th>"))
        let p1 = try #require(html.components(separatedBy: "id=\"provider-P1-atw-ha\"").last)
        #expect(p1.contains("<th scope=\"col\">Variation, assurance (in month)</th>"))
        // On its own page the provider is drawn larger and labelled in each funnel.
        #expect(p1.contains("<h3>Funnel plots, rolling 3 months to 2025-12: P1 among its contract's providers</h3>"))
        #expect(p1.contains("class=\"point ok mine\""))
    }

    @Test func worstItemsAreTheMostWorkingDaysLateFirst() throws {
        let html = try Self.pack()
        let p1 = try #require(html.components(separatedBy: "id=\"provider-P1-atw-ha\"").last)
        let worst = try #require(p1.components(separatedBy: "<table class=\"items\">").dropFirst().first?
            .components(separatedBy: "</table>").first)
        let rows = worst.components(separatedBy: "\n").filter { $0.hasPrefix("<tr><td>") }
        #expect(rows.count == 10)
        // HA-1 items of 10 Dec (deadline Thu 11 Dec, never acknowledged) are 12 working days late on 31 Dec
        // (25 and 26 Dec are bank holidays); HA-2's (deadline Fri 12 Dec) 11; HA-3's (12 WD for enhanced:
        // 30 Dec) 1. So P1's five HA-1 items come first, then HA-2 by case id.
        #expect(rows[0] == "<tr><td>HA-1</td><td>P1-12-95</td><td>case</td><td>2025-12-10</td><td>2025-12-11</td><td>open</td><td class=\"num\">12</td></tr>")
        #expect(rows[4].hasPrefix("<tr><td>HA-1</td><td>P1-12-99</td>"))
        #expect(rows[5] == "<tr><td>HA-2</td><td>P1-12-0</td><td>case</td><td>2025-12-10</td><td>2025-12-12</td><td>open</td><td class=\"num\">11</td></tr>")
        #expect(rows[9].hasPrefix("<tr><td>HA-2</td><td>P1-12-12</td>"))
        // --worst-items 0 leaves the list out.
        let none = try Self.pack(["--worst-items", "0", "--provider", "P1"])
        #expect(none.contains("No missed item counted in 2025-12."))
        #expect(!none.contains("id=\"provider-P2-atw-ha\""))
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
            let section = try #require(html.components(separatedBy: "id=\"provider-\(fields[0])-atw-ha\"").last)
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
