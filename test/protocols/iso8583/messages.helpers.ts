/** Shared test messages: a CUP sign-on, chip sale and reversal as a terminal/host send them. */
import type { IsoMessage } from '../../../src/protocols/iso8583';
import { tlvFromMap } from '../../../src/protocols/tlv';

export const TPDU = Buffer.from('6000060000', 'hex');
export const TPDU_REPLY = Buffer.from('6000000006', 'hex');
export const HEADER = Buffer.from('603100311003', 'hex');

export const ICC = tlvFromMap({
  '9F26': '1122334455667788',
  '9F27': '80',
  '9F10': '07010103A0A802010A010000000000',
  '9F37': 'A1B2C3D4',
  '9F36': '0012',
  '95': '0000000000',
  '9A': '261126',
  '9C': '00',
  '9F02': '000000001000',
  '5F2A': '0156',
  '82': '7C00',
  '9F1A': '0156',
  '5A': '6210947000000021',
  '57': '6210947000000021D30122201234F',
});

export function signOn(): IsoMessage {
  return { mti: '0800', tpdu: TPDU, header: HEADER, fields: { 11: '000001', 41: 'TERM0001', 42: '898100012340003', 60: '00000001003', 63: '001' } };
}

export function signOnReply(): IsoMessage {
  return {
    mti: '0810',
    tpdu: TPDU_REPLY,
    header: HEADER,
    fields: {
      11: '000001',
      12: '101530',
      13: '1126',
      32: '00001000',
      37: '000000000001',
      39: '00',
      41: 'TERM0001',
      42: '898100012340003',
      60: '00000002003',
      62: Buffer.from('0123456789ABCDEFFEDCBA98765432100011223344556677', 'hex'),
    },
  };
}

export function sale(): IsoMessage {
  return {
    mti: '0200',
    tpdu: TPDU,
    header: HEADER,
    fields: {
      2: '6210947000000021',
      3: '000000',
      4: '000000001000',
      11: '000123',
      14: '3012',
      22: '071',
      23: '001',
      25: '00',
      26: '12',
      35: '6210947000000021D30122201234',
      41: 'TERM0001',
      42: '898100012340003',
      49: '156',
      52: Buffer.from('0123456789ABCDEF', 'hex'),
      53: '2600000000000000',
      55: ICC,
      60: '22000001000501',
      64: Buffer.alloc(8),
    },
  };
}

export function saleReply(): IsoMessage {
  return {
    mti: '0210',
    tpdu: TPDU_REPLY,
    header: HEADER,
    fields: {
      2: '6210947000000021',
      3: '000000',
      4: '000000001000',
      11: '000123',
      12: '101531',
      13: '1126',
      14: '3012',
      25: '00',
      32: '00001000',
      37: '612345678901',
      38: 'A12345',
      39: '00',
      41: 'TERM0001',
      42: '898100012340003',
      49: '156',
      55: Buffer.from('910A1122334455667788303012', 'hex'),
      60: '22000001000',
      64: Buffer.alloc(8),
    },
  };
}

export function reversal(): IsoMessage {
  return {
    mti: '0400',
    tpdu: TPDU,
    header: HEADER,
    fields: {
      2: '6210947000000021',
      3: '000000',
      4: '000000001000',
      11: '000123',
      14: '3012',
      22: '071',
      23: '001',
      25: '00',
      38: 'A12345',
      39: '98',
      41: 'TERM0001',
      42: '898100012340003',
      49: '156',
      55: ICC,
      60: '22000001000',
      61: '000001000123',
      64: Buffer.alloc(8),
    },
  };
}

export function reversalReply(): IsoMessage {
  return {
    mti: '0410',
    tpdu: TPDU_REPLY,
    header: HEADER,
    fields: { 2: '6210947000000021', 3: '000000', 4: '000000001000', 11: '000123', 12: '101600', 13: '1126', 25: '00', 32: '00001000', 37: '612345678901', 39: '00', 41: 'TERM0001', 42: '898100012340003', 49: '156', 60: '22000001000', 64: Buffer.alloc(8) },
  };
}
