#!/usr/bin/env python3
"""Summarises results.tsv of run.sh: a markdown table and an SVG chart of throughput ratios.

Usage: summarize.py results.tsv [chart.svg]
       summarize.py --startup startup.tsv
Per cell (tenants, connections, scenario, variant) over the rounds: median throughput, median p50 and
p99, the ratio to the hand-written baseline of the same round and cell (median, min-max), and the
application's and PostgreSQL's CPU time per request (median); then issue 12's targets, each checked.
With --startup: per variant the median time from launch to the first 200 and its ratio to hand.
"""
import statistics
import sys
from collections import defaultdict

VARIANTS = ["hand", "kit-off", "kit-on", "textbook", "base-off", "base-on"]
SCENARIOS = ["get", "page", "put", "post"]
COLORS = {"kit-off": "#4c78a8", "kit-on": "#f58518", "textbook": "#54a24b", "base-off": "#9ecae9", "base-on": "#ffbf79"}


def load(path):
    header, rows, notes = None, [], []
    with open(path) as f:
        for line in f:
            line = line.rstrip("\n")
            if line.startswith("#"):
                notes.append(line[2:])
            elif header is None:
                header = line.split("\t")
            elif line:
                rows.append(dict(zip(header, line.split("\t"))))
    for r in rows:
        requests, seconds, tck = int(r["requests"]), int(r["duration_us"]) / 1e6, int(r["clk_tck"])
        r["rps"] = requests / seconds
        r["app_us"] = int(r["app_ticks"]) / tck * 1e6 / max(requests, 1)
        r["pg_us"] = int(r["pg_ticks"]) / tck * 1e6 / max(requests, 1)
    return notes, rows


def order(key):
    tenants, conns, scenario, variant = key
    return (int(tenants), int(conns), SCENARIOS.index(scenario) if scenario in SCENARIOS else 9,
            VARIANTS.index(variant) if variant in VARIANTS else 9)


def summarise(rows):
    cells = defaultdict(list)
    for r in rows:
        cells[(r["tenants"], r["connections"], r["scenario"], r["variant"])].append(r)
    base = {(r["round"], r["tenants"], r["connections"], r["scenario"]): r["rps"] for r in rows if r["variant"] == "hand"}
    summary = {}
    for key in sorted(cells, key=order):
        runs = cells[key]
        ratios = [r["rps"] / base[(r["round"],) + key[:3]] for r in runs if (r["round"],) + key[:3] in base]
        summary[key] = {
            "n": len(runs),
            "rps": statistics.median(r["rps"] for r in runs),
            "p50": statistics.median(int(r["p50_us"]) for r in runs) / 1000,
            "p99": statistics.median(int(r["p99_us"]) for r in runs) / 1000,
            "ratio": (statistics.median(ratios), min(ratios), max(ratios)) if ratios else None,
            "app_us": statistics.median(r["app_us"] for r in runs),
            "pg_us": statistics.median(r["pg_us"] for r in runs),
            "errors": sum(int(r["non2xx"]) + int(r["socket_errors"]) for r in runs),
            "load": statistics.median(float(r["load1"]) for r in runs),
        }
    return summary


def table(notes, summary):
    out = ["Run: " + n for n in notes]
    out.append("")
    out.append("| Tenants | Conns | Scenario | Variant | n | req/s (median) | vs hand: median (min – max) "
               "| p50 ms | p99 ms | app CPU µs/req | PG CPU µs/req | errors | load1 |")
    out.append("|---:|---:|---|---|---:|---:|---|---:|---:|---:|---:|---:|---:|")
    for (tenants, conns, scenario, variant), s in summary.items():
        ratio = "1" if variant == "hand" else (
            "%.3f (%.3f – %.3f)" % s["ratio"] if s["ratio"] else "–")
        out.append("| %s | %s | %s | %s | %d | %.0f | %s | %.1f | %.1f | %.0f | %.0f | %d | %.1f |" % (
            tenants, conns, scenario, variant, s["n"], s["rps"], ratio, s["p50"], s["p99"], s["app_us"],
            s["pg_us"], s["errors"], s["load"]))
    return "\n".join(out)


