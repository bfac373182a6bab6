// Everything the counter screen shows and does, in one place: the offline queue, the server's
// view of the station (cached on the device so the screen works with no network), today's
// entries, and the actions staff take. Counter.svelte makes one per station and shares it with the
// components below it through context: they read it with stationState() and call its methods.
import { createContext } from 'svelte';
import { ApiError } from '../../lib/api.ts';
import { errorText } from '../../lib/errors.ts';
import { parseWeightKg } from '../../lib/station/weight.ts';
import { i18n, t } from '../../lib/i18n.svelte.ts';
import { webLock } from '../../lib/station/clock.ts';
import { gqlTransport } from './gql-transport.ts';
import { chinaToday } from '../../lib/campaign.ts';
import { fetchMaterials, fetchStation, recordPickup, setStationStatus } from './station-api.ts';
import type { Material, ServerDropOff, StationView } from './documents.ts';
import { openStore } from '../../lib/station/store.ts';
import { InvalidWaybillError, SyncQueue, type QueueStatus } from '../../lib/station/sync-queue.ts';
import { mergeToday, type TodayRow } from '../../lib/station/today.ts';
import { binItemsNow, runningTotals, type ServerTotals } from '../../lib/station/totals.ts';
import type { Outcome, QueuedEntry } from '../../lib/station/types.ts';
import { looksLikeMemberCode, parseMemberCode } from '../../lib/member/member-code.ts';

const CHANNEL = 'recycle-station';
const cacheKey = (k: string) => `recycle.station.${k}`;

function cached<T>(k: string): T | null {
  try {
    const raw = localStorage.getItem(cacheKey(k));
    return raw ? (JSON.parse(raw) as T) : null;
  } catch {
    return null;
  }
}
function cache(k: string, v: unknown): void {
  localStorage.setItem(cacheKey(k), JSON.stringify(v));
}

export interface Feedback {
  kind: 'ok' | 'warn' | 'error';
  text: string;
}

export class StationState {
  readonly code: string;
  materials = $state<Material[]>(cached('materials') ?? []);
  station = $state<StationView | null>(null);
  serverTotals = $state<ServerTotals | null>(null);
  serverDropOffs = $state<ServerDropOff[]>([]);
  local = $state<QueuedEntry[]>([]);
  status = $state<QueueStatus>({
    pending: 0,
    voids: 0,
    rejected: 0,
    lastSyncAt: null,
    lastError: null,
    attempt: 0,
    nextAttemptAt: null,
    syncing: false,
  });
  online = $state(navigator.onLine);
  /** The station cannot be used here (unknown code, or not this user's station). */
  stationError = $state<string | null>(null);
  /** The last server read failed (figures shown are the device's copy). */
  readError = $state<unknown>(null);
  feedback = $state<Feedback | null>(null);
  now = $state(Date.now());
  quantity = $state(1);
  weightKg = $state('');
  senior = $state(localStorage.getItem(cacheKey('senior')) === '1');
  seniorOutcome = $state<Outcome>('REUSED');
  scanMaterial = $state(localStorage.getItem(cacheKey('scanMaterial')) ?? 'BOX_M');
  scanOutcome = $state<Outcome>((localStorage.getItem(cacheKey('scanOutcome')) as Outcome | null) ?? 'REUSED');
  /** Green points: the member code the next entry is logged for (member-code.ts), then cleared. */
  memberCode = $state<string | null>(null);

  readonly today = $derived(chinaToday(this.now));
  readonly totals = $derived(
    runningTotals(this.serverTotals, this.local, this.today, (iso) => chinaToday(new Date(iso))),
  );
  readonly rejected = $derived(this.local.filter((e) => e.state === 'rejected'));
  /** Bin items: the server's count with what the device holds that it had not counted (totals.ts). */
  readonly binItems = $derived(binItemsNow(this.station, this.serverTotals, this.local));

