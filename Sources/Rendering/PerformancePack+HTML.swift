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
    ///
    /// Order: the first screen (who needs attention and why, per contract), then per contract the league table,
    /// the assurance summary, national and regional figures and the funnel plots, then a section per provider,
    /// then how to read the pack.
    public func html() -> String {
        let groups = _groups()
        let allProviders = groups.filter { _providerRow($0) != nil }
        let providerGroups = allProviders.filter { options.provider == nil || $0.providerID == options.provider }
        let worst = _worstItems(providerGroups)
        let contracts = groups.reduce(into: [String]()) { if !$0.contains($1.contract) { $0.append($1.contract) } }
        let pools = groups.filter { g in
            if case .region = g.scope { return _regionMembers(g, allProviders).count > 1 }
            return g.scope == .national
        }
        let shortfalls = _shortfalls(pools + providerGroups, providers: allProviders)
        let funnels = _funnels(groups, providers: allProviders)
        var out = "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n"
        out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        out += "<title>Contract Performance Review \(month)</title>\n<style>\n\(Self.css)</style>\n</head>\n<body>\n"
        out += "<header>\n<h1>Access to Work: Contract Performance Review, \(month)</h1>\n"
        out += "<p class=\"meta\">As of \(report.evaluation.asOf). <a href=\"#contents\">Contents</a> · <a href=\"#notes\">How to read this pack</a></p>\n"
        out += _provenanceSection()
        out += "</header>\n<main>\n"
        out += _attentionSection(contracts, groups: groups, shown: providerGroups)
        out += "<details id=\"contents\"><summary>Contents: \(contracts.count) contract\(contracts.count == 1 ? "" : "s"), \(providerGroups.count) provider\(providerGroups.count == 1 ? "" : "s")</summary><nav aria-label=\"Contents\"><ul>\n"
        for contract in contracts {
            out += "<li><a href=\"#contract-\(_anchor(contract))\">\(_html(_contractName(contract))): league table and national figures</a><ul>"
            for g in providerGroups where g.contract == contract {
                out += "<li><a href=\"#\(_providerAnchor(g))\">\(_html(_who(g)))</a></li>"
            }
            out += "</ul></li>\n"
        }
        out += "</ul></nav></details>\n"
        for contract in contracts {
            out += _contractSection(contract, groups: groups.filter { $0.contract == contract }, shortfalls: shortfalls, funnels: funnels)
        }
        for g in providerGroups {
            out += _providerSection(g, worst: worst[g.providerID + "\u{0}" + g.contract] ?? [], shortfalls: shortfalls, funnels: funnels)
        }
        out += _notesSection()
        out += "</main>\n</body>\n</html>\n"
        return out
    }

    /// How to read the pack: the cell marks, the rating codes, the control-chart symbols.
    func _notesSection() -> String {
        var out = "<section id=\"notes\" aria-labelledby=\"notes-title\">\n<h2 id=\"notes-title\">How to read this pack</h2>\n"
        out += "<p class=\"meta\">Rates are met ÷ (met + missed); pending and excluded items are not in them. "
        out += "Each rate is followed by its rating, T4 Good, T3 Near Target, T2 Needs Improvement, T1 Inadequate (Cabinet Office tiers) or G, A, R (Green, Amber, Red), and the cell's colour repeats it; a KPI without rating bands is coloured by whether it met its target. ▼ below target: the figure links to the missed items behind it (the most working days past their deadline; <code>kpi cases</code> lists all of them); (p) a rolling window shorter than its span (service started within it). Every chart's figures follow it as a table.</p>\n"
        out += "<p class=\"meta\">Statistical process control of each in-month series (\(spc.options.chart.rawValue) chart, limits from its first \(spc.options.baselinePoints) months): variation \(Self.variationKey) and assurance against the target \(Self.assuranceKey). Every symbol is followed by its word.</p>\n"
        out += "<p class=\"meta\">Items: <em>working days taken</em> run from the start event to the end (to the as-of date while open), as <code>kpi cases</code> counts them; <em>working days past deadline</em> run from the day after the deadline to the end. Both are in the provider's division's working days.</p>\n"
        return out + "</section>\n"
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

    func _contractSection(_ contract: String, groups: [_Group], shortfalls: [Int: _Shortfall], funnels: [String: _Funnel]) -> String {
        let providers = groups.filter { _providerRow($0) != nil }
        let national = groups.first { $0.scope == .national }
        var out = "<section class=\"contract\" id=\"contract-\(_anchor(contract))\">\n"
        out += "<h2>\(_html(_contractName(contract))) (\(_html(contract))): league table and national figures</h2>\n"
        // PMIR levels across providers, each provider named.
        var atLevel = [PMIRLevel: [_Group]]()
        for g in providers { if let row = _pmirRow(g) { atLevel[row.level, default: []].append(g) } }
        out += "<p class=\"pmir-summary\">PMIR in \(month): "
        out += PMIRLevel.allCases.reversed().compactMap { level -> String? in
            guard let members = atLevel[level] else { return nil }
            let names = members.map { "<a href=\"#\(_providerAnchor($0))\">\(_html($0.providerID))</a>" }.joined(separator: ", ")
            return "<span class=\"level l\(level)\">Level \(level) \(level.name)</span> \(names)"
        }.joined(separator: "; ") + "</p>\n"
        out += _leagueTable(providers, national: national)
        out += _assuranceMatrix(providers, national: national)
        if let national {
            out += "<h3>National figures</h3>\n" + _kpiTable(national, shortfalls: shortfalls, forecasts: false)
            out += _shortfallLists(national, shortfalls)
        }
        out += _regionTable(groups, providers: providers, shortfalls: shortfalls)
        out += _funnelPlots(national, funnels)
        return out + "</section>\n"
    }

    /// Regions down, KPIs across: each region's in-month rate (quarterly KPIs: the latest quarter) with its rating
    /// and, below it, the rolling 3 months; a figure below target leads to the missed items behind it. A region of
    /// one provider is named with a link to the provider (its figures are the region's).
    func _regionTable(_ groups: [_Group], providers: [_Group], shortfalls: [Int: _Shortfall]) -> String {
        var pooled: [_Group] = [], single: [(name: String, provider: _Group)] = []
        for g in groups {
            guard case .region(let name) = g.scope else { continue }
            let members = _regionMembers(g, providers)
            if members.count == 1, let only = members.first { single.append((name, only)) } else { pooled.append(g) }
        }
        var out = ""
        if let first = pooled.first {
            out += "<h3>Regions, \(month)</h3>\n<div class=\"wide\"><table class=\"regions\"><caption>Each region's providers pooled: in month (quarterly KPIs: the quarter), then rolling 3 months; ▼ below target</caption><thead><tr><th scope=\"col\">Region</th><th scope=\"col\">Providers</th>"
            for s in first.series { out += "<th scope=\"col\" title=\"\(_html(_kpi(s).title))\">\(_html(_kpi(s).id))<br><small>\(_html(_kpi(s).shortName))</small></th>" }
            out += "</tr></thead><tbody>\n"
            for g in pooled {
                guard case .region(let name) = g.scope else { continue }
                let members = _regionMembers(g, providers).map { "<a href=\"#\(_providerAnchor($0))\">\(_html($0.providerID))</a>" }
                out += "<tr id=\"\(_providerAnchor(g))\"><th scope=\"row\">\(_html(name))</th><td>\(members.joined(separator: " "))</td>"
                for s in g.series {
                    let kpi = _kpi(s)
                    guard let row = _row(s, .inMonth), let text = Self._rateText(row) else {
                        out += "<td class=\"rate r-none\">–</td>"
                        continue
                    }
                    let below = row.targetMet == false
                    let figure = below && shortfalls[s] != nil ? "<a href=\"#\(_itemsAnchor(g, s))\">\(text) ▼</a>" : text + (below ? " ▼" : "")
                    var second = ""
                    if !kpi.isQuarterly, let r3 = _row(s, .rolling3), let t3 = Self._rateText(r3) {
                        second = "<small>r3 \(r3.targetMet == false && shortfalls[s] != nil ? "<a href=\"#\(_itemsAnchor(g, s))\">\(t3) ▼</a>" : t3 + (r3.targetMet == false ? " ▼" : ""))</small>"
                    }
                    out += "<td class=\"rate \(Self._cellClass(row))\">\(figure)\(Self._ratingCode(row.rating))\(second)</td>"
                }
                out += "</tr>\n"
            }
            out += "</tbody></table></div>\n"
            for g in pooled {
                guard case .region(let name) = g.scope else { continue }
                out += _shortfallLists(g, shortfalls, title: "Region \(_html(name))")
            }
        }
        if !single.isEmpty {
            out += "<p class=\"region-one\">Regions of one provider (its figures are the region's): "
            out += single.map { "\(_html($0.name)) <a href=\"#\(_providerAnchor($0.provider))\">\(_html($0.provider.providerID))</a>" }.joined(separator: ", ") + ".</p>\n"
        }
        return out
    }

    /// The providers of a region's pool.
    func _regionMembers(_ g: _Group, _ providers: [_Group]) -> [_Group] {
        guard case .region(let name) = g.scope else { return [] }
        return providers.filter { $0.contract == g.contract && _providerRegion($0) == name }
    }

    /// Providers ranked by KPIs meeting target on the rolling 3-month window (quarterly KPIs: the latest
    /// quarter), then by the share of all their measured items met, then by id.
    func _leagueTable(_ providers: [_Group], national: _Group?) -> String {
        guard let first = providers.first else { return "" }
        let kpiSeries = first.series
        let league = LeagueTable(report, contract: first.contract, month: month)
        var out = "<h3>League table, rolling 3 months to \(month)</h3>\n<div class=\"wide\"><table class=\"league\">\n<caption>Providers ranked by the KPIs meeting target on the rolling 3 months to \(month); ▼ below target (a link to its missed items)</caption>\n<thead><tr><th scope=\"col\">Rank</th><th scope=\"col\">Provider</th><th scope=\"col\">Region</th><th scope=\"col\">PMIR</th><th scope=\"col\">Targets met</th>"
        for s in kpiSeries { out += "<th scope=\"col\" title=\"\(_html(_kpi(s).title))\">\(_html(_kpi(s).id))<br><small>\(_html(_kpi(s).shortName))</small></th>" }
        out += "</tr></thead>\n<tbody>\n"
        func cells(_ g: _Group) -> String {
            var row = ""
            for s in kpiSeries {
                let id = _kpi(s).id
                guard let mine = g.series.first(where: { _kpi($0).id == id }), let r = _row(mine, .rolling3), let text = Self._rateText(r) else {
                    row += "<td class=\"rate r-none\">–</td>"
                    continue
                }
                let figure = r.targetMet == false && !_kpi(mine).isQuarterly ? "<a href=\"#\(_itemsAnchor(g, mine))\">\(text) ▼</a>" : text + (r.targetMet == false ? " ▼" : "")
                row += "<td class=\"rate \(Self._cellClass(r))\">\(figure)\(Self._ratingCode(r.rating))</td>"
            }
            return row
        }
        for (rank, line) in league.lines.enumerated() {
            guard let g = providers.first(where: { $0.providerID == line.providerID }) else { continue }
            let level = _pmirRow(g).map { "<span class=\"level l\($0.level)\">\($0.level)</span>" } ?? ""
            out += "<tr><td>\(rank + 1)</td><td><a href=\"#\(_providerAnchor(g))\">\(_html(g.providerID))</a>\(_providerName(g).map { " " + _html($0) } ?? "")</td>"
            out += "<td>\(_html(_providerRegion(g) ?? ""))</td><td>\(level)</td><td>\(line.met) of \(line.rated)</td>\(cells(g))</tr>\n"
        }
        if let national { out += "<tr class=\"national\"><td></td><td>NATIONAL</td><td></td><td></td><td></td>\(cells(national))</tr>\n" }
        return out + "</tbody></table></div>\n"
    }

    /// One funnel plot per monthly KPI: providers' rolling 3-month rates against their volumes around the
    /// national rate, with limits adjusted for over-dispersion (``FunnelLimits``), every point labelled with its
    /// provider. HA-6, a share of FTE rather than a count of items, is left out.
    func _funnelPlots(_ national: _Group?, _ funnels: [String: _Funnel]) -> String {
        guard let national else { return "" }
        var out = "<h3>Funnel plots, rolling 3 months to \(month)</h3>\n"
        out += "<p class=\"meta\">Each dot is a provider, labelled with its id; the lines are the national rate and its 95% (inner) and 99.8% (outer) limits for the provider's volume: solid, adjusted for the spread providers show beyond chance (Spiegelhalter's additive random effects, τ²); thin dashed, binomial chance alone (drawn when they differ). Below the adjusted 99.8% limit: alarm; below 95%: alert. HA-6 (an FTE share, not a count of items) has no funnel.</p>\n<div class=\"charts\">\n"
        for s in national.series where !_kpi(s).isQuarterly {
            let kpi = _kpi(s)
            guard let funnel = funnels[national.contract + "\u{0}" + kpi.id] else { continue }
            let points = funnel.points
            out += "<figure class=\"funnel\" id=\"\(_funnelAnchor(national.contract, kpi.id))\">"
            let chart = _FunnelChart(title: "\(kpi.id) \(kpi.shortName)", funnel: funnel.limits, points: points)
            out += chart.svg()
            var notes: [String] = []
            for (name, position) in [("Below the 99.8% limit (alarm)", FunnelPosition.alarm), ("Below the 95% limit (alert)", .alert)] {
                let hits = points.filter { funnel.limits.position(rate: $0.rate, volume: $0.volume) == position }
                if !hits.isEmpty {
                    notes.append("\(name): " + hits.map { "\(_html($0.label)) \(_percent($0.rate)) of \(Int($0.volume.rounded()))" }.joined(separator: ", "))
                }
            }
            let limits = funnel.limits
            let dispersion = limits.tau2 > 0
                ? "Over-dispersion φ = \(_decimal(limits.phi, 2)) across \(limits.providers) providers; τ² = \(_decimal(limits.tau2 * 10_000, 2)) (points²), limits widened."
                : limits.providers < FunnelLimits.minimumProviders
                ? "Binomial limits: over-dispersion needs \(FunnelLimits.minimumProviders) providers or more (φ = \(_decimal(limits.phi, 2)) across \(limits.providers))."
                : "No over-dispersion (φ = \(_decimal(limits.phi, 2)) across \(limits.providers) providers): binomial limits."
            out += "<figcaption>\(_html(kpi.id)) \(_html(kpi.title)): national \(_percent(limits.rate)). \(notes.isEmpty ? "No provider below the 95% limit." : notes.joined(separator: ". ") + ".") \(dispersion)</figcaption>" + chart.figures + "</figure>\n"
        }
        return out + "</div>\n"
    }

    /// One KPI's funnel: the national rolling-3 rate's limits and every provider's rate and volume.
    typealias _Funnel = (limits: FunnelLimits, points: [(label: String, volume: Double, rate: Double)])

    /// Every contract's funnel per monthly KPI, made once for the national plots and the providers' positions, keyed
    /// by contract and KPI id.
    func _funnels(_ groups: [_Group], providers: [_Group]) -> [String: _Funnel] {
        var result: [String: _Funnel] = [:]
        for national in groups where national.scope == .national {
            let peers = providers.filter { $0.contract == national.contract }
            for ns in national.series where !_kpi(ns).isQuarterly {
                let kpi = _kpi(ns).id
                guard let centre = Self._rate(_row(ns, .rolling3)) else { continue }
                var points: [(label: String, volume: Double, rate: Double)] = []
                var units: [(met: Int64, measured: Int64)] = []
                for g in peers {
                    guard let mine = g.series.first(where: { _kpi($0).id == kpi }), let row = _row(mine, .rolling3),
                          let rate = Self._rate(row) else { continue }
                    points.append((g.providerID, Double(row.met + row.missed), rate))
                    units.append((row.met, row.met + row.missed))
                }
                result[national.contract + "\u{0}" + kpi] = (FunnelLimits(rate: centre, units: units), points)
            }
        }
        return result
    }

    func _funnelAnchor(_ contract: String, _ kpi: String) -> String { "funnel-\(_anchor(contract))-\(_anchor(kpi))" }

    /// Providers down, KPIs across: the variation and assurance of each in-month series in the month.
    func _assuranceMatrix(_ providers: [_Group], national: _Group?) -> String {
        guard let first = providers.first ?? national else { return "" }
        let kpis = first.series.map(_kpi).filter { !$0.isQuarterly }
        var out = "<h3>Assurance summary, \(month)</h3>\n<div class=\"wide\"><table class=\"matrix\"><caption>Variation and assurance of each in-month series (statistical process control): where the real problems are.</caption>\n"
        out += "<thead><tr><th scope=\"col\">Provider</th>"
        for kpi in kpis { out += "<th scope=\"col\" title=\"\(_html(kpi.title))\">\(_html(kpi.id))<br><small>\(_html(kpi.shortName))</small></th>" }
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
        return out + "</tbody></table></div>\n"
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

    func _providerSection(_ g: _Group, worst: [LateItem], shortfalls: [Int: _Shortfall], funnels: [String: _Funnel]) -> String {
        var out = "<section class=\"provider\" id=\"\(_providerAnchor(g))\">\n"
        out += "<h2>\(_html(_who(g))): \(_html(_contractName(g.contract)))</h2>\n"
        if case .provider(let p) = g.scope {
            out += "<p class=\"meta\">Contract \(_html(g.contract)); region \(_html(dataset.providers.regions[p] ?? "none")); "
            out += "\(dataset.providers.divisions[p].rawValue) working days; service started \(dataset.providers.serviceStarts[p]).</p>\n"
        }
        // PMIR.
        if let row = _pmirRow(g) {
            out += "<div class=\"pmir\"><span class=\"level l\(row.level)\">PMIR level \(row.level) \(row.level.name)</span> "
            out += "<span class=\"reason\">\(_html(row.reason))</span>"
            let trail = pmir.rows.filter { $0.providerID == g.providerID && $0.contract == g.contract && $0.month <= month }.suffix(6)
            out += "<p class=\"trail\">Last months: " + trail.map { "<span class=\"level l\($0.level)\">\($0.month) L\($0.level)</span>" }.joined(separator: " ") + "</p></div>\n"
        }
        let positions = Dictionary(g.series.compactMap { s -> (Int, FunnelPosition)? in
            guard let f = funnels[g.contract + "\u{0}" + _kpi(s).id], let me = f.points.first(where: { $0.label == g.providerID }) else { return nil }
            return (s, f.limits.position(rate: me.rate, volume: me.volume))
        }, uniquingKeysWith: { a, _ in a })
        out += "<h3>KPIs in \(month)</h3>\n" + _kpiTable(g, shortfalls: shortfalls, forecasts: true, funnels: positions)
        out += _shortfallLists(g, shortfalls)
        out += "<h3>Trends</h3>\n<p class=\"key\"><span class=\"key-in-month\">● in month (HA-6: quarter)</span> <span class=\"key-rolling\">━ rolling 3 months</span> <span class=\"key-target\">- - target</span> <span class=\"key-forecast\">◇ forecast with its 80% interval</span>; the bands behind are the rating bands.</p>\n<div class=\"charts\">\n"
        var figures: [(kpi: KPIDefinition, months: [Month], inMonth: [Double?], rolling: [Double?])] = []
        for s in g.series {
            guard let trend = _trend(s) else { continue }
            out += "<figure>" + trend.chart.svg() + "<figcaption>\(trend.caption)</figcaption></figure>\n"
            figures.append((_kpi(s), trend.chart.months, trend.chart.inMonth, trend.chart.rolling))
        }
        out += "</div>\n" + _trendFigures(g, figures)
        out += "<h3>Worst items in \(month)</h3>\n"
        if worst.isEmpty {
            out += "<p class=\"none\">No missed item counted in \(month).</p>\n"
        } else {
            out += "<div class=\"wide\"><table class=\"items kpi\"><caption>The missed items counted in \(month) with the most working days past their deadline (days are working days)</caption><thead><tr><th scope=\"col\">KPI</th>" + Self._itemHeader + "</tr></thead><tbody>\n"
            for w in worst { out += "<tr><td>\(_html(w.kpi))</td>" + _itemCells(w) + "</tr>\n" }
            out += "</tbody></table></div>\n"
        }
        out += _miSummary(g)
        return out + "</section>\n"
    }

    /// KPI rows: the four windows (or the quarter), pending in month and, for providers, the position in the
    /// national funnel and the forecast. A figure below target links to the missed items behind it.
    func _kpiTable(_ g: _Group, shortfalls: [Int: _Shortfall], forecasts: Bool, funnels: [Int: FunnelPosition] = [:]) -> String {
        let next = month.advanced(by: 1)
        var forecastRows: [Int: ForecastRow] = [:]
        if forecasts {
            for s in g.series { forecastRows[s] = _forecastsBySeries[s]?.first { $0.month == next } }
        }
        let who = _who(g)
        var out = "<div class=\"wide\"><table class=\"kpis\"><caption>\(_html(who)), \(month): rate, met/measured, rating</caption><thead><tr><th scope=\"col\">KPI</th><th scope=\"col\">Target</th><th scope=\"col\">In month</th><th scope=\"col\">Rolling 3</th><th scope=\"col\">Rolling 12</th><th scope=\"col\">Cumulative</th><th scope=\"col\">Pending</th><th scope=\"col\">Variation, assurance (in month)</th>"
        if !funnels.isEmpty { out += "<th scope=\"col\">Funnel (rolling 3)</th>" }
        if !forecastRows.isEmpty { out += "<th scope=\"col\">Forecast \(next) (80% interval)</th><th scope=\"col\">P(below target)</th>" }
        out += "</tr></thead><tbody>\n"
        for s in g.series {
            let kpi = _kpi(s)
            out += "<tr id=\"\(_kpiAnchor(g, s))\"><th scope=\"row\"><b>\(_html(kpi.id))</b> \(_html(kpi.shortName))</th><td class=\"num\">\(Self._targetText(kpi.target))</td>"
            let windows: [ReportWindow] = kpi.isQuarterly ? [.quarter] : ReportWindow.monthly
            for window in windows {
                guard let row = _row(s, window) else { out += "<td class=\"rate r-none\">–</td>"; continue }
                let label = kpi.isQuarterly ? " <small>quarter to \(row.month)</small>" : ""
                guard let text = Self._rateText(row) else { out += "<td class=\"rate r-none\">–\(label)</td>"; continue }
                let flags = (row.targetMet == false ? " ▼" : "") + (row.isPartial ? " (p)" : "")
                let figure = row.targetMet == false && shortfalls[s] != nil ? "<a href=\"#\(_itemsAnchor(g, s))\">\(text)\(flags)</a>" : text + flags
                out += "<td class=\"rate \(Self._cellClass(row))\">"
                out += "\(figure)\(Self._ratingCode(row.rating))<small>\(row.countText(row.met))/\(row.countText(row.met + row.missed))</small>\(label)</td>"
            }
            if kpi.isQuarterly { out += "<td colspan=\"3\" class=\"r-none\">quarterly</td>" }
            let pending = _row(s, .inMonth).map { $0.countText($0.pending) } ?? ""
            out += "<td class=\"num\">\(pending)</td>"
            out += kpi.isQuarterly ? "<td class=\"r-none\">not charted</td>" : "<td>\(_spcCell(s))</td>"
            if !funnels.isEmpty {
                if let position = funnels[s] {
                    out += "<td><a href=\"#\(_funnelAnchor(g.contract, kpi.id))\" class=\"pos-\(position == .alarm ? "alarm" : position == .alert ? "alert" : "ok")\">\(position.rawValue)</a></td>"
                } else {
                    out += "<td class=\"r-none\">–</td>"
                }
            }
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
        return out + "</tbody></table></div>\n"
    }

    /// A series' trend chart and its caption (the key and the forecast in words).
    func _trend(_ s: Int) -> (chart: _TrendChart, caption: String)? {
        let kpi = _kpi(s)
        let series = report.evaluation.series[s]
        let first = max(series.firstMonth, month.advanced(by: -(options.trendMonths - 1)))
        guard first <= month else { return nil }
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
        guard !months.isEmpty else { return nil }
        var caption = "Target \(Self._targetText(kpi.target))"
        for p in points {
            caption += "; forecast \(p.month) \(_percent(p.rate)) (80%: \(_percent(p.lower))-\(_percent(p.upper)))"
        }
        let chart = _TrendChart(
            title: "\(kpi.id) \(kpi.shortName)", months: months, inMonth: inMonth, rolling: rolling,
            rollingName: kpi.isQuarterly ? "quarter" : "rolling 3", target: Double(kpi.target.rawValue) / 10_000,
            bands: kpi.rating, forecast: points
        )
        return (chart, caption)
    }

    /// The trend charts' figures as one folded table: months down, each KPI's in-month (quarterly: quarter) and
    /// rolling 3-month rates across.
    func _trendFigures(_ g: _Group, _ charts: [(kpi: KPIDefinition, months: [Month], inMonth: [Double?], rolling: [Double?])]) -> String {
        var months: [Month] = []
        for c in charts { months.append(contentsOf: c.months) }
        months = Array(Set(months)).sorted()
        guard !months.isEmpty else { return "" }
        var out = "<details class=\"figures\"><summary>Figures of the trend charts</summary><div class=\"wide\"><table><caption>\(_html(g.providerID))'s monthly rates (%): in month / rolling 3 months (quarterly KPIs: the quarter)</caption><thead><tr><th scope=\"col\">Month</th>"
        for c in charts { out += "<th scope=\"col\">\(_html(c.kpi.id))</th>" }
        out += "</tr></thead><tbody>"
        let index = charts.map { c in Dictionary(uniqueKeysWithValues: c.months.enumerated().map { ($1, $0) }) }
        for m in months {
            out += "<tr><th scope=\"row\">\(m)</th>"
            for (c, at) in zip(charts, index) {
                guard let k = at[m] else { out += "<td></td>"; continue }
                let first = c.inMonth[k].map(_percentNumber) ?? "–"
                out += c.kpi.isQuarterly ? "<td>\(first)</td>" : "<td>\(first) / \(c.rolling[k].map(_percentNumber) ?? "–")</td>"
            }
            out += "</tr>"
        }
        return out + "</tbody></table></div></details>\n"
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
                // As the terminal shows it: a rating by name, a percentage to one decimal.
                value[row.measure + "\u{0}" + row.period] = (MIReturns.labelledValue(row) ?? .text(row.value)).tableText(.text)
            }
            out += "<div class=\"wide\"><table class=\"mi\"><caption>\(_html(name))</caption><thead><tr><th scope=\"col\">Measure</th>"
            for p in periods { out += "<th scope=\"col\">\(_html(_spaced(p)))</th>" }
            out += "</tr></thead><tbody>\n"
            for m in measures {
                out += "<tr><th scope=\"row\">\(_html(_spaced(m)))</th>"
                for p in periods { out += "<td>\(_html(value[m + "\u{0}" + p] ?? ""))</td>" }
                out += "</tr>\n"
            }
            out += "</tbody></table></div>\n"
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

    /// A provider's id and name (`P001 Provider 1 Ltd`), its id when it has no name, or a pool's id.
    func _who(_ g: _Group) -> String { g.providerID + (_providerName(g).map { " " + $0 } ?? "") }

    func _providerName(_ g: _Group) -> String? {
        _providerRow(g).flatMap { dataset.providers.names[$0] }.flatMap { $0.isEmpty ? nil : $0 }
    }


    func _providerRegion(_ g: _Group) -> String? { _providerRow(g).flatMap { dataset.providers.regions[$0] } }

    func _contractName(_ contract: String) -> String {
        report.evaluation.catalog.definitions.first { $0.contract == contract }?.name ?? contract
    }

    func _providerAnchor(_ g: _Group) -> String { "p-\(_anchor(g.providerID))-\(_anchor(g.contract))" }

    /// An id fragment: letters, digits and `-` kept, anything else as `_`.
    func _anchor(_ text: String) -> String {
        String(text.map { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") ? $0 : "_" })
    }

    static let css = """
        .data-quality { border: 2px solid #d4351c; background: #fdf2f0; color: #0b0c0c; padding: 0.3em 1em; margin: 0.3em 0; }
        .provenance code { font-size: 0.8em; word-break: break-all; }
        @page { size: A4 landscape; margin: 10mm; }
        body { font: 13px/1.35 system-ui, -apple-system, "Segoe UI", Arial, sans-serif; color: #1b1f24; margin: 1em 1.5em; max-width: 1250px; }
        h1 { font-size: 1.5em; margin: 0 0 .2em; } h2 { font-size: 1.3em; border-bottom: 2px solid #0b0c0c; padding-bottom: .2em; margin-top: 1.6em; }
        #attention h2 { margin-top: .6em; } #attention h3 { margin: .6em 0 .2em; }
        h3 { font-size: 1.05em; margin: 1.2em 0 .4em; }
        header p, header details { margin: .2em 0; }
        .meta { color: #505a5f; max-width: 70em; }
        nav ul { columns: 3; margin: .3em 0; } nav li { break-inside: avoid; }
        .wide { max-width: 100%; overflow-x: auto; }
        table { border-collapse: collapse; margin: .4em 0 1em; }
        caption { text-align: left; color: #303a3f; padding: .2em 0; }
        th, td { border: 1px solid #c8ccd0; padding: 3px 5px; text-align: left; vertical-align: top; }
        thead th { background: #f3f2f1; }
        thead th small { font-weight: 400; }
        td.num, td.rate { text-align: right; white-space: nowrap; }
        td.rate small { display: block; color: #505a5f; font-size: .8em; } td.rate small a { color: #303a3f; }
        table.attention td, table.attention th { padding: 2px 6px; } table.attention small { color: #303a3f; }
        table.attention th[scope=row] { white-space: nowrap; } .chip { white-space: nowrap; } table.attention td:nth-child(2) { min-width: 22em; }
        table.items td:nth-child(n+7) { text-align: right; } table.items.pooled td:nth-child(n+8), table.items.kpi td:nth-child(n+8) { text-align: right; }
        table.attention { margin-bottom: .3em; } .clear { margin: 0 0 .3em; color: #303a3f; }
        .r-t4, .r-g { background: #cce8d4; } .r-t3 { background: #e6f2c2; } .r-t2, .r-a { background: #fde3b6; }
        .r-t1, .r-r { background: #f6c6c6; }
        .t-met { background: #e3f1e6; } .t-miss { background: #fbe1e1; } .r-none { background: #fff; color: #595f66; }
        td.rate a { color: #0b0c0c; }
        .code { font-size: .8em; font-weight: 600; margin-left: .25em; }
        details summary { cursor: pointer; color: #1d4f91; }
        details.shortfall { margin: .2em 0; }
        .level { display: inline-block; padding: 1px 6px; border-radius: 3px; font-weight: 600; }
        .l1 { background: #e3e8ec; } .l2 { background: #fde3b6; } .l3 { background: #f9c38a; } .l4 { background: #e58b8b; }
        .pmir .reason { margin-left: .5em; } .trail .level { font-weight: 400; font-size: .85em; }
        .key-in-month { color: #1d70b8; } .key-rolling { color: #003078; font-weight: 700; } .key-forecast { color: #912b88; }
        .risk-high { background: #f6c6c6; } .risk-mid { background: #fde3b6; }
        .pos-alarm { color: #942514; font-weight: 700; } .pos-alert { color: #8a3b00; font-weight: 700; }
        tr.national td, tr.national th { font-weight: 600; border-top: 2px solid #0b0c0c; }
        .charts { display: flex; flex-wrap: wrap; gap: 10px; }
        figure { margin: 0; break-inside: avoid; } figcaption { max-width: 330px; font-size: .85em; color: #303a3f; }
        details.figures { font-size: .85em; } details.funnel-figures { max-width: 330px; font-size: .85em; }
        svg { background: #fff; border: 1px solid #e1e4e6; } svg.trend { width: 330px; height: 170px; } svg.funnel { width: 330px; height: 200px; }
        svg .axis { font-size: 8px; fill: #505a5f; } svg .legend { font-size: 9px; font-weight: 600; fill: #1b1f24; }
        svg .label { font-size: 7.5px; fill: #1b1f24; } svg .leader { stroke: #8a9096; stroke-width: .5; }
        svg .grid { stroke: #e6e8ea; stroke-width: .5; }
        svg .b-t4, svg .b-g { fill: #cce8d4; opacity: .55; } svg .b-t3 { fill: #e6f2c2; opacity: .6; }
        svg .b-t2, svg .b-a { fill: #fde3b6; opacity: .6; } svg .b-t1, svg .b-r { fill: #f6c6c6; opacity: .6; }
        svg .target { stroke: #0b0c0c; stroke-dasharray: 4 3; stroke-width: 1; }
        svg .im { fill: none; stroke: #1d70b8; stroke-width: 1; } svg .dots { fill: none; stroke: #1d70b8; stroke-width: 3.6; stroke-linecap: round; }
        svg .r3 { fill: none; stroke: #003078; stroke-width: 2.2; }
        svg .forecast line { stroke: #912b88; stroke-width: 1.5; } svg .forecast path { fill: #fff; stroke: #912b88; stroke-width: 1.5; }
        svg .limit-95 { fill: none; stroke: #6f777b; stroke-dasharray: 3 2; } svg .limit-998 { fill: none; stroke: #0b0c0c; }
        svg .centre { stroke: #003078; }
        svg .point.ok { fill: #1d70b8; } svg .point.alert { fill: #f47738; } svg .point.alarm { fill: #d4351c; }
        svg .binomial { stroke-width: .6; stroke-dasharray: 2 2; stroke: #8a9096; }
        .var.concern { color: #942514; font-weight: 700; } .var.improvement { color: #005a30; font-weight: 700; } .var.common { color: #505a5f; }
        .ass.fail { color: #942514; } .ass.pass { color: #005a30; } .ass.hit { color: #594d00; }
        table.matrix td { font-size: .85em; white-space: nowrap; }
        @media print {
          body { margin: 0; font-size: 10px; max-width: none; } #contents { display: none; }
          section.contract, section.provider, #notes { break-before: page; }
          table, figure, .pmir { break-inside: avoid; } h2, h3 { break-after: avoid; }
          thead { display: table-header-group; }
          .wide { overflow: visible; }
          a { color: inherit; text-decoration: none; }
          details.figures, details.funnel-figures, details.shortfall { display: none; }
        }

        """
}

/// A number with a fixed count of decimals, for captions (`4.86`).
func _decimal(_ value: Double, _ places: Int) -> String {
    formattedDecimal(value, places: places) ?? "–"
}
