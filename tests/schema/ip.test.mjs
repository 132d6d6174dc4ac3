// The JavaScript port of the Kubernetes CEL IP library against the behaviour it copies:
// the examples in k8s.io/apiserver/pkg/cel/library/ip.go and Go's net/netip parsing and String() rules.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isCIDR, isIP, parseIP } from './lib/ip.mjs';

test('isIP accepts what netip.ParseAddr accepts', () => {
  for (const s of [
    '127.0.0.1', '0.0.0.0', '255.255.255.255', '192.0.2.1',
    '::', '::1', '2001:db8::abcd', '2001:DB8::ABCD', '2001:db8:0:0:0:0:0:1', '1:2:3:4:5:6:7:8',
    '2001:0db8:0000:0000:0000:0000:0000:0001', '::192.0.2.1', '2001:db8::192.0.2.1', '2001:db8:1:2:3:4:5::',
  ]) {
    assert.equal(isIP(s), true, s);
  }
});

test('isIP rejects what netip.ParseAddr or the library rejects', () => {
  for (const s of [
    '', '127.0.0.256', '1.2.3', '1.2.3.4.5', '01.2.3.4', '1.2.3.04', '1..2.3', '.1.2.3', '1.2.3.4.', '1.2.3.4:80',
    ' 1.2.3.4', '1.2.3.4 ', '192.0.2.0/24', 'localhost', '0x7f.0.0.1',
    ':::1', '1::2::3', '12345::1', '1:2:3:4:5:6:7:8:9', '1:2:3:4:5:6:7', '2001:db8::1:2:3:4:5:6', '2001:db8:', 'g::1',
    '1:2:3:4:5:6:1.2.3.4.5', '1:2:3:4:5:1.2.3.4', '::1.2.3',
    // The library on top of netip: no zones, no IPv4-mapped IPv6 (whatever the spelling).
    'fe80::1%eth0', 'fe80::1%', '%eth0', '::ffff:1.2.3.4', '::ffff:c000:201', '::FFFF:192.0.2.1',
  ]) {
    assert.equal(isIP(s), false, JSON.stringify(s));
  }
});

test('family() is 4 or 6', () => {
  assert.equal(parseIP('127.0.0.1').family(), 4);
  assert.equal(parseIP('::1').family(), 6);
  assert.equal(parseIP('::192.0.2.1').family(), 6, 'IPv4-compatible (not mapped) is IPv6');
});

test('string(ip) is netip.Addr.String(): RFC 5952 for IPv6', () => {
  const cases = {
    '192.0.2.1': '192.0.2.1',
    '2001:DB8::ABCD': '2001:db8::abcd',
    '2001:db8:0:0:0:0:0:1': '2001:db8::1',
    '2001:0db8:0000:0000:0001:0000:0000:0001': '2001:db8::1:0:0:1', // the first of equal zero runs
    '2001:db8:0:0:1:0:0:0': '2001:db8:0:0:1::', // the longest zero run
    '2001:db8:1:2:3:4:5:0': '2001:db8:1:2:3:4:5:0', // one zero group stays
    '::': '::',
    '0:0:0:0:0:0:0:1': '::1',
    '1:0:0:0:0:0:0:0': '1::',
    '::192.0.2.1': '::c000:201',
  };
  for (const [input, canonical] of Object.entries(cases)) assert.equal(parseIP(input).toString(), canonical, input);
});

test('ip() of an invalid address throws, as the library returns an error', () => {
  assert.throws(() => parseIP('127.0.0.256'), /parse/i);
  assert.throws(() => parseIP('fe80::1%eth0'), /zone/);
  assert.throws(() => parseIP('::ffff:1.2.3.4'), /IPv4-mapped/);
});

test('isGlobalUnicast() is netip.Addr.IsGlobalUnicast', () => {
  const cases = {
    '192.0.2.1': true, '198.18.0.1': true, '203.0.113.255': true, '2001:db8::10': true, '240.0.0.1': true,
    '0.0.0.0': false, '127.0.0.1': false, '127.255.0.9': false, '224.0.0.1': false, '239.1.2.3': false,
    '255.255.255.255': false, '169.254.1.1': false,
    '::': false, '::1': false, 'ff02::1': false, 'ff0e::1': false, 'fe80::1': false, 'febf::1': false, 'fec0::1': true,
  };
  for (const [input, global] of Object.entries(cases)) assert.equal(parseIP(input).isGlobalUnicast(), global, input);
});

// kube-apiserver v1.36.2's verdicts on AddressPool entries (isCIDR in the CRD's rule), asked with a dry-run create.
test('isCIDR agrees with the API server', () => {
  for (const ok of ['192.0.2.0/24', '192.0.2.1/24', '2001:db8::/64', '0.0.0.0/0', '192.0.2.7/32']) assert.equal(isCIDR(ok), true, ok);
  for (const bad of ['192.0.2.1', '::ffff:192.0.2.0/120', '192.0.2.0/024', '192.0.2.0/33', '010.0.2.0/24', 'fe80::1%eth0/64', '192.0.2.0/+8', '192.0.2.0/'])
    assert.equal(isCIDR(bad), false, bad);
});
