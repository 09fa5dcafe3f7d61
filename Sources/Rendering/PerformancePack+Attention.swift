import Assurance
import Forecasting
import PMIR
import KPIEngine
import WorkingDays

extension PerformancePack {
    /// What makes a provider (or a pool) need attention in the reporting month.
    struct _Flags {
        /// PMIR level 2 or above.
        var level: PMIRRow?
        /// In-month series with a special-cause concern.
        var concerns: [Int] = []
        /// Series whose in-month figure (quarterly KPIs: latest quarter) is below target.
        var below: [Int] = []
        /// Series whose next month is forecast below target with probability 50% or more.
        var breaches: [(series: Int, risk: Double)] = []

        var isEmpty: Bool { level == nil && concerns.isEmpty && below.isEmpty && breaches.isEmpty }
        /// Only figures below target: no level 2+, no special cause, no likely breach (one line, not a row).
        var isBelowTargetOnly: Bool { level == nil && concerns.isEmpty && breaches.isEmpty && !below.isEmpty }
        /// Worst first: level, then the number of flags.
        var rank: (Int, Int) { (level?.level.rawValue ?? 0, concerns.count + below.count + breaches.count) }
    }

    /// The smallest forecast probability of missing the target that the first screen calls a likely breach.
    static let breachRisk = 0.5

    func _flags(_ g: _Group) -> _Flags {
        var flags = _Flags()
        if let row = _pmirRow(g), row.level.rawValue >= 2 { flags.level = row }
        let next = month.advanced(by: 1)
        for s in g.series {
            if spc.chart(series: s)?.point(in: month)?.variation == .concern { flags.concerns.append(s) }
            if _row(s, .inMonth)?.targetMet == false { flags.below.append(s) }
            if let risk = _forecastsBySeries[s]?.first(where: { $0.month == next })?.pBelowTarget, risk >= Self.breachRisk {
                flags.breaches.append((s, risk))
            }
        }
        return flags
    }

    /// The first screen: per contract, the providers (and the national pool) that need attention and why, each a
    /// link to its section; the providers without a flag named in one line.
    ///
    /// Rule (the DocC article "Performance pack"): a provider gets a row when it is at PMIR level 2 or above, or
    /// one of its in-month series shows a special-cause concern, or next month's forecast gives 50% or more to
    /// missing a target; worst first (level, then the number of flags). A provider whose only flag is an in-month
    /// figure below target is named on one line under the table (with the KPIs), so the rows stay the few that
    /// matter at 40 providers.
    func _attentionSection(_ contracts: [String], groups: [_Group], shown: [_Group]) -> String {
        var out = "<section id=\"attention\" aria-labelledby=\"attention-title\">\n<h2 id=\"attention-title\">Needs attention in \(month)</h2>\n"
        for contract in contracts {
            let providers = shown.filter { $0.contract == contract }
            let national = groups.first { $0.contract == contract && $0.scope == .national }
            var listed: [(g: _Group, flags: _Flags)] = [], belowOnly: [(g: _Group, flags: _Flags)] = []
            var clear: [_Group] = []
            for g in providers {
                let flags = _flags(g)
                if flags.isEmpty { clear.append(g) } else if flags.isBelowTargetOnly { belowOnly.append((g, flags)) } else { listed.append((g, flags)) }
            }
            listed.sort { a, b in a.flags.rank != b.flags.rank ? a.flags.rank > b.flags.rank : a.g.providerID < b.g.providerID }
            if let national { let flags = _flags(national); if !flags.isEmpty { listed.append((national, flags)) } }
            let heading = "attention-" + _anchor(contract)
            out += "<h3 id=\"\(heading)\">\(_html(_contractName(contract))) (\(_html(contract)))</h3>\n"
            guard !listed.isEmpty || !belowOnly.isEmpty else {
                out += "<p>No provider at PMIR level 2 or above, no special-cause concern, no figure below target and no likely breach.</p>\n"
                continue
            }
            if !listed.isEmpty { out += _attentionTable(listed, contract: contract, heading: heading) }
            if !belowOnly.isEmpty {
                out += "<p class=\"clear\">Below target in \(month) only (level 1, no special cause, no likely breach): " + belowOnly.map { g, flags in
                    "<a href=\"#\(_providerAnchor(g))\">\(_html(g.providerID))</a> (" + flags.below.map { _html(_kpi($0).id) }.joined(separator: ", ") + ")"
                }.joined(separator: "; ") + ".</p>\n"
            }
            if !clear.isEmpty {
                out += "<p class=\"clear\">No flag: " + clear.map { "<a href=\"#\(_providerAnchor($0))\">\(_html($0.providerID))</a>" }.joined(separator: ", ") + ".</p>\n"
            }
        }
        return out + "</section>\n"
    }

