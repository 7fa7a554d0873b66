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
 * Max-heap of candidate merges: highest linkage first, ties by the anchors (earliest clusters first). Kept in flat
 * arrays, one per field, so that offering a candidate allocates nothing.
 */
export class CandidateHeap {
  private value = new Float64Array(64);
  private ints = new Int32Array(64 * 6);
  size = 0;
  private before(p: number, q: number): boolean {
    const v = this.value;
    const a = this.ints;
    return v[p] > v[q] || (v[p] === v[q] && (a[6 * p] < a[6 * q] || (a[6 * p] === a[6 * q] && a[6 * p + 1] < a[6 * q + 1])));
  }
  private swap(p: number, q: number): void {
    const v = this.value;
    const a = this.ints;
    const tv = v[p];
    v[p] = v[q];
    v[q] = tv;
    for (let f = 0; f < 6; f++) {
      const ta = a[6 * p + f];
      a[6 * p + f] = a[6 * q + f];
      a[6 * q + f] = ta;
    }
  }
  push(c: Candidate): void {
    if (this.size === this.value.length) {
      const v = new Float64Array(this.size * 2);
      v.set(this.value);
      const a = new Int32Array(this.size * 12);
      a.set(this.ints);
      this.value = v;
      this.ints = a;
    }
    let k = this.size++;
    this.value[k] = c.value;
    const a = this.ints;
    a[6 * k] = c.ax;
    a[6 * k + 1] = c.ay;
    a[6 * k + 2] = c.x;
    a[6 * k + 3] = c.y;
    a[6 * k + 4] = c.vx;
    a[6 * k + 5] = c.vy;
    while (k > 0) {
      const p = (k - 1) >> 1;
      if (!this.before(k, p)) break;
      this.swap(k, p);
      k = p;
    }
  }
  /** Removes the first candidate and writes it into `out`; false when empty. */
  pop(out: Candidate): boolean {
    if (this.size === 0) return false;
    const a = this.ints;
    out.value = this.value[0];
    out.ax = a[0];
    out.ay = a[1];
    out.x = a[2];
    out.y = a[3];
    out.vx = a[4];
    out.vy = a[5];
    const last = --this.size;
    if (last > 0) {
      this.swap(0, last);
      let k = 0;
      for (;;) {
        const l = 2 * k + 1;
        const r = l + 1;
        let b = k;
        if (l < last && this.before(l, b)) b = l;
        if (r < last && this.before(r, b)) b = r;
        if (b === k) break;
        this.swap(k, b);
        k = b;
      }
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
  const across: Array<Map<number, Link>> = clusters.map(() => new Map<number, Link>());
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
      const link: Link = { sum: sum[cj], sumG: sumG[cj], s: best[cj], i: bestI[cj], j: bestJ[cj] };
      across[ci].set(cj, link);
      across[cj].set(ci, link);
    }
  }
  clusters.forEach((c) => c.members.forEach((i) => (owner[i] = -1)));
  const version = new Int32Array(k);
  const alive = new Uint8Array(k).fill(1);
  const heap = new CandidateHeap();
  const offer = (a: number, b: number): void => {
    const link = across[a].get(b);
    const na = clusters[a].members.length;
    const nb = clusters[b].members.length;
    const value =
      themes && na > 1 && nb > 1
        ? (link?.sumG ?? 0) / Math.sqrt((na + 2 * insideG[a]) * (nb + 2 * insideG[b]))
        : (link?.sum ?? 0) / Math.sqrt((na + 2 * inside[a]) * (nb + 2 * inside[b]));
    if (!(value >= threshold)) return;
    const [x, y] = clusters[a].anchor < clusters[b].anchor ? [a, b] : [b, a];
    heap.push({ value, ax: clusters[x].anchor, ay: clusters[y].anchor, x, y, vx: version[x], vy: version[y] });
  };
  for (let a = 0; a < k; a++) for (const b of across[a].keys()) if (a < b) offer(a, b);

  const top: Candidate = { value: 0, ax: 0, ay: 0, x: 0, y: 0, vx: 0, vy: 0 };
  while (heap.pop(top)) {
    const { value, x, y, vx, vy } = top;
    if (!alive[x] || !alive[y] || vx !== version[x] || vy !== version[y]) continue;
    // y joins x, the cluster with the earlier anchor.
    const link = across[x].get(y)!;
    clusters[x].merges = clusters[x].merges.concat(clusters[y].merges, {
      reason: 'text',
      a: m.docs[link.i].code,
      b: m.docs[link.j].code,
      score: round(value),
      pairScore: round(link.s),
      shared: sharedTerms(m.docs[link.i], m.docs[link.j]),
      concepts: sharedConcepts(m.docs[link.i], m.docs[link.j]),
    });
    inside[x] += inside[y] + link.sum;
    insideG[x] += insideG[y] + link.sumG;
    clusters[x].members = clusters[x].members.concat(clusters[y].members);
    alive[y] = 0;
    version[x]++;
    across[x].delete(y);
    for (const [z, ly] of across[y]) {
      if (z === x) continue;
      const joined = combine(across[x].get(z), ly);
      across[x].set(z, joined);
      across[z].set(x, joined);
      across[z].delete(y);
    }
    across[y].clear();
    for (const z of across[x].keys()) offer(x, z);
  }
  return clusters.filter((_, ci) => alive[ci]).sort((p, q) => p.anchor - q.anchor);
}

/**
 * What joins two clusters: the sums of the similarities across (plain and between issues), and the most similar
 * pair (i < j) across.
 */
export interface Link {
  sum: number;
  sumG: number;
  s: number;
  i: number;
  j: number;
}

/** Two links added up; the strongest pair wins (ties: the earliest pair). A new object: links are shared. */
export function combine(a: Link | undefined, b: Link): Link {
  if (!a) return { ...b };
  const best = b.s > a.s || (b.s === a.s && (b.i < a.i || (b.i === a.i && b.j < a.j))) ? b : a;
  return { sum: a.sum + b.sum, sumG: a.sumG + b.sumG, s: best.s, i: best.i, j: best.j };
}
