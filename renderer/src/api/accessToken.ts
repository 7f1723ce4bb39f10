/**
 * The loopback host's access token, as the page holds it. `mammoseg serve` prints
 * `http://127.0.0.1:PORT/?token=…`; the page takes the token from its address once, keeps it in
 * sessionStorage (this origin only, port included, and this tab only) and removes it from the
 * address bar and history. It is sent only as a header (rpcRequest.ts): never a cookie, which a
 * browser would also send to, and let be read by, any other server on 127.0.0.1.
 */
const STORAGE_KEY = 'mammoseg.accessToken';

export interface TokenPlace {
  location: Pick<Location, 'href'>;
  history: Pick<History, 'replaceState' | 'state'>;
  storage: Pick<Storage, 'getItem' | 'setItem'>;
}

export function takeAccessToken(place: TokenPlace): string | null {
  const url = new URL(place.location.href);
  const given = url.searchParams.get('token');
  if (given) {
    place.storage.setItem(STORAGE_KEY, given);
    url.searchParams.delete('token');
    place.history.replaceState(place.history.state, '', url.pathname + url.search + url.hash);
    return given;
  }
  return place.storage.getItem(STORAGE_KEY);
}