    /// The first screen's table of one contract: a row per provider (and NATIONAL) with a level of 2 or above, a
    /// special-cause concern or a likely breach; the KPIs as chips that lead to their figures.
    func _attentionTable(_ listed: [(g: _Group, flags: _Flags)], contract: String, heading: String) -> String {
        let next = month.advanced(by: 1)
        var out = ""
        out += "<div class=\"wide\"><table class=\"attention\" aria-labelledby=\"\(heading)\"><thead><tr>"
        out += "<th scope=\"col\">Provider</th><th scope=\"col\">PMIR level</th><th scope=\"col\">Special-cause concern</th>"
        out += "<th scope=\"col\">Below target in \(month)</th>"
        if !_forecastsBySeries.isEmpty { out += "<th scope=\"col\">Chance of missing target in \(next)</th>" }
        out += "</tr></thead><tbody>\n"
        for (g, flags) in listed {
            let anchor = _providerAnchor(g)
            let isNational = g.scope == .national
            let name = isNational ? "NATIONAL" : _html(g.providerID) + (_providerName(g).map { "<br><small>\(_html($0))</small>" } ?? "")
            out += "<tr\(isNational ? " class=\"national\"" : "")><th scope=\"row\"><a href=\"#\(isNational ? "contract-" + _anchor(contract) : anchor)\">\(name)</a></th><td>"
            if let row = flags.level {
                out += "<span class=\"level l\(row.level)\">Level \(row.level) \(row.level.name)</span><br><small>\(_html(row.reason))</small>"
            } else if let row = _pmirRow(g) {
                out += "Level \(row.level) \(row.level.name)"
            }
            out += "</td><td>" + flags.concerns.map { s in
                let rule = spc.chart(series: s)?.point(in: month)?.rule.map { " <small>(\($0.rawValue.replacingOccurrences(of: "_", with: " ")))</small>" } ?? ""
                return "<span class=\"chip\"><a href=\"#\(_kpiAnchor(g, s))\">\(_html(_kpi(s).id))</a> ▼\(rule)</span>"
            }.joined(separator: ", ") + "</td><td>"
            out += flags.below.map { s in
                let row = _row(s, .inMonth)
                let rate = row.flatMap(Self._rateText) ?? ""
                return "<span class=\"chip\"><a href=\"#\(_kpi(s).isQuarterly ? _kpiAnchor(g, s) : _itemsAnchor(g, s))\">\(_html(_kpi(s).id)) \(rate)</a> <small>of \(Self._targetText(_kpi(s).target))</small></span>"
            }.joined(separator: ", ") + "</td>"
            if !_forecastsBySeries.isEmpty {
                out += "<td>" + flags.breaches.map { b in
                    "<span class=\"chip\"><a href=\"#\(_kpiAnchor(g, b.series))\">\(_html(_kpi(b.series).id))</a> \(Int((b.risk * 100).rounded()))%</span>"
                }.joined(separator: ", ") + "</td>"
            }
            out += "</tr>\n"
        }
        out += "</tbody></table></div>\n"
        return out
    }
}

extension PerformancePack {
    /// The missed items behind a series' figures below target in the reporting month.
    struct _Shortfall {
        /// The widest monthly window below target: its items include every narrower window's.
        var window: ReportWindow
        var missed: Int64
        var items: [LateItem]
    }

    /// Items listed per figure below target (the pack's size at 40 providers chose it: ≤ 2 MB).
    static let shortfallItems = 3