  private queue: SyncQueue | null = null;
  private channel: BroadcastChannel | null = null;
  private cleanups: (() => void)[] = [];
  private reloadQueued = false;
  private lastSignature = '';
  private lastSeenSync: number | null = null;
  private fetchTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(code: string) {
    this.code = code;
    const snap = cached<{ station: StationView; totals: ServerTotals }>(`view.${code}`);
    if (snap) {
      this.station = snap.station;
      this.serverTotals = snap.totals;
    }
  }

  async start(): Promise<void> {
    const store = await openStore();
    this.queue = new SyncQueue({
      store,
      transport: gqlTransport,
      lock: webLock(),
      online: () => navigator.onLine,
      station: this.code,
      onChange: () => this.onQueueChange(true),
    });
    // Ask the browser not to evict this site's storage under pressure (best effort; Chromium grants
    // it to installed apps and sites used often): the queue must not vanish before it is sent.
    void navigator.storage?.persist?.().catch(() => false);
    this.channel = 'BroadcastChannel' in window ? new BroadcastChannel(CHANNEL) : null;
    if (this.channel)
      this.channel.onmessage = () => void this.queue?.refresh().then(() => this.onQueueChange(false, true));
    const on = (target: EventTarget, type: string, fn: () => void) => {
      target.addEventListener(type, fn);
      this.cleanups.push(() => target.removeEventListener(type, fn));
    };
    on(window, 'online', () => {
      this.online = true;
      void this.queue?.syncNow();
      // With entries to send, the figures are read after the sync (see onQueueChange), not
      // alongside it: on one embedded database connection the read would delay the sync.
      if (this.status.pending === 0) void this.refreshServer();
    });
    on(window, 'offline', () => (this.online = false));
    on(document, 'visibilitychange', () => {
      if (document.visibilityState === 'visible') this.queue?.requestSync(0);
    });
    const tick = setInterval(() => (this.now = Date.now()), 15_000);
    this.cleanups.push(
      () => clearInterval(tick),
      () => store.close(),
    );
    await this.queue.start();
    await Promise.all([this.refreshServer(), this.loadMaterials()]);
  }

  destroy(): void {
    this.queue?.stop();
    this.channel?.close();
    for (const c of this.cleanups.splice(0)) c();
    if (this.fetchTimer) clearTimeout(this.fetchTimer);
  }

  private onQueueChange(broadcast: boolean, reload = false): void {
    if (!this.queue) return;
    this.status = { ...this.queue.status };
    this.now = Date.now();
    // Re-read the device's entries only when they changed: not when a send merely starts.
    const signature = `${this.status.pending}|${this.status.voids}|${this.status.rejected}|${this.status.lastSyncAt}`;
    if (signature === this.lastSignature && !reload) return;
    this.lastSignature = signature;
    if (broadcast) this.channel?.postMessage('changed');
    if (this.status.lastSyncAt !== this.lastSeenSync) {
      this.lastSeenSync = this.status.lastSyncAt;
      // New entries reached the server: fetch its totals again (once a burst of syncs settles).
      if (this.fetchTimer) clearTimeout(this.fetchTimer);
      this.fetchTimer = setTimeout(() => void this.refreshServer(), 400);
    }
    if (this.reloadQueued) return;
    this.reloadQueued = true;
    queueMicrotask(async () => {
      this.reloadQueued = false;
      this.local = (await this.queue?.entries(this.code)) ?? [];
    });
  }

  private async loadMaterials(): Promise<void> {
    try {
      this.materials = await fetchMaterials();
      cache('materials', this.materials);
    } catch (e) {
      if (this.materials.length === 0) this.readError = e;
    }
  }

  /** Reads the station, today's totals and latest entries; keeps the device copy when offline. */
  async refreshServer(): Promise<void> {
    const asOf = Date.now();
    try {
      // Today's entries are all the list shows (mergeToday); the day starts at midnight China time.
      const r = await fetchStation(this.code, `${chinaToday(asOf)}T00:00:00+08:00`);
      if (!r) {
        this.stationError = t('station.unknownStation', { code: this.code });
        return;
      }
      const { totals } = r.station;
      this.station = r.station;
      this.serverTotals = {
        day: chinaToday(asOf),
        asOf,
        items: totals.items,
        itemsReused: totals.itemsReused,
        itemsRecycled: totals.itemsRecycled,
        byMaterial: totals.byMaterial,
      };
      this.serverDropOffs = r.dropOffs;
      this.readError = null;
      this.stationError = null;
      cache(`view.${this.code}`, { station: this.station, totals: this.serverTotals });
    } catch (e) {
      if (e instanceof ApiError && e.kind === 'forbidden')
        this.stationError = t('station.notYourStation', { code: this.code });
      else this.readError = e;
    }
  }

