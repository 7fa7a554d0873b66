/**
 * A comparable picture of everything a script execution can change in the world, to prove "no side effect at all".
 */
import type { GoogleWorld } from './fakes/world';

export function worldSnapshot(world: GoogleWorld): string {
  const sheets = world.sheets.all().map((ss) => ({
    id: ss.id,
    locale: ss.locale,
    timeZone: ss.timeZone,
    editors: [...ss.editors].sort(),
    sheets: ss.sheetList.map((s) => ({
      name: s.name,
      rows: s.rows.map((r) => (r ?? []).map((c) => (c ? [c.v instanceof Date ? c.v.toISOString() : c.v, c.f ?? '', c.fmt ?? ''] : null))),
      frozen: s.frozenRows,
      maxRows: s.maxRows,
      validations: [...s.validations.keys()],
      protections: s.protections.map((p) => [p.type, p.a1, p.description, p.warningOnly, p.domainEdit, [...p.editors].sort()]),
      rules: s.conditionalRules.length,
      filter: s.filterRange,
    })),
  }));
  return JSON.stringify({
    sheets,
    properties: [...world.script.properties.entries()].sort(),
    cache: [...world.script.cache.entries()].map(([k, v]) => [k, v.value]).sort(),
    userCache: [...world.script.userCache.entries()].map(([k, v]) => [k, v.value]).sort(),
    triggers: world.script.triggers.map((t) => [t.uid, t.handler, t.schedule, t.sourceId ?? '', t.owner]),
    sent: world.gmail.sent.map((m) => [m.id, Boolean(m.trashed)]),
    drive: [...world.drive.items.values()].map((i) => [i.id, i.name, i.trashed, i.parentId, i.shareableByEditors]),
    docs: world.docs.all().map((d) => [d.id, d.body.elements.length]),
  });
}
