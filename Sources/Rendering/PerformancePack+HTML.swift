import Assurance
import CaseData
import Forecasting
import KPIEngine
import PMIR
import Returns
import WorkingDays
import _ATWUtilities

extension PerformancePack {
    /// The pack as one HTML document (UTF-8 text), the same bytes for the same inputs.
    public func html() -> String {
        let groups = _groups()
        let providerGroups = groups.filter {
            if case .provider = $0.scope { return options.provider == nil || $0.providerID == options.provider }
            return false
        }
        let worst = _worstItems(providerGroups)
        let contracts = groups.reduce(into: [String]()) { if !$0.contains($1.contract) { $0.append($1.contract) } }
        var out = "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n"
        out += "<title>Contract Performance Review \(month)</title>\n<style>\n\(Self.css)</style>\n</head>\n<body>\n"
        out += "<header>\n<h1>Access to Work: Contract Performance Review, \(month)</h1>\n"
        out += _provenanceSection()
        out += "<p class=\"meta\">As of \(report.evaluation.asOf). Rates are met ÷ (met + missed); pending and excluded items are not in them. "
        out += "Each rate is followed by its rating, T4 Good, T3 Near Target, T2 Needs Improvement, T1 Inadequate (Cabinet Office tiers) or G, A, R (Green, Amber, Red), and the cell's colour repeats it; a KPI without rating bands is coloured by whether it met its target. ▼ below target; (p) a rolling window shorter than its span (service started within it). Every chart is followed by its figures as a table (Figures: …).</p>\n"
        out += "<p class=\"meta\">Statistical process control of each in-month series (\(spc.options.chart.rawValue) chart, limits from its first \(spc.options.baselinePoints) months): variation \(Self.variationKey) and assurance against the target \(Self.assuranceKey). Every symbol is followed by its word.</p>\n"
        out += "<nav><h2>Contents</h2><ul>\n"
        for contract in contracts {
            out += "<li><a href=\"#contract-\(_anchor(contract))\">\(_html(_contractName(contract))) (national)</a><ul>"
            for g in providerGroups where g.contract == contract {
                out += "<li><a href=\"#\(_providerAnchor(g))\">\(_html(g.providerID)) \(_html(_providerName(g) ?? ""))</a></li>"
            }
            out += "</ul></li>\n"
        }
        out += "</ul></nav>\n</header>\n"
        for contract in contracts {
            out += _contractSection(contract, groups: groups.filter { $0.contract == contract })
        }
        for g in providerGroups {
            let peers = groups.filter { $0.contract == g.contract }
            out += _providerSection(g, worst: worst[g.providerID + "\u{0}" + g.contract] ?? [],
                                    peers: peers.filter { if case .provider = $0.scope { true } else { false } },
                                    national: peers.first { $0.scope == .national })
        }
        out += "</body>\n</html>\n"
        return out
    }

    /// The data-quality banner (when rows were rejected) and the inputs the figures came from.
    func _provenanceSection() -> String {
        guard let provenance else { return "" }
        let quality = provenance.quality
        var out = ""
        if quality.rowsRejected > 0 {
            out += "<div class=\"data-quality\" role=\"note\"><p><strong>Data quality:</strong> \(_html(quality.sentence))</p>"
            if !quality.hints.isEmpty { out += "<p>" + quality.hints.map { _html("Hint: " + $0) }.joined(separator: "<br>") + "</p>" }
            out += "</div>\n"
        }
        out += "<details class=\"provenance\"><summary>Inputs: \(provenance.files.count) files, as of \(_html(provenance.asOf ?? "-")), "
        out += _html(provenance.description.map { "description " + $0 } ?? "canonical layout") + "</summary>\n"
        out += "<table><caption>Files read, their rows and SHA-256</caption><thead><tr><th scope=\"col\">Table</th><th scope=\"col\">File</th><th scope=\"col\">Read as</th>"
        out += "<th scope=\"col\">Rows read</th><th scope=\"col\">Accepted</th><th scope=\"col\">Rejected</th><th scope=\"col\">SHA-256</th></tr></thead><tbody>\n"
        for f in provenance.files {
            out += "<tr><td>\(_html(f.table))</td><td>\(_html(f.path))</td><td>\(_html(f.layout))</td><td>\(f.rowsRead)</td><td>\(f.rowsAccepted)</td>"
            out += "<td>\(f.rowsRead - f.rowsAccepted)</td><td><code>\(f.sha256)</code></td></tr>\n"
        }
        out += "</tbody></table></details>\n"
        return out
    }

