#!/usr/bin/env python3
# ruff: noqa  (kept exactly as the independent attacker wrote it)
"""Blind disclosure attack on Heard's published CSV tables.

Written on 2026-12-05 by an independent attacker who had not read Heard's code, from the published
outputs only (`heard report --format csv` for every quarter, cohort and whole-month range of a demo
council, and `heard campaign show`). Kept unchanged apart from this paragraph, as the attack that
disclosure control must survive; its first result is recorded in bench/RESULTS.md. To rerun: seed
a demo council (`heard migrate && heard demo seed`), publish the papers into one folder each, then
`python bench/disclosure/attack.py DIR...` (exit 1 when any hidden cell is pinned or narrowed).

usage: attack.py [--c-min 0|1] DIR [DIR ...]
Each DIR is one published paper (the unzipped CSV tables + codebook.csv), or
the ZIP inside it is read directly.  Optionally DIRs may contain
campaign_*.txt (heard campaign show output) which are parsed for round counts.

All numbers are modelled as sums of non-negative integer "atoms":
  atom = (measure, month, cohort-atom, row, col)  for month-based tables
  cohort atoms: A8 (in care 8-10), A11 (11-15), A16 (16-17), CL (care leavers)
Every published number is an equality; every "c" (and every blank percent)
is a hidden linear expression whose min and max are found with MILP.
Exit 1 if any hidden cell is pinned or narrowed to < 5 feasible integers.
"""
import csv, io, os, re, sys, zipfile, glob
import numpy as np
from scipy.optimize import milp, LinearConstraint, Bounds

BIG = 5000
TODAY_MONTH = (2026, 12)
WB_BY_MONTH = os.environ.get("WB_BY_MONTH", "1") == "1"
ATOMS = ["A8", "A11", "A16", "CL"]


def cohort_atoms(cover):
    c = cover.lower()
    if "8-10" in c: return ["A8"]
    if "11-15" in c: return ["A11"]
    if "16-17" in c: return ["A16"]
    if "children in care and care leavers" in c: return ATOMS
    if "care leaver" in c: return ["CL"]
    if "children in care" in c: return ["A8", "A11", "A16"]
    raise ValueError(cover)


def months_of(label):
    label = label.strip()
    MON = {n: i + 1 for i, n in enumerate("January February March April May June July August September October November December".split())}
    m = re.fullmatch(r"(\d{4})-Q([1-4]) \(to \d+ (\w+) (\d{4})\)", label)
    if m:
        y, q, last = int(m[1]), int(m[2]), MON[m[3]]
        return [(y, mo) for mo in range(3 * (q - 1) + 1, last + 1)]
    m = re.fullmatch(r"(\d{4})-Q([1-4]) to date", label)
    if m:  # title says e.g. 'October to November 2026, to date': whole months so far
        y, q = int(m[1]), int(m[2])
        return [(y, mo) for mo in range(3 * (q - 1) + 1, 3 * (q - 1) + 3) if (y, mo) < TODAY_MONTH]
    m = re.fullmatch(r"(\d{4})-Q([1-4])", label)
    if m:
        y, q = int(m[1]), int(m[2])
        return [(y, 3 * (q - 1) + i) for i in (1, 2, 3)]
    m = re.fullmatch(r"(\d{4})-(\d{2})(?:-\d{2})? to (\d{4})-(\d{2})(?:-\d{2})?", label)
    if m:
        y, mo, y2, mo2 = int(m[1]), int(m[2]), int(m[3]), int(m[4])
        out = []
        while (y, mo) <= (y2, mo2):
            out.append((y, mo)); mo += 1
            if mo == 13: y, mo = y + 1, 1
        return out
    m = re.fullmatch(r"(\d{4})-(\d{2})", label)
    if m:
        return [(int(m[1]), int(m[2]))]
    return None


class Model:
    def __init__(self, cmin=0):
        self.idx = {}
        self.rows = []  # (dict var->coef, lo, hi, source)
        self.hidden = []  # (label, dict, source)
        self.cmin = cmin

    def v(self, key):
        if key not in self.idx:
            self.idx[key] = len(self.idx)
        return self.idx[key]

    def expr(self, keys):
        d = {}
        for k in keys:
            i = self.v(k); d[i] = d.get(i, 0) + 1
        return d

    def add(self, d, lo, hi, src):
        self.rows.append((d, lo, hi, src))

    def cell(self, keys, text, label, src):
        """a published cell: number -> equality; c -> hidden."""
        d = self.expr(keys)
        t = (text or "").strip()
        if re.fullmatch(r"\d+", t):
            self.add(d, int(t), int(t), f"{label} = {t}")
            return d
        if t == "c":
            self.hidden.append((label, d, src))
            if self.cmin:
                self.add(d, self.cmin, np.inf, src + " [c>=1 assumption]")
            return d
        return d  # unknown/blank: unconstrained

    def diff(self, d1, d2):
        d = dict(d1)
        for k, c in d2.items():
            d[k] = d.get(k, 0) - c
        return {k: c for k, c in d.items() if c}


