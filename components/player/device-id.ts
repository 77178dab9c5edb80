const KEY = 'mist-device-id';
const VALID = /^[A-Za-z0-9_-]{8,64}$/;
let fallback: string | undefined;

const randomId = () => Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');

/**
 * This player's id, sent when it starts a listening session: the server lets a new session
 * supersede the same player's previous one, and no other. One per browser tab, kept in
 * sessionStorage so that a reload keeps it: a second tab is another player, so opening one
 * (which restores the last track, paused) never stops the first tab's track from counting.
 * crypto.getRandomValues, not randomUUID: MIST may be served over plain http on a LAN.
 */
export function playerDeviceId(): string {
  try {
    const kept = sessionStorage.getItem(KEY);
    if (kept && VALID.test(kept)) return kept;
    const id = randomId();
    sessionStorage.setItem(KEY, id);
    return id;
  } catch {
    return (fallback ??= randomId()); // storage refused (privacy settings): one id for this page
  }
}

/** Starts a listening session for a track on this player. */
export const startSession = (trackId: string) =>
  fetch('/api/listening/sessions', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ trackId, deviceId: playerDeviceId() }) });