    // MARK: National

    func _contractSection(_ contract: String, groups: [_Group]) -> String {
        let providers = groups.filter { if case .provider = $0.scope { true } else { false } }
        var out = "<section class=\"contract\" id=\"contract-\(_anchor(contract))\">\n"
        out += "<h2>\(_html(_contractName(contract))) (\(_html(contract))): national</h2>\n"
        // PMIR levels across providers.
        var atLevel = [Int: [String]]()
        for g in providers { if let row = _pmirRow(g) { atLevel[row.level.rawValue, default: []].append(g.providerID) } }
        out += "<p class=\"pmir-summary\">PMIR in \(month): "
        out += (1...4).map { level in
            "<span class=\"level l\(level)\">Level \(level) \(Self.levelNames[level]!): \(atLevel[level]?.count ?? 0)</span>"
        }.joined(separator: " ") + "</p>\n"
        out += _assuranceMatrix(providers, national: groups.first { $0.scope == .national })
        for g in groups where g.scope == .national {
            out += "<h3>National figures</h3>\n" + _kpiTable(g, forecasts: false)
        }
        for g in groups { if case .region(let name) = g.scope { out += "<h3>Region \(_html(name))</h3>\n" + _kpiTable(g, forecasts: false) } }
        out += _leagueTable(providers, national: groups.first { $0.scope == .national })
        out += _funnels(providers, national: groups.first { $0.scope == .national })
        return out + "</section>\n"
    }

    /// Providers ranked by KPIs meeting target on the rolling 3-month window (quarterly KPIs: the latest
    /// quarter), then by the share of all their measured items met, then by id.
    func _leagueTable(_ providers: [_Group], national: _Group?) -> String {
        guard let first = providers.first else { return "" }
        let kpiSeries = first.series
        let league = LeagueTable(report, contract: first.contract, month: month)
        var out = "<h3>League table, rolling 3 months to \(month)</h3>\n<table class=\"league\">\n<caption>Providers ranked by the KPIs meeting target on the rolling 3 months to \(month). \(Self._cellKey)</caption>\n<thead><tr><th scope=\"col\">Rank</th><th scope=\"col\">Provider</th><th scope=\"col\">Region</th><th scope=\"col\">PMIR</th><th scope=\"col\">Targets met</th>"
        for s in kpiSeries { out += "<th scope=\"col\" title=\"\(_html(_kpi(s).title))\">\(_html(_kpi(s).id))</th>" }
        out += "</tr></thead>\n<tbody>\n"
        func cells(_ g: _Group) -> String {
            var row = ""
            for s in kpiSeries {
                let id = _kpi(s).id
                guard let mine = g.series.first(where: { _kpi($0).id == id }), let r = _row(mine, .rolling3), let text = Self._rateText(r) else {
                    row += "<td class=\"rate r-none\">–</td>"
                    continue
                }
                row += "<td class=\"rate \(Self._cellClass(r))\" title=\"\(Self._ratingName(r.rating))\">\(text)\(r.targetMet == false ? " ▼" : "")\(Self._ratingCode(r.rating))</td>"
            }
            return row
        }
        for (rank, line) in league.lines.enumerated() {
            guard let g = providers.first(where: { $0.providerID == line.providerID }) else { continue }
            let level = _pmirRow(g).map { "<span class=\"level l\($0.level)\">\($0.level)</span>" } ?? ""
            out += "<tr><td>\(rank + 1)</td><td><a href=\"#\(_providerAnchor(g))\">\(_html(g.providerID))</a> \(_html(_providerName(g) ?? ""))</td>"
            out += "<td>\(_html(_providerRegion(g) ?? ""))</td><td>\(level)</td><td>\(line.met) of \(line.rated)</td>\(cells(g))</tr>\n"
        }
        if let national { out += "<tr class=\"national\"><td></td><td>NATIONAL</td><td></td><td></td><td></td>\(cells(national))</tr>\n" }
        return out + "</tbody></table>\n"
    }