  materialName(code: string): string {
    const m = this.materials.find((x) => x.code === code);
    if (!m) return code;
    return i18n.locale === 'zh' ? m.nameZh : m.nameEn;
  }

  private say(kind: Feedback['kind'], text: string): void {
    this.feedback = { kind, text };
  }

  /** One tap: stores the entry on the device (the bench reads the "station:stored" measure). */
  async log(materialCode: string, outcome: Outcome): Promise<void> {
    if (!this.queue) return;
    // The number field is empty (null) while being retyped: treat that as 1, and clamp to the API's range.
    const quantity = Math.min(500, Math.max(1, Math.round(Number(this.quantity) || 1)));
    const kg = parseWeightKg(this.weightKg);
    if (kg !== null && !(kg > 0 && kg <= 10 * quantity)) {
      this.say('error', t('station.badWeight'));
      return;
    }
    // Reset before the write, not after: staff may already be setting up the next entry.
    this.quantity = 1;
    this.weightKg = '';
    const start = performance.now();
    const memberCode = this.takeMemberCode();
    await this.queue.record({
      stationCode: this.code,
      materialCode,
      outcome,
      quantity,
      massKg: kg,
      ...(memberCode ? { memberCode } : {}),
    });
    performance.measure('station:stored', { start, end: performance.now() });
    // A short buzz where the device can (phones): the tap registered, eyes can stay on the parcel.
    navigator.vibrate?.(40);
    this.say(
      'ok',
      t('station.logged', {
        n: quantity,
        material: this.materialName(materialCode),
        outcome: t(`station.outcome.${outcome}`),
      }) + (memberCode ? ` · ${t('station.member.logged', { code: memberCode })}` : ''),
    );
  }

  /** A scanned waybill: one box (scan settings), the waybill as key; a second scan counts once. */
  async scan(raw: string): Promise<boolean> {
    if (!this.queue || raw.trim() === '') return false;
    // A member's QR scanned at the counter is not a waybill: it names the next entry's member.
    if (looksLikeMemberCode(raw)) return this.setMemberCode(raw);
    try {
      const memberCode = this.takeMemberCode();
      const r = await this.queue.record({
        stationCode: this.code,
        materialCode: this.scanMaterial,
        outcome: this.scanOutcome,
        quantity: 1,
        waybill: raw,
        ...(memberCode ? { memberCode } : {}),
      });
      if (r.duplicate) this.say('warn', t('station.scanDuplicate', { code: r.entry.key }));
      else
        this.say(
          'ok',
          t('station.scanned', {
            code: r.entry.key,
            material: this.materialName(this.scanMaterial),
            outcome: t(`station.outcome.${this.scanOutcome}`),
          }),
        );
      return true;
    } catch (e) {
      if (e instanceof InvalidWaybillError) this.say('error', t('station.scanInvalid', { code: raw.trim() }));
      else this.say('error', errorText(e));
      return false;
    }
  }

  /** Sets the member code for the next entry; false (with a message) when it is not a valid one. */
  setMemberCode(raw: string): boolean {
    const code = parseMemberCode(raw);
    if (!code) {
      this.say('error', t('station.member.invalid', { code: raw.trim() }));
      return false;
    }
    this.memberCode = code;
    this.say('ok', t('station.member.attached', { code }));
    return true;
  }

  private takeMemberCode(): string | null {
    const code = this.memberCode;
    this.memberCode = null;
    return code;
  }

  setScanDefaults(material: string, outcome: Outcome): void {
    this.scanMaterial = material;
    this.scanOutcome = outcome;
    localStorage.setItem(cacheKey('scanMaterial'), material);
    localStorage.setItem(cacheKey('scanOutcome'), outcome);
  }

