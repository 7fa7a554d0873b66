/**
 * Staff "Trùng lặp" links and the merging of clusters, most similar first, while they reach the threshold
 * (steps 5–7 in ./grouping.ts).
 */

import { type MergeReason } from './grouping-types';
import { codeKey, round } from './grouping-text';
import { sharedConcepts, sharedTerms, type Model } from './grouping-model';

// ---- Staff links ----

export class UnionFind {
  private readonly parent: Int32Array;
  constructor(n: number) {
    this.parent = new Int32Array(n);
    for (let i = 0; i < n; i++) this.parent[i] = i;
  }
  find(x: number): number {
    while (this.parent[x] !== x) {
      this.parent[x] = this.parent[this.parent[x]];
      x = this.parent[x];
    }
    return x;
  }
  /** The earlier opinion's root stays the root. */
  union(a: number, b: number): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra < rb) this.parent[rb] = ra;
    else if (rb < ra) this.parent[ra] = rb;
  }
}

export interface StaffLinks {
  uf: UnionFind;
  /** Per opinion, the opinions of the period it names as its original, in canonical order. */
  links: Map<number, number[]>;
  /** Per opinion, the codes it names that are not in the period. */
  outside: Map<number, string[]>;
}

export function staffLinks(m: Model): StaffLinks {
  const byCode = new Map<string, number>();
  for (const d of m.docs) {
    const k = codeKey(d.code);
    if (k && !byCode.has(k)) byCode.set(k, d.i);
  }
  const uf = new UnionFind(m.n);
  const links = new Map<number, number[]>();
  const outside = new Map<number, string[]>();
  for (const d of m.docs) {
    const raw: unknown[] = Array.isArray(d.op.duplicateOf) ? d.op.duplicateOf : [];
    const targets = new Set<number>();
    const away = new Set<string>();
    for (const c of raw) {
      const k = codeKey(c);
      if (!k) continue;
      const t = byCode.get(k);
      if (t === undefined) away.add(k);
      else if (t !== d.i) targets.add(t);
    }
    if (targets.size) {
      const ts = Array.from(targets).sort((x, y) => x - y);
      links.set(d.i, ts);
      for (const t of ts) uf.union(d.i, t);
    }
    if (away.size) outside.set(d.i, Array.from(away).sort());
  }
  return { uf, links, outside };
}

// ---- Clustering ----

export interface Cluster {
  members: number[];
  /** Smallest canonical index of the members: the cluster's identity in ties. */
  anchor: number;
  merges: MergeReason[];
}

/** A candidate merge: linkage, anchors of the two clusters, the clusters and their versions when offered. */
export interface Candidate {
  value: number;
  ax: number;
  ay: number;
  x: number;
  y: number;
  vx: number;
  vy: number;
}

/**
 * Max-heap of candidate merges: highest linkage first, ties by the anchors (earliest clusters first). The candidates
 * live in flat arrays, one per field, and the heap orders their slots, so that offering a candidate allocates
 * nothing and moving one moves a single number; a popped slot is used again.
 */
export class CandidateHeap {
  private value = new Float64Array(64);
  private ints = new Int32Array(64 * 6);
  private heap = new Int32Array(64);
  private free: number[] = [];
  private used = 0;
  size = 0;
  private before(p: number, q: number): boolean {
    const v = this.value;
    const a = this.ints;
    return v[p] > v[q] || (v[p] === v[q] && (a[6 * p] < a[6 * q] || (a[6 * p] === a[6 * q] && a[6 * p + 1] < a[6 * q + 1])));
  }
  push(value: number, ax: number, ay: number, x: number, y: number, vx: number, vy: number): void {
    let e: number;
    if (this.free.length) e = this.free.pop()!;
    else {
      if (this.used === this.value.length) {
        const v = new Float64Array(this.used * 2);
        v.set(this.value);
        const a = new Int32Array(this.used * 12);
        a.set(this.ints);
        const h = new Int32Array(this.used * 2);
        h.set(this.heap);
        this.value = v;
        this.ints = a;
        this.heap = h;
      }
      e = this.used++;
    }
    this.value[e] = value;
    const a = this.ints;
    a[6 * e] = ax;
    a[6 * e + 1] = ay;
    a[6 * e + 2] = x;
    a[6 * e + 3] = y;
    a[6 * e + 4] = vx;
    a[6 * e + 5] = vy;
    const h = this.heap;
    let k = this.size++;
    while (k > 0) {
      const p = (k - 1) >> 1;
      if (!this.before(e, h[p])) break;
      h[k] = h[p];
      k = p;
    }
    h[k] = e;
  }
  /** Removes the first candidate and writes it into `out`; false when empty. */
  pop(out: Candidate): boolean {
    if (this.size === 0) return false;
    const h = this.heap;
    const first = h[0];
    const a = this.ints;
    out.value = this.value[first];
    out.ax = a[6 * first];
    out.ay = a[6 * first + 1];
    out.x = a[6 * first + 2];
    out.y = a[6 * first + 3];
    out.vx = a[6 * first + 4];
    out.vy = a[6 * first + 5];
    this.free.push(first);
    const last = --this.size;
    if (last > 0) {
      const e = h[last];
      let k = 0;
      for (;;) {
        const l = 2 * k + 1;
        if (l >= last) break;
        const r = l + 1;
        const c = r < last && this.before(h[r], h[l]) ? r : l;
        if (!this.before(h[c], e)) break;
        h[k] = h[c];
        k = c;
      }
      h[k] = e;
    }
    return true;
  }
}

