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

/**
 * Merges clusters, best first, while the linkage of two clusters is at least `threshold`: S(A,B) / sqrt((|A| +
 * 2·S(A)) · (|B| + 2·S(B))), where S(A,B) sums the similarities of the pairs across and S(A) those of the pairs
 * inside (sums of the sparse pairs only); with unit vectors and inner products, the cosine of the centroids.
 * With `themes`, two clusters of two opinions or more each are compared with the similarities between issues
 * (Neighbours.group, see step 7 of the module comment); a cluster of one opinion always with the plain ones.
 * The merge taken next is the pair of live linked clusters of highest linkage, ties going to the earliest anchors.
 */
export function mergeClusters(m: Model, start: Cluster[], threshold: number, themes = false): Cluster[] {
  const merging = new Merging(m, start, threshold, themes);
  while (merging.step());
  return merging.clusters.filter((_, ci) => merging.alive[ci]).sort((p, q) => p.anchor - q.anchor);
}

/**
 * The state of one mergeClusters. Each cluster keeps its best partner: the linked cluster of later anchor with the
 * highest linkage (at least the threshold; ties: the earlier anchor), so the next merge is the best of these. A
 * merge changes the linkages of the merged cluster only, and a cluster looks for its partner again only when that
 * was one of the two merged and the merged one now falls short of it. The work is split into small methods called
 * many times, which the engine optimises early in a report's single run.
 */
class Merging {
  readonly clusters: Cluster[];
  readonly alive: Uint8Array;
  /**
   * Per cluster, the clusters it is linked to (nbr) and the link's slot in `links` (lnk): one slot per linked pair,
   * listed by both. Entries of clusters merged away stay until the list is next compacted and are skipped.
   */
  private readonly nbr: number[][];
  private readonly lnk: number[][];
  private readonly links = new LinkPool();
  /** Sums of the similarities of the pairs inside each cluster (plain and between issues). */
  private readonly inside: Float64Array;
  private readonly insideG: Float64Array;
  private readonly anchor: Int32Array;
  private readonly partner: Int32Array;
  private readonly partnerValue: Float64Array;
  /** Scratch: clusters marked with a stamp (a merge's, or a search's), and their links. */
  private readonly mark: Int32Array;
  private readonly slotAt: Int32Array;
  private stamp = 0;
  private readonly live: number[] = [];
  private readonly again: number[] = [];

  constructor(
    private readonly m: Model,
    start: Cluster[],
    private readonly threshold: number,
    private readonly themes: boolean,
  ) {
    const k = start.length;
    this.clusters = start.map((c) => ({ members: c.members.slice(), anchor: c.anchor, merges: c.merges.slice() }));
    this.alive = new Uint8Array(k).fill(1);
    this.nbr = this.clusters.map(() => []);
    this.lnk = this.clusters.map(() => []);
    this.inside = new Float64Array(k);
    this.insideG = new Float64Array(k);
    this.anchor = Int32Array.from(this.clusters, (c) => c.anchor);
    this.partner = new Int32Array(k).fill(-1);
    this.partnerValue = new Float64Array(k);
    this.mark = new Int32Array(k).fill(-1);
    this.slotAt = new Int32Array(k);
    const owner = m.owner; // -1 outside these clusters
    this.clusters.forEach((c, ci) => c.members.forEach((i) => (owner[i] = ci)));
    const across: Across = {
      sum: new Float64Array(k),
      sumG: new Float64Array(k),
      best: new Float64Array(k),
      bestI: new Int32Array(k),
      bestJ: new Int32Array(k),
      seenBy: new Int32Array(k).fill(-1),
      reached: [],
    };
    for (let ci = 0; ci < k; ci++) this.linkFrom(ci, across);
    this.clusters.forEach((c) => c.members.forEach((i) => (owner[i] = -1)));
    for (let a = 0; a < k; a++) {
      this.findPartner(a);
      this.live.push(a);
    }
  }

  /** The links of cluster ci with the clusters listed after it, and the sums inside ci. */
  private linkFrom(ci: number, x: Across): void {
    const { m, inside, insideG } = this;
    const owner = m.owner;
    const { sum, sumG, best, bestI, bestJ, seenBy, reached } = x;
    reached.length = 0;
    // Only the clusters given have an owner: for the issues of one place, a neighbour at another place has none.
    const { start, idx: list, sim: sims, group } = m.all;
    for (const i of this.clusters[ci].members) {
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
      const slot = this.links.add(sum[cj], sumG[cj], best[cj], bestI[cj], bestJ[cj]);
      this.nbr[ci].push(cj);
      this.lnk[ci].push(slot);
      this.nbr[cj].push(ci);
      this.lnk[cj].push(slot);
    }
  }

