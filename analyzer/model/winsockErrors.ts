/**
 * Winsock error codes (winerror.h / winsock2.h WSABASEERR + n) by name, and back. Only the
 * codes the event model, the seeds and the logs we read can produce.
 */
export const WSA_ERRORS: Readonly<Record<string, number>> = {
  WSAEINTR: 10004,
  WSAEBADF: 10009,
  WSAEACCES: 10013,
  WSAEFAULT: 10014,
  WSAEINVAL: 10022,
  WSAEMFILE: 10024,
  WSAEWOULDBLOCK: 10035,
  WSAEINPROGRESS: 10036,
  WSAEALREADY: 10037,
  WSAENOTSOCK: 10038,
  WSAEDESTADDRREQ: 10039,
  WSAEMSGSIZE: 10040,
  WSAEPROTOTYPE: 10041,
  WSAENOPROTOOPT: 10042,
  WSAEPROTONOSUPPORT: 10043,
  WSAESOCKTNOSUPPORT: 10044,
  WSAEOPNOTSUPP: 10045,
  WSAEPFNOSUPPORT: 10046,
  WSAEAFNOSUPPORT: 10047,
  WSAEADDRINUSE: 10048,
  WSAEADDRNOTAVAIL: 10049,
  WSAENETDOWN: 10050,
  WSAENETUNREACH: 10051,
  WSAENETRESET: 10052,
  WSAECONNABORTED: 10053,
  WSAECONNRESET: 10054,
  WSAENOBUFS: 10055,
  WSAEISCONN: 10056,
  WSAENOTCONN: 10057,
  WSAESHUTDOWN: 10058,
  WSAETOOMANYREFS: 10059,
  WSAETIMEDOUT: 10060,
  WSAECONNREFUSED: 10061,
  WSAELOOP: 10062,
  WSAENAMETOOLONG: 10063,
  WSAEHOSTDOWN: 10064,
  WSAEHOSTUNREACH: 10065,
  WSANOTINITIALISED: 10093,
  WSATRY_AGAIN: 11002,
};

const BY_CODE = new Map<number, string>(Object.entries(WSA_ERRORS).map(([k, v]) => [v, k]));

export function isWsaError(name: string): boolean {
  return Object.prototype.hasOwnProperty.call(WSA_ERRORS, name);
}

/** The numeric code; 0 for 0 ("no error"). Throws on an unknown name: callers validate first. */
export function wsaCode(name: string | 0): number {
  if (name === 0) return 0;
  const c = WSA_ERRORS[name];
  if (c === undefined) throw new Error(`unknown Winsock error ${name}`);
  return c;
}

/** The name of a code, or the number itself when it is not one we know. */
export function wsaName(code: number): string {
  return code === 0 ? '0' : BY_CODE.get(code) ?? String(code);
}