/**
 * Merges clusters, best first, while the linkage of two clusters is at least `threshold`: S(A,B) / sqrt((|A| +
 * 2·S(A)) · (|B| + 2·S(B))), where S(A,B) sums the similarities of the pairs across and S(A) those of the pairs
 * inside (sums of the sparse pairs only); with unit vectors and inner products, the cosine of the centroids.
 * With `themes`, two clusters of two opinions or more each are compared with the similarities between issues
 * (Neighbours.group, see step 7 of the module comment); a cluster of one opinion always with the plain ones.
 */
export function mergeClusters(m: Model, start: Cluster[], threshold: number, themes = false): Cluster[] {
  const k = start.length;
  const clusters = start.map((c) => ({ members: c.members.slice(), anchor: c.anchor, merges: c.merges.slice() }));
  const owner = m.owner; // -1 outside these clusters
  clusters.forEach((c, ci) => c.members.forEach((i) => (owner[i] = ci)));
  // Per cluster, the clusters it is linked to (nbr) and the link's slot in `links` (lnk): one slot per linked pair,
  // listed by both. Entries of clusters merged away stay until the list is next compacted and are skipped.
  const nbr: number[][] = clusters.map(() => []);
  const lnk: number[][] = clusters.map(() => []);
  const links = new LinkPool();
  const inside = new Float64Array(k);
  const insideG = new Float64Array(k);
  // Sums across, and the most similar pair across, per pair of clusters (from the cluster listed first).
  const sum = new Float64Array(k);
  const sumG = new Float64Array(k);
  const best = new Float64Array(k);
  const bestI = new Int32Array(k);
  const bestJ = new Int32Array(k);
  const seenBy = new Int32Array(k).fill(-1);
  const reached: number[] = [];
  for (let ci = 0; ci < k; ci++) {
    reached.length = 0;
    for (const i of clusters[ci].members) {
      // Issues of one place need the neighbours there only; themes all of them.
      const { start, idx: list, sim: sims, group } = themes ? m.all : m.here;
      for (let q = start[i]; q < start[i + 1]; q++) {
        const j = list[q];
        const cj = owner[j];
        if (cj < ci) continue;
        const s = sims[q];
        if (cj === ci) {
          if (j > i) {
            inside[ci] += s;
            insideG[ci] += group[q];
          }
          continue;
        }
        const a = i < j ? i : j;
        const b = i < j ? j : i;
        if (seenBy[cj] !== ci) {
          seenBy[cj] = ci;
          sum[cj] = 0;
          sumG[cj] = 0;
          best[cj] = -1;
          reached.push(cj);
        }
        sum[cj] += s;
        sumG[cj] += group[q];
        if (s > best[cj] || (s === best[cj] && (a < bestI[cj] || (a === bestI[cj] && b < bestJ[cj])))) {
          best[cj] = s;
          bestI[cj] = a;
          bestJ[cj] = b;
        }
      }
    }
    for (const cj of reached) {
      const slot = links.add(sum[cj], sumG[cj], best[cj], bestI[cj], bestJ[cj]);
      nbr[ci].push(cj);
      lnk[ci].push(slot);
      nbr[cj].push(ci);
      lnk[cj].push(slot);
    }
  }
  clusters.forEach((c) => c.members.forEach((i) => (owner[i] = -1)));
  const version = new Int32Array(k);
  const alive = new Uint8Array(k).fill(1);
  const heap = new CandidateHeap();
  const offer = (a: number, b: number, slot: number): void => {
    const na = clusters[a].members.length;
    const nb = clusters[b].members.length;
    const value =
      themes && na > 1 && nb > 1
        ? links.sumG[slot] / Math.sqrt((na + 2 * insideG[a]) * (nb + 2 * insideG[b]))
        : links.sum[slot] / Math.sqrt((na + 2 * inside[a]) * (nb + 2 * inside[b]));
    if (!(value >= threshold)) return;
    const x = clusters[a].anchor < clusters[b].anchor ? a : b;
    const y = x === a ? b : a;
    heap.push(value, clusters[x].anchor, clusters[y].anchor, x, y, version[x], version[y]);
  };
  for (let a = 0; a < k; a++) {
    const na = nbr[a];
    for (let q = 0; q < na.length; q++) if (a < na[q]) offer(a, na[q], lnk[a][q]);
  }
  // Scratch: x's live neighbours marked with the merge's stamp, and their links.
  const mark = new Int32Array(k).fill(-1);
  const slotAt = new Int32Array(k);
  let stamp = 0;

  const top: Candidate = { value: 0, ax: 0, ay: 0, x: 0, y: 0, vx: 0, vy: 0 };
  while (heap.pop(top)) {
    const { value, x, y, vx, vy } = top;
    if (!alive[x] || !alive[y] || vx !== version[x] || vy !== version[y]) continue;
    // y joins x, the cluster with the earlier anchor. x's list compacted: live neighbours once each.
    const st = ++stamp;
    const xs = nbr[x];
    const xl = lnk[x];
    let w = 0;
    for (let q = 0; q < xs.length; q++) {
      const z = xs[q];
      if (!alive[z] || mark[z] === st) continue;
      mark[z] = st;
      slotAt[z] = xl[q];
      xs[w] = z;
      xl[w++] = xl[q];
    }
    xs.length = w;
    xl.length = w;
    const slot = slotAt[y];
    const li = links.i[slot];
    const lj = links.j[slot];
    clusters[x].merges = clusters[x].merges.concat(clusters[y].merges, {
      reason: 'text',
      a: m.docs[li].code,
      b: m.docs[lj].code,
      score: round(value),
      pairScore: round(links.s[slot]),
      shared: sharedTerms(m.docs[li], m.docs[lj]),
      concepts: sharedConcepts(m.docs[li], m.docs[lj]),
    });
    inside[x] += inside[y] + links.sum[slot];
    insideG[x] += insideG[y] + links.sumG[slot];
    const mx = clusters[x].members;
    for (const i of clusters[y].members) mx.push(i);
    alive[y] = 0;
    version[x]++;
    mark[y] = -1;
    const ys = nbr[y];
    const yl = lnk[y];
    for (let q = 0; q < ys.length; q++) {
      const z = ys[q];
      if (z === x || !alive[z]) continue;
      const ly = yl[q];
      if (mark[z] === st) {
        // Linked to both: the sums add up in x's link.
        if (slotAt[z] !== ly) links.combine(slotAt[z], ly);
        continue;
      }
      // The link y–z becomes x–z: its slot is left to them alone (z's entry for y is skipped from now on).
      mark[z] = st;
      slotAt[z] = ly;
      xs.push(z);
      xl.push(ly);
      nbr[z].push(x);
      lnk[z].push(ly);
    }
    nbr[y] = [];
    lnk[y] = [];
    for (let q = 0; q < xs.length; q++) if (alive[xs[q]]) offer(x, xs[q], xl[q]);
  }
  return clusters.filter((_, ci) => alive[ci]).sort((p, q) => p.anchor - q.anchor);
}