def svg(summary, path):
    groups = []
    for (tenants, conns, scenario, variant), s in summary.items():
        if variant != "hand" and s["ratio"]:
            label = "%s t, %s c, %s" % (tenants, conns, scenario)
            if not groups or groups[-1][0] != label:
                groups.append((label, []))
            groups[-1][1].append((variant, s["ratio"]))
    bar, gap, left, width, top = 12, 10, 170, 460, 40
    hi = max([1.2] + [r[2] for _, bars in groups for _, r in bars])
    scale = width / hi
    height = top + sum(len(b) * bar + gap for _, b in groups) + 40
    parts = ['<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" font-family="sans-serif" '
             'font-size="11">' % (left + width + 120, height),
             '<text x="10" y="20" font-size="13">Throughput relative to the hand-written service '
             '(median, whiskers min–max over rounds)</text>']
    y = top
    for label, bars in groups:
        parts.append('<text x="%d" y="%d" text-anchor="end">%s</text>' % (left - 6, y + len(bars) * bar / 2 + 4, label))
        for variant, (med, lo, hi_) in bars:
            parts.append('<rect x="%d" y="%d" width="%.1f" height="%d" fill="%s"/>' % (
                left, y, med * scale, bar - 2, COLORS.get(variant, "#999")))
            parts.append('<line x1="%.1f" x2="%.1f" y1="%d" y2="%d" stroke="black"/>' % (
                left + lo * scale, left + hi_ * scale, y + bar / 2 - 1, y + bar / 2 - 1))
            parts.append('<text x="%.1f" y="%d">%.2f</text>' % (left + max(hi_, med) * scale + 4, y + bar - 3, med))
            y += bar
        y += gap
    for tick in [x / 10 for x in range(0, int(hi * 10) + 1, 2)]:
        parts.append('<line x1="%.1f" x2="%.1f" y1="%d" y2="%d" stroke="%s"/>' % (
            left + tick * scale, left + tick * scale, top - 4, y, "black" if tick == 1.0 else "#ddd"))
        parts.append('<text x="%.1f" y="%d" text-anchor="middle">%.1f</text>' % (left + tick * scale, y + 14, tick))
    x = left
    for variant, color in COLORS.items():
        parts.append('<rect x="%d" y="%d" width="10" height="10" fill="%s"/><text x="%d" y="%d">%s</text>' % (
            x, y + 22, color, x + 14, y + 31, variant))
        x += 90
    parts.append("</svg>")
    with open(path, "w") as f:
        f.write("\n".join(parts) + "\n")


def verdict(ok):
    return "met" if ok else "MISSED"