def read_tables(path):
    """return {short_name: rows} for a paper folder or zip"""
    files = {}
    zips = glob.glob(os.path.join(path, "*.zip")) if os.path.isdir(path) else [path]
    if zips:
        with zipfile.ZipFile(zips[0]) as z:
            for n in z.namelist():
                if n.endswith(".csv"):
                    files[n] = z.read(n).decode("utf-8-sig")
    else:
        for n in glob.glob(os.path.join(path, "*.csv")):
            files[os.path.basename(n)] = open(n, encoding="utf-8-sig").read()
    return {n: list(csv.reader(io.StringIO(t))) for n, t in files.items()}


def change_constraint(M, cur, prev, text, src):
    t = text or ""
    m = re.search(r"up (\d+)", t)
    if m: M.add(M.diff(cur, prev), int(m[1]), int(m[1]), src + " change"); return
    m = re.search(r"down (\d+)", t)
    if m: M.add(M.diff(prev, cur), int(m[1]), int(m[1]), src + " change"); return
    if "none either time" in t:
        M.add(cur, 0, 0, src + " change"); M.add(prev, 0, 0, src + " change"); return
    if re.search(r"no change|same", t):
        M.add(M.diff(cur, prev), 0, 0, src + " change")


def parse_paper(M, path):
    T = read_tables(path)
    cb = [f for f in T if f.endswith("codebook.csv")][0]
    readme = T[cb][1][2]
    m = re.search(r"period (.+?), covering (.+?)\.?$", readme)
    plabel, cover = m[1], m[2]
    atoms = cohort_atoms(cover)
    pm = months_of(plabel)
    tag = os.path.basename(os.path.normpath(path))
    for fn, rows in sorted(T.items()):
        try:
            parse_table(M, fn, rows, tag, pm, plabel, atoms)
        except Exception as e:
            print(f"skip table {tag}/{fn}: {type(e).__name__} {e}", file=sys.stderr)


def parse_table(M, fn, rows, tag, pm, plabel, atoms):
    if True:
        base = re.sub(r"^\d+-", "", fn)
        src = f"{tag}/{fn}"
        hdr, body = rows[0], rows[1:]
        if base.startswith("issues-raised") or base.startswith("you-said-we-did"):
            meas = "ISS" if base.startswith("issues") else "OUT"
            ti = hdr.index("Total")
            cats = hdr[1:ti]
            prevcol = hdr[ti + 1] if len(hdr) > ti + 1 and meas == "ISS" else None
            prevm = months_of(prevcol) if prevcol else None
            rowsets = {}
            for r in body:
                name = r[0]
                if name == "Total":
                    continue
                rowsets[name] = True
            rownames = list(rowsets)
            for r in body:
                name = r[0]
                rn = rownames if name == "Total" else [name]
                for j, cat in enumerate(cats):
                    keys = [(meas, mo, a, x, cat) for mo in pm for a in atoms for x in rn]
                    M.cell(keys, r[1 + j], f"{src} row={name!r} col={cat!r}", src)
                keys = [(meas, mo, a, x, cat) for mo in pm for a in atoms for x in rn for cat in cats]
                cur = M.cell(keys, r[ti], f"{src} row={name!r} col='Total'", src)
                if prevm:
                    keys = [(meas, mo, a, x, cat) for mo in prevm for a in atoms for x in rn for cat in cats]
                    prev = M.cell(keys, r[ti + 1], f"{src} row={name!r} col={prevcol!r}", src)
                    if len(r) > ti + 2:
                        change_constraint(M, cur, prev, r[ti + 2], f"{src} row={name!r}")
        elif base.startswith("themes"):
            o = 1 if hdr[2] == "source" else 0
            curcol, prevcol = hdr[2 + o], hdr[3 + o]
            prevm = months_of(prevcol)
            for r in body:
                srcn = r[2] if o else "Issues"
                th = r[0] if srcn == "Issues" else r[0] + "|" + srcn
                rl = r[0] if not o else f"{r[0]} [{srcn}]"
                keys = [("TH", mo, a, th) for mo in pm for a in atoms]
                cur = M.cell(keys, r[2 + o], f"{src} row={rl!r} col={curcol!r}", src)
                prev = cur
                if prevm:
                    keys = [("TH", mo, a, th) for mo in prevm for a in atoms]
                    prev = M.cell(keys, r[3 + o], f"{src} row={rl!r} col={prevcol!r}", src)
                    change_constraint(M, cur, prev, r[4 + o] if len(r) > 4 + o else "", f"{src} row={rl!r}")
        elif base.startswith("safeguarding"):
            kinds = [r[0] for r in body if r[0] != "Total"]
            for r in body:
                kk = kinds if r[0] == "Total" else [r[0]]
                keys = [("SG", mo, a, k) for mo in pm for a in atoms for k in kk]
                M.cell(keys, r[1], f"{src} row={r[0]!r}", src)
        elif base.startswith("responses"):
            rnd = base
            rowatoms = []
            for r in body:
                if r[0] != "Total":
                    rowatoms.append(cohort_atoms(r[0])[0])
            cols = ["Completed", "Started, not finished", "Not started"]
            for r in body:
                ra = rowatoms if r[0] == "Total" else [cohort_atoms(r[0])[0]]
                ds = []
                for j, col in enumerate(cols):
                    keys = [("RESP", rnd, a, col) for a in ra]
                    ds.append(M.cell(keys, r[1 + j], f"{src} row={r[0]!r} col={col!r}", src))
                keys = [("RESP", rnd, a, col) for a in ra for col in cols]
                tot = M.cell(keys, r[4], f"{src} row={r[0]!r} col='Total'", src)
                mm = re.fullmatch(r"(\d+)%", r[5].strip()) if len(r) > 5 else None
                if mm:  # completed/total within rounding
                    p = int(mm[1])
                    d = M.diff({k: 100 * c for k, c in ds[0].items()}, {k: (p - 0.5) * c for k, c in tot.items()})
                    M.add(d, -1e-9, np.inf, src + " rate")
                    d = M.diff({k: 100 * c for k, c in ds[0].items()}, {k: (p + 0.5) * c for k, c in tot.items()})
                    M.add(d, -np.inf, 1e-9, src + " rate")
        elif base.startswith("wellbeing"):
            WBM = pm if WB_BY_MONTH else [plabel]
            byq = {}
            for r in body:
                byq.setdefault(r[0], []).append(r)
            for q, rs in byq.items():
                answers = [r[1] for r in rs]
                baset = rs[0][3].strip()
                allk = [("WB", mo, a, q, ans) for mo in WBM for a in atoms for ans in answers]
                if re.fullmatch(r"\d+", baset):
                    M.add(M.expr(allk), int(baset), int(baset), f"{src} q={q!r} base")
                for r in rs:
                    keys = [("WB", mo, a, q, r[1]) for mo in WBM for a in atoms]
                    d = M.expr(keys)
                    pt = r[2].strip()
                    if re.fullmatch(r"\d+", pt) and re.fullmatch(r"\d+", baset):
                        b, p = int(baset), int(pt)
                        M.add(d, (p - 0.5) * b / 100 - 1e-9, (p + 0.5) * b / 100 + 1e-9,
                              f"{src} q={q!r} ans={r[1]!r} {p}% of {b}")
                    elif pt == "" or pt in ("c", "–", "-"):
                        M.hidden.append((f"{src} q={q!r} ans={r[1]!r} (percent blank)", d, src))


