import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  decodeAddress, decodeBoolean, decodeEndpoint, decodeNtStatus, decodeNumber, parseInteger, pointerId,
} from '../../analyzer/logs/values';

test('pointers become lower-case 0x ids', () => {
  assert.equal(pointerId('0xFFFFE189BD811AA0'), '0xffffe189bd811aa0');
  assert.equal(pointerId('0xFFFFE189BD811AA0 (local=1.2.3.4:5 remote=6.7.8.9:10)'), '0xffffe189bd811aa0');
  assert.equal(pointerId('FFFFE189BD811AA0'), '0xffffe189bd811aa0');
  assert.equal(pointerId('Endpoint'), null);
  assert.equal(pointerId(undefined), null);
});

test('numbers: decimal, hex, N (0xN), N(Name), negative', () => {
  assert.deepEqual(decodeNumber('1460'), { value: 1460 });
  assert.deepEqual(decodeNumber('0x1F'), { value: 31 });
  assert.deepEqual(decodeNumber('5 (0x5)'), { value: 5 });
  assert.deepEqual(decodeNumber('4(EstablishedState)'), { value: 4, name: 'EstablishedState' });
  assert.deepEqual(decodeNumber('9(Inspection drop)'), { value: 9, name: 'Inspection drop' });
  assert.deepEqual(decodeNumber('0(FALSE)'), { value: 0, name: 'FALSE' });
  assert.deepEqual(decodeNumber('-1073741258'), { value: -1073741258 });
  assert.equal(decodeNumber('abc'), null);
  assert.equal(parseInteger('18446744073709551615'), null);
  assert.equal(parseInteger('0xFFFFFFFF'), 4294967295);
});

test('booleans', () => {
  assert.equal(decodeBoolean('0(FALSE)'), false);
  assert.equal(decodeBoolean('1(TRUE)'), true);
  assert.equal(decodeBoolean('TRUE'), true);
  assert.equal(decodeBoolean('0'), false);
  assert.equal(decodeBoolean('maybe'), null);
});

test('NTSTATUS in hex, unsigned and signed decimal, by name', () => {
  assert.equal(decodeNtStatus('0xC0000236'), 0xc0000236);
  assert.equal(decodeNtStatus('3221226038'), 0xc0000236);
  assert.equal(decodeNtStatus('-1073741258'), 0xc0000236);
  assert.equal(decodeNtStatus('STATUS_CONNECTION_REFUSED'), 0xc0000236);
  assert.equal(decodeNtStatus('0xC0000236(STATUS_CONNECTION_REFUSED)'), 0xc0000236);
  assert.equal(decodeNtStatus('0'), 0);
  assert.equal(decodeNtStatus('259'), 0x103);
  assert.equal(decodeNtStatus('STATUS_NO_SUCH_THING'), null);
  assert.equal(decodeNtStatus('4294967296'), null);
});

test('endpoints: IPv4, bracketed and unbracketed IPv6, scope ids, trailing punctuation', () => {
  assert.equal(decodeEndpoint('192.168.5.68:55330'), '192.168.5.68:55330');
  assert.equal(decodeEndpoint('6.6.0.27:443).'), '6.6.0.27:443');
  assert.equal(decodeEndpoint('[fe80::1]:80'), '[fe80::1]:80');
  assert.equal(decodeEndpoint('fe80::1:80'), '[fe80::1]:80');
  assert.equal(decodeEndpoint('FE80:0:0:0:0:0:0:1:443'), '[fe80::1]:443');
  assert.equal(decodeEndpoint('fe80::1%12:8080'), '[fe80::1]:8080');
  assert.equal(decodeEndpoint(':::80'), '[::]:80');
  assert.equal(decodeEndpoint('10.0.0.5:443, Seq 7010'), '10.0.0.5:443');
  assert.equal(decodeEndpoint('10.0.0.5'), null);
  assert.equal(decodeEndpoint('10.0.0.5:70000'), null);
  assert.equal(decodeEndpoint('0xFFFF:12'), null);
  assert.equal(decodeAddress('fd41:e387:fae0:f434::5'), 'fd41:e387:fae0:f434::5');
  assert.equal(decodeAddress('192.168.5.88.'), '192.168.5.88');
});