def targets(summary):
    """Issue 12's throughput and latency targets, each with the worst cell."""
    out = ["", "Targets (issue 12), each with its worst cell:", ""]
    for variant, floor in (("kit-off", 0.98), ("kit-on", 0.95)):
        cells = [(s["ratio"][0], key) for key, s in summary.items() if key[3] == variant and s["ratio"]]
        if cells:
            worst = min(cells)
            out.append("- %s / hand >= %.2f in every cell: worst %.3f (%s tenants, %s connections, %s): %s" % (
                variant, floor, worst[0], worst[1][0], worst[1][1], worst[1][2], verdict(worst[0] >= floor)))
    p99 = [(summary[key]["p99"] / summary[key[:3] + ("hand",)]["p99"], key) for key in summary
           if key[3] == "kit-off" and key[:3] + ("hand",) in summary]
    if p99:
        worst = max(p99)
        out.append("- kit-off p99 <= 1.10 x hand's: worst %.2f (%s tenants, %s connections, %s): %s" % (
            worst[0], worst[1][0], worst[1][1], worst[1][2], verdict(worst[0] <= 1.10)))
    tenant_counts = sorted({int(key[0]) for key in summary})
    if len(tenant_counts) > 1:
        few, many = str(tenant_counts[0]), str(tenant_counts[-1])
        own = {}
        for variant in ("hand", "kit-off", "kit-on"):
            ratios = [(summary[(many,) + key[1:]]["rps"] / s["rps"], key) for key, s in summary.items()
                      if key[0] == few and key[3] == variant and (many,) + key[1:] in summary]
            own[variant] = {key[1:3]: ratio for ratio, key in ratios}
            if ratios:
                worst = min(ratios)
                out.append("- %s: %s / %s tenants >= 0.97: worst %.3f (%s connections, %s)%s" % (
                    variant, many, few, worst[0], worst[1][1], worst[1][2],
                    "" if variant == "hand" else ": " + verdict(worst[0] >= 0.97)))
        # The same ratio divided by the hand-written service's: what the kit adds to the
        # cost of more tenants beyond what the database and the data set add for everyone.
        for variant in ("kit-off", "kit-on"):
            relative = [(ratio / own["hand"][cell], cell) for cell, ratio in own[variant].items()
                        if cell in own.get("hand", {})]
            if relative:
                worst = min(relative)
                out.append("  - %s's, relative to hand's own: worst %.3f (%s connections, %s)" % (
                    variant, worst[0], worst[1][0], worst[1][1]))
    spread = [(s["p99"] / s["p50"], key) for key, s in summary.items()
              if key[1] == "256" and key[3] in ("kit-off", "kit-on") and s["p50"] > 0]
    if spread:
        worst = max(spread)
        out.append("- p99 <= 3 x p50 at 256 connections (kit): worst %.2f (%s tenants, %s, %s): %s" % (
            worst[0], worst[1][0], worst[1][2], worst[1][3], verdict(worst[0] <= 3)))
    return "\n".join(out)


def startup(path):
    rows = []
    with open(path) as f:
        header = f.readline().rstrip("\n").split("\t")
        rows = [dict(zip(header, line.rstrip("\n").split("\t"))) for line in f if line.strip()]
    by_variant = defaultdict(list)
    for r in rows:
        by_variant[r["variant"]].append(r)
    hand = {r["round"]: int(r["wall_ms"]) for r in by_variant.get("hand", [])}
    out = ["", "| Variant | n | launch to first 200, ms (median, min – max) | vs hand (median of rounds) "
           "| CPU until then, ms (median) |", "|---|---:|---|---|---:|"]
    for variant, runs in by_variant.items():
        walls = [int(r["wall_ms"]) for r in runs]
        ratios = [int(r["wall_ms"]) / hand[r["round"]] for r in runs if r["round"] in hand]
        out.append("| %s | %d | %d (%d – %d) | %s | %d |" % (
            variant, len(runs), statistics.median(walls), min(walls), max(walls),
            "%.2f (%.2f – %.2f)" % (statistics.median(ratios), min(ratios), max(ratios)) if ratios else "–",
            statistics.median(int(r["cpu_ms"]) for r in runs)))
    for variant in ("kit-off", "kit-on", "kit-premigrated"):
        ratios = [int(r["wall_ms"]) / hand[r["round"]] for r in by_variant.get(variant, []) if r["round"] in hand]
        if ratios:
            out.append("- startup of %s <= 1.15 x hand's: median %.2f: %s" % (
                variant, statistics.median(ratios), verdict(statistics.median(ratios) <= 1.15)))
    return "\n".join(out)


def main():
    if sys.argv[1] == "--startup":
        print(startup(sys.argv[2]))
        return
    notes, rows = load(sys.argv[1])
    summary = summarise(rows)
    print(table(notes, summary))
    print(targets(summary))
    if len(sys.argv) > 2:
        svg(summary, sys.argv[2])


if __name__ == "__main__":
    main()