  toggleSenior(): void {
    this.senior = !this.senior;
    localStorage.setItem(cacheKey('senior'), this.senior ? '1' : '0');
  }

  syncNow(): void {
    void this.queue?.syncNow();
    void this.refreshServer();
  }

  /** Today's entries, newest first: the server's rows merged with what only the device has. */
  todayRows(): TodayRow[] {
    return mergeToday(this.serverDropOffs, this.local, this.today, (iso) => chinaToday(new Date(iso)));
  }

  /** Undo the newest entry of this device (with or without a network: see voidRow). */
  async undoLast(): Promise<void> {
    const last = [...this.local]
      .reverse()
      .find((e) => e.state !== 'rejected' && !e.voidedAt && chinaToday(new Date(e.occurredAt)) === this.today);
    if (!last || !this.queue) {
      this.say('warn', t('station.nothingToUndo'));
      return;
    }
    await this.voidRow(
      {
        key: last.key,
        localId: last.id,
        dropOffId: last.dropOffId,
        materialCode: last.materialCode,
        outcome: last.outcome,
        quantity: last.quantity,
        occurredAt: last.occurredAt,
        state: last.state,
      },
      t('station.undoReason'),
      true,
    );
  }

  /**
   * Voids an entry, offline too: one only on the device is taken off it; otherwise the void is
   * queued with its own key (it leaves the totals at once) and sent now if the network allows,
   * else when it comes back and someone is signed in. True unless there was nothing to void.
   */
  async voidRow(row: TodayRow, reason: string, undo = false): Promise<boolean> {
    if (!this.queue) return false;
    const what = { n: row.quantity, material: this.materialName(row.materialCode) };
    const r = await this.queue.requestVoid({ stationCode: this.code, ...row }, reason);
    if (r === 'none') {
      this.say('warn', t('station.nothingToUndo'));
      return false;
    }
    if (r === 'discarded') {
      this.say('ok', undo ? t('station.undone', what) : t('station.removed'));
      return true;
    }
    this.onQueueChange(true, true);
    await this.queue.syncNow();
    const entry = (await this.queue.entries(this.code)).find((e) => e.key === row.key);
    if (entry?.voidState === 'sent') {
      this.say('ok', t('station.voided', what));
      await this.refreshServer();
    } else if (entry?.voidState === 'rejected') {
      this.say('error', t('station.voidRefused', { reason: entry.voidError ?? '' }));
    } else {
      this.say('ok', t('station.voidQueued', what));
    }
    this.onQueueChange(true, true);
    return true;
  }

  /** Bin full, open, close: online only (the status is the station's, not this device's). */
  async setStatus(status: 'OPEN' | 'FULL' | 'CLOSED'): Promise<void> {
    try {
      await setStationStatus(this.code, status);
      this.say('ok', t('station.statusSet', { status: t(`status.${status}`) }));
      await this.refreshServer();
    } catch (e) {
      this.say('error', e instanceof ApiError && e.kind === 'unreachable' ? t('station.needsNetwork') : errorText(e));
    }
  }

  /** The recycler emptied the bin: records the kg; the gauge starts again from zero. */
  async pickup(kg: number): Promise<boolean> {
    if (!(kg > 0 && kg <= 5000)) {
      this.say('error', t('station.pickupBadKg'));
      return false;
    }
    try {
      const r = await recordPickup(this.code, kg);
      this.say('ok', t('station.pickupDone', { kg, n: r.itemsCleared }));
      await this.refreshServer();
      return true;
    } catch (e) {
      this.say('error', e instanceof ApiError && e.kind === 'unreachable' ? t('station.needsNetwork') : errorText(e));
      return false;
    }
  }

  async dismissRejected(id: string): Promise<void> {
    await this.queue?.discard(id);
  }

  async retryRejected(id: string): Promise<void> {
    await this.queue?.retryRejected(id);
  }
}

/** The counter's state, for the components under Counter.svelte (which provides it). */
export const [stationState, provideStationState] = createContext<StationState>();