/**
 * What joins two clusters, one slot per pair of clusters: the sums of the similarities across (plain and between
 * issues), and the most similar pair (i < j) across. Flat arrays, so that merging allocates nothing per link.
 */
export class LinkPool {
  sum = new Float64Array(256);
  sumG = new Float64Array(256);
  s = new Float64Array(256);
  i = new Int32Array(256);
  j = new Int32Array(256);
  size = 0;
  add(sum: number, sumG: number, s: number, i: number, j: number): number {
    if (this.size === this.sum.length) {
      const grow = <T extends Float64Array | Int32Array>(a: T, make: (n: number) => T): T => {
        const b = make(a.length * 2);
        b.set(a);
        return b;
      };
      this.sum = grow(this.sum, (n) => new Float64Array(n));
      this.sumG = grow(this.sumG, (n) => new Float64Array(n));
      this.s = grow(this.s, (n) => new Float64Array(n));
      this.i = grow(this.i, (n) => new Int32Array(n));
      this.j = grow(this.j, (n) => new Int32Array(n));
    }
    const k = this.size++;
    this.sum[k] = sum;
    this.sumG[k] = sumG;
    this.s[k] = s;
    this.i[k] = i;
    this.j[k] = j;
    return k;
  }
  /** Adds link `b` into link `a`: the sums add up, the strongest pair wins (ties: the earliest pair). */
  combine(a: number, b: number): void {
    this.sum[a] = this.sum[a] + this.sum[b];
    this.sumG[a] = this.sumG[a] + this.sumG[b];
    const bs = this.s[b];
    const as = this.s[a];
    if (bs > as || (bs === as && (this.i[b] < this.i[a] || (this.i[b] === this.i[a] && this.j[b] < this.j[a])))) {
      this.s[a] = bs;
      this.i[a] = this.i[b];
      this.j[a] = this.j[b];
    }
  }
}