def parse_campaign(M, fn):
    """heard campaign show output: only used for round cohort counts (same keys not linked)."""
    return


def solve(M):
    n = len(M.idx)
    A, lo, hi = [], [], []
    from scipy.sparse import lil_matrix
    A = lil_matrix((len(M.rows), n))
    for i, (d, l, h, s) in enumerate(M.rows):
        for k, c in d.items():
            A[i, k] = c
        lo.append(l); hi.append(h)
    A = A.tocsr()
    cons = [LinearConstraint(A, np.array(lo, float), np.array(hi, float))] if M.rows else []
    bounds = Bounds(np.zeros(n), np.full(n, BIG))
    integ = np.ones(n)
    # feasibility check
    r = milp(np.zeros(n), constraints=cons, integrality=integ, bounds=bounds)
    if r.status != 0:
        print("MODEL INFEASIBLE (parse assumptions wrong?)", r.message)
        return None
    res = []
    cache = {}
    for label, d, src in M.hidden:
        key = tuple(sorted(d.items()))
        if key not in cache:
            c = np.zeros(n)
            for k, v in d.items():
                c[k] = v
            out = []
            for sgn in (1, -1):
                r = milp(sgn * c, constraints=cons, integrality=integ, bounds=bounds,
                         options={"time_limit": 20})
                out.append(round(sgn * r.fun) if r.status in (0, 1) and r.fun is not None else None)
            cache[key] = tuple(out)
        res.append((label, cache[key]))
    return res


def main(argv):
    cmin = 0
    if argv and argv[0] == "--c-min":
        cmin = int(argv[1]); argv = argv[2:]
    M = Model(cmin)
    for p in argv:
        try:
            parse_paper(M, p)
        except Exception as e:  # refused papers have no tables
            print(f"skip {p}: {type(e).__name__} {e}", file=sys.stderr)
    print(f"variables={len(M.idx)} constraints={len(M.rows)} hidden={len(M.hidden)}")
    res = solve(M)
    if res is None:
        return 2
    pinned = narrowed = 0
    for label, (mn, mx) in res:
        flag = ""
        if mn is not None and mx is not None:
            w = mx - mn + 1
            if w == 1: flag = "PINNED"; pinned += 1
            elif w < 5: flag = "NARROWED"; narrowed += 1
        print(f"{flag:8s} [{mn},{mx}] {label}")
        if flag:
            vs = set(dict(M.hidden[[h[0] for h in M.hidden].index(label)][1]))
            srcs = []
            for d, l, h, s in M.rows:
                if vs & set(d) and s not in srcs:
                    srcs.append(s)
            for s in srcs[:8]:
                print(f"           via: {s}")
    print(f"pinned={pinned} narrowed={narrowed} hidden={len(res)}")
    return 1 if pinned + narrowed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