    /// One funnel plot per monthly KPI: providers' rolling 3-month rates against their volumes around the
    /// national rate, with limits adjusted for over-dispersion (``FunnelLimits``); `highlight` marks one
    /// provider (on its own page). HA-6, a share of FTE rather than a count of items, is left out.
    func _funnels(_ providers: [_Group], national: _Group?, highlight: String? = nil) -> String {
        guard let national else { return "" }
        var out = "<h3>Funnel plots, rolling 3 months to \(month)\(highlight.map { ": \(_html($0)) among its contract's providers" } ?? "")</h3>\n"
        out += "<p class=\"meta\">Each dot is a provider; the lines are the national rate and its 95% (inner) and 99.8% (outer) limits for the provider's volume: solid, adjusted for the spread providers show beyond chance (Spiegelhalter's additive random effects, τ²); thin dashed, binomial chance alone (drawn when they differ). Below the adjusted 99.8% limit: alarm; below 95%: alert. HA-6 (an FTE share, not a count of items) has no funnel.</p>\n<div class=\"charts\">\n"
        for s in national.series where !_kpi(s).isQuarterly {
            let kpi = _kpi(s)
            guard let centre = Self._rate(_row(s, .rolling3)) else { continue }
            var points: [(label: String, volume: Double, rate: Double)] = []
            var units: [(met: Int64, measured: Int64)] = []
            for g in providers {
                guard let mine = g.series.first(where: { _kpi($0).id == kpi.id }), let row = _row(mine, .rolling3),
                      let rate = Self._rate(row) else { continue }
                points.append((g.providerID, Double(row.met + row.missed), rate))
                units.append((row.met, row.met + row.missed))
            }
            let funnel = FunnelLimits(rate: centre, units: units)
            let id = "funnel-\(_anchor(national.contract))-\(_anchor(kpi.id))" + (highlight.map { "-" + _anchor($0) } ?? "")
            out += "<figure class=\"funnel\" id=\"\(id)\">"
            let chart = _FunnelChart(title: "\(kpi.id) \(kpi.title)", funnel: funnel, points: points, highlight: highlight)
            out += chart.svg()
            var notes: [String] = []
            for (name, position) in [("Below the 99.8% limit (alarm)", FunnelPosition.alarm), ("Below the 95% limit (alert)", .alert)] {
                let hits = points.filter { funnel.position(rate: $0.rate, volume: $0.volume) == position }
                if !hits.isEmpty {
                    notes.append("\(name): " + hits.map { "\(_html($0.label)) \(_percent($0.rate)) of \(Int($0.volume.rounded()))" }.joined(separator: ", "))
                }
            }
            let dispersion = funnel.tau2 > 0
                ? "Over-dispersion φ = \(_decimal(funnel.phi, 2)) across \(funnel.providers) providers; τ² = \(_decimal(funnel.tau2 * 10_000, 2)) (points²), limits widened."
                : funnel.providers < FunnelLimits.minimumProviders
                ? "Binomial limits: over-dispersion needs \(FunnelLimits.minimumProviders) providers or more (φ = \(_decimal(funnel.phi, 2)) across \(funnel.providers))."
                : "No over-dispersion (φ = \(_decimal(funnel.phi, 2)) across \(funnel.providers) providers): binomial limits."
            out += "<figcaption>\(_html(kpi.id)): national \(_percent(centre)). \(notes.isEmpty ? "No provider below the 95% limit." : notes.joined(separator: ". ") + ".") \(dispersion)</figcaption>" + chart.figures + "</figure>\n"
        }
        return out + "</div>\n"
    }

