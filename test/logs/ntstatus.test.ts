import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  isPending, ntstatusHex, ntstatusName, ntstatusValue, UNMAPPED_WINSOCK_ERROR, winsockErrorOf,
} from '../../analyzer/logs/ntstatus';
import { WSA_ERRORS } from '../../analyzer/model/winsockErrors';

test('the notes §1.5 statuses by value and by name', () => {
  const notes: Array<[string, number]> = [
    ['STATUS_SUCCESS', 0x00000000], ['STATUS_PENDING', 0x00000103], ['STATUS_DEVICE_NOT_READY', 0xc00000a3],
    ['STATUS_IO_TIMEOUT', 0xc00000b5], ['STATUS_CANCELLED', 0xc0000120], ['STATUS_LOCAL_DISCONNECT', 0xc000013b],
    ['STATUS_REMOTE_DISCONNECT', 0xc000013c], ['STATUS_INVALID_CONNECTION', 0xc0000140],
    ['STATUS_ADDRESS_ALREADY_EXISTS', 0xc000020a], ['STATUS_CONNECTION_DISCONNECTED', 0xc000020c],
    ['STATUS_CONNECTION_RESET', 0xc000020d], ['STATUS_CONNECTION_REFUSED', 0xc0000236],
    ['STATUS_GRACEFUL_DISCONNECT', 0xc0000237], ['STATUS_NETWORK_UNREACHABLE', 0xc000023c],
    ['STATUS_HOST_UNREACHABLE', 0xc000023d], ['STATUS_CONNECTION_ABORTED', 0xc0000241],
  ];
  for (const [name, value] of notes) {
    assert.equal(ntstatusName(value), name);
    assert.equal(ntstatusValue(name), value);
  }
  assert.equal(ntstatusName(-1073741258), 'STATUS_CONNECTION_REFUSED');
  assert.equal(ntstatusValue('status_io_timeout'), 0xc00000b5);
  assert.equal(ntstatusName(0xc0001234), undefined);
});

test('the notes §1.5 Winsock errors', () => {
  assert.equal(winsockErrorOf(0xc00000a3), WSA_ERRORS.WSAEWOULDBLOCK);
  assert.equal(winsockErrorOf(0xc00000b5), WSA_ERRORS.WSAETIMEDOUT);
  assert.equal(winsockErrorOf(0xc000020a), WSA_ERRORS.WSAEADDRINUSE);
  assert.equal(winsockErrorOf(0xc000020d), WSA_ERRORS.WSAECONNRESET);
  assert.equal(winsockErrorOf(0xc0000236), WSA_ERRORS.WSAECONNREFUSED);
  assert.equal(winsockErrorOf(0xc000023c), 10051);
  assert.equal(winsockErrorOf(0xc000023d), 10065);
  assert.equal(winsockErrorOf(0xc0000241), WSA_ERRORS.WSAECONNABORTED);
  assert.equal(winsockErrorOf(0xc000013b), WSA_ERRORS.WSAECONNABORTED);
  assert.equal(winsockErrorOf(0xc000013c), WSA_ERRORS.WSAECONNRESET);
  assert.equal(winsockErrorOf(0xc0000120), 995);
  assert.equal(winsockErrorOf(0xc0000237), 10101);
});

test('success, pending and unknown failures', () => {
  assert.equal(winsockErrorOf(0), 0);
  assert.equal(winsockErrorOf(0x103), 0);
  assert.ok(isPending(0x103));
  assert.ok(!isPending(0));
  assert.equal(winsockErrorOf(-1073741258), WSA_ERRORS.WSAECONNREFUSED);
  assert.equal(winsockErrorOf(0xc0001234), UNMAPPED_WINSOCK_ERROR);
  assert.equal(ntstatusHex(0xc0000236), '0xC0000236');
  assert.equal(ntstatusHex(0x103), '0x00000103');
});