    /// The items behind every figure below target of `groups` (monthly KPIs; a pool's from its members), in one
    /// pass over the data, keyed by series.
    func _shortfalls(_ groups: [_Group], providers: [_Group]) -> [Int: _Shortfall] {
        var keys: [(series: Int, window: ReportWindow, missed: Int64)] = []
        var members: [[Int]] = [], ranges: [ClosedRange<Month>] = []
        for g in groups {
            for s in g.series where !_kpi(s).isQuarterly {
                guard let window = ReportWindow.monthly.last(where: { _row(s, $0)?.targetMet == false }),
                      let row = _row(s, window) else { continue }
                let id = _kpi(s).id
                switch g.scope {
                case .provider: members.append([s])
                case .national:
                    members.append(providers.filter { $0.contract == g.contract }.compactMap { p in p.series.first { _kpi($0).id == id } })
                case .region(let name):
                    members.append(providers.filter { $0.contract == g.contract && _providerRegion($0) == name }
                        .compactMap { p in p.series.first { _kpi($0).id == id } })
                }
                keys.append((s, window, row.missed))
                ranges.append(window.months(endingIn: month, from: report.evaluation.series[s].firstMonth))
            }
        }
        let lists = report.evaluation.lateItems(in: dataset, groups: members, months: ranges, limit: Self.shortfallItems)
        var result: [Int: _Shortfall] = [:]
        for (key, list) in zip(keys, lists) { result[key.series] = _Shortfall(window: key.window, missed: key.missed, items: list) }
        return result
    }

    /// A group's missed items behind its figures below target, folded: one table, a section (`tbody`) per KPI that
    /// the figures link to, with the count in each window below target and the command that lists them all.
    func _shortfallLists(_ g: _Group, _ shortfalls: [Int: _Shortfall], title: String? = nil) -> String {
        let listed = g.series.filter { shortfalls[$0] != nil }
        guard !listed.isEmpty else { return "" }
        let pooled = _providerRow(g) == nil
        let columns = pooled ? 9 : 8
        var out = "<details class=\"shortfall\"><summary>\(title.map { $0 + ": m" } ?? "M")issed items behind the figures below target: "
        out += listed.map { _html(_kpi($0).id) }.joined(separator: ", ") + "</summary><div class=\"wide\">"
        out += "<table class=\"items\(pooled ? " pooled" : "")\"><caption>Per KPI, the missed items of its widest window below target with the most working days past their deadline (days are working days); all of them: <code>kpi cases --provider \(_html(g.providerID)) --kpi KPI --month \(month) --window WINDOW --status missed</code></caption><thead><tr>"
        out += (pooled ? "<th scope=\"col\">Provider</th>" : "")
        out += Self._itemHeader + "</tr></thead>\n"
        for s in listed {
            guard let shortfall = shortfalls[s] else { continue }
            let kpi = _kpi(s)
            let below = ReportWindow.monthly.filter { _row(s, $0)?.targetMet == false }
            let counts = below.compactMap { w in _row(s, w).map { "\(w.words) \($0.missed)" } }.joined(separator: ", ")
            let shown = shortfall.items.count
            out += "<tbody id=\"\(_itemsAnchor(g, s))\"><tr><th scope=\"colgroup\" colspan=\"\(columns)\">\(_html(kpi.id)) \(_html(kpi.shortName)): missed \(counts); "
            out += shown < shortfall.missed ? "the \(shown) most overdue" : "all"
            out += " of the \(shortfall.window.words) window (--window \(shortfall.window.rawValue))</th></tr>\n"
            for late in shortfall.items { out += "<tr>" + (pooled ? "<td>\(_html(late.providerID))</td>" : "") + _itemCells(late) + "</tr>\n" }
            out += "</tbody>\n"
        }
        return out + "</table></div></details>\n"
    }

    /// The header cells of ``_itemCells(_:)``.
    static let _itemHeader = ["Case", "Item", "Counted in", "Started", "Deadline", "Ended", "Days taken", "Days past deadline"]
        .map { "<th scope=\"col\">\($0)</th>" }.joined()

    /// An item's cells: case, item, month counted, dates, working days taken (as `kpi cases` counts them) and past
    /// the deadline.
    func _itemCells(_ late: LateItem) -> String {
        let i = late.item
        return "<td>\(_html(i.caseID ?? ""))</td><td>\(_html(i.item))</td><td>\(Month(containing: i.counted))</td><td>\(i.start)</td>"
            + "<td>\(i.deadline.map(\.description) ?? "")</td><td>\(i.end.map(\.description) ?? (i.deadline == nil ? "rejected \(i.counted)" : "open"))</td>"
            + "<td>\(i.workingDaysTaken.map(String.init) ?? "")</td><td>\(late.workingDaysLate.map(String.init) ?? "")</td>"
    }

    func _kpiAnchor(_ g: _Group, _ s: Int) -> String { _providerAnchor(g) + "-" + _anchor(_kpi(s).id) }
    func _itemsAnchor(_ g: _Group, _ s: Int) -> String { "items-" + _kpiAnchor(g, s) }
}