    /// Providers down, KPIs across: the variation and assurance of each in-month series in the month.
    func _assuranceMatrix(_ providers: [_Group], national: _Group?) -> String {
        guard let first = providers.first ?? national else { return "" }
        let kpis = first.series.map(_kpi).filter { !$0.isQuarterly }
        var out = "<h3>Assurance summary, \(month)</h3>\n<table class=\"matrix\"><caption>Variation and assurance of each in-month series (statistical process control): where the real problems are.</caption>\n"
        out += "<thead><tr><th scope=\"col\">Provider</th>"
        for kpi in kpis { out += "<th scope=\"col\" title=\"\(_html(kpi.title))\">\(_html(kpi.id))</th>" }
        out += "</tr></thead><tbody>\n"
        for g in providers + (national.map { [$0] } ?? []) {
            let name = g.scope == .national ? "NATIONAL" : "<a href=\"#\(_providerAnchor(g))\">\(_html(g.providerID))</a>"
            out += "<tr\(g.scope == .national ? " class=\"national\"" : "")><th scope=\"row\">\(name)</th>"
            for kpi in kpis {
                guard let s = g.series.first(where: { _kpi($0).id == kpi.id }) else { out += "<td class=\"r-none\">–</td>"; continue }
                out += "<td>\(_spcCell(s))</td>"
            }
            out += "</tr>\n"
        }
        return out + "</tbody></table>\n"
    }

    /// A series' variation and assurance in the month, as symbols with their words (or a dash).
    func _spcCell(_ s: Int) -> String {
        guard let point = spc.chart(series: s)?.point(in: month) else { return "<span class=\"r-none\">– no items</span>" }
        let variation: String = switch point.variation {
        case .concern: "<span class=\"var concern\">▼ concern</span>"
        case .improvement: "<span class=\"var improvement\">▲ improvement</span>"
        case .commonCause: "<span class=\"var common\">● common cause</span>"
        }
        let rule = point.rule.map { " <small>(\($0.rawValue.replacingOccurrences(of: "_", with: " ")))</small>" } ?? ""
        let assurance: String = switch point.assurance {
        case .pass: "<span class=\"ass pass\">✓ pass</span>"
        case .fail: "<span class=\"ass fail\">✗ fail</span>"
        case .hitAndMiss: "<span class=\"ass hit\">~ hit and miss</span>"
        case nil: ""
        }
        return variation + rule + "<br>" + assurance
    }

    static let variationKey = "(● common cause, ▲ improvement, ▼ concern: a special cause)"
    static let assuranceKey = "(✓ pass: the limits are wholly on the target's good side; ✗ fail: wholly on its bad side; ~ hit and miss)"

    // MARK: A provider

    func _providerSection(_ g: _Group, worst: [LateItem], peers: [_Group], national: _Group?) -> String {
        var out = "<section class=\"provider\" id=\"\(_providerAnchor(g))\">\n"
        out += "<h2>\(_html(g.providerID)) \(_html(_providerName(g) ?? "")): \(_html(_contractName(g.contract)))</h2>\n"
        if case .provider(let p) = g.scope {
            out += "<p class=\"meta\">Contract \(_html(g.contract)); region \(_html(dataset.providers.regions[p] ?? "none")); "
            out += "\(dataset.providers.divisions[p].rawValue) working days; service started \(dataset.providers.serviceStarts[p]).</p>\n"
        }
        // PMIR.
        if let row = _pmirRow(g) {
            out += "<div class=\"pmir\"><span class=\"level l\(row.level)\">PMIR level \(row.level) \(row.level.name)</span> "
            out += "<span class=\"reason\">\(_html(row.reason))</span>"
            let trail = pmir.rows.filter { $0.providerID == g.providerID && $0.contract == g.contract && $0.month <= month }.suffix(6)
            out += "<p class=\"trail\">Last months: " + trail.map { "<span class=\"level l\($0.level)\" title=\"\(_html($0.reason))\">\($0.month) L\($0.level)</span>" }.joined(separator: " ") + "</p></div>\n"
        }
        out += "<h3>KPIs in \(month)</h3>\n" + _kpiTable(g, forecasts: true)
        out += "<h3>Trends</h3>\n<div class=\"charts\">\n"
        for s in g.series { out += "<figure>" + _trendChart(s) + "</figure>\n" }
        out += "</div>\n"
        out += "<h3>Worst items in \(month)</h3>\n"
        if worst.isEmpty {
            out += "<p class=\"none\">No missed item counted in \(month).</p>\n"
        } else {
            out += "<table class=\"items\"><caption>The missed items counted in \(month) with the most working days past their deadline</caption><thead><tr><th scope=\"col\">KPI</th><th scope=\"col\">Case</th><th scope=\"col\">Item</th><th scope=\"col\">Started</th><th scope=\"col\">Deadline</th><th scope=\"col\">Ended</th><th scope=\"col\">Working days late</th></tr></thead><tbody>\n"
            for w in worst {
                let i = w.item
                out += "<tr><td>\(_html(w.kpi))</td><td>\(_html(i.caseID ?? ""))</td><td>\(_html(i.item))</td><td>\(i.start)</td>"
                out += "<td>\(i.deadline.map(\.description) ?? "")</td><td>\(i.end.map(\.description) ?? "open")</td><td class=\"num\">\(w.workingDaysLate.map(String.init) ?? "")</td></tr>\n"
            }
            out += "</tbody></table>\n"
        }
        out += _funnels(peers, national: national, highlight: g.providerID)
        out += _miSummary(g)
        return out + "</section>\n"
    }

    /// KPI rows: the four windows (or the quarter), pending in month and, for providers, the forecast.
    func _kpiTable(_ g: _Group, forecasts: Bool) -> String {
        let next = month.advanced(by: 1)
        var forecastRows: [Int: ForecastRow] = [:]
        if forecasts {
            for s in g.series { forecastRows[s] = _forecastsBySeries[s]?.first { $0.month == next } }
        }
        var out = "<table class=\"kpis\"><caption>\(_html(g.providerID == "NATIONAL" || g.providerID.hasPrefix("REGION:") ? g.providerID : g.providerID + " " + (_providerName(g) ?? "")))'s KPIs in \(month), \(_html(g.contract)): rate, met of measured items, variation and assurance\(forecasts ? ", and next month's forecast" : "")</caption><thead><tr><th scope=\"col\">KPI</th><th scope=\"col\">Target</th><th scope=\"col\">In month</th><th scope=\"col\">Rolling 3</th><th scope=\"col\">Rolling 12</th><th scope=\"col\">Cumulative</th><th scope=\"col\">Pending</th><th scope=\"col\">Variation, assurance (in month)</th>"
        if !forecastRows.isEmpty { out += "<th scope=\"col\">Forecast \(next) (80% interval)</th><th scope=\"col\">P(below target)</th>" }
        out += "</tr></thead><tbody>\n"
        for s in g.series {
            let kpi = _kpi(s)
            out += "<tr><th scope=\"row\"><span class=\"kpi-id\">\(_html(kpi.id))</span> \(_html(kpi.title))</th><td class=\"num\">\(Self._targetText(kpi.target))</td>"
            let windows: [ReportWindow] = kpi.isQuarterly ? [.quarter] : ReportWindow.monthly
            for window in windows {
                guard let row = _row(s, window) else { out += "<td class=\"rate r-none\">–</td>"; continue }
                let label = kpi.isQuarterly ? " <small>quarter to \(row.month)</small>" : ""
                guard let text = Self._rateText(row) else { out += "<td class=\"rate r-none\">–\(label)</td>"; continue }
                let flags = (row.targetMet == false ? " ▼" : "") + (row.isPartial ? " (p)" : "")
                out += "<td class=\"rate \(Self._cellClass(row))\" title=\"\(Self._ratingName(row.rating))\(row.targetMet == false ? "; below target" : "")\">"
                out += "\(text)\(flags)\(Self._ratingCode(row.rating))<small>\(row.countText(row.met))/\(row.countText(row.met + row.missed))</small>\(label)</td>"
            }
            if kpi.isQuarterly { out += "<td colspan=\"3\" class=\"r-none\">quarterly</td>" }
            let pending = _row(s, .inMonth).map { $0.countText($0.pending) } ?? ""
            out += "<td class=\"num\">\(pending)</td>"
            out += kpi.isQuarterly ? "<td class=\"r-none\">not charted</td>" : "<td>\(_spcCell(s))</td>"
            if !forecastRows.isEmpty {
                if let f = forecastRows[s], let rate = f.expectedRate, let lower = f.lower, let upper = f.upper {
                    let risk = f.pBelowTarget ?? 0
                    out += "<td class=\"num\">\(_percent(rate)) (\(_percent(lower))-\(_percent(upper)))</td>"
                    out += "<td class=\"num \(risk >= 0.5 ? "risk-high" : risk >= 0.2 ? "risk-mid" : "risk-low")\">\(Int((risk * 100).rounded()))%</td>"
                } else {
                    out += "<td class=\"r-none\">–</td><td class=\"r-none\">–</td>"
                }
            }
            out += "</tr>\n"
        }
        return out + "</tbody></table>\n"
    }

    func _trendChart(_ s: Int) -> String {
        let kpi = _kpi(s)
        let series = report.evaluation.series[s]
        let first = max(series.firstMonth, month.advanced(by: -(options.trendMonths - 1)))
        guard first <= month else { return "" }
        var months = Array(first...month)
        var inMonth: [Double?] = [], rolling: [Double?] = []
        if kpi.isQuarterly {
            months = months.filter(\.isQuarterEnd)
            for m in months { inMonth.append(Self._rate(report.rows(series: s, month: m).first)); rolling.append(nil) }
        } else {
            for m in months {
                let rows = report.rows(series: s, month: m)
                inMonth.append(Self._rate(rows.first { $0.window == .inMonth }))
                rolling.append(Self._rate(rows.first { $0.window == .rolling3 }))
            }
        }
        var points: [(month: Month, rate: Double, lower: Double, upper: Double)] = []
        for row in _forecastsBySeries[s] ?? [] where row.month >= month {
            if let rate = row.expectedRate, let lower = row.lower, let upper = row.upper {
                points.append((row.month, rate, lower, upper))
            }
        }
        guard !months.isEmpty else { return "" }
        var caption = "<span class=\"key-in-month\">● in month</span> <span class=\"key-rolling\">━ \(kpi.isQuarterly ? "" : "rolling 3")</span>"
        if kpi.isQuarterly { caption = "<span class=\"key-in-month\">● quarter</span>" }
        caption += " <span class=\"key-target\">- - target \(Self._targetText(kpi.target))</span>"
        for p in points {
            caption += "; <span class=\"key-forecast\">◇ forecast \(p.month) \(_percent(p.rate)) (80%: \(_percent(p.lower))-\(_percent(p.upper)))</span>"
        }
        let chart = _TrendChart(
            title: "\(kpi.id) \(kpi.title)", months: months, inMonth: inMonth, rolling: rolling,
            rollingName: kpi.isQuarterly ? "quarter" : "rolling 3", target: Double(kpi.target.rawValue) / 10_000,
            bands: kpi.rating, forecast: points
        )
        return chart.svg() + "<figcaption>\(caption)</figcaption>" + chart.figures
    }

    /// The worst items of every provider group (``KPIEvaluation/worstItems(in:groups:month:limit:)``), by provider
    /// and contract.
    func _worstItems(_ groups: [_Group]) -> [String: [LateItem]] {
        let lists = report.evaluation.worstItems(in: dataset, groups: groups.map(\.series), month: month, limit: options.worstItems)
        var result: [String: [LateItem]] = [:]
        for (g, list) in zip(groups, lists) where !list.isEmpty { result[g.providerID + "\u{0}" + g.contract] = list }
        return result
    }

    /// The provider's MI rows for the month: one line per measure, a column per period.
    func _miSummary(_ g: _Group) -> String {
        guard let mi else { return "" }
        let rows = mi.rows.filter { $0.providerID == g.providerID && $0.contract == g.contract && $0.month == month }
        guard !rows.isEmpty else { return "" }
        var out = "<h3>MI summary, \(month)</h3>\n"
        var returns: [String] = []
        for row in rows where !returns.contains(row.returnName) { returns.append(row.returnName) }
        for name in returns {
            let mine = rows.filter { $0.returnName == name }
            var periods: [String] = [], measures: [String] = []
            var value: [String: String] = [:]
            for row in mine {
                if !periods.contains(row.period) { periods.append(row.period) }
                if !measures.contains(row.measure) { measures.append(row.measure) }
                value[row.measure + "\u{0}" + row.period] = row.value
            }
            out += "<table class=\"mi\"><caption>\(_html(name))</caption><thead><tr><th scope=\"col\">Measure</th>"
            for p in periods { out += "<th scope=\"col\">\(_html(_spaced(p)))</th>" }
            out += "</tr></thead><tbody>\n"
            for m in measures {
                out += "<tr><th scope=\"row\">\(_html(_spaced(m)))</th>"
                for p in periods { out += "<td>\(_html(value[m + "\u{0}" + p] ?? ""))</td>" }
                out += "</tr>\n"
            }
            out += "</tbody></table>\n"
        }
        return out
    }

    // MARK: Names

    /// A measure or period name for reading: `_` as spaces.
    func _spaced(_ name: String) -> String { String(name.map { $0 == "_" ? " " : $0 }) }

    func _pmirRow(_ g: _Group) -> PMIRRow? {
        pmir.rows.first { $0.providerID == g.providerID && $0.contract == g.contract && $0.month == month }
    }

    func _providerRow(_ g: _Group) -> Int? {
        if case .provider(let p) = g.scope { return p }
        return nil
    }

    func _providerName(_ g: _Group) -> String? { _providerRow(g).flatMap { dataset.providers.names[$0] } }
    func _providerRegion(_ g: _Group) -> String? { _providerRow(g).flatMap { dataset.providers.regions[$0] } }

    func _contractName(_ contract: String) -> String {
        report.evaluation.catalog.definitions.first { $0.contract == contract }?.name ?? contract
    }

    func _providerAnchor(_ g: _Group) -> String { "provider-\(_anchor(g.providerID))-\(_anchor(g.contract))" }

    /// An id fragment: letters, digits and `-` kept, anything else as `_`.
    func _anchor(_ text: String) -> String {
        String(text.map { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") ? $0 : "_" })
    }

    static let css = """
        .data-quality { border: 2px solid #d4351c; background: #fdf2f0; color: #0b0c0c; padding: 0.5em 1em; margin: 0.5em 0; }
        .provenance code { font-size: 0.8em; word-break: break-all; }
        @page { size: A4 landscape; margin: 12mm; }
        body { font: 13px/1.4 system-ui, -apple-system, "Segoe UI", Arial, sans-serif; color: #1b1f24; margin: 1.5em; }
        h1 { font-size: 1.6em; margin: 0 0 .3em; } h2 { font-size: 1.3em; border-bottom: 2px solid #0b0c0c; padding-bottom: .2em; margin-top: 2em; }
        h3 { font-size: 1.05em; margin: 1.4em 0 .4em; }
        .meta { color: #505a5f; max-width: 70em; }
        nav ul { columns: 3; margin: .3em 0; } nav li { break-inside: avoid; }
        table { border-collapse: collapse; margin: .4em 0 1em; }
        caption { text-align: left; color: #303a3f; padding: .2em 0; }
        th, td { border: 1px solid #c8ccd0; padding: 3px 6px; text-align: left; vertical-align: top; }
        thead th { background: #f3f2f1; }
        td.num, td.rate { text-align: right; white-space: nowrap; }
        td.rate small { display: block; color: #505a5f; font-size: .8em; }
        .kpi-id { font-weight: 700; }
        .r-t4, .r-g { background: #cce8d4; } .r-t3 { background: #e6f2c2; } .r-t2, .r-a { background: #fde3b6; }
        .r-t1, .r-r { background: #f6c6c6; }
        .t-met { background: #e3f1e6; } .t-miss { background: #fbe1e1; } .r-none { background: #fff; color: #595f66; }
        .code { font-size: .8em; font-weight: 600; margin-left: .25em; }
        details.figures { max-width: 330px; font-size: .85em; } details.figures summary { cursor: pointer; color: #1d4f91; }
        .level { display: inline-block; padding: 1px 6px; border-radius: 3px; font-weight: 600; }
        .l1 { background: #e3e8ec; } .l2 { background: #fde3b6; } .l3 { background: #f9c38a; } .l4 { background: #e58b8b; }
        .pmir .reason { margin-left: .5em; } .trail .level { font-weight: 400; font-size: .85em; }
        .key-in-month { color: #1d70b8; } .key-rolling { color: #003078; font-weight: 700; } .key-forecast { color: #912b88; }
        .risk-high { background: #f6c6c6; } .risk-mid { background: #fde3b6; }
        tr.national td { font-weight: 600; border-top: 2px solid #0b0c0c; }
        .charts { display: flex; flex-wrap: wrap; gap: 10px; }
        figure { margin: 0; break-inside: avoid; } figcaption { max-width: 330px; font-size: .85em; color: #303a3f; }
        svg { background: #fff; border: 1px solid #e1e4e6; }
        svg .axis { font-size: 8px; fill: #505a5f; } svg .legend { font-size: 9px; font-weight: 600; fill: #1b1f24; }
        svg .legend.key { font-weight: 400; }
        svg .grid { stroke: #e6e8ea; stroke-width: .5; }
        svg .b-t4, svg .b-g { fill: #cce8d4; opacity: .55; } svg .b-t3 { fill: #e6f2c2; opacity: .6; }
        svg .b-t2, svg .b-a { fill: #fde3b6; opacity: .6; } svg .b-t1, svg .b-r { fill: #f6c6c6; opacity: .6; }
        svg .target { stroke: #0b0c0c; stroke-dasharray: 4 3; stroke-width: 1; }
        svg path.in-month { fill: none; stroke: #1d70b8; stroke-width: 1; } svg circle.in-month { fill: #1d70b8; }
        svg path.rolling { fill: none; stroke: #003078; stroke-width: 2.2; }
        svg .forecast line { stroke: #912b88; stroke-width: 1.5; } svg .forecast path { fill: #fff; stroke: #912b88; stroke-width: 1.5; }
        svg .limit-95 { fill: none; stroke: #6f777b; stroke-dasharray: 3 2; } svg .limit-998 { fill: none; stroke: #0b0c0c; }
        svg .centre { stroke: #003078; }
        svg .point.ok { fill: #1d70b8; } svg .point.alert { fill: #f47738; } svg .point.alarm { fill: #d4351c; }
        svg .point.mine { stroke: #0b0c0c; stroke-width: 1.5; } svg .binomial { stroke-width: .6; stroke-dasharray: 2 2; stroke: #8a9096; }
        .var.concern { color: #942514; font-weight: 700; } .var.improvement { color: #005a30; font-weight: 700; } .var.common { color: #505a5f; }
        .ass.fail { color: #942514; } .ass.pass { color: #005a30; } .ass.hit { color: #594d00; }
        table.matrix td { font-size: .85em; white-space: nowrap; }
        @media print {
          body { margin: 0; font-size: 11px; } nav { display: none; }
          section.contract, section.provider { break-before: page; }
          a { color: inherit; text-decoration: none; }
          details.figures { display: none; }
        }

        """
}

/// A number with a fixed count of decimals, for captions (`4.86`).
func _decimal(_ value: Double, _ places: Int) -> String {
    formattedDecimal(value, places: places) ?? "–"
}