  private linkage(a: number, b: number, slot: number): number {
    const { clusters, links, inside, insideG } = this;
    const na = clusters[a].members.length;
    const nb = clusters[b].members.length;
    return this.themes && na > 1 && nb > 1
      ? links.sumG[slot] / Math.sqrt((na + 2 * insideG[a]) * (nb + 2 * insideG[b]))
      : links.sum[slot] / Math.sqrt((na + 2 * inside[a]) * (nb + 2 * inside[b]));
  }

  /** Whether z, at linkage v, beats a's partner. */
  private better(v: number, z: number, a: number): boolean {
    const p = this.partner[a];
    return v >= this.threshold && (p < 0 || v > this.partnerValue[a] || (v === this.partnerValue[a] && this.anchor[z] < this.anchor[p]));
  }

  /** a's list compacted (live neighbours once each), and its partner found again. */
  private findPartner(a: number): void {
    const { alive, mark, anchor } = this;
    const st = ++this.stamp;
    const as = this.nbr[a];
    const al = this.lnk[a];
    this.partner[a] = -1;
    let w = 0;
    for (let q = 0; q < as.length; q++) {
      const z = as[q];
      if (!alive[z] || mark[z] === st) continue;
      mark[z] = st;
      as[w] = z;
      al[w++] = al[q];
      if (anchor[z] < anchor[a]) continue;
      const v = this.linkage(a, z, al[q]);
      if (this.better(v, z, a)) {
        this.partner[a] = z;
        this.partnerValue[a] = v;
      }
    }
    as.length = w;
    al.length = w;
  }

  /** Takes the best merge, if any reaches the threshold. */
  step(): boolean {
    const { partner, partnerValue, anchor } = this;
    let x = -1;
    for (const a of this.live) {
      if (partner[a] < 0) continue;
      if (x < 0 || partnerValue[a] > partnerValue[x] || (partnerValue[a] === partnerValue[x] && anchor[a] < anchor[x])) x = a;
    }
    if (x < 0) return false;
    const y = partner[x];
    this.merge(x, y, partnerValue[x]);
    this.update(x, y);
    return true;
  }

  /** y joins x, the cluster with the earlier anchor. */
  private merge(x: number, y: number, value: number): void {
    const { m, clusters, links, alive, mark, slotAt, nbr, lnk } = this;
    // x's list compacted: live neighbours once each.
    const st = ++this.stamp;
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
    this.inside[x] += this.inside[y] + links.sum[slot];
    this.insideG[x] += this.insideG[y] + links.sumG[slot];
    const mx = clusters[x].members;
    for (const i of clusters[y].members) mx.push(i);
    alive[y] = 0;
    this.live.splice(this.live.indexOf(y), 1);
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
  }

  /**
   * After y joined x every linkage of x changed: x's partner is found among them, and a neighbour of earlier anchor
   * takes x when it beats its partner, or looks again when its partner was x or y and x now falls short of it.
   */
  private update(x: number, y: number): void {
    const { partner, partnerValue, anchor, alive, again } = this;
    partner[y] = -1;
    partner[x] = -1;
    again.length = 0;
    const xs = this.nbr[x];
    const xl = this.lnk[x];
    for (let q = 0; q < xs.length; q++) {
      const z = xs[q];
      if (!alive[z]) continue;
      const v = this.linkage(x, z, xl[q]);
      if (anchor[z] > anchor[x]) {
        if (this.better(v, z, x)) {
          partner[x] = z;
          partnerValue[x] = v;
        }
        if (partner[z] === y) again.push(z);
      } else if (partner[z] === x || partner[z] === y) {
        if (v >= this.threshold && (v > partnerValue[z] || (v === partnerValue[z] && anchor[x] <= anchor[partner[z]]))) {
          partner[z] = x;
          partnerValue[z] = v;
        } else again.push(z);
      } else if (this.better(v, x, z)) {
        partner[z] = x;
        partnerValue[z] = v;
      }
    }
    for (const z of again) this.findPartner(z);
  }
}

/** Scratch of the first links: sums across, and the most similar pair across, per cluster reached. */
interface Across {
  sum: Float64Array;
  sumG: Float64Array;
  best: Float64Array;
  bestI: Int32Array;
  bestJ: Int32Array;
  seenBy: Int32Array;
  reached: number[];
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
