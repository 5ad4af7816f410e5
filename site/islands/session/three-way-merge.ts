/**
 * A three-way merge at field level, for carrying a device's unsaved changes onto a document
 * that changed meanwhile (carry-over.ts): `base` is what both started from, `device` what this
 * device made of it, `live` what everyone else made of it. A field the device changed (device ≠
 * base) takes the device's value; every other field keeps the live one, so others' later
 * changes to other fields are kept. Lists of records (objects with an `id`) merge record by
 * record: added on the device, added; deleted on the device, deleted; deleted by others, stays
 * deleted; each kept record's fields merged the same way. A record's own fields are whole values
 * (a changed `when` is taken whole); the model's top-level objects (a journey's family) merge
 * by field.
 */
type Json = Record<string, unknown>;
type Keyed = Json & { id: string };

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isRecordList = (value: unknown): value is Keyed[] =>
  Array.isArray(value) && value.every((item) => isObject(item) && typeof item.id === 'string');

export function mergeThreeWay<T>(base: T, device: T, live: T): T {
  return mergeFields(base as Json, device as Json, live as Json, true) as T;
}

function mergeFields(base: Json, device: Json, live: Json, topLevel: boolean): Json {
  const merged: Json = {};
  for (const key of new Set([...Object.keys(base), ...Object.keys(device), ...Object.keys(live)])) {
    const value = mergeValue(base[key], device[key], live[key], topLevel);
    if (value !== undefined) merged[key] = value;
  }
  return merged;
}

function mergeValue(base: unknown, device: unknown, live: unknown, topLevel: boolean): unknown {
  if (isRecordList(base) && isRecordList(device) && isRecordList(live)) return mergeRecords(base, device, live);
  if (same(device, base)) return live;
  if (topLevel && isObject(base) && isObject(device) && isObject(live)) return mergeFields(base, device, live, true);
  return device;
}

function mergeRecords(base: Keyed[], device: Keyed[], live: Keyed[]): Keyed[] {
  const inBase = new Map(base.map((record) => [record.id, record]));
  const onDevice = new Map(device.map((record) => [record.id, record]));
  const merged: Keyed[] = [];
  for (const record of live) {
    const was = inBase.get(record.id);
    const now = onDevice.get(record.id);
    if (was && !now) continue; // deleted on the device
    merged.push(was && now ? (mergeFields(was, now, record, false) as Keyed) : record);
  }
  const kept = new Set(live.map((record) => record.id));
  for (const record of device) if (!inBase.has(record.id) && !kept.has(record.id)) merged.push(record);
  return merged;
}
